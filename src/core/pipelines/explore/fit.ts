/**
 * Fit to target: for each board, the variant with the highest score (measured accuracy when a supernet gave it,
 * else the proxy — default MACs) among those meeting the constraints on that board; ties go to the lower latency,
 * then to the earlier variant. Also how much of the explored space fits each board (MCUNet's TinyNAS picks its
 * search space by exactly that share, without training).
 */
import type { Target } from '../../targets/types.ts'
import type { ExploreResult, Variant } from './explore.ts'
import { scoreOf } from './explore.ts'

export interface TargetFit {
  targetId: string
  /** The best variant, or undefined when none meets the constraints. */
  best?: Variant
  /** Variants meeting the constraints, of those evaluated (invalid ones excluded from both). */
  fitting: number
  valid: number
}

export function fitTargets(result: ExploreResult, targets: readonly Target[]): TargetFit[] {
  const valid = result.variants.filter((v) => v.ok)
  return targets.map((target, t) => {
    let best: Variant | undefined
    let fitting = 0
    for (const v of valid) {
      if (!v.meets[t]) continue
      fitting++
      if (!best) { best = v; continue }
      const a = scoreOf(v, result.score)
      const b = scoreOf(best, result.score)
      if (a > b || (a === b && v.latencyMs[t] < best.latencyMs[t])) best = v
    }
    return { targetId: target.id, best, fitting, valid: valid.length }
  })
}
