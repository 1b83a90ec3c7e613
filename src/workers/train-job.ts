/**
 * The train job (types in train-protocol.ts; registered in jobs.ts): reads the labelled data, loads TensorFlow.js
 * lazily (served with the app, no CDN) on the best backend there is — WebGPU when an adapter exists, else WebGL,
 * else the CPU (or the one asked for) — and runs core/pipelines/train/train-run.ts: float then QAT epochs, the int8
 * model from the learned ranges and its accuracy by the int8 engine. Progress: batches over the whole run, with the
 * history, the current batch and (after each epoch) a checkpoint in `detail`. Cancel: the progress call throws.
 */
import { createInt8Engine } from '../core/engine/create-int8-engine.ts'
import type { Tf } from '../core/ops/tfjs-twin.ts'
import type { TrainingEpoch } from '../core/ir/training-run.ts'
import { trainProject } from '../core/pipelines/train/train-run.ts'
import { defineJob } from './job-protocol.ts'
import type { JobContext } from './job-protocol.ts'
import { loadTrainingData } from './training-data.ts'
import { CURVE_POINTS } from './train-protocol.ts'
import type { TrainBackendChoice, TrainJobInput, TrainJobResult, TrainProgressDetail } from './train-protocol.ts'

export const trainJob = defineJob<TrainJobInput, TrainJobResult>({
  run: runTrainJob,
})

export async function runTrainJob(input: TrainJobInput, ctx: JobContext): Promise<TrainJobResult> {
  const total = input.options.epochs + input.options.qatEpochs
  let detail: TrainProgressDetail = { backend: '…', totalEpochs: total, history: input.resume?.history ?? [], curve: [] }
  let curve: { x: number; loss: number }[] = []
  ctx.progress(0, 1, 'Reading the data', detail)
  const loaded = await loadTrainingData(input.graph, input.source, ctx.env.decodeImage, input.maxSamples,
    (d, t) => ctx.progress(0, 1, `Reading ${d} / ${t}`, detail))
  const { tf, backend } = await loadTensorFlow(input.backend)
  const n = loaded.data.samples.length
  const held = Math.round(n * input.options.valSplit)
  detail = { ...detail, backend, data: { train: n - held, validation: held, test: loaded.data.test?.samples.length ?? 0, description: loaded.description } }
  const batchesPerEpoch = Math.ceil((n - held) / input.options.batchSize)
  const start = input.resume?.epoch ?? 0
  const history: TrainingEpoch[] = [...(input.resume?.history ?? [])]
  ctx.progress(0, 1, `Training on ${backend}`, detail)
  const engine = await createInt8Engine(input.engine)
  const result = await trainProject(tf, {
    graph: input.graph, scheme: input.scheme, rounding: input.rounding, data: loaded.data, options: input.options, engine,
    source: loaded.description, backend, device: typeof window === 'undefined' && typeof navigator === 'undefined' ? 'node' : 'browser',
    resume: input.resume,
  }, {
    onBatch(b) {
      const done = (b.epoch - 1 - start) * batchesPerEpoch + b.batch
      curve.push({ x: b.epoch - 1 + b.batch / b.batches, loss: b.loss })
      if (curve.length > CURVE_POINTS) curve = curve.filter((_, i) => i % 2 === 0 || i === curve.length - 1)
      detail = { ...detail, batch: b, curve: [...curve] }
      ctx.progress(done, (total - start) * batchesPerEpoch + 1,
        `Epoch ${b.epoch}/${total} (${b.phase === 'qat' ? 'QAT' : 'float'}) · batch ${b.batch}/${b.batches} · ${Math.round(b.samplesPerSecond)} samples/s`, detail)
    },
    onEpoch(entry, checkpoint) {
      history.push(entry)
      detail = { ...detail, history: [...history], checkpoint }
      const done = (entry.epoch - start) * batchesPerEpoch
      ctx.progress(done, (total - start) * batchesPerEpoch + 1,
        entry.epoch === total ? 'Measuring the int8 model with the int8 engine' : `Epoch ${entry.epoch}/${total} done`, detail)
    },
  })
  return { graph: result.graph, run: result.run, backend, samplesPerSecond: result.outcome.samplesPerSecond, curve }
}

/** TensorFlow.js on the chosen backend ('auto': WebGPU with an adapter, else WebGL, else CPU). */
export async function loadTensorFlow(choice: TrainBackendChoice): Promise<{ tf: Tf; backend: string }> {
  const tf = (await import('@tensorflow/tfjs')) as unknown as Tf
  const gpu = (globalThis as { navigator?: { gpu?: { requestAdapter(): Promise<unknown> } } }).navigator?.gpu
  const tryBackend = async (name: string): Promise<boolean> => {
    try {
      return await tf.setBackend(name)
    } catch {
      return false
    }
  }
  if ((choice === 'auto' || choice === 'webgpu') && gpu) {
    const adapter = await gpu.requestAdapter().catch(() => null)
    if (adapter) {
      await import('@tensorflow/tfjs-backend-webgpu')
      if (await tryBackend('webgpu')) return { tf, backend: 'webgpu' }
    }
  }
  if (choice !== 'cpu' && choice !== 'webgpu' && typeof OffscreenCanvas !== 'undefined' && await tryBackend('webgl')) {
    return { tf, backend: 'webgl' }
  }
  if (choice === 'webgpu' || choice === 'webgl') {
    if (!(await tryBackend('cpu'))) throw new Error('TensorFlow.js has no backend to run on')
    return { tf, backend: `cpu (${choice} is not available here)` }
  }
  if (!(await tryBackend('cpu'))) throw new Error('TensorFlow.js has no backend to run on')
  return { tf, backend: 'cpu' }
}
