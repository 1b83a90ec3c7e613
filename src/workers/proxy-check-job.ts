/**
 * The proxy-check job (registered in jobs.ts): trains a sample of small variants of a family on the user's data in
 * TensorFlow.js (the Train tab's data choice: class folders, .npy pairs or IDX files; each variant's data read at its
 * Input's shape, once per shape) and ranks the proxies by their Spearman correlation with the int8 accuracy the int8
 * engine measures (core/pipelines/explore/proxy-check.ts). Progress: variants and batches, with the variants done so
 * far in `detail`; cancel: the progress call throws.
 */
import { createInt8Engine } from '../core/engine/create-int8-engine.ts'
import type { Int8EngineId } from '../core/engine/int8-engines.ts'
import type { Graph } from '../core/ir/types.ts'
import type { Family } from '../core/pipelines/explore/family.ts'
import type { ProxyCheckOptions, ProxyCheckResult, ProxyCheckVariant } from '../core/pipelines/explore/proxy-check.ts'
import { proxyCheck } from '../core/pipelines/explore/proxy-check.ts'
import type { TrainData } from '../core/pipelines/train/train-graph.ts'
import type { ImageDecoder } from './calibration-files.ts'
import { defineJob } from './job-protocol.ts'
import { loadTensorFlow } from './train-job.ts'
import type { TrainBackendChoice } from './train-protocol.ts'
import type { TrainingSource } from './training-data.ts'
import { loadTrainingData } from './training-data.ts'

export interface ProxyCheckJobInput {
  family: Family
  source: TrainingSource
  /** Keep the first N training samples. */
  maxSamples?: number
  options: ProxyCheckOptions
  engine: Int8EngineId
  backend: TrainBackendChoice
}

export interface ProxyCheckProgressDetail {
  backend: string
  done: ProxyCheckVariant[]
}

export interface ProxyCheckJobResult {
  input: Omit<ProxyCheckJobInput, 'source'>
  result: ProxyCheckResult
  backend: string
  data: string
}

/** The training data at each graph's Input shape, read once per shape. */
export function dataByShape(source: TrainingSource, decode: ImageDecoder, maxSamples?: number): { dataFor(graph: Graph): Promise<TrainData>; description(): string } {
  const cache = new Map<string, Promise<{ data: TrainData; description: string }>>()
  let description = ''
  return {
    async dataFor(graph) {
      const input = graph.nodes.find((n) => n.op === 'Input')
      const key = JSON.stringify(input?.attrs.shape ?? null)
      let hit = cache.get(key)
      if (!hit) {
        hit = loadTrainingData(graph, source, decode, maxSamples)
        cache.set(key, hit)
      }
      const loaded = await hit
      description = loaded.description
      return loaded.data
    },
    description: () => description,
  }
}

export const proxyCheckJob = defineJob<ProxyCheckJobInput, ProxyCheckJobResult>({
  async run(input, ctx) {
    ctx.progress(0, 1, 'Loading TensorFlow.js')
    const { tf, backend } = await loadTensorFlow(input.backend)
    const engine = await createInt8Engine(input.engine)
    const data = dataByShape(input.source, ctx.env.decodeImage, input.maxSamples)
    let done: ProxyCheckVariant[] = []
    const result = await proxyCheck(tf, input.family, input.options, {
      dataFor: data.dataFor, engine, backend, source: 'proxy check',
      onProgress(p) {
        const within = p.batches ? ((p.epoch ?? 1) - 1 + (p.batch ?? 0) / p.batches) / (input.options.train.epochs + input.options.train.qatEpochs) : 0
        const label = p.stage === 'proxies' ? `Variant ${p.variant + 1}/${p.variants}: zero-cost proxies`
          : `Variant ${p.variant + 1}/${p.variants}: epoch ${p.epoch} · batch ${p.batch}/${p.batches}`
        ctx.progress(Math.round((p.variant + within) * 1000), p.variants * 1000, label, { backend, done } satisfies ProxyCheckProgressDetail)
      },
      onVariant(_, all) { done = all },
    })
    const { source: _s, ...rest } = input
    return { input: rest, result, backend, data: data.description() }
  },
})
