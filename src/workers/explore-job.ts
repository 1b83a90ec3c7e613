/**
 * The explore job: every variant of a network family estimated on the compared boards, with the fronts and the fit
 * per board (core/pipelines/explore), off the UI thread. The family travels as data (shipped, from a family file,
 * or made from the open design), the boards as Target objects. When the score is a zero-cost proxy (NASWOT, synflow,
 * grad-norm — the proxy check's pick), the job then computes it for every valid variant in TensorFlow.js on the first
 * samples of the given data (read at each variant's Input shape) and ranks the fronts by it.
 */
import type { Constraints, ExploreResult, Score } from '../core/pipelines/explore/explore.ts'
import { explore, frontsOf } from '../core/pipelines/explore/explore.ts'
import type { Family } from '../core/pipelines/explore/family.ts'
import { instantiate } from '../core/pipelines/explore/family.ts'
import type { TargetFit } from '../core/pipelines/explore/fit.ts'
import { fitTargets } from '../core/pipelines/explore/fit.ts'
import { ZERO_COST, zeroCostProxies } from '../core/pipelines/explore/zero-cost.ts'
import type { ZeroCostProxy } from '../core/pipelines/explore/zero-cost.ts'
import type { Target } from '../core/targets/types.ts'
import { getLibrary } from '../core/vendors/registry.ts'
import { JobCancelled, defineJob } from './job-protocol.ts'
import { dataByShape } from './proxy-check-job.ts'
import { loadTensorFlow } from './train-job.ts'
import type { TrainBackendChoice } from './train-protocol.ts'
import type { TrainingSource } from './training-data.ts'

export interface ExploreJobInput {
  family: Family
  targets: Target[]
  constraints: Constraints
  score: Score
  /** Measured int8 accuracy per point key (an accuracies file's figures): the 'accuracy' score, and the chart's measured points. */
  accuracy?: Record<string, number>
  maxVariants?: number
  seed?: number
  /** Data for a zero-cost score: its first `batch` samples (default 32) feed each variant's proxy. */
  proxyData?: { source: TrainingSource; batch?: number; backend: TrainBackendChoice }
}

export interface ExploreJobResult {
  input: Omit<ExploreJobInput, 'proxyData'>
  result: ExploreResult
  fits: TargetFit[]
}

const isZeroCost = (s: Score): s is ZeroCostProxy => (ZERO_COST as readonly string[]).includes(s)

export const exploreJob = defineJob<ExploreJobInput, ExploreJobResult>({
  async run(input, ctx) {
    const checkCancel = () => { if (ctx.signal.aborted) throw new JobCancelled() }
    const zeroCost = isZeroCost(input.score) ? input.score : undefined
    if (zeroCost && !input.proxyData) throw new Error(`${zeroCost} needs data: choose the training data (Train tab) first`)
    const result = explore(input.family, {
      targets: input.targets, constraints: input.constraints, score: input.score,
      ...(input.accuracy ? { accuracy: new Map(Object.entries(input.accuracy)) } : {}), maxVariants: input.maxVariants, seed: input.seed,
      onProgress: (done, total) => ctx.progress(done, total, `Estimating variant ${done} / ${total}`),
      checkCancel,
    })
    if (zeroCost && input.proxyData) {
      const { tf } = await loadTensorFlow(input.proxyData.backend)
      const batch = input.proxyData.batch ?? 32
      const data = dataByShape(input.proxyData.source, ctx.env.decodeImage, batch)
      const scheme = getLibrary(input.family.library)!.scheme
      const valid = result.variants.filter((v) => v.ok)
      for (const [i, v] of valid.entries()) {
        checkCancel()
        ctx.progress(i, valid.length, `${zeroCost}: variant ${i + 1} / ${valid.length}`)
        const graph = instantiate(input.family, v.values)
        const d = await data.dataFor(graph)
        v.proxy = (await zeroCostProxies(tf, graph, scheme, { samples: d.samples.slice(0, batch), labels: d.labels.slice(0, batch) }))[zeroCost]
      }
      result.fronts = frontsOf(result.variants, { targets: input.targets, score: input.score })
    }
    const { proxyData: _p, ...rest } = input
    return { input: rest, result, fits: fitTargets(result, input.targets) }
  },
})
