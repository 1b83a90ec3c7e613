import { describe, expect, it } from 'vitest'
import type { Graph, GraphNode } from '../core/ir/types.ts'
import { addOpNode, commitDrag, connectNodes, copySelection, deleteSelection, pasteClipboard } from './editor-commands.ts'
import { createEditorStore } from './editor-store.ts'

function n(id: string, op: string, attrs: GraphNode['attrs'], y: number): GraphNode {
  return { id, op, name: id, attrs, position: { x: 0, y } }
}

/** Input 8×8×1 → Conv2D (4 filters, same) and → MaxPool2D 2×2, plus an unconnected Add. */
const graph: Graph = {
  seed: 1,
  nodes: [
    n('in', 'Input', { shape: [8, 8, 1] }, 0),
    n('conv', 'Conv2D', { filters: 4 }, 140),
    n('pool', 'MaxPool2D', {}, 280),
    n('add', 'Add', {}, 420),
  ],
  edges: [
    { id: 'e1', source: 'in', target: 'conv', targetPort: 0 },
    { id: 'e2', source: 'conv', target: 'pool', targetPort: 0 },
  ],
}

function storeWith(g: Graph) {
  const store = createEditorStore()
  store.getState().loadDoc({ name: 't', library: 'cmsis-nn', targets: [], graph: g })
  return store
}

describe('connectNodes', () => {
  it('adds an accepted wire as one undo entry', () => {
    const store = storeWith(graph)
    const verdict = connectNodes(store, 'conv', 'add', 0)
    expect(verdict.ok).toBe(true)
    expect(store.getState().doc.graph.edges.map((e) => [e.source, e.target, e.targetPort])).toContainEqual(['conv', 'add', 0])
    expect(store.getState().past.map((e) => e.label)).toEqual(['Connect'])
  })

  it('refuses a shape mismatch with the reason as a notice and changes nothing', () => {
    const store = storeWith(graph)
    connectNodes(store, 'conv', 'add', 0)
    const before = store.getState().doc.graph
    const verdict = connectNodes(store, 'pool', 'add', 1)
    expect(verdict).toEqual({ ok: false, reason: 'Add needs two inputs of the same shape; got 1×8×8×4 and 1×4×4×4' })
    expect(store.getState().notice).toMatchObject({
      kind: 'refusal', text: 'Cannot connect: Add needs two inputs of the same shape; got 1×8×8×4 and 1×4×4×4',
    })
    expect(store.getState().doc.graph).toBe(before)
    expect(store.getState().past).toHaveLength(1)
  })

  it('refuses a cycle', () => {
    const store = storeWith(graph)
    expect(connectNodes(store, 'pool', 'in', 0)).toEqual({ ok: false, reason: 'this connection would create a cycle' })
  })
})

describe('drag, copy/paste and delete', () => {
  it('commits a multi-node drag as one undo entry', () => {
    const store = storeWith(graph)
    const s = () => store.getState()
    s().setDragPositions({ conv: { x: 30, y: 150 } })
    s().setDragPositions({ conv: { x: 40, y: 160 }, pool: { x: 40, y: 300 } })
    expect(s().doc.graph.nodes[1].position).toEqual({ x: 0, y: 140 })
    commitDrag(store, { conv: { x: 48, y: 160 } })
    expect(s().dragPositions).toEqual({})
    expect(s().doc.graph.nodes.map((x) => x.position)).toEqual([
      { x: 0, y: 0 }, { x: 48, y: 160 }, { x: 40, y: 300 }, { x: 0, y: 420 },
    ])
    expect(s().past).toHaveLength(1)
    s().undo()
    expect(s().doc.graph).toEqual(graph)
  })

  it('pastes copies to the right of the group, keeping internal wires, selecting the copies', () => {
    const store = storeWith(graph)
    const s = () => store.getState()
    s().select(['conv', 'pool'])
    expect(copySelection(store)).toBe(true)
    expect(pasteClipboard(store)).toEqual(['conv2d_1', 'maxpool2d_1'])
    expect(pasteClipboard(store)).toEqual(['conv2d_2', 'maxpool2d_2'])
    const g = s().doc.graph
    expect(g.nodes.slice(4).map((x) => x.position)).toEqual([
      { x: 260, y: 140 }, { x: 260, y: 280 }, { x: 520, y: 140 }, { x: 520, y: 280 },
    ])
    expect(g.edges.slice(2).map((e) => [e.source, e.target])).toEqual([['conv2d_1', 'maxpool2d_1'], ['conv2d_2', 'maxpool2d_2']])
    expect(s().selectedNodes).toEqual(['conv2d_2', 'maxpool2d_2'])
    expect(s().past.map((e) => e.label)).toEqual(['Paste', 'Paste'])
  })

  it('deletes the selection (nodes and wires) as one entry', () => {
    const store = storeWith(graph)
    const s = () => store.getState()
    s().select(['add'], ['e2'])
    deleteSelection(store)
    expect(s().doc.graph.nodes.map((x) => x.id)).toEqual(['in', 'conv', 'pool'])
    expect(s().doc.graph.edges.map((e) => e.id)).toEqual(['e1'])
    expect(s().selectedNodes).toEqual([])
    s().undo()
    expect(s().doc.graph).toEqual(graph)
  })

  it('adds a palette operator and selects it; unknown operators add nothing', () => {
    const store = storeWith(graph)
    expect(addOpNode(store, 'Softmax', { x: 100, y: 100 })).toBe('softmax_1')
    expect(store.getState().selectedNodes).toEqual(['softmax_1'])
    expect(addOpNode(store, 'NoSuchOp', { x: 0, y: 0 })).toBeUndefined()
    expect(store.getState().past).toHaveLength(1)
  })
})
