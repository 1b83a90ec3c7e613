import { describe, expect, it } from 'vitest'
import { applyChanges } from '../ir/changes.ts'
import type { Edge, Graph, GraphNode } from '../ir/types.ts'
import { NODE_GAP, NODE_HEIGHT, NODE_WIDTH, RANK_GAP, autoLayout } from './auto-layout.ts'

const node = (id: string, op = 'ReLU', x = 0, y = 0): GraphNode => ({ id, op, name: id, attrs: {}, position: { x, y } })
const edge = (id: string, source: string, target: string, targetPort = 0): Edge => ({ id, source, target, targetPort })

function positions(graph: Graph): Record<string, [number, number]> {
  const laid = applyChanges(graph, autoLayout(graph)).graph
  return Object.fromEntries(laid.nodes.map((n) => [n.id, [n.position.x, n.position.y]]))
}

describe('autoLayout', () => {
  it('stacks a chain top to bottom, one rank per node', () => {
    const graph: Graph = { seed: 1, nodes: [node('a'), node('b'), node('c')], edges: [edge('e1', 'a', 'b'), edge('e2', 'b', 'c')] }
    const step = NODE_HEIGHT + RANK_GAP
    expect(positions(graph)).toEqual({ a: [0, 0], b: [0, step], c: [0, 2 * step] })
    expect(step).toBe(140)
  })

  it('puts parallel branches side by side and centres the join', () => {
    const graph: Graph = {
      seed: 1,
      nodes: [node('in', 'Input'), node('left'), node('right'), node('sum', 'Add')],
      edges: [edge('e1', 'in', 'left'), edge('e2', 'in', 'right'), edge('e3', 'left', 'sum', 0), edge('e4', 'right', 'sum', 1)],
    }
    const half = (NODE_WIDTH + NODE_GAP) / 2
    expect(positions(graph)).toEqual({ in: [half, 0], left: [0, 140], right: [2 * half, 140], sum: [half, 280] })
    expect(half).toBe(130)
  })

  it('orders producers by the input port they feed', () => {
    const graph: Graph = {
      seed: 1,
      nodes: [node('in', 'Input'), node('left'), node('right'), node('cat', 'Concat')],
      edges: [edge('e1', 'in', 'left'), edge('e2', 'in', 'right'), edge('e3', 'right', 'cat', 0), edge('e4', 'left', 'cat', 1),
        edge('e5', 'ghost', 'cat', 2)],
    }
    const p = positions(graph)
    expect(p.right[0]).toBeLessThan(p.left[0])
  })

  it('lays out disconnected nodes and double edges between the same pair', () => {
    const graph: Graph = {
      seed: 1,
      nodes: [node('x'), node('sq', 'Add'), node('lonely')],
      edges: [edge('e1', 'x', 'sq', 0), edge('e2', 'x', 'sq', 1)],
    }
    const p = positions(graph)
    expect(p.sq[1] - p.x[1]).toBe(140)
    expect(p.lonely[1]).toBe(0)
    expect(Math.abs(p.lonely[0] - p.x[0])).toBeGreaterThanOrEqual(NODE_WIDTH + NODE_GAP)
  })

  it('is deterministic, only moves nodes that need it, and undoes through the inverse', () => {
    const graph: Graph = {
      seed: 1,
      nodes: [node('a', 'Input', 500, -20), node('b', 'ReLU', 0, 140), node('c', 'ReLU', 3, 3)],
      edges: [edge('e1', 'a', 'b'), edge('e2', 'b', 'c')],
    }
    const changes = autoLayout(graph)
    expect(autoLayout(graph)).toEqual(changes)
    expect(changes).toEqual([
      { type: 'updateNode', id: 'a', set: { position: { x: 0, y: 0 } } },
      { type: 'updateNode', id: 'c', set: { position: { x: 0, y: 280 } } },
    ])
    const { graph: laid, inverse } = applyChanges(graph, changes)
    expect(autoLayout(laid)).toEqual([])
    expect(applyChanges(laid, inverse).graph).toEqual(graph)
  })

  it('tolerates an empty graph, a cycle and an edge to a missing node', () => {
    expect(autoLayout({ seed: 1, nodes: [], edges: [] })).toEqual([])
    const cyclic: Graph = {
      seed: 1, nodes: [node('a'), node('b')], edges: [edge('e1', 'a', 'b'), edge('e2', 'b', 'a'), edge('e3', 'a', 'ghost')],
    }
    const p = positions(cyclic)
    expect(Object.keys(p)).toEqual(['a', 'b'])
    expect(p.a).not.toEqual(p.b)
  })
})
