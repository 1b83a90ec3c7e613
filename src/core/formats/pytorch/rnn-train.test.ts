/**
 * SVDF and LSTM classifiers trained end to end on synthetic sequences (three classes of noisy sinusoids of different
 * frequency): train.py (python3-torch, CPU) — float then QAT epochs, the int8 accuracy from its integer forward —,
 * import-weights (the inner ranges travel in the weights file), and the int8 engine's validation on the same test set
 * gives exactly the accuracy train.py printed; the browser trainer (TF.js, CPU backend) trains the same graphs and its
 * int8 figure is the engine's too.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import * as tf from '@tensorflow/tfjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TS_INT8_ENGINE } from '../../engine/int8-engines.ts'
import type { ProjectDoc } from '../../ir/project.ts'
import { mulberry32 } from '../../ir/seeded-init.ts'
import type { Attrs, Graph } from '../../ir/types.ts'
import { importWeights } from '../../pipelines/import-weights.ts'
import { trainProject } from '../../pipelines/train/train-run.ts'
import { validateQuantized } from '../../pipelines/validation.ts'
import { removeTempDirs } from '../../testing/c-toolchain.ts'
import { npyBytes } from '../../testing/fixture-files.ts'
import { python, writePytorchProject } from '../../testing/pytorch/python-project.ts'
import { readWeightsFile } from './weights-file.ts'

afterAll(removeTempDirs)
beforeAll(async () => { await tf.setBackend('cpu') })

const T = 8
const F = 4

function chain(ops: [string, string, Attrs][]): Graph {
  return {
    seed: 5,
    nodes: ops.map(([id, op, attrs]) => ({ id, op, name: id, attrs, position: { x: 0, y: 0 } })),
    edges: ops.slice(1).map(([id], i) => ({ id: `e${i}`, source: ops[i][0], target: id, targetPort: 0 })),
  }
}

/** [1, 8, 4] → LSTM 12 (last step) → FullyConnected 3 → Softmax. */
const LSTM_CLASSIFIER: ProjectDoc = { name: 'lstm-seq', library: 'cmsis-nn', targets: [], graph: chain([
  ['in', 'Input', { shape: [T, F], mean: [128], scale: 1 / 64 }],
  ['lstm', 'LSTM', { units: 12, returnSequences: false }],
  ['fc', 'FullyConnected', { units: 3 }],
  ['prob', 'Softmax', {}],
]) }

/** The same sequences flattened to one 32-value frame per invocation → SVDF 8 (rank 2, memory 4) → FC 3 → Softmax. */
const SVDF_CLASSIFIER: ProjectDoc = { name: 'svdf-seq', library: 'cmsis-nn', targets: [], graph: chain([
  ['in', 'Input', { shape: [T * F], mean: [128], scale: 1 / 64 }],
  ['svdf', 'SVDF', { units: 8, rank: 2, memory: 4, activation: 'relu' }],
  ['fc', 'FullyConnected', { units: 3 }],
  ['prob', 'Softmax', {}],
]) }

/** n sequences [T, F] of whole numbers 0..255: class k is a sinusoid of frequency k + 1 with a random phase, plus noise. */
function sequences(n: number, seed: number): { x: Float32Array; y: number[] } {
  const next = mulberry32(seed)
  const x = new Float32Array(n * T * F)
  const y: number[] = []
  for (let s = 0; s < n; s++) {
    const k = s % 3
    y.push(k)
    for (let f = 0; f < F; f++) {
      const phase = next() * 2 * Math.PI
      for (let t = 0; t < T; t++) {
        const v = 128 + 90 * Math.sin((2 * Math.PI * (k + 1) * t) / T + phase) + (next() - 0.5) * 40
        x[(s * T + t) * F + f] = Math.max(0, Math.min(255, Math.round(v)))
      }
    }
  }
  return { x, y }
}

const TRAIN = sequences(600, 1)
const TEST = sequences(150, 2)
const rows = (x: Float32Array, size: number) => Array.from({ length: x.length / size }, (_, i) => x.subarray(i * size, (i + 1) * size))

function writeData(dir: string, shape: number[]): void {
  const put = (name: string, d: { x: Float32Array; y: number[] }) => {
    writeFileSync(join(dir, `${name}-x.npy`), npyBytes('<f4', [d.y.length, ...shape], new Uint8Array(d.x.buffer.slice(0))))
    writeFileSync(join(dir, `${name}-y.npy`), npyBytes('<i8', [d.y.length], new Uint8Array(BigInt64Array.from(d.y, BigInt).buffer)))
  }
  put('train', TRAIN)
  put('test', TEST)
}

const int8Line = /int8 accuracy \(integer forward, the device's arithmetic\) on the test set: (\d+\.\d\d)% \((\d+)\/150\)/

describe('SVDF and LSTM classifiers: train.py → import-weights → int8 engine', () => {
  for (const [doc, shape] of [[LSTM_CLASSIFIER, [T, F]], [SVDF_CLASSIFIER, [T * F]]] as const) {
    it(`${doc.name}: the engine's int8 accuracy on the test set is exactly train.py's`, () => {
      const dir = writePytorchProject(doc, `rnn-${doc.name}`)
      writeData(dir, [...shape])
      const r = python(dir, ['train.py', '--data', 'train-x.npy', '--labels', 'train-y.npy', '--test-data', 'test-x.npy',
        '--test-labels', 'test-y.npy', '--epochs', '4', '--qat-epochs', '1', '--batch-size', '32', '--lr', '0.01',
        '--progress-every', '0', '--out', 'trained.npz'], 300_000)
      expect(r.stderr).toBe('')
      const m = int8Line.exec(r.stdout)
      expect(m, r.stdout).not.toBeNull()
      const file = new Uint8Array(readFileSync(join(dir, 'trained.npz')))
      const inner = readWeightsFile(file, 'trained.npz').meta.internal
      expect(Object.keys(inner)).toEqual([doc.graph.nodes[1].id])
      const imported = importWeights(doc, file, 'trained.npz')
      const g = imported.doc.graph
      const report = validateQuantized(g, g, { scheme: 's8', samples: { in: rows(TEST.x, T * F) }, labels: TEST.y })
      expect(report.outputs[0].int8Accuracy).toBe(imported.run!.result.int8Accuracy)
      expect(Math.round(report.outputs[0].int8Accuracy! * 150)).toBe(Number(m![2]))
      // Learned, not chance (1/3): a few epochs separate the frequencies.
      expect(report.outputs[0].int8Accuracy!).toBeGreaterThan(0.6)
    }, 300_000)
  }
})

describe('SVDF and LSTM classifiers: the browser trainer (TF.js CPU)', () => {
  for (const doc of [LSTM_CLASSIFIER, SVDF_CLASSIFIER]) {
    it(`${doc.name}: trains without refusal; its int8 figure is the engine's on the test set`, async () => {
      const result = await trainProject(tf as never, {
        graph: doc.graph, scheme: 's8', engine: TS_INT8_ENGINE, source: 'synthetic', backend: 'cpu', device: 'cpu',
        data: { samples: rows(TRAIN.x, T * F), labels: TRAIN.y, test: { samples: rows(TEST.x, T * F), labels: TEST.y } },
        options: { epochs: 4, qatEpochs: 1, batchSize: 32, lr: 0.01, seed: 1, valSplit: 0.1 },
      })
      const g = result.graph
      const report = validateQuantized(g, g, { scheme: 's8', samples: { in: rows(TEST.x, T * F) }, labels: TEST.y })
      expect(result.int8Accuracy).toBe(report.outputs[0].int8Accuracy)
      expect(result.int8Accuracy).toBeGreaterThan(0.6)
    }, 300_000)
  }
})
