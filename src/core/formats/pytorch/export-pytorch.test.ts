/**
 * The exported PyTorch project run by python3-torch: predict.py's integer forward equals TinyForge's int8 engine byte
 * for byte on whole graphs — the digits and KWS templates (PTQ, s8 and pow2), the operator-covering test graphs (SVDF
 * and LSTM graphs included: each sample a run from the reset state, as the engine's runInt8 by default), a
 * two-input two-output graph and MLPerf Tiny int8 models imported from TFLite (their int8 tensors used unchanged) —
 * from int8 input tensors and from raw values through the Input's integer preprocessing; its float forward agrees
 * with the float engine; an imported int8 model's tensors travel into weights.npz unchanged. A single-rounding project
 * (rounding 'single') writes it into graph.json, and predict.py's integer forward follows it.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { TWO_IO_NET, mlperfGraph } from '../../testing/c-fixtures.ts'
import { removeTempDirs } from '../../testing/c-toolchain.ts'
import { runFloat } from '../../engine/float-engine.ts'
import { prepareInputs, runInt8 } from '../../engine/int8-engine.ts'
import { prepareGraph } from '../../plan/prepare-graph.ts'
import type { ProjectDoc } from '../../ir/project.ts'
import { projectRounding } from '../../ir/project.ts'
import { mulberry32 } from '../../ir/seeded-init.ts'
import type { Graph } from '../../ir/types.ts'
import { shapeSize } from '../../ir/types.ts'
import type { QuantScheme } from '../../quant/scheme.ts'
import { syntheticSamples } from '../../data/calibration-data.ts'
import { MIXED_NET, POOL_NET } from '../../testing/fixture-graphs.ts'
import { LSTM_STREAM_NET, LSTM_WINDOW_NET, POW2_MUL_NET, SECOND_SET_NET, SEQUENCE_NET, SVDF_STREAM_NET } from '../../testing/fixture-graphs-seq.ts'
import { quantizeGraph } from '../../pipelines/ptq.ts'
import { exportPytorchProject } from './export-pytorch.ts'
import { decodeNpy, encodeNpy } from './npz.ts'
import { readWeightsFile } from './weights-file.ts'
import { buildTemplate, withInt4Weights } from '../../testing/pytorch/templates.ts'
import { INT16_CONV_NET, INT16_NET, INT16_SEQ_NET, INT16_SOFTMAX_NET } from '../../testing/fixture-graphs-int16.ts'
import { python, writePytorchProject } from '../../testing/pytorch/python-project.ts'

afterAll(removeTempDirs)

const SAMPLES = 12
const q = (g: Graph, scheme: QuantScheme): Graph => quantizeGraph(g, { scheme, samples: syntheticSamples(g, 4, 1) })
const doc = (name: string, graph: Graph, scheme: QuantScheme): ProjectDoc =>
  ({ name, library: scheme === 's8' ? 'cmsis-nn' : 'pow2-q7', targets: [], graph })

const CASES: [string, () => ProjectDoc][] = [
  ['digits template, s8', () => buildTemplate('digits-cnn', 's8')],
  ['digits template, pow2', () => buildTemplate('digits-cnn', 'pow2')],
  ['KWS template, s8', () => buildTemplate('kws-ds-cnn', 's8')],
  ['mixed graph, s8', () => doc('mixed', q(MIXED_NET, 's8'), 's8')],
  ['mixed graph, pow2', () => doc('mixed', q(MIXED_NET, 'pow2'), 'pow2')],
  ['pool graph, s8', () => doc('pool', q(POOL_NET, 's8'), 's8')],
  ['two inputs, two outputs, s8', () => doc('two', q(TWO_IO_NET, 's8'), 's8')],
  ['second operator set (Mul, Maximum, Minimum, Transpose, BatchMatMul, TransposeConv2D), s8', () => doc('second', q(SECOND_SET_NET, 's8'), 's8')],
  ['sequence graph [1, 8, 6] (Transpose, BatchMatMul, rank-3 Mul), s8', () => doc('sequence', q(SEQUENCE_NET, 's8'), 's8')],
  ['pow2 Mul (arm_nn_mult_q7)', () => doc('mul', q(POW2_MUL_NET, 'pow2'), 'pow2')],
  ['LSTM window [1, 8, 6] (two LSTMs, int16 cell, each sample from the reset state), s8', () => doc('lstm', q(LSTM_WINDOW_NET, 's8'), 's8')],
  ['stateful LSTM, one frame per call (from the reset state, as the engine per run), s8', () => doc('lstm1', q(LSTM_STREAM_NET, 's8'), 's8')],
  ['SVDF stream (two SVDFs, int16 state, each sample from the reset state), s8', () => doc('svdf', q(SVDF_STREAM_NET, 's8'), 's8')],
  ['MLPerf KWS int8 (kws_ref_model.tflite)', () => doc('kws', mlperfGraph('kws_ref_model.tflite'), 's8')],
  ['MLPerf anomaly detection int8 (ad01_int8.tflite)', () => doc('ad01', mlperfGraph('ad01_int8.tflite'), 's8')],
  ['MLPerf ResNet-8 int8 (pretrainedResnet_quant.tflite)', () => doc('resnet', mlperfGraph('pretrainedResnet_quant.tflite'), 's8')],
  ['MLPerf VWW int8 (vww_96_int8.tflite)', () => doc('vww', mlperfGraph('vww_96_int8.tflite'), 's8')],
  ['16x8 layers (Quantize, FullyConnected int16, Sigmoid, Tanh), s8', () => doc('int16', q(INT16_NET, 's8'), 's8')],
  ['16x8 convolutions (Conv2D, DepthwiseConv2D, Add, MaxPool2D, AvgPool2D int16), s8', () => doc('int16conv', q(INT16_CONV_NET, 's8'), 's8')],
  ['16x8 Softmax (arm_softmax_s16) beside an int8 Softmax, s8', () => doc('int16softmax', q(INT16_SOFTMAX_NET, 's8'), 's8')],
  ['16x8 sequence (BatchMatMul transposed and not, Mul int16), s8', () => doc('int16seq', q(INT16_SEQ_NET, 's8'), 's8')],
  ['int4 weights (digits: Conv2D per channel, FullyConnected per tensor), s8', () => {
    const d = withInt4Weights(buildTemplate('digits-cnn'))
    return { ...d, graph: q(d.graph, 's8') }
  }],
  ['MLPerf KWS int8, single rounding', () => ({ ...doc('kws', mlperfGraph('kws_ref_model.tflite'), 's8'), rounding: 'single' })],
]

function concatRows(rows: readonly ArrayLike<number>[]): number[] {
  return rows.flatMap((r) => Array.from(r))
}

describe('exported PyTorch project (python3-torch): integer forward = int8 engine', () => {
  it.each(CASES)('%s', (_name, make) => {
    const d = make()
    const scheme = d.library === 'cmsis-nn' ? 's8' : 'pow2'
    const rounding = projectRounding(d)
    const prepared = prepareGraph(d.graph, scheme)
    const dir = writePytorchProject(d, 'predict')
    expect(JSON.parse(readFileSync(join(dir, 'graph.json'), 'utf8')).rounding).toBe(rounding)
    const next = mulberry32(77)
    // int8 input tensors: random, plus the extremes.
    const int8In = prepared.inputIds.map((id) => {
      const size = shapeSize(prepared.nodes.get(id)!.outputShape)
      return Array.from({ length: SAMPLES }, (_, s) => Int8Array.from({ length: size },
        () => (s === 0 ? -128 : s === 1 ? 127 : Math.floor(next() * 256) - 128)))
    })
    // raw inputs: seeded whole numbers through the Input's integer preprocessing.
    const raw = syntheticSamples(d.graph, SAMPLES, 9)
    const args = (kind: string, n: number) => prepared.inputIds.flatMap((_, i) => ['--input', `${kind}${i}.npy`]).concat(
      prepared.outputIds.flatMap((_, o) => ['--out', `${kind}-out${o}.npy`])).slice(0, 2 * n + 2 * prepared.outputIds.length)
    prepared.inputIds.forEach((id, i) => {
      const shape = [SAMPLES, ...prepared.nodes.get(id)!.outputShape.slice(1)]
      writeFileSync(join(dir, `int${i}.npy`), encodeNpy({ dtype: 'int8', shape, data: Int8Array.from(concatRows(int8In[i])) }))
      writeFileSync(join(dir, `raw${i}.npy`), encodeNpy({ dtype: 'float32', shape, data: Float32Array.from(concatRows(raw[id])) }))
    })
    const n = prepared.inputIds.length
    const r1 = python(dir, ['predict.py', '--int8', ...args('int', n)])
    expect(r1.stderr).toBe('')
    const r2 = python(dir, ['predict.py', '--int8', '--preprocess', ...args('raw', n)].map((a) => a.replace('raw-out', 'pre-out')))
    expect(r2.stderr).toBe('')
    const r3 = python(dir, ['predict.py', ...args('raw', n)])
    expect(r3.stderr).toBe('')
    const read = (file: string) => decodeNpy(new Uint8Array(readFileSync(join(dir, file))), file)
    prepared.outputIds.forEach((outId, o) => {
      const fromInt = read(`int-out${o}.npy`)
      const fromRaw = read(`pre-out${o}.npy`)
      const float = read(`raw-out${o}.npy`)
      expect(fromInt.dtype).toBe('int8')
      const size = shapeSize(prepared.nodes.get(outId)!.outputShape)
      let maxFloatError = 0
      let scale = 0
      for (let s = 0; s < SAMPLES; s++) {
        const ins = Object.fromEntries(prepared.inputIds.map((id, i) => [id, int8In[i][s]]))
        const engine = runInt8(d.graph, ins, { scheme, rounding }).outputs.get(outId)!
        expect(Array.from(fromInt.data.subarray(s * size, (s + 1) * size) as Int8Array)).toEqual(Array.from(engine))
        const rawIn = Object.fromEntries(prepared.inputIds.map((id) => [id, raw[id][s]]))
        const engineRaw = runInt8(d.graph, prepareInputs(d.graph, rawIn, scheme, rounding), { scheme, rounding }).outputs.get(outId)!
        expect(Array.from(fromRaw.data.subarray(s * size, (s + 1) * size) as Int8Array)).toEqual(Array.from(engineRaw))
        const ref = runFloat(d.graph, rawIn).outputs.get(outId)!
        for (let k = 0; k < size; k++) {
          maxFloatError = Math.max(maxFloatError, Math.abs(ref[k] - (float.data as Float32Array)[s * size + k]))
          scale = Math.max(scale, Math.abs(ref[k]))
        }
      }
      expect(maxFloatError).toBeLessThanOrEqual(1e-4 * Math.max(1, scale))
    })
  }, 120_000)
})

describe('export --pytorch contents', () => {
  it('an imported int8 model travels unchanged: its int8 tensors, scales and zero points are in weights.npz', () => {
    const d = doc('kws', mlperfGraph('kws_ref_model.tflite'), 's8')
    const project = exportPytorchProject(d)
    const file = readWeightsFile(project.files.get('weights.npz') as Uint8Array, 'weights.npz')
    let tensors = 0
    for (const node of d.graph.nodes) {
      expect(file.meta.int8![node.id].output).toEqual(node.quant!.output)
      for (const [name, t] of Object.entries(node.weights ?? {})) {
        expect(Array.from(file.arrays.get(`int8/${node.id}/${name}`)!.data as Int8Array)).toEqual(Array.from(t.data))
        expect(file.meta.int8![node.id].weights[name]).toEqual(t.quant)
        tensors++
      }
    }
    expect(tensors).toBeGreaterThan(10)
    expect([...project.files.keys()].filter((p) => !p.startsWith('tinyforge_twins/'))).toEqual(
      ['README.md', 'graph.json', 'weights.npz', 'model.py', 'predict.py', 'train.py', 'train_cut.py'])
    expect(project.graph.nodes.map((n) => n.op)).toContain('DepthwiseConv2D')
  })

  it('is deterministic (the same project gives the same bytes, zip included)', () => {
    const a = exportPytorchProject(buildTemplate('digits-cnn'))
    const b = exportPytorchProject(buildTemplate('digits-cnn'))
    expect(a.zip()).toEqual(b.zip())
  })
})
