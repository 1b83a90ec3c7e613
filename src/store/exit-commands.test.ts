import { describe, expect, it } from 'vitest'
import { analyzeGraph } from '../core/analysis/analyze-graph.ts'
import { EXIT_NET } from '../core/testing/fixture-graphs.ts'
import { addExitHere } from './exit-commands.ts'
import { createEditorStore } from './editor-store.ts'

function storeWithExitNet() {
  const store = createEditorStore()
  store.getState().loadDoc({ name: 't', library: 'cmsis-nn', targets: [], graph: EXIT_NET })
  return store
}

describe('addExitHere', () => {
  it('attaches a strided conv → pool → FC head and an Exit as one undoable edit, and selects the Exit', () => {
    const store = storeWithExitNet()
    const exitId = addExitHere(store, 'conv3', 'conv-gap-fc')!
    const g = store.getState().doc.graph
    const added = g.nodes.slice(EXIT_NET.nodes.length)
    expect(added.map((n) => n.op)).toEqual(['Conv2D', 'GlobalAveragePool', 'Flatten', 'FullyConnected', 'Exit'])
    expect(added[0].attrs).toMatchObject({ filters: 16, strideH: 2, strideW: 2, kernelH: 3 })
    expect(added[3].attrs.units).toBe(10)
    expect(exitId).toBe(added[4].id)
    const a = analyzeGraph(g, undefined)
    expect(a.ok).toBe(true)
    expect(a.nodes.get(exitId)!.output!.shape).toEqual([1, 10])
    expect(store.getState().selectedNodes).toEqual([exitId])
    expect(store.getState().past.map((e) => e.label).at(-1)).toBe('Add exit (Strided conv → pool → FC) after conv3')
    store.getState().undo()
    expect(store.getState().doc.graph).toEqual(EXIT_NET)
  })

  it('gives a vector tap FullyConnected → Exit, and refuses an Exit tap with a notice, graph unchanged', () => {
    const store = storeWithExitNet()
    const id = addExitHere(store, 'flat', 'dwsep-gap-fc')!
    expect(store.getState().doc.graph.nodes.slice(-2).map((n) => n.op)).toEqual(['FullyConnected', 'Exit'])
    expect(id).toBeDefined()
    const before = store.getState().doc.graph
    expect(addExitHere(store, 'exit_a', 'gap-fc')).toBeUndefined()
    expect(store.getState().doc.graph).toBe(before)
    expect(store.getState().notice?.text).toBe('exit_a is an Exit already; attach the exit to a layer of the main path')
  })
})
