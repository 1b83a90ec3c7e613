/**
 * The TF.js trainer's quantization-aware forward equals the PyTorch project's (python3-torch): same graph, float
 * weights and activation ranges → the same grids (every node's scale and zero point), the same fake-quantized
 * constants value for value, and the same forward: every node's output codes equal but where float32 summation order
 * meets an exact rounding tie (≤ 1 % of codes; measured: 0 on the templates and MIXED_NET, 28 of 6,072 on POOL_NET), and the same top-1 on every sample.
 * int16 (16x8) layers' codes agree within 2 of 65,536 (INT16_NET: 7 of 288 int16 codes moved by 1–2 — TF.js's and torch's
 * float sigmoid differ by an ulp —, every int8 code equal; INT16_CONV_NET: 5 of 5,940 int16 codes moved by 1, every int8
 * code equal); int4 weights on their [−7, 7] grid value for value.
 * The graphs cover every operator of both libraries; SVDF and LSTM graphs with their inner ranges (tracked by the TF.js
 * trainer, handed to the PyTorch model) too.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import * as tf from '@tensorflow/tfjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { decodeNpy, encodeNpy } from '../../formats/pytorch/npz.ts'
import { decodeNpz } from '../../formats/pytorch/npz.ts'
import type { ProjectDoc } from '../../ir/project.ts'
import { mulberry32 } from '../../ir/seeded-init.ts'
import type { Graph } from '../../ir/types.ts'
import { MIXED_NET, POOL_NET } from '../../testing/fixture-graphs.ts'
import { LSTM_WINDOW_NET, POW2_MUL_NET, SECOND_SET_NET, SEQUENCE_NET, SVDF_STREAM_NET } from '../../testing/fixture-graphs-seq.ts'
import { INT16_CONV_NET, INT16_NET, INT16_SOFTMAX_NET } from '../../testing/fixture-graphs-int16.ts'
import type { TfTensor } from '../../ops/tfjs-twin.ts'
import { removeTempDirs } from '../../testing/c-toolchain.ts'
import { python, writePytorchProject } from '../../testing/pytorch/python-project.ts'
import { buildTemplate, withInt4Weights } from '../../testing/pytorch/templates.ts'
import { RangeTracker } from './range-tracker.ts'
import { TfGraphModel } from './tf-graph-model.ts'

afterAll(removeTempDirs)
beforeAll(async () => { await tf.setBackend('cpu') })

const asDoc = (name: string, graph: Graph): ProjectDoc => ({ name, library: 'cmsis-nn', targets: [], graph })
const CASES: [string, () => ProjectDoc, 's8' | 'pow2'][] = [
  ['digits s8', () => buildTemplate('digits-cnn'), 's8'],
  ['digits pow2', () => buildTemplate('digits-cnn'), 'pow2'],
  ['kws s8 (depthwise, avg pool)', () => buildTemplate('kws-ds-cnn'), 's8'],
  ['mixed s8 (Add, Concat, ReLU6, branches)', () => asDoc('mixed', MIXED_NET), 's8'],
  ['mixed pow2', () => asDoc('mixed', MIXED_NET), 'pow2'],
  ['pool s8 (Pad, AvgPool, ReLU, Reshape, GlobalAveragePool)', () => asDoc('pool', POOL_NET), 's8'],
  ['second set s8 (TransposeConv2D, Mul, Maximum, Minimum, Transpose, BatchMatMul)', () => asDoc('second', SECOND_SET_NET), 's8'],
  ['sequence s8 ([1, 8, 6]: Transpose, BatchMatMul, rank-3 Mul)', () => asDoc('sequence', SEQUENCE_NET), 's8'],
  ['pow2 Mul (product shift bounded)', () => asDoc('mul', POW2_MUL_NET), 'pow2'],
  ['LSTM window s8 (two LSTMs: Q3.12 gates, Q0.15, int16 cell at 2^p)', () => asDoc('lstm', LSTM_WINDOW_NET), 's8'],
  ['SVDF stream s8 (two SVDFs: int16 time weights and state)', () => asDoc('svdf', SVDF_STREAM_NET), 's8'],
  ['int16 s8 (16x8: Quantize, FullyConnected int16, Sigmoid, Tanh)', () => asDoc('int16', INT16_NET), 's8'],
  ['int16 convolutions s8 (16x8: Conv2D, DepthwiseConv2D, Add, MaxPool2D, AvgPool2D)', () => asDoc('int16conv', INT16_CONV_NET), 's8'],
  ['int16 Softmax s8 (16x8: output 1/32768, beside an int8 Softmax)', () => asDoc('int16softmax', INT16_SOFTMAX_NET), 's8'],
  ['int4 weights s8 (digits: a Conv2D per channel, the FullyConnected per tensor)', () => withInt4Weights(buildTemplate('digits-cnn')), 's8'],
]

describe('QAT forward: TF.js trainer = PyTorch twins', () => {
  for (const [label, make, scheme] of CASES) {
    it(label, async () => {
      const doc = { ...make(), library: scheme === 's8' ? 'cmsis-nn' : 'pow2-q7' }
      const model = new TfGraphModel(tf as never, doc.graph, scheme)
      const size = model.sampleShape.reduce((a, b) => a * b, 1)
      const random = mulberry32(3)
      const n = 6
      const x = Float32Array.from({ length: n * size }, () => Math.floor(random() * 256))
      // Ranges from one float forward in training mode, as the trainer observes them.
      const tracker = new RangeTracker(model.groups)
      const extremes = tf.tidy(() => model.forward(tf.tensor(x, [n, ...model.sampleShape]) as TfTensor, { training: true }).extremes!.dataSync())
      model.track(tracker, extremes)
      const ranges = model.nodeRanges(tracker)
      const plan = await model.plan(tracker)
      const constants = await model.qatConstants(plan)
      const mine = new Map<string, Int32Array>()
      const logits = tf.tidy(() => model.forward(tf.tensor(x, [n, ...model.sampleShape]) as TfTensor, {
        training: false, plan, onNode: (id, out) => {
          const q = plan.output.get(id)!
          const codes = tf.clipByValue(tf.add(tf.round(tf.div(out, Math.fround(q.scale[0]))), q.zeroPoint[0]), ...model.codeRange(id))
          mine.set(id, Int32Array.from(codes.dataSync()))
        },
      }).logits.dataSync())
      model.dispose()

      const dir = writePytorchProject(doc, `qat-${doc.name.replace(/\W+/g, '-')}-${scheme}`)
      writeFileSync(join(dir, 'x.npy'), encodeNpy({ dtype: 'float32', shape: [n, ...model.sampleShape], data: x }))
      writeFileSync(join(dir, 'ranges.json'), JSON.stringify(Object.fromEntries(Object.entries(ranges).map(([k, r]) => [k, [r.min, r.max]]))))
      writeFileSync(join(dir, 'internal.json'), JSON.stringify(Object.fromEntries(plan.internal)))
      const r = python(dir, ['check_qat.py', 'x.npy', 'ranges.json', 'internal.json'])
      expect(r.output).toContain('ok')

      // 1. The grids: every node's scale and zero point, exactly.
      const theirPlan = JSON.parse(readFileSync(join(dir, 'plan.json'), 'utf8')) as Record<string, [number, number]>
      for (const [id, q] of plan.output) expect([q.scale[0], q.zeroPoint[0]], id).toEqual(theirPlan[id])
      // 2. The fake-quantized constants of every weighted layer, value for value.
      const fq = decodeNpz(readFileSync(join(dir, 'fq.npz')), 'fq.npz')
      for (const [id, tensors] of Object.entries(constants)) {
        for (const [name, values] of Object.entries(tensors)) {
          const other = fq.get(`${id}/${name}`)!.data as Float32Array
          expect(other.length, `${id} ${name}`).toBe(values.length)
          expect(values.findIndex((v, i) => v !== other[i]), `${id} ${name}: first differing value (−0 = 0)`).toBe(-1)
        }
      }
      // 3. The forward: every node's output codes. Float32 summation order differs (TF.js pools in double, torch in
      //    float) and average pooling of grid values lands on exact rounding ties, so a code may flip there and the
      //    flip travels on; the share of codes that differ must stay tiny and the logits' argmax must agree.
      const theirs = decodeNpz(readFileSync(join(dir, 'nodes.npz')), 'nodes.npz')
      let total = 0
      let moved = 0
      for (const [id, codes] of mine) {
        const other = theirs.get(id)!.data as Int32Array
        expect(other.length, id).toBe(codes.length)
        // An int16 code is 1/256 of an int8 step: float32 differences between TF.js's and torch's sigmoid/tanh (an ulp)
        // move a Q0.15 code by 1 now and then, and the int16 layers after it by a code or two. Those count as equal.
        const tolerance = model.isInt16(id) ? 2 : 0
        for (let i = 0; i < codes.length; i++) if (Math.abs(codes[i] - other[i]) > tolerance) moved++
        total += codes.length
      }
      expect(moved / total).toBeLessThanOrEqual(0.01)
      const theirLogits = decodeNpy(readFileSync(join(dir, 'logits.npy')), 'logits.npy').data as Float32Array
      const classes = logits.length / n
      const top = (v: ArrayLike<number>, k: number) => { let b = 0; for (let c = 1; c < classes; c++) if (v[k * classes + c] > v[k * classes + b]) b = c; return b }
      for (let k = 0; k < n; k++) expect(top(logits, k), `sample ${k}`).toBe(top(theirLogits, k))
    }, 120_000)
  }
})
