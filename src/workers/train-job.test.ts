/**
 * The train job in-process (TF.js CPU backend in Node) on a small Fashion-MNIST subset given as .npy files: progress
 * with history and checkpoints, the int8 model's accuracy equal to the int8 engine's count on the validation split,
 * the training record; cancel stops it and a resumed run from the last checkpoint ends with exactly the weights of an
 * uninterrupted run; bad datasets fail with one line.
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { IDX_NAME, labelsFromFile, parseIdx, samplesFromIdx } from '../core/data/idx-files.ts'
import { TS_INT8_ENGINE } from '../core/engine/int8-engines.ts'
import { encodeNpy } from '../core/formats/pytorch/npz.ts'
import type { Graph } from '../core/ir/types.ts'
import { argmax } from '../core/pipelines/validation.ts'
import { splitValidation } from '../core/pipelines/train/train-graph.ts'
import type { TrainCheckpoint } from '../core/pipelines/train/train-graph.ts'
import { templateById } from '../core/templates/index.ts'
import { decodePng } from '../core/data/png.ts'
import { createInProcessRunner } from './in-process-runner.ts'
import type { JobProgress } from './job-protocol.ts'
import type { TrainJobInput, TrainJobResult, TrainProgressDetail } from './train-protocol.ts'

const DIR = '/usr/share/datasets/fashion-mnist'
const N = 72
const images = samplesFromIdx(parseIdx(readFileSync(`${DIR}/train-images-idx3-ubyte.gz`), 'x'), [28, 28, 1], 'x').slice(0, N)
const labels = labelsFromFile(readFileSync(`${DIR}/train-labels-idx1-ubyte.gz`), 'y', 60000).slice(0, N)
const blob = (b: Uint8Array) => new Blob([b as Uint8Array<ArrayBuffer>])
const xNpy = blob(encodeNpy({ dtype: 'float32', shape: [N, 28, 28], data: Float32Array.from(images.flatMap((s) => [...s])) }))
const yNpy = blob(encodeNpy({ dtype: 'int32', shape: [N], data: Int32Array.from(labels) }))
const graph = templateById('digits-cnn')!.build().graph
const runner = createInProcessRunner(async (blob, path) => decodePng(new Uint8Array(await blob.arrayBuffer()), path))

function input(over: Partial<TrainJobInput> = {}): TrainJobInput {
  return {
    graph, scheme: 's8', source: { kind: 'files', files: [{ path: 'x.npy', blob: xNpy }, { path: 'y.npy', blob: yNpy }] },
    options: { epochs: 1, qatEpochs: 1, batchSize: 16, lr: 0.005, seed: 3, valSplit: 0.25 }, engine: 'ts', backend: 'auto', ...over,
  }
}

function run(job: TrainJobInput, stopAfterEpoch?: number): Promise<{ result?: TrainJobResult; error?: string; progress: JobProgress[] }> {
  return new Promise((resolve) => {
    const progress: JobProgress[] = []
    const handle = runner.start('train', job, {
      onProgress(p) {
        progress.push(p)
        const d = p.detail as TrainProgressDetail
        if (stopAfterEpoch !== undefined && d.checkpoint?.epoch === stopAfterEpoch) {
          handle.cancel()
          resolve({ progress })
        }
      },
      onDone: (result) => resolve({ result, progress }),
      onFailed: (error) => resolve({ error, progress }),
    })
  })
}

function int8Correct(g: Graph, indices: number[]): number {
  const model = TS_INT8_ENGINE.prepare(g, 's8')
  const inputId = g.nodes.find((n) => n.op === 'Input')!.id
  return indices.filter((i) => argmax(model.run(model.preprocess({ [inputId]: images[i] }), { capture: 'outputs' }).get(model.prepared.outputIds[0])!) === labels[i]).length
}

describe('train job (TF.js CPU in Node)', () => {
  it('trains float + QAT, reports curves and checkpoints, and measures the int8 model with the int8 engine', async () => {
    const { result, progress, error } = await run(input())
    expect(error).toBeUndefined()
    const last = progress.at(-1)!.detail as TrainProgressDetail
    expect(last.backend).toBe('cpu')
    expect(last.data).toEqual({ train: 54, validation: 18, test: 0, description: 'x.npy + y.npy' })
    expect(last.history.map((h) => h.phase)).toEqual(['float', 'qat'])
    expect(progress.some((p) => (p.detail as TrainProgressDetail).batch?.batches === 4)).toBe(true)
    const run_ = result!.run
    expect(run_.result.evaluatedOn).toBe('validation')
    expect(run_.result.samples).toBe(18)
    expect(run_.dataset).toMatchObject({ train: 54, validation: 18, test: 0, classes: 10 })
    expect(run_.dataset.fingerprint).toMatch(/^[0-9a-f]{64}$/)
    expect(run_.backend).toBe('tensorflow.js 4.22.0 (cpu)')
    expect(result!.graph.nodes.every((n) => n.quant)).toBe(true)
    const weights = result!.graph.nodes.find((n) => n.op === 'Conv2D')!.weights!.weights
    expect(weights.dtype).toBe('int8')
    expect(weights.origin).toBe('trained')
    const { validation } = splitValidation(N, 0.25, 3)
    expect(run_.result.int8Accuracy).toBe(int8Correct(result!.graph, validation) / validation.length)
  }, 180_000)

  it('cancel keeps the last checkpoint; resuming from it ends with the weights of an uninterrupted run', async () => {
    const options = { epochs: 2, qatEpochs: 0, batchSize: 24, lr: 0.005, seed: 5, valSplit: 0.25 }
    const whole = await run(input({ options }))
    const stopped = await run(input({ options }), 1)
    const checkpoint = (stopped.progress.at(-1)!.detail as TrainProgressDetail).checkpoint as TrainCheckpoint
    expect(checkpoint.epoch).toBe(1)
    const resumed = await run(input({ options, resume: checkpoint }))
    expect(resumed.error).toBeUndefined()
    const bytes = (r: TrainJobResult) => r.graph.nodes.flatMap((n) => Object.values(n.weights ?? {}).map((t) => Array.from(t.data)))
    expect(bytes(resumed.result!)).toEqual(bytes(whole.result!))
    expect(resumed.result!.run.epochs.map((e) => e.epoch)).toEqual([1, 2])
  }, 240_000)

  it('bad datasets fail with one line', async () => {
    const oneClass = blob(encodeNpy({ dtype: 'int32', shape: [N], data: new Int32Array(N) }))
    const short = blob(encodeNpy({ dtype: 'int32', shape: [5], data: new Int32Array(5) }))
    const wrong = blob(encodeNpy({ dtype: 'float32', shape: [4, 9], data: new Float32Array(36) }))
    const files = (x: Blob, y: Blob) => ({ kind: 'files' as const, files: [{ path: 'x.npy', blob: x }, { path: 'y.npy', blob: y }] })
    expect((await run(input({ source: files(xNpy, oneClass) }))).error).toBe('the dataset has one class only; training a classifier needs at least two')
    expect((await run(input({ source: files(xNpy, short) }))).error).toBe('y.npy holds 5 labels but the data holds 72 samples')
    expect((await run(input({ source: files(wrong, yNpy) }))).error).toMatch(/^x\.npy has shape 4×9; the input needs 28×28×1 per sample/)
    expect((await run(input({ source: { kind: 'files', files: [{ path: 'a-idx3-ubyte', blob: new Blob([new Uint8Array([1, 2, 3])]) }] } }))).error)
      .toMatch(/IDX/)
    expect((await run(input({ options: { ...input().options, valSplit: 1.5 } }))).error).toBe('the validation split must be in [0, 1)')
    expect(IDX_NAME.test('train-images-idx3-ubyte.gz')).toBe(true)
  }, 120_000)
})
