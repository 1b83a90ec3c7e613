import { describe, expect, it } from 'vitest'
import { templateById } from '../core/templates/index.ts'
import { templateGraph } from '../core/testing/c-fixtures.ts'
import { applyCompress } from './compress-commands.ts'
import { createEditorStore } from './editor-store.ts'

describe('compress commands', () => {
  it('apply the settings as one undo step that brings the design back', () => {
    const store = createEditorStore()
    const graph = templateGraph('digits-cnn', 's8')
    store.getState().loadDoc({ name: 'd', library: 'cmsis-nn', graph, targets: [] })
    store.getState().setCompress({ method: 'cluster', clusters: 16, perLayer: {} })
    store.getState().setCompressLayer(graph.nodes.find((n) => n.name === 'logits')!.id, 4)
    expect(applyCompress(store)).toBeNull()
    const after = store.getState().doc.graph
    expect(after.nodes.find((n) => n.name === 'logits')!.weights!.weights.encoding).toEqual({ kind: 'palette', clusters: 4 })
    expect(after.nodes.find((n) => n.name === 'conv2')!.weights!.weights.encoding).toEqual({ kind: 'palette', clusters: 16 })
    expect(store.getState().past.map((e) => e.label)).toEqual(['Cluster weights'])
    expect(store.getState().compress.perLayer).toEqual({})
    store.getState().undo()
    expect(store.getState().doc.graph.nodes).toEqual(graph.nodes)
  })

  it('leave the design as it is and say why when the method refuses it', () => {
    const store = createEditorStore()
    const graph = templateById('digits-cnn')!.build().graph
    store.getState().loadDoc({ name: 'd', library: 'cmsis-nn', graph, targets: [] })
    store.getState().setCompress({ method: 'cluster' })
    expect(applyCompress(store)).toMatch(/^clustering needs a quantized \(int8\) graph/)
    expect(store.getState().doc.graph).toBe(graph)
    expect(store.getState().past).toEqual([])
    store.getState().setCompress({ method: 'prune-weights', format: 'dense', sparsity: 0.5 })
    expect(applyCompress(store)).toBeNull()
    expect(store.getState().past.map((e) => e.label)).toEqual(['Prune weights'])
  })
})
