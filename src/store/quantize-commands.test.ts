/**
 * Quantize commands driven headless through the store with the in-process runner (the same job the worker runs):
 * one undo step on success, nothing changed on failure, cancel or a concurrent edit, the float source of re-runs,
 * file choices and the ONNX downloads.
 */
import { describe, expect, it } from 'vitest'
import { decodeOnnxModel } from '../core/formats/onnx/onnx-proto.ts'
import { createInProcessRunner } from '../workers/in-process-runner.ts'
import type { JobRunner } from '../workers/jobs.ts'
import { decodePngBlob, digitFolder, mnistGraph } from '../workers/test-fixtures.ts'
import type { EditorStore } from './editor-store.ts'
import { createEditorStore } from './editor-store.ts'
import type { JobStatus } from './jobs-slice.ts'
import { selectQuantizeJob } from './jobs-slice.ts'
import {
  cancelQuantize, chooseImageFolder, chooseNpyFiles, floatSourceOf, isQuantized, onnxDownload, sameNetwork, startQuantize,
} from './quantize-commands.ts'
import { setActivationPrecision, setLayerPrecision } from './precision-commands.ts'

const runner = createInProcessRunner(decodePngBlob)
const graph = mnistGraph()

function mnistStore(): EditorStore {
  const store = createEditorStore()
  store.getState().loadDoc({ name: 'mnist-8', library: 'cmsis-nn', graph, targets: ['nucleo-f446re'] })
  store.getState().setQuantizeSettings({ ort: 'off' })
  return store
}

function settled(store: EditorStore): Promise<JobStatus> {
  return new Promise((resolve) => {
    const check = () => {
      const status = selectQuantizeJob(store.getState()).status
      if (status !== 'running') {
        unsubscribe()
        resolve(status)
      }
    }
    const unsubscribe = store.subscribe(check)
    check()
  })
}

/** A runner that holds each job until the test releases it with the in-process job's outcome. */
function heldRunner(): JobRunner & { release(): void; cancelled: boolean } {
  let release = () => {}
  const held: JobRunner & { release(): void; cancelled: boolean } = {
    cancelled: false,
    start(kind, input, handlers) {
      release = () => { runner.start(kind, input, handlers) }
      return { cancel: () => { held.cancelled = true } }
    },
    release: () => release(),
  }
  return held
}

describe('startQuantize', () => {
  it('applies the quantized graph as one undo step; undo brings the float graph back', async () => {
    const store = mnistStore()
    const before = store.getState().doc
    expect(startQuantize(store, runner)).toBe(true)
    expect(selectQuantizeJob(store.getState()).status).toBe('running')
    expect(await settled(store)).toBe('done')
    const s = store.getState()
    expect(isQuantized(s.doc.graph)).toBe(true)
    expect(s.doc.library).toBe('cmsis-nn')
    expect(s.past.map((e) => e.label)).toEqual(['Quantize (s8, minmax)'])
    expect(selectQuantizeJob(s).result?.report.layers).toHaveLength(7)
    expect(selectQuantizeJob(s).result?.sourceKind).toBe('float')
    expect(selectQuantizeJob(s).result?.applied).toBe(s.doc.graph)
    expect(s.notice?.text).toBe('Quantized with s8 (minmax) on 16 seeded synthetic samples (seed 1), validated on 16 more. ' +
      'Undo (Ctrl+Z) brings back the previous graph.')
    s.undo()
    expect(store.getState().doc).toBe(before)
  }, 30_000)

  it("validates with the project's requantization rounding and keeps it on the quantized document", async () => {
    const store = mnistStore()
    store.getState().setRounding('single')
    let input: { rounding?: string } | undefined
    const spy: JobRunner = { start(kind, i, handlers) { input = i as { rounding?: string }; return runner.start(kind, i, handlers) } }
    startQuantize(store, spy)
    expect(input?.rounding).toBe('single')
    expect(await settled(store)).toBe('done')
    const result = selectQuantizeJob(store.getState()).result!
    expect(result.report.rounding).toBe('single')
    expect(result.other && 'report' in result.other ? result.other.report.rounding : undefined).toBe('double') // pow2: rounding shifts
    expect(store.getState().doc.rounding).toBe('single')
  }, 30_000)

  it('a pow2 run on a CMSIS-NN project switches the library in the same step', async () => {
    const store = mnistStore()
    store.getState().setQuantizeSettings({ scheme: 'pow2' })
    startQuantize(store, runner)
    expect(await settled(store)).toBe('done')
    expect(store.getState().doc.library).toBe('pow2-q7')
    expect(store.getState().notice?.text).toContain('Library CMSIS-NN → pow2-q7.')
    store.getState().undo()
    expect(store.getState().doc.library).toBe('cmsis-nn')
    expect(isQuantized(store.getState().doc.graph)).toBe(false)
  }, 30_000)

  it('a re-run after renaming a node quantizes the last float source and keeps the new name', async () => {
    const store = mnistStore()
    startQuantize(store, runner)
    await settled(store)
    const first = selectQuantizeJob(store.getState()).result!
    const renamed = { ...first.applied, nodes: first.applied.nodes.map((n) => (n.id === 'n7' ? { ...n, name: 'logits' } : n)) }
    store.getState().replaceDoc({ ...store.getState().doc, graph: renamed }, 'Rename')
    expect(sameNetwork(renamed, first.applied)).toBe(true)
    expect(floatSourceOf(renamed, first).kind).toBe('last-run')
    store.getState().setQuantizeSettings({ method: 'percentile' })
    startQuantize(store, runner)
    expect(await settled(store)).toBe('done')
    const second = selectQuantizeJob(store.getState()).result!
    expect(second.sourceKind).toBe('last-run')
    expect(second.source.nodes.find((n) => n.id === 'n2')!.weights).toBe(graph.nodes.find((n) => n.id === 'n2')!.weights)
    expect(store.getState().doc.graph.nodes.find((n) => n.id === 'n7')!.name).toBe('logits')
    expect(store.getState().past.map((e) => e.label)).toEqual(['Quantize (s8, minmax)', 'Rename', 'Quantize (s8, percentile)'])
    // An int8 graph the panel did not produce stands for itself (dequantized weights).
    expect(floatSourceOf(renamed, null).kind).toBe('dequantized')
  }, 30_000)

  it('a layer set to int4 after a run is requantized at once (one undo step); the re-run starts from the float source with int4 on it', async () => {
    const store = mnistStore()
    startQuantize(store, runner)
    await settled(store)
    const first = selectQuantizeJob(store.getState()).result!
    const conv = first.applied.nodes.find((n) => n.op === 'Conv2D')!
    expect(setLayerPrecision(store, [conv.id], 'int4')).toBeNull()
    expect(store.getState().past.at(-1)!.label).toBe('Weights int4')
    const now = store.getState().doc.graph
    expect(now.nodes.find((n) => n.id === conv.id)!.weights!.weights.encoding).toEqual({ kind: 'int4' })
    expect(sameNetwork(now, first.applied)).toBe(false)
    const source = floatSourceOf(now, first)
    expect(source.kind).toBe('last-run')
    expect(source.graph.nodes.find((n) => n.id === conv.id)!.precision).toEqual({ weights: 'int4' })
    startQuantize(store, runner)
    expect(await settled(store)).toBe('done')
    const second = selectQuantizeJob(store.getState()).result!
    const sqnr = (r: typeof first) => r.report.layers.find((l) => l.node === conv.id)!.sqnrDb
    expect(sqnr(second)).toBeLessThan(sqnr(first))
    expect(store.getState().doc.graph.nodes.find((n) => n.id === conv.id)!.weights!.weights.encoding).toEqual({ kind: 'int4' })
    expect(setLayerPrecision(store, ['n1'], 'int4')).toMatch(/has no int4 weight kernel in CMSIS-NN/)
  }, 30_000)

  it('across a layer set to int16 (boundary Quantize nodes added) the re-run still starts from the float source, int4 included', async () => {
    const store = mnistStore()
    startQuantize(store, runner)
    await settled(store)
    const first = selectQuantizeJob(store.getState()).result!
    const conv = first.applied.nodes.find((n) => n.op === 'Conv2D')!
    const fc = first.applied.nodes.find((n) => n.op === 'FullyConnected')!
    setActivationPrecision(store, fc.id, 'int16')
    expect(setLayerPrecision(store, [conv.id], 'int4')).toBeNull()
    const now = store.getState().doc.graph
    expect(now.nodes.length).toBeGreaterThan(first.applied.nodes.length)
    const source = floatSourceOf(now, first)
    expect(source.kind).toBe('last-run')
    expect(source.graph.nodes.find((n) => n.id === conv.id)!.weights).toBe(first.source.nodes.find((n) => n.id === conv.id)!.weights)
    expect(source.graph.nodes.every((n) => n.quant === undefined)).toBe(true)
    startQuantize(store, runner)
    expect(await settled(store)).toBe('done')
    const second = selectQuantizeJob(store.getState()).result!
    const sqnr = (r: typeof first, id: string) => r.report.layers.find((l) => l.node === id)!.sqnrDb
    // Measured against the float weights: int4 costs the convolution SQNR, int16 buys the classifier some.
    expect(sqnr(second, conv.id)).toBeLessThan(sqnr(first, conv.id) - 3)
    expect(second.sourceKind).toBe('last-run')
  }, 30_000)

  it('cancel leaves the document exactly as it was and ignores the late result', async () => {
    const store = mnistStore()
    const held = heldRunner()
    const before = store.getState().doc
    startQuantize(store, held)
    cancelQuantize(store)
    expect(held.cancelled).toBe(true)
    expect(selectQuantizeJob(store.getState()).status).toBe('cancelled')
    held.release()
    await new Promise((r) => setTimeout(r, 1500))
    expect(store.getState().doc).toBe(before)
    expect(store.getState().past).toHaveLength(0)
    expect(selectQuantizeJob(store.getState()).status).toBe('cancelled')
  }, 30_000)

  it('an edit during the run is kept and the quantization is not applied', async () => {
    const store = mnistStore()
    const held = heldRunner()
    startQuantize(store, held)
    store.getState().renameProject('renamed')
    const moved = { ...graph, nodes: graph.nodes.map((n, i) => (i === 0 ? { ...n, position: { x: 5, y: 5 } } : n)) }
    store.getState().replaceDoc({ ...store.getState().doc, graph: moved }, 'Move')
    const edited = store.getState().doc
    held.release()
    expect(await settled(store)).toBe('failed')
    expect(selectQuantizeJob(store.getState()).error).toBe('The graph changed during the run, so its quantization was not applied; run again.')
    expect(store.getState().doc).toBe(edited)
  }, 30_000)

  it('bad data fails with one line and changes nothing', async () => {
    const store = mnistStore()
    const before = store.getState().doc
    store.getState().setQuantizeSettings({ data: 'images' })
    expect(startQuantize(store, runner)).toBe(false)
    expect(selectQuantizeJob(store.getState())).toMatchObject({ status: 'failed', error: 'Choose a folder of images first.' })
    const broken = [...digitFolder(), { path: '2/x.png', blob: new Blob([new Uint8Array([1, 2, 3])]) }]
    expect(chooseImageFolder(store, 'digits', broken)).toBe(true)
    startQuantize(store, runner)
    expect(await settled(store)).toBe('failed')
    expect(selectQuantizeJob(store.getState()).error).toBe('Calibration data: 2/x.png is not a PNG image')
    expect(store.getState().doc).toBe(before)
  }, 30_000)
})

describe('file choices', () => {
  it('a folder without images is refused and the previous choice kept', () => {
    const store = mnistStore()
    expect(chooseImageFolder(store, 'digits', digitFolder())).toBe(true)
    expect(store.getState().quantizeSettings.images).toMatchObject({ label: 'digits', usable: 5, classes: ['0', '2', '9'] })
    expect(chooseImageFolder(store, 'empty', [{ path: 'notes.txt', blob: new Blob(['x']) }])).toBe(false)
    expect(store.getState().quantizeSettings.dataError).toBe("The folder 'empty' holds no images (.png, .jpg, .gif, .bmp, .webp).")
    expect(store.getState().quantizeSettings.images?.label).toBe('digits')
    expect(chooseNpyFiles(store, [{ path: 'a.png', blob: new Blob(['x']) }])).toBe(false)
    expect(store.getState().quantizeSettings.dataError).toBe('a.png is not a .npy file.')
    expect(store.getState().quantizeSettings.npy).toBeNull()
  })
})

describe('onnxDownload', () => {
  it('names the files after the project; QDQ needs a quantized graph', async () => {
    const store = mnistStore()
    expect(onnxDownload(store, 'qdq')).toBeNull()
    expect(store.getState().notice?.text).toBe('Could not export the QDQ ONNX: the graph is not quantized; run Quantize & validate first')
    const float = onnxDownload(store, 'float')!
    expect(float.fileName).toBe('mnist-8.onnx')
    startQuantize(store, runner)
    await settled(store)
    const qdq = onnxDownload(store, 'qdq')!
    expect(qdq.fileName).toBe('mnist-8.int8.onnx')
    const ops = (bytes: Uint8Array) => (decodeOnnxModel(bytes).graph?.node ?? []).map((n) => n.op_type)
    expect(ops(qdq.bytes)).toContain('DequantizeLinear')
    // After quantizing, the float download is still the float model the run started from.
    expect(onnxDownload(store, 'float')!.bytes).toEqual(float.bytes)
  }, 30_000)
})
