/**
 * TFLite 16x8 BATCH_MATMUL, MUL and SOFTMAX: a small attention-like graph on a [1, 8, 6] input (QUANTIZE int8 → int16,
 * BATCH_MATMUL with itself adj_y (a·aᵀ, arm_batch_matmul_s16), BATCH_MATMUL untransposed, MUL with the input (ReLU),
 * SOFTMAX β 1.5 at int16 (output scale 1/32768, zero point 0, arm_softmax_s16), QUANTIZE int16 → int8, then int8
 * RESHAPE, FULLY_CONNECTED, SOFTMAX), quantized and written by tools/tflite-writer. It imports with the file's
 * quantization and options (adj_y, β); every int16 tensor is recomputed by the independent references of the golden
 * cases (BigInt int64 sums for BATCH_MATMUL, the MUL and int16 SOFTMAX references) from the imported tensors; every node
 * gives the same bytes as the graph it was written from; and the C package of the imported graph is bit-exact on the
 * host (ASan/UBSan) and on qemu mps2-an386 (M4). No TFLite interpreter is installed here (tflite-int16.test.ts).
 */
import { afterAll, describe, expect, it } from 'vitest'
import { analyzeGraph } from '../../analysis/analyze-graph.ts'
import { runInt8 } from '../../engine/int8-engine.ts'
import type { Edge, Graph, GraphNode } from '../../ir/types.ts'
import { quantized } from '../../testing/c-fixtures.ts'
import { removeTempDirs } from '../../testing/c-toolchain.ts'
import { expectPackageBitExact, seededInt8Inputs } from '../../testing/package-check.ts'
import { referenceBatchMatMulS16, referenceMul } from '../../testing/golden/reference-extra-kernels.ts'
import { referenceRequantizeTensor, referenceSoftmaxS16 } from '../../testing/golden/reference-int16.ts'
import { buildTflite } from '../../testing/tflite-test-utils.ts'
import { getLibrary } from '../../vendors/registry.ts'
import { writeTflite } from '../../../../tools/tflite-writer/write-tflite.ts'
import { importModel } from '../import-model.ts'
import { BuiltinOperator as Op, BuiltinOptions, SoftmaxOptions, TensorType } from './generated/tflite_generated.ts'
import { readTflite } from './tflite-reader.ts'

afterAll(removeTempDirs)

const node = (id: string, op: string, attrs: GraphNode['attrs'], int16 = false): GraphNode =>
  ({ id, op, name: id, attrs, position: { x: 0, y: 0 }, ...(int16 ? { activations: 'int16' as const } : {}) })
const edge = (source: string, target: string, targetPort = 0): Edge => ({ id: `${source}-${target}-${targetPort}`, source, target, targetPort })

const INT16_ATTENTION_NET: Graph = {
  seed: 19,
  nodes: [
    node('in', 'Input', { shape: [8, 6], mean: [0], scale: 1 / 32 }),
    node('to16', 'Quantize', {}, true),
    node('gram', 'BatchMatMul', { transposeB: true }, true),
    node('back', 'BatchMatMul', { transposeB: false }, true),
    node('sq', 'Mul', { activation: 'relu' }, true),
    node('sm', 'Softmax', { beta: 1.5 }, true),
    node('to8', 'Quantize', {}),
    node('flat', 'Flatten', {}),
    node('fc', 'FullyConnected', { units: 4 }),
    node('prob', 'Softmax', {}),
  ],
  edges: [
    edge('in', 'to16'), edge('to16', 'gram', 0), edge('to16', 'gram', 1), edge('gram', 'back', 0), edge('to16', 'back', 1),
    edge('back', 'sq', 0), edge('to16', 'sq', 1), edge('sq', 'sm'), edge('sm', 'to8'), edge('to8', 'flat'), edge('flat', 'fc'),
    edge('fc', 'prob'),
  ],
}

const inputs = (count: number): Int8Array[] => seededInt8Inputs(23, 48, count)

const INT16_REASON = 'int16 activations (16x8)'

describe('TFLite 16x8 BatchMatMul, Mul, Softmax import', () => {
  const original = quantized(INT16_ATTENTION_NET, 's8')
  const bytes = writeTflite(original)
  const r = importModel(bytes, 'int16-attention.tflite')
  const g = r.doc.graph
  const byName = (name: string) => g.nodes.find((n) => n.name === name)!

  it('writes 16x8 tensors as the converter does: int16 activations, adj_y, β, the int16 softmax output at 1/32768', () => {
    const m = readTflite(bytes)
    const t = (name: string) => m.tensors.find((x) => x.name === name)!
    expect(['to16', 'gram', 'back', 'sq', 'sm'].map((n) => TensorType[t(n).type])).toEqual(Array(5).fill('INT16'))
    expect([t('sm').quant!.scale, t('sm').quant!.zeroPoint]).toEqual([[Math.fround(1 / 32768)], [0]])
    expect(m.operators.filter((o) => o.opName === 'BATCH_MATMUL').map((o) => [o.options.adjX, o.options.adjY])).toEqual([[false, true], [false, false]])
    expect(m.operators.filter((o) => o.opName === 'SOFTMAX').map((o) => o.options.beta)).toEqual([1.5, 1])
  })

  it('maps every operator and says what each became', () => {
    expect(r.report.entries.map((e) => [e.sourceOp, e.status, e.irOps.join('+'), e.reason ?? ''])).toEqual([
      ['QUANTIZE', 'mapped', 'Quantize', expect.stringMatching(/^requantization int8 → int16, scale 0\.\d+ → 0\.\d+$/)],
      ['BATCH_MATMUL', 'mapped', 'BatchMatMul', INT16_REASON],
      ['BATCH_MATMUL', 'mapped', 'BatchMatMul', INT16_REASON],
      ['MUL', 'mapped', 'Mul', INT16_REASON],
      ['SOFTMAX', 'mapped', 'Softmax', 'int16 activations (16x8), output scale 1/32768'],
      ['QUANTIZE', 'mapped', 'Quantize', expect.stringMatching(/^requantization int16 → int8, scale 0\.000030517578125 → 0\.\d+$/)],
      ['RESHAPE', 'mapped', 'Flatten', ''],
      ['FULLY_CONNECTED', 'mapped', 'FullyConnected', ''],
      ['SOFTMAX', 'mapped', 'Softmax', ''],
    ])
    expect(r.report.diagnostics.filter((d) => d.severity === 'error')).toEqual([])
    expect(analyzeGraph(g, getLibrary('cmsis-nn')).diagnostics.filter((d) => d.severity === 'error')).toEqual([])
  })

  it('keeps the file\'s quantization and options: int16 layers marked, float32 scales, adj_y, β', () => {
    expect(g.nodes.map((n) => [n.name, n.op, n.activations ?? ''])).toEqual([
      ['in', 'Input', ''], ['to16', 'Quantize', 'int16'], ['gram', 'BatchMatMul', 'int16'], ['back', 'BatchMatMul', 'int16'],
      ['sq', 'Mul', 'int16'], ['sm', 'Softmax', 'int16'], ['to8', 'Quantize', ''], ['flat', 'Flatten', ''], ['fc', 'FullyConnected', ''],
      ['prob', 'Softmax', ''],
    ])
    expect([byName('gram').attrs.transposeB, byName('back').attrs.transposeB, byName('sm').attrs.beta]).toEqual([true, false, 1.5])
    for (const o of original.nodes) {
      const n = byName(o.name)
      expect(n.quant!.output.scale, o.name).toEqual(o.quant!.output.scale.map(Math.fround))
      expect(n.quant!.output.zeroPoint, o.name).toEqual(o.quant!.output.zeroPoint)
      for (const [k, t] of Object.entries(o.weights ?? {})) expect(Array.from(n.weights![k].data), `${o.name}.${k}`).toEqual(Array.from(t.data))
    }
    expect(byName('sm').quant!.output).toMatchObject({ scale: [Math.fround(1 / 32768)], zeroPoint: [0] })
  })

  it('computes every int16 tensor as the independent references do, and the same bytes as the written graph at every node', () => {
    const a = analyzeGraph(g)
    const distinct: number[] = []
    for (const x of inputs(6)) {
      const mine = runInt8(g, { [g.nodes[0].id]: x }).outputs
      const theirs = runInt8(original, { in: x }).outputs
      for (const o of original.nodes) expect(Array.from(mine.get(byName(o.name).id)!), o.name).toEqual(Array.from(theirs.get(o.id)!))
      const out = (name: string) => Array.from(mine.get(byName(name).id)!)
      const q = (name: string) => byName(name).quant!.output
      const ref = (name: string) => ({ data: out(name), shape: [...a.nodes.get(byName(name).id)!.output!.shape], scale: q(name).scale[0], zp: 0 })
      expect(out('to16')).toEqual(referenceRequantizeTensor(out('in'), q('in').scale[0], q('in').zeroPoint[0], q('to16').scale[0], 0, -32768, 32767))
      expect(out('gram')).toEqual(referenceBatchMatMulS16(ref('to16'), ref('to16'), true, q('gram').scale[0]))
      expect(out('back')).toEqual(referenceBatchMatMulS16(ref('gram'), ref('to16'), false, q('back').scale[0]))
      expect(out('sq')).toEqual(referenceMul(ref('back'), ref('to16'), ref('sq').shape, q('sq').scale[0], 0, 0, 32767))
      expect(out('sm')).toEqual(referenceSoftmaxS16(out('sq'), 6, q('sq').scale[0], 1.5))
      distinct.push(...out('sm'))
      expect(out('to8')).toEqual(referenceRequantizeTensor(out('sm'), q('sm').scale[0], 0, q('to8').scale[0], q('to8').zeroPoint[0], -128, 127))
    }
    // The softmax sees varied rows, not saturated ones (271 distinct codes of 384 when written).
    expect(new Set(distinct).size).toBeGreaterThan(200)
  })

  it('exports a C package bit-exact with the engine (host ASan/UBSan, qemu Cortex-M4)', () => {
    expectPackageBitExact(g, 'tfl_int16_attn', 4)
  }, 300_000)
})

describe('TFLite int16 SOFTMAX output quantization', () => {
  const softmax = (scale: number, zeroPoint: number) => importModel(buildTflite({
    tensors: [{ shape: [1, 4], type: TensorType.INT8, quant: { scale: [0.05], zeroPoint: [0] }, name: 'x' },
      { shape: [1, 4], type: TensorType.INT16, quant: { scale: [1e-3], zeroPoint: [0] }, name: 'a' },
      { shape: [1, 4], type: TensorType.INT16, quant: { scale: [scale], zeroPoint: [zeroPoint] }, name: 'y' }],
    inputs: [0], outputs: [2],
    ops: [{ op: Op.QUANTIZE, inputs: [0], outputs: [1] },
      { op: Op.SOFTMAX, inputs: [1], outputs: [2], options: [BuiltinOptions.SoftmaxOptions, (b) => SoftmaxOptions.createSoftmaxOptions(b, 1)] }],
  }), 'softmax.tflite').report.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message)

  it('takes 1/32768 with zero point 0 and refuses any other int16 softmax output with a sentence', () => {
    expect(softmax(1 / 32768, 0)).toEqual([])
    expect(softmax(1 / 65536, 0)).toEqual(['y: an int16 SOFTMAX must have output scale 1/32768 and zero point 0 (TFLite\'s int16 softmax); '
      + 'the file has scale 0.0000152587890625, zero point 0'])
    expect(softmax(1 / 32768, -32768)).toHaveLength(1)
  })
})
