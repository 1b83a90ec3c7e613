import { describe, expect, it } from 'vitest'
import { applyChanges, GraphChangeError, type GraphChange } from './changes.ts'
import type { Graph, GraphNode } from './types.ts'

const node = (id: string, x = 0): GraphNode => ({ id, op: 'ReLU', name: id, attrs: {}, position: { x, y: 0 } })

const base: Graph = {
  seed: 7,
  nodes: [node('a'), node('b', 10), node('c', 20)],
  edges: [
    { id: 'e1', source: 'a', target: 'b', targetPort: 0 },
    { id: 'e2', source: 'b', target: 'c', targetPort: 0 },
    { id: 'e3', source: 'a', target: 'c', targetPort: 1 },
  ],
}

function roundTrip(graph: Graph, changes: GraphChange[]) {
  const forward = applyChanges(graph, changes)
  const back = applyChanges(forward.graph, forward.inverse)
  return { forward, back }
}

describe('applyChanges', () => {
  it('adds a node at an index and undoes it', () => {
    const { forward, back } = roundTrip(base, [{ type: 'addNode', node: node('d'), index: 1 }])
    expect(forward.graph.nodes.map((n) => n.id)).toEqual(['a', 'd', 'b', 'c'])
    expect(forward.inverse).toEqual([{ type: 'removeNode', id: 'd' }])
    expect(back.graph).toEqual(base)
  })

  it('removes a node with its edges and restores both in their original places', () => {
    const { forward, back } = roundTrip(base, [{ type: 'removeNode', id: 'b' }])
    expect(forward.graph.nodes.map((n) => n.id)).toEqual(['a', 'c'])
    expect(forward.graph.edges.map((e) => e.id)).toEqual(['e3'])
    expect(back.graph).toEqual(base)
  })

  it('updates fields whole and clears a field set to undefined', () => {
    const withWeights: Graph = {
      ...base,
      nodes: [{ ...node('a'), weights: { bias: { dtype: 'float32', shape: [1], data: new Float32Array([2]), origin: 'seeded' } } }],
      edges: [],
    }
    const { forward, back } = roundTrip(withWeights, [
      { type: 'updateNode', id: 'a', set: { attrs: { filters: 4 }, position: { x: 5, y: 6 }, weights: undefined } },
    ])
    const a = forward.graph.nodes[0]
    expect(a.attrs).toEqual({ filters: 4 })
    expect(a.position).toEqual({ x: 5, y: 6 })
    expect('weights' in a).toBe(false)
    expect(back.graph).toEqual(withWeights)
  })

  it('undoes a batch in reverse order (remove edge, remove node, add node, connect)', () => {
    const changes: GraphChange[] = [
      { type: 'removeEdge', id: 'e2' },
      { type: 'removeNode', id: 'c' },
      { type: 'addNode', node: node('z', 99) },
      { type: 'addEdge', edge: { id: 'e9', source: 'b', target: 'z', targetPort: 0 } },
      { type: 'setSeed', seed: 42 },
    ]
    const { forward, back } = roundTrip(base, changes)
    expect(forward.graph.nodes.map((n) => n.id)).toEqual(['a', 'b', 'z'])
    expect(forward.graph.edges.map((e) => e.id)).toEqual(['e1', 'e9'])
    expect(forward.graph.seed).toBe(42)
    expect(back.graph).toEqual(base)
    // Redo = applying the inverse of the inverse.
    const redo = applyChanges(back.graph, applyChanges(forward.graph, forward.inverse).inverse)
    expect(redo.graph).toEqual(forward.graph)
  })

  it('never mutates its input', () => {
    const frozen = structuredClone(base)
    applyChanges(base, [{ type: 'removeNode', id: 'a' }, { type: 'updateNode', id: 'b', set: { name: 'x' } }])
    expect(base).toEqual(frozen)
  })

  it('throws on unknown ids and duplicates', () => {
    expect(() => applyChanges(base, [{ type: 'removeNode', id: 'nope' }])).toThrow(GraphChangeError)
    expect(() => applyChanges(base, [{ type: 'addNode', node: node('a') }])).toThrow("node id 'a' already exists")
    expect(() => applyChanges(base, [{ type: 'addEdge', edge: { id: 'e1', source: 'a', target: 'b', targetPort: 0 } }]))
      .toThrow("edge id 'e1' already exists")
    expect(() => applyChanges(base, [{ type: 'addEdge', edge: { id: 'e7', source: 'a', target: 'q', targetPort: 0 } }]))
      .toThrow("unknown node id 'q'")
  })
})
