/**
 * Every shared model imports and maps fully onto cmsis-nn; int8 models keep their quantization and
 * per-layer MACs equal MLPerf Tiny's table; mnist-8 reproduces its test vectors through the float engine.
 */
import { describe, expect, it } from 'vitest'
import { analyzeGraph } from '../analysis/analyze-graph.ts'
import { runFloat } from '../engine/float-engine.ts'
import { outputNodes } from '../ir/graph-queries.ts'
import { getLibrary } from '../vendors/registry.ts'
import { FLOAT_TFLITE, INT8_TFLITE, ONNX_MODELS, sharedBytes, sharedText } from '../testing/import-test-data.ts'
import { MODEL_EXTENSIONS, importModel } from './import-model.ts'
import { decodeOnnxTensor } from './onnx/onnx-proto.ts'
import { nchwToNhwc, runOrt, seeded } from '../testing/onnx-test-utils.ts'
import { readTflite } from './tflite/tflite-reader.ts'

const baseName = (path: string) => path.split('/').pop()!

/** file → [IR nodes, report entries by status] */
const EXPECTED: Record<string, [number, Record<string, number>]> = {
  'kws_ref_model.tflite': [14, { mapped: 13 }],
  'vww_96_int8.tflite': [32, { mapped: 31 }],
  'pretrainedResnet_quant.tflite': [17, { mapped: 16 }],
  'ad01_int8.tflite': [11, { mapped: 10 }],
  'kws_ref_model_float32.tflite': [14, { mapped: 13 }],
  'vww_96_float.tflite': [32, { mapped: 31 }],
  'pretrainedResnet.tflite': [17, { mapped: 16 }],
  'ad01_fp32.tflite': [11, { mapped: 10 }],
  'mnist-8.onnx': [7, { mapped: 6, folded: 4, fused: 2 }],
  'pytorch.onnx': [4, { mapped: 3, folded: 6 }],
  'mnist.simplified.onnx': [5, { mapped: 4, fused: 1 }],
  'model.onnx': [4, { mapped: 3, folded: 3, fused: 2 }],
}

function statusCounts(entries: { status: string }[]): Record<string, number> {
  const out: Record<string, number> = {}
  for (const e of entries) out[e.status] = (out[e.status] ?? 0) + 1
  return out
}

describe('importModel on the shared models', () => {
  const files = [...INT8_TFLITE.map((f) => `mlperf-tiny/${f}`), ...FLOAT_TFLITE.map((f) => `mlperf-tiny/${f}`), ...ONNX_MODELS]
  it.each(files)('%s imports with every operator mapped and no error diagnostics', (path) => {
    const { doc, report } = importModel(sharedBytes(path), baseName(path))
    const [nodes, statuses] = EXPECTED[baseName(path)]
    expect(doc.graph.nodes).toHaveLength(nodes)
    expect(statusCounts(report.entries)).toEqual(statuses)
    expect(report.diagnostics.filter((d) => d.severity === 'error')).toEqual([])
    expect(doc.library).toBe('cmsis-nn')
    expect(analyzeGraph(doc.graph, getLibrary('cmsis-nn')).ok).toBe(true)
    // Laid out: every node has its own position.
    expect(new Set(doc.graph.nodes.map((n) => `${n.position.x},${n.position.y}`)).size).toBe(nodes)
  })

  it('lists the importable extensions', () => {
    expect(MODEL_EXTENSIONS).toEqual(['.tflite', '.onnx'])
  })

  it('maps onto the requested library', () => {
    const { doc } = importModel(sharedBytes('mlperf-tiny/ad01_int8.tflite'), 'ad01_int8.tflite', { library: 'pow2-q7' })
    expect(doc.library).toBe('pow2-q7')
  })
})

describe('TFLite int8 models keep their quantization exactly', () => {
  it.each(INT8_TFLITE)('%s: weights, biases and output quant equal the file', (file) => {
    const bytes = sharedBytes(`mlperf-tiny/${file}`)
    const model = readTflite(bytes)
    const { doc, report } = importModel(bytes, file)
    const byId = new Map(doc.graph.nodes.map((n) => [n.id, n]))
    const input = doc.graph.nodes.find((n) => n.op === 'Input')!
    const inTensor = model.tensors[model.inputs[0]]
    expect(input.quant?.output).toEqual({ scale: inTensor.quant!.scale, zeroPoint: inTensor.quant!.zeroPoint })
    report.entries.forEach((entry, index) => {
      const op = model.operators[index]
      const node = byId.get(entry.becameNodes[entry.becameNodes.length - 1])!
      const out = model.tensors[op.outputs[0]]
      expect(node.quant?.output).toEqual({ scale: out.quant!.scale, zeroPoint: out.quant!.zeroPoint })
      const [, w, b] = op.inputs
      if (!node.weights) return
      const weights = node.weights.weights
      const wt = model.tensors[w]
      expect(weights.dtype).toBe('int8')
      expect(weights.origin).toBe('imported')
      expect(new Uint8Array(weights.data.buffer, weights.data.byteOffset, weights.data.byteLength)).toEqual(wt.data)
      expect(weights.quant!.scale).toEqual(wt.quant!.scale)
      expect(weights.quant!.zeroPoint).toEqual(wt.quant!.zeroPoint)
      expect(weights.quant!.axis).toBe(wt.quant!.scale.length > 1 ? wt.quant!.axis : undefined)
      if (b !== undefined && b >= 0) {
        const bias = node.weights.bias
        expect(bias.dtype).toBe('int32')
        expect(new Uint8Array(bias.data.buffer, bias.data.byteOffset, bias.data.byteLength)).toEqual(model.tensors[b].data)
        expect(bias.quant!.scale).toEqual(model.tensors[b].quant!.scale)
      }
    })
  })

  it('depthwise weights are per-channel along axis 3 (1HW(C·M))', () => {
    const { doc } = importModel(sharedBytes('mlperf-tiny/vww_96_int8.tflite'), 'vww_96_int8.tflite')
    const dw = doc.graph.nodes.find((n) => n.op === 'DepthwiseConv2D')!
    expect(dw.weights!.weights.shape).toEqual([1, 3, 3, 8])
    expect(dw.weights!.weights.quant!.axis).toBe(3)
    expect(dw.weights!.weights.quant!.scale).toHaveLength(8)
    expect(dw.attrs).toMatchObject({ depthMultiplier: 1, kernelH: 3, kernelW: 3, strideH: 1, strideW: 1, padding: 'same', activation: 'relu' })
  })
})

describe('per-layer MACs equal layers_int8_models.csv', () => {
  const rows = sharedText('mlperf-tiny/layers_int8_models.csv').trim().split('\n').slice(1).map((line) => line.split(','))
  it.each(INT8_TFLITE)('%s', (file) => {
    const { doc, report } = importModel(sharedBytes(`mlperf-tiny/${file}`), file)
    const analysis = analyzeGraph(doc.graph)
    const expected = rows.filter((r) => r[0] === file).map((r) => ({ idx: Number(r[1]), op: r[2], macs: Number(r[6]) }))
    expect(report.entries).toHaveLength(expected.length)
    const actual = report.entries.map((e, idx) => ({
      idx, op: e.sourceOp, macs: e.becameNodes.reduce((s, id) => s + analysis.nodes.get(id)!.macs, 0),
    }))
    expect(actual).toEqual(expected)
  })
})

describe('mnist-8 through the float engine', () => {
  const dir = 'onnx/mnist-8'
  const { doc } = importModel(sharedBytes(`${dir}/mnist-8.onnx`), 'mnist-8.onnx')
  const input = doc.graph.nodes.find((n) => n.op === 'Input')!
  it.each([0, 1, 2])('reproduces test_data_set_%i (relative error ≤ 1e-4)', (k) => {
    const x = decodeOnnxTensor(sharedBytes(`${dir}/test_data_set_${k}/input_0.pb`))
    const y = decodeOnnxTensor(sharedBytes(`${dir}/test_data_set_${k}/output_0.pb`))
    expect(x.dims).toEqual([1, 1, 28, 28]) // one channel: NCHW and NHWC orders coincide
    const run = runFloat(doc.graph, { [input.id]: Float32Array.from(x.values) })
    const out = run.outputs.get(outputNodes(doc.graph)[0].id)!
    expect(out).toHaveLength(10)
    // The logits reach ~6600, where float32 spacing is 4.9e-4, so the bound is relative to the magnitude.
    for (let i = 0; i < 10; i++) expect(Math.abs(out[i] - y.values[i])).toBeLessThanOrEqual(1e-4 * Math.max(1, Math.abs(y.values[i])))
    const argmax = (v: ArrayLike<number>) => Array.from(v).indexOf(Math.max(...Array.from(v)))
    expect(argmax(out)).toBe(argmax(y.values))
  })
})

describe('imported ONNX models compute what the original graph computes (onnxruntime-web as reference)', () => {
  const cases: [string, string, number[]][] = [
    // The BatchNorm MLP: both BatchNormalization nodes are folded into the MatMul weights and biases.
    ['onnx/mnist_pytorch/pytorch.onnx', 'network_input', [1, 784]],
    ['onnx/atmega_mnist/mnist.simplified.onnx', 'network_input', [1, 1, 14, 14]],
    ['onnx/tfl_helloworld/model.onnx', 'dense_2_input', [1, 1]],
  ]
  it.each(cases)('%s', async (path, inputName, dims) => {
    const bytes = sharedBytes(path)
    const { doc } = importModel(bytes, baseName(path))
    const input = doc.graph.nodes.find((n) => n.op === 'Input')!
    for (const seed of [1, 2, 3]) {
      const x = seeded(dims.reduce((p, d) => p * d, 1), seed)
      const ref = Object.values(await runOrt(bytes, { [inputName]: { dims, data: x } }))[0]
      const run = runFloat(doc.graph, { [input.id]: dims.length === 4 ? nchwToNhwc(x, dims) : x })
      const out = run.outputs.get(outputNodes(doc.graph)[0].id)!
      expect(out).toHaveLength(ref.length)
      for (let i = 0; i < ref.length; i++) expect(Math.abs(out[i] - ref[i])).toBeLessThanOrEqual(1e-5 * Math.max(1, Math.abs(ref[i])))
    }
  })

  it('the BatchNorm MLP really was folded', () => {
    const { doc, report } = importModel(sharedBytes('onnx/mnist_pytorch/pytorch.onnx'), 'pytorch.onnx')
    expect(doc.graph.nodes.map((n) => n.op)).toEqual(['Input', 'FullyConnected', 'FullyConnected', 'FullyConnected'])
    expect(doc.graph.nodes.map((n) => n.attrs.useBias)).toEqual([undefined, true, true, false])
    expect(report.entries.filter((e) => e.sourceOp === 'BatchNormalization').map((e) => [e.status, e.becameNodes])).toEqual([
      ['folded', ['n2']], ['folded', ['n3']],
    ])
  })
})
