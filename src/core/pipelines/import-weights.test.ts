/**
 * importWeights: a good weights file gives a quantized project whose int8 model is TinyForge's quantization of the
 * file's floats and ranges, with the training run recorded, the input doc untouched; every bad file is refused with
 * one sentence (exact texts below) and a typed kind.
 */
import { describe, expect, it } from 'vitest'
import { quantizeGraphFromRanges } from './ptq-ranges.ts'
import { exportPytorchProject } from '../formats/pytorch/export-pytorch.ts'
import { WeightsImportError, importWeights } from './import-weights.ts'
import { decodeNpz, encodeNpz } from '../formats/pytorch/npz.ts'
import { buildTemplate } from '../testing/pytorch/templates.ts'
import { LSTM_WINDOW_NET } from '../testing/fixture-graphs-seq.ts'
import { randomWeights, sampleRecord, withInt8 } from '../testing/pytorch/weights-files.ts'
import type { WeightsFile } from '../formats/pytorch/weights-file.ts'
import { encodeWeightsFile, readWeightsFile } from '../formats/pytorch/weights-file.ts'

const digits = buildTemplate('digits-cnn')
const good = withInt8(digits, randomWeights(digits, 5, 's8'), sampleRecord())
const goodBytes = encodeWeightsFile(good)

function refusal(doc: typeof digits, bytes: Uint8Array, name = 'w.npz'): [string, string] {
  try {
    importWeights(doc, bytes, name)
  } catch (err) {
    if (err instanceof WeightsImportError) return [err.kind, err.message]
    throw err
  }
  return ['ok', '']
}

function edited(edit: (f: WeightsFile) => void): Uint8Array {
  const f = readWeightsFile(goodBytes, 'w.npz')
  edit(f)
  return encodeWeightsFile(f)
}

describe('importWeights', () => {
  it('quantizes the trained floats with the learned ranges and records the run; the input doc is untouched', () => {
    const before = structuredClone(digits)
    const result = importWeights(digits, goodBytes, 'w.npz')
    expect(digits).toEqual(before)
    expect([result.nodes, result.tensors]).toEqual([3, 6])
    expect(result.doc.trainingRuns).toHaveLength(1)
    expect(result.doc.trainingRuns![0].result.int8Accuracy).toBe(0.8778)
    const ranges = Object.fromEntries(Object.entries(good.meta.ranges).map(([id, [min, max]]) => [id, { min, max }]))
    const conv = result.doc.graph.nodes.find((n) => n.op === 'Conv2D')!
    expect(conv.weights!.weights.dtype).toBe('int8')
    expect(conv.weights!.weights.origin).toBe('trained')
    expect(result.doc.graph.nodes.map((n) => n.quant!.output)).toEqual(quantizeGraphFromRanges(
      importWeights(digits, encodeWeightsFile({ ...good, meta: { ...good.meta, int8: null, training: null } }), 'x').doc.graph,
      { scheme: 's8', ranges }).nodes.map((n) => n.quant!.output))
    // Runs append: a second import keeps the first record.
    expect(importWeights(result.doc, goodBytes, 'w.npz').doc.trainingRuns).toHaveLength(2)
  })

  it('takes a file without an int8 model or a record (float weights and ranges only)', () => {
    const bytes = encodeWeightsFile({ ...good, meta: { ...good.meta, int8: null, training: null } })
    expect(importWeights(digits, bytes, 'w.npz').run).toBeUndefined()
  })

  it('refuses a weights file of another graph, listing the mismatches', () => {
    const kws = exportPytorchProject(buildTemplate('kws-ds-cnn')).files.get('weights.npz') as Uint8Array
    expect(refusal(digits, kws)).toEqual(['mismatch', "w.npz does not fit the project's graph: " +
      'float/n2/weights: conv1 weights has shape 64×10×4×1, the graph needs 8×3×3×1; ' +
      'float/n2/bias: conv1 bias has shape 64, the graph needs 8; ' +
      "float/n3/weights: pool1 (MaxPool2D) has no tensor 'weights'; float/n3/bias: pool1 (MaxPool2D) has no tensor 'bias'; " +
      'float/n4/weights: conv2 weights has shape 64×1×1×64, the graph needs 16×3×3×8; ' +
      'float/n4/bias: conv2 bias has shape 64, the graph needs 16 (and 22 more)'])
  })

  it('refuses a missing tensor, a wrong dtype and a missing range by name', () => {
    expect(refusal(digits, edited((f) => {
      f.meta.tensors = f.meta.tensors.filter((t) => t.key !== 'float/n7/bias')
      f.arrays.set('float/n2/bias', { dtype: 'float64', shape: [8], data: new Float64Array(8) })
      delete f.meta.ranges.n3
    }))).toEqual(['mismatch', "w.npz does not fit the project's graph: float/n2/bias: conv1 bias is float64, the graph needs float32; " +
      'ranges: missing for pool1 (n3); float/n7/bias: missing (logits bias, 10)'])
  })

  it('refuses truncated, corrupt and non-weights files', () => {
    expect(refusal(digits, goodBytes.subarray(0, goodBytes.length - 100))).toEqual(['unreadable', 'w.npz is a truncated or corrupt .npz file'])
    expect(refusal(digits, goodBytes.subarray(0, 3000))).toEqual(['unreadable', 'w.npz is a truncated or corrupt .npz file'])
    expect(refusal(digits, new Uint8Array(500).fill(7))).toEqual(['unreadable', 'w.npz is not a .npz file (not a zip archive)'])
    const plain = encodeNpz([['x', { dtype: 'float32', shape: [2], data: new Float32Array(2) }]])
    expect(refusal(digits, plain)).toEqual(['unreadable', 'w.npz has no metadata entry, so it is not a TinyForge weights file'])
    const badJson = decodeNpz(goodBytes, 'w.npz')
    badJson.set('metadata', { dtype: 'uint8', shape: [3], data: new Uint8Array([123, 34, 120]) })
    expect(refusal(digits, encodeNpz([...badJson]))).toEqual(['unreadable', 'w.npz has corrupt metadata (not UTF-8 JSON)'])
  })

  it('refuses NaN or infinite weights and ranges', () => {
    expect(refusal(digits, edited((f) => { (f.arrays.get('float/n2/weights')!.data as Float32Array)[3] = Number.NaN })))
      .toEqual(['bad-values', 'w.npz cannot be used: conv1 weights holds NaN or infinite values'])
    // JSON has no Infinity; a hand-edited file can still say 1e999, which reads as Infinity.
    const arrays = decodeNpz(edited((f) => { (f.arrays.get('float/n7/bias')!.data as Float32Array)[0] = Infinity }), 'w.npz')
    const text = new TextDecoder().decode(arrays.get('metadata')!.data as Uint8Array).replace(/"n4":\[[^\]]*\]/, '"n4":[0,1e999]')
    const meta = new TextEncoder().encode(text)
    arrays.set('metadata', { dtype: 'uint8', shape: [meta.length], data: meta })
    expect(refusal(digits, encodeNpz([...arrays])))
      .toEqual(['bad-values', 'w.npz cannot be used: logits bias holds NaN or infinite values; the range of conv2 is [0, Infinity]'])
  })

  it('refuses an int8 model that differs from TinyForge\'s quantization of the same floats and ranges', () => {
    expect(refusal(digits, edited((f) => { (f.arrays.get('int8/n2/weights')!.data as Int8Array)[0] ^= 1 })))
      .toEqual(['int8-differs', "the int8 model in w.npz differs from TinyForge's quantization of its float weights and ranges: " +
        'conv1 weights: int8 values differ'])
    expect(refusal(digits, edited((f) => { f.meta.int8!.n4.output = { scale: [0.5], zeroPoint: [3] } }))[0]).toBe('int8-differs')
  })

  it('refuses another scheme and a malformed training record', () => {
    expect(refusal({ ...digits, library: 'pow2-q7' }, goodBytes)).toEqual(['scheme',
      "w.npz was trained for the s8 scheme but the project's library pow2-q7 uses pow2"])
    expect(refusal(digits, edited((f) => { f.meta.training = { ...sampleRecord(), ranks: 0 } })))
      .toEqual(['bad-record', 'w.npz has a malformed training record: "ranks" must be a whole number ≥ 1'])
  })
})

describe('importWeights: SVDF and LSTM inner ranges', () => {
  const lstmDoc = { name: 'lstm', library: 'cmsis-nn', targets: [], graph: LSTM_WINDOW_NET }
  const lstmGood = withInt8(lstmDoc, randomWeights(lstmDoc, 7, 's8'))
  const lstmBytes = encodeWeightsFile(lstmGood)
  const lstmEdited = (edit: (f: WeightsFile) => void) => {
    const f = readWeightsFile(lstmBytes, 'w.npz')
    edit(f)
    return encodeWeightsFile(f)
  }

  it('quantizes the cell state from the file\'s inner range (2^p) and checks the state quantization of the int8 model', () => {
    const result = importWeights(lstmDoc, lstmBytes, 'w.npz')
    for (const id of ['lstm1', 'lstm2']) {
      const [lo, hi] = lstmGood.meta.internal[id].cell
      const p = Math.min(0, Math.max(-15, Math.ceil(Math.log2(Math.max(Math.abs(lo), Math.abs(hi), 2 ** -15))) - 15))
      expect(result.doc.graph.nodes.find((n) => n.id === id)!.quant!.state!.cell).toEqual({ scale: [2 ** p], zeroPoint: [0] })
    }
    const bad = lstmEdited((f) => { f.meta.int8!.lstm1.state!.cell = { scale: [2 ** -3], zeroPoint: [0] } })
    expect(refusal(lstmDoc, bad)).toEqual(['int8-differs', 'the int8 model in w.npz differs from TinyForge\'s quantization of its ' +
      'float weights and ranges: lstm1: cell state quantization differs'])
  })

  it('refuses missing, unknown and non-finite inner ranges, by name', () => {
    expect(refusal(lstmDoc, lstmEdited((f) => { delete f.meta.internal.lstm2 }))).toEqual(['mismatch',
      'w.npz does not fit the project\'s graph: internal: the cell range of lstm2 (LSTM) is missing'])
    expect(refusal(lstmDoc, lstmEdited((f) => { f.meta.internal.lstm1.state = [0, 1]; f.meta.internal.fc = { cell: [0, 1] } }))).toEqual(['mismatch',
      'w.npz does not fit the project\'s graph: internal: lstm1 (LSTM) has no inner range \'state\'; internal: fc (FullyConnected) has no inner range \'cell\''])
    expect(refusal(lstmDoc, lstmEdited((f) => { f.meta.internal.lstm1.cell = [2, 1] }))).toEqual(['bad-values',
      'w.npz cannot be used: the cell range of lstm1 is [2, 1]'])
    // A digits weights file has no inner ranges and needs none.
    expect(readWeightsFile(goodBytes, 'w.npz').meta.internal).toEqual({})
  })
})
