/**
 * The explore job: every variant of a network family estimated on the compared boards, with the fronts and the fit
 * per board (core/pipelines/explore), off the UI thread. The family travels as data (shipped, from a family file,
 * or made from the open design), the boards as Target objects.
 */
import type { Constraints, ExploreResult, ProxyScore } from '../core/pipelines/explore/explore.ts'
import { explore } from '../core/pipelines/explore/explore.ts'
import type { Family } from '../core/pipelines/explore/family.ts'
import type { TargetFit } from '../core/pipelines/explore/fit.ts'
import { fitTargets } from '../core/pipelines/explore/fit.ts'
import type { Target } from '../core/targets/types.ts'
import { JobCancelled, defineJob } from './job-protocol.ts'

export interface ExploreJobInput {
  family: Family
  targets: Target[]
  constraints: Constraints
  score: ProxyScore
  maxVariants?: number
  seed?: number
}

export interface ExploreJobResult {
  input: ExploreJobInput
  result: ExploreResult
  fits: TargetFit[]
}

export const exploreJob = defineJob<ExploreJobInput, ExploreJobResult>({
  run(input, ctx) {
    const result = explore(input.family, {
      targets: input.targets, constraints: input.constraints, score: input.score, maxVariants: input.maxVariants, seed: input.seed,
      onProgress: (done, total) => ctx.progress(done, total, `Estimating variant ${done} / ${total}`),
      checkCancel: () => { if (ctx.signal.aborted) throw new JobCancelled() },
    })
    return { input, result, fits: fitTargets(result, input.targets) }
  },
})
