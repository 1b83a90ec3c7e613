/**
 * The TF.js trainer's quantization-aware forward equals the PyTorch project's (python3-torch): same graph, float
 * weights and activation ranges → every node's output on the same int8 grid, code for code (a float32 summation-order
 * tie may move a code by one; none are allowed to move more, and at most 0.5 % may move), and the logits within that.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import * as tf from '@tensorflow/tfjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { decodeNpy, encodeNpy } from '../../formats/pytorch/npz.ts'
import { decodeNpz } from '../../formats/pytorch/npz.ts'
import { mulberry32 } from '../../ir/seeded-init.ts'
import type { TfTensor } from '../../ops/tfjs-twin.ts'
import { removeTempDirs } from '../../testing/c-toolchain.ts'
import { python, writePytorchProject } from '../../testing/pytorch/python-project.ts'
import { buildTemplate } from '../../testing/pytorch/templates.ts'
import { RangeTracker } from './range-tracker.ts'
import { TfGraphModel } from './tf-graph-model.ts'

afterAll(removeTempDirs)
beforeAll(async () => { await tf.setBackend('cpu') })

const CASES: [string, string, 's8' | 'pow2'][] = [
  ['digits s8', 'digits-cnn', 's8'],
  ['digits pow2', 'digits-cnn', 'pow2'],
  ['kws s8 (depthwise, avg pool)', 'kws-ds-cnn', 's8'],
]

describe('QAT forward: TF.js trainer = PyTorch twins', () => {
  for (const [label, template, scheme] of CASES) {
    it(label, () => {
      const doc = { ...buildTemplate(template), library: scheme === 's8' ? 'cmsis-nn' : 'pow2-q7' }
      const model = new TfGraphModel(tf as never, doc.graph, scheme)
      const size = model.sampleShape.reduce((a, b) => a * b, 1)
      const random = mulberry32(3)
      const n = 6
      const x = Float32Array.from({ length: n * size }, () => Math.floor(random() * 256))
      // Ranges from one float forward in training mode, as the trainer observes them.
      const tracker = new RangeTracker(model.groups)
      const extremes = tf.tidy(() => model.forward(tf.tensor(x, [n, ...model.sampleShape]) as TfTensor, { training: true }).extremes!.dataSync())
      model.nodes.forEach((m, i) => tracker.update(model.groupOf(m.node.id), extremes[2 * i], extremes[2 * i + 1]))
      const ranges = model.nodeRanges(tracker)
      const plan = model.plan(tracker)
      const mine = new Map<string, Int32Array>()
      const logits = tf.tidy(() => model.forward(tf.tensor(x, [n, ...model.sampleShape]) as TfTensor, {
        training: false, plan, onNode: (id, out) => {
          const q = plan.output.get(id)!
          const codes = tf.clipByValue(tf.add(tf.round(tf.div(out, Math.fround(q.scale[0]))), q.zeroPoint[0]), -128, 127)
          mine.set(id, Int32Array.from(codes.dataSync()))
        },
      }).logits.dataSync())
      model.dispose()

      const dir = writePytorchProject(doc, `qat-${template}-${scheme}`)
      writeFileSync(join(dir, 'x.npy'), encodeNpy({ dtype: 'float32', shape: [n, ...model.sampleShape], data: x }))
      writeFileSync(join(dir, 'ranges.json'), JSON.stringify(Object.fromEntries(Object.entries(ranges).map(([k, r]) => [k, [r.min, r.max]]))))
      const r = python(dir, ['check_qat.py', 'x.npy', 'ranges.json'])
      expect(r.output).toContain('ok')
      const theirs = decodeNpz(readFileSync(join(dir, 'nodes.npz')), 'nodes.npz')
      let total = 0
      let moved = 0
      for (const [id, codes] of mine) {
        const other = theirs.get(id)!.data as Int32Array
        expect(other.length, id).toBe(codes.length)
        for (let i = 0; i < codes.length; i++) {
          const d = Math.abs(codes[i] - other[i])
          expect(d, `${id}[${i}]`).toBeLessThanOrEqual(1)
          if (d) moved++
        }
        total += codes.length
      }
      expect(moved / total).toBeLessThanOrEqual(0.005)
      const theirLogits = decodeNpy(readFileSync(join(dir, 'logits.npy')), 'logits.npy').data as Float32Array
      const outScale = plan.output.get(model.nodes.find((m) => m.node.id === model.outputId)!.sources[0] ?? '')?.scale[0] ?? 1
      for (let i = 0; i < logits.length; i++) expect(Math.abs(logits[i] - theirLogits[i])).toBeLessThanOrEqual(outScale * 1.0001 + 1e-6)
    }, 120_000)
  }
})
