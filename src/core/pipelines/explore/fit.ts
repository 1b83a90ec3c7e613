/**
 * Fit to target: for each board, the variant with the highest score among those meeting the constraints on that
 * board; ties go to the lower latency, then to the earlier variant. Under the 'accuracy' score the measured variants
 * compete by their measured int8 accuracy; on a board where no measured variant fits, the fit falls back to the
 * MACs proxy among the fitting ones (`basis` says which). Also how much of the explored space fits each board
 * (MCUNet's TinyNAS picks its search space by exactly that share, without training).
 */
import type { Target } from '../../targets/types.ts'
import type { ExploreResult, Score, Variant } from './explore.ts'
import { scoreOf } from './explore.ts'

export interface TargetFit {
  targetId: string
  /** The best variant, or undefined when none meets the constraints. */
  best?: Variant
  /** What `best` was ranked by. */
  basis: Score
  /** Variants meeting the constraints, of those evaluated (invalid ones excluded from both). */
  fitting: number
  valid: number
}

export function fitTargets(result: ExploreResult, targets: readonly Target[]): TargetFit[] {
  const valid = result.variants.filter((v) => v.ok)
  return targets.map((target, t) => {
    const fitting = valid.filter((v) => v.meets[t])
    const best = (kind: Score, among: readonly Variant[]) => {
      let b: Variant | undefined
      for (const v of among) {
        if (!b) { b = v; continue }
        const x = scoreOf(v, kind)
        const y = scoreOf(b, kind)
        if (x > y || (x === y && v.latencyMs[t] < b.latencyMs[t])) b = v
      }
      return b
    }
    if (result.score === 'accuracy') {
      const measured = fitting.filter((v) => v.accuracy !== undefined)
      if (measured.length > 0 || fitting.length === 0) return { targetId: target.id, best: best('accuracy', measured), basis: 'accuracy', fitting: fitting.length, valid: valid.length }
      return { targetId: target.id, best: best('macs', fitting), basis: 'macs', fitting: fitting.length, valid: valid.length }
    }
    return { targetId: target.id, best: best(result.score, fitting), basis: result.score, fitting: fitting.length, valid: valid.length }
  })
}
