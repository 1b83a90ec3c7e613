import { describe, expect, it } from 'vitest'
import type { GraphChange } from '../core/ir/changes.ts'
import type { GraphNode } from '../core/ir/types.ts'
import { HISTORY_LIMIT, selectRounding } from './document-slice.ts'
import { createEditorStore } from './editor-store.ts'

function node(id: string, x = 0): GraphNode {
  return { id, op: 'ReLU', name: id, attrs: {}, position: { x, y: 0 } }
}

describe('document slice history', () => {
  it('records one entry per applyEdit, undoes and redoes it exactly', () => {
    const store = createEditorStore()
    const s = () => store.getState()
    s().applyEdit([{ type: 'addNode', node: node('a') }, { type: 'addNode', node: node('b') }], 'Add two')
    s().applyEdit([{ type: 'addEdge', edge: { id: 'e1', source: 'a', target: 'b', targetPort: 0 } }], 'Connect')
    expect(s().past.map((e) => e.label)).toEqual(['Add two', 'Connect'])
    const full = s().doc.graph

    s().undo()
    expect(s().doc.graph.edges).toEqual([])
    expect(s().doc.graph.nodes.map((n) => n.id)).toEqual(['a', 'b'])
    s().undo()
    expect(s().doc.graph.nodes).toEqual([])
    expect(s().past).toEqual([])
    s().undo() // nothing left: no-op
    expect(s().future.map((e) => e.label)).toEqual(['Connect', 'Add two'])

    s().redo()
    s().redo()
    expect(s().doc.graph).toEqual(full)
    expect(s().future).toEqual([])
  })

  it('a new edit clears the redo stack; empty edits are ignored', () => {
    const store = createEditorStore()
    const s = () => store.getState()
    s().applyEdit([{ type: 'addNode', node: node('a') }], 'Add')
    s().undo()
    expect(s().future).toHaveLength(1)
    const revision = s().revision
    s().applyEdit([], 'Nothing')
    expect(s().revision).toBe(revision)
    expect(s().future).toHaveLength(1)
    s().applyEdit([{ type: 'addNode', node: node('b') }], 'Add')
    expect(s().future).toEqual([])
  })

  it('drops selected ids that an undo removes', () => {
    const store = createEditorStore()
    const s = () => store.getState()
    s().applyEdit([{ type: 'addNode', node: node('a') }], 'Add')
    s().select(['a'])
    s().undo()
    expect(s().selectedNodes).toEqual([])
  })

  it(`keeps at most ${HISTORY_LIMIT} undo steps`, () => {
    const store = createEditorStore()
    const s = () => store.getState()
    for (let i = 0; i < HISTORY_LIMIT + 5; i++) {
      const change: GraphChange = { type: 'addNode', node: node(`n${i}`) }
      s().applyEdit([change], `Add ${i}`)
    }
    expect(s().past).toHaveLength(HISTORY_LIMIT)
    expect(s().past[0].label).toBe('Add 5')
  })

  it('loadDoc replaces the document and clears history; rename and library do not enter history', () => {
    const store = createEditorStore()
    const s = () => store.getState()
    s().applyEdit([{ type: 'addNode', node: node('a') }], 'Add')
    s().renameProject('net')
    s().setLibrary('pow2-q7')
    expect(s().doc.name).toBe('net')
    expect(s().doc.library).toBe('pow2-q7')
    expect(s().past).toHaveLength(1)
    s().loadDoc({ name: 'other', library: 'cmsis-nn', targets: [], graph: { nodes: [node('x')], edges: [], seed: 7 } })
    expect(s().past).toEqual([])
    expect(s().doc.graph.seed).toBe(7)
  })
})

describe('document replacement and target settings', () => {
  it('replaceDoc is one undo step that restores the previous document and its history', () => {
    const store = createEditorStore()
    const s = () => store.getState()
    s().applyEdit([{ type: 'addNode', node: node('a') }], 'Add')
    const before = s().doc
    const imported = { name: 'model', library: 'cmsis-nn', targets: [], graph: { nodes: [node('m')], edges: [], seed: 3 } }
    s().replaceDoc(imported, 'Import model')
    expect(s().doc).toBe(imported)
    expect(s().past.map((e) => e.label)).toEqual(['Add', 'Import model'])
    s().renameProject('renamed')
    s().undo()
    expect(s().doc).toBe(before)
    expect(s().future.map((e) => e.label)).toEqual(['Import model'])
    s().undo()
    expect(s().doc.graph.nodes).toEqual([])
    s().redo()
    s().redo()
    // Redo brings back the imported document as it was when undone (the rename included).
    expect(s().doc.name).toBe('renamed')
    expect(s().doc.graph).toBe(imported.graph)
  })

  it('setTargets dedupes and ignores no-op changes; custom targets are added, selected and removed', () => {
    const store = createEditorStore()
    const s = () => store.getState()
    s().setTargets(['a', 'b', 'a'])
    expect(s().doc.targets).toEqual(['a', 'b'])
    const revision = s().revision
    s().setTargets(['a', 'b'])
    expect(s().revision).toBe(revision)
    const board = { id: 'my-board', name: 'My board', core: 'cortex-m4', clockMHz: 80, sramBytes: 65536, flashBytes: 262144 }
    s().addCustomTarget(board)
    expect(s().doc.customTargets).toEqual([board])
    expect(s().doc.targets).toEqual(['a', 'b', 'my-board'])
    s().addCustomTarget({ ...board, clockMHz: 100 })
    expect(s().doc.customTargets).toEqual([{ ...board, clockMHz: 100 }])
    expect(s().doc.targets).toEqual(['a', 'b', 'my-board'])
    s().removeCustomTarget('my-board')
    expect(s().doc.customTargets).toEqual([])
    expect(s().doc.targets).toEqual(['a', 'b'])
    expect(s().past).toEqual([])
  })
})

describe('requantization rounding (a document setting)', () => {
  it("sets 'single' and back to the absent default without an undo step; the quantize job gets it", () => {
    const store = createEditorStore()
    const s = () => store.getState()
    expect(selectRounding(s())).toBe('double')
    const revision = s().revision
    s().setRounding('single')
    expect([s().doc.rounding, selectRounding(s()), s().revision, s().past]).toEqual(['single', 'single', revision + 1, []])
    s().setRounding('single')
    expect(s().revision).toBe(revision + 1)
    s().setRounding('double')
    expect('rounding' in s().doc).toBe(false)
    expect(selectRounding(s())).toBe('double')
  })
})
