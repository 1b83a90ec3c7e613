import { describe, expect, it } from 'vitest'
import { applyChanges } from '../core/ir/changes.ts'
import type { Graph, GraphNode } from '../core/ir/types.ts'
import { getOp } from '../core/ops/registry.ts'
import { addNodeChanges, copySubgraph, deleteChanges, moveChanges, pasteChanges, setAttrChanges } from './graph-edits.ts'

function n(id: string, op: string, x: number, y: number): GraphNode {
  return { id, op, name: id, attrs: {}, position: { x, y } }
}

const chain: Graph = {
  seed: 1,
  nodes: [n('in', 'Input', 0, 0), n('c', 'Conv2D', 0, 140), n('p', 'MaxPool2D', 0, 280)],
  edges: [
    { id: 'e1', source: 'in', target: 'c', targetPort: 0 },
    { id: 'e2', source: 'c', target: 'p', targetPort: 0 },
  ],
}

describe('addNodeChanges', () => {
  it('adds a node with default attributes, a fresh id and name, at a whole-pixel position', () => {
    const def = getOp('Conv2D')!
    const { changes, nodeId } = addNodeChanges(chain, def, { x: 10.4, y: 20.6 })
    expect(nodeId).toBe('conv2d_1')
    const defaults = Object.fromEntries(Object.entries(def.attrs).map(([key, spec]) => [key, spec.default]))
    expect(defaults).toMatchObject({ filters: 8, kernelH: 3, kernelW: 3, padding: 'same', useBias: true })
    expect(changes).toEqual([{ type: 'addNode', node: {
      id: 'conv2d_1', op: 'Conv2D', name: 'conv2d_1', position: { x: 10, y: 21 }, attrs: defaults,
    } }])
    const again = addNodeChanges(applyChanges(chain, changes).graph, def, { x: 0, y: 0 })
    expect(again.nodeId).toBe('conv2d_2')
  })
})

describe('deleteChanges', () => {
  it('removes selected edges, then nodes with their own edges; one inverse restores all', () => {
    const changes = deleteChanges(chain, ['p'], ['e1', 'e2'])
    expect(changes).toEqual([{ type: 'removeEdge', id: 'e1' }, { type: 'removeNode', id: 'p' }])
    const r = applyChanges(chain, changes)
    expect(r.graph.nodes.map((x) => x.id)).toEqual(['in', 'c'])
    expect(r.graph.edges).toEqual([])
    expect(applyChanges(r.graph, r.inverse).graph).toEqual(chain)
  })
})

describe('copy and paste', () => {
  it('keeps edges between copied nodes, gives fresh ids and names, and offsets positions', () => {
    const clip = copySubgraph(chain, ['c', 'p'])
    expect(clip.edges.map((e) => e.id)).toEqual(['e2'])
    const { changes, nodeIds } = pasteChanges(chain, clip, { x: 260, y: 0 })
    expect(nodeIds).toEqual(['conv2d_1', 'maxpool2d_1'])
    const g = applyChanges(chain, changes).graph
    expect(g.nodes.slice(3).map((x) => [x.id, x.name, x.position])).toEqual([
      ['conv2d_1', 'conv2d_1', { x: 260, y: 140 }],
      ['maxpool2d_1', 'maxpool2d_1', { x: 260, y: 280 }],
    ])
    expect(g.edges.slice(2)).toEqual([{ id: 'e3', source: 'conv2d_1', target: 'maxpool2d_1', targetPort: 0 }])
  })
})

describe('moveChanges and setAttrChanges', () => {
  it('only lists nodes that really moved, rounded to whole pixels', () => {
    expect(moveChanges(chain, { in: { x: 0.2, y: -0.3 }, c: { x: 5.5, y: 140 } })).toEqual([
      { type: 'updateNode', id: 'c', set: { position: { x: 6, y: 140 } } },
    ])
  })
  it('sets one attribute and skips unchanged values', () => {
    const conv = { ...chain.nodes[1], attrs: { filters: 8, padding: 'same' } }
    expect(setAttrChanges(conv, 'filters', 8)).toEqual([])
    expect(setAttrChanges(conv, 'filters', 16)).toEqual([
      { type: 'updateNode', id: 'c', set: { attrs: { filters: 16, padding: 'same' } } },
    ])
  })
})
