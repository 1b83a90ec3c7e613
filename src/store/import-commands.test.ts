import { describe, expect, it } from 'vitest'
import { sharedBytes } from '../core/testing/import-test-data.ts'
import { serializeProject } from '../core/formats/project/index.ts'
import { TEMPLATES } from '../core/templates/index.ts'
import { createEditorStore } from './editor-store.ts'
import { encodeWeightsFile } from '../core/formats/pytorch/weights-file.ts'
import { randomWeights, sampleRecord, withInt8 } from '../core/testing/pytorch/weights-files.ts'
import { IMPORT_LABEL, MODEL_ACCEPT, TRAINED_WEIGHTS_LABEL, fileKind, importModelBytes, importTrainedWeights, openDroppedBytes } from './import-commands.ts'

function storeWithTemplate() {
  const store = createEditorStore()
  store.getState().loadDoc({ ...TEMPLATES[0].build(), targets: ['nucleo-f446re'] })
  return store
}

describe('importModelBytes', () => {
  it('imports VWW as one undo step, keeps targets and library, and records the report', () => {
    const store = storeWithTemplate()
    store.getState().setLibrary('cmsis-nn')
    const before = store.getState().doc
    let t = 0
    const ok = importModelBytes(store, sharedBytes('mlperf-tiny/vww_96_int8.tflite'), 'vww_96_int8.tflite', () => (t += 5))
    expect(ok).toBe(true)
    const s = store.getState()
    expect(s.doc.graph.nodes).toHaveLength(32)
    expect(s.doc.targets).toEqual(['nucleo-f446re'])
    expect(s.doc.library).toBe('cmsis-nn')
    expect(s.past.map((e) => e.label)).toEqual([IMPORT_LABEL])
    expect(s.lastImport?.fileName).toBe('vww_96_int8.tflite')
    expect(s.lastImport?.elapsedMs).toBe(5)
    expect(s.lastImport?.report.entries.filter((e) => e.status === 'mapped')).toHaveLength(31)
    expect(s.dockTab).toBe('import')
    expect(s.notice?.kind).toBe('info')
    s.undo()
    expect(store.getState().doc).toBe(before)
  })

  it('a corrupt file leaves the project untouched and shows one line', () => {
    const store = storeWithTemplate()
    const before = store.getState().doc
    const bytes = new Uint8Array(256).map((_, i) => (i * 7919 + 13) % 251)
    expect(importModelBytes(store, bytes, 'x.tflite')).toBe(false)
    const s = store.getState()
    expect(s.doc).toBe(before)
    expect(s.past).toEqual([])
    expect(s.lastImport).toBeNull()
    expect(s.notice?.kind).toBe('error')
    expect(s.notice?.text).toMatch(/^Could not import x\.tflite: \S/)
    expect(s.notice?.text).not.toContain('\n')
  })

  it('an empty file names the problem', () => {
    const store = storeWithTemplate()
    importModelBytes(store, new Uint8Array(0), 'empty.onnx')
    expect(store.getState().notice?.text).toBe('Could not import empty.onnx: the file is empty')
  })
})

describe('openDroppedBytes', () => {
  it('opens a dropped project file and imports anything else', () => {
    expect(fileKind('a.tinyforge.json')).toBe('project')
    expect(fileKind('model.TFLITE')).toBe('model')
    expect(MODEL_ACCEPT).toBe('.tflite,.onnx')
    const store = storeWithTemplate()
    const doc = TEMPLATES[1].build()
    expect(openDroppedBytes(store, new TextEncoder().encode(serializeProject(doc)), 'kws.tinyforge.json')).toBe(true)
    expect(store.getState().doc.name).toBe(doc.name)
    expect(openDroppedBytes(store, sharedBytes('mlperf-tiny/kws_ref_model.tflite'), 'kws_ref_model.tflite')).toBe(true)
    expect(store.getState().doc.graph.nodes).toHaveLength(14)
  })
})

describe('importTrainedWeights', () => {
  it('takes a train.py weights file as one undo step (quantized with the learned ranges); a file for another graph changes nothing', () => {
    const store = storeWithTemplate()
    store.getState().setLibrary('cmsis-nn')
    const doc = store.getState().doc
    const bytes = encodeWeightsFile(withInt8(doc, randomWeights(doc, 3, 's8'), sampleRecord()))
    expect(importTrainedWeights(store, bytes, 'trained.npz')).toBe(true)
    const s = store.getState()
    expect(s.past.map((e) => e.label)).toEqual([TRAINED_WEIGHTS_LABEL])
    expect(s.doc.graph.nodes.every((n) => n.quant)).toBe(true)
    expect(s.doc.trainingRuns).toHaveLength(1)
    expect(s.notice?.text).toMatch(/^Imported \d+ trained tensors of 3 layers from trained\.npz; int8 accuracy/)
    s.undo()
    expect(store.getState().doc).toBe(doc)

    const other = TEMPLATES.find((t) => t.id === 'kws-ds-cnn')!.build()
    const foreign = encodeWeightsFile(randomWeights({ ...other, library: 'cmsis-nn' }, 1, 's8'))
    expect(importTrainedWeights(store, foreign, 'kws.npz')).toBe(false)
    expect(store.getState().doc).toBe(doc)
    expect(store.getState().notice?.kind).toBe('error')
    expect(store.getState().notice?.text).toMatch(/^Could not import kws\.npz: kws\.npz does not fit the project's graph: /)
    expect(importTrainedWeights(store, new Uint8Array([1, 2, 3]), 'bad.npz')).toBe(false)
    expect(store.getState().notice?.text).toBe('Could not import bad.npz: bad.npz is not a .npz file (not a zip archive)')
  })
})
