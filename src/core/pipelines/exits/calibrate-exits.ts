/**
 * Exit threshold calibration (docs/early-exit.md): integer thresholds t_k (0..256, 256 never fires) for the exits of
 * a graph, chosen on labelled validation data so that the accuracy with exits is at least the main path's accuracy
 * minus `maxLossPct` percentage points, at the smallest expected cost Σ r_k · cost_k + r_main · 1 (cost_k: the share of
 * the full network's latency run before exit k decides — the estimator's, or any weights the caller gives).
 *
 * Outcome of thresholds on the samples (exit-samples.ts): sample i exits at the first k with confidence[k][i] ≥ t_k,
 * else at the main output; its prediction is right when that output's argmax is.
 * Search: coordinate descent over each exit's candidate thresholds (the distinct confidences seen, and 256): for one
 * exit at a time the lowest-cost feasible threshold given the others, repeated until nothing changes, from every
 * exit order as the starting sweep order (K! starts; K ≤ 4 exits tried in full, more in execution order only);
 * the best feasible result wins. Not guaranteed globally optimal; deterministic.
 */
import { EXIT_NEVER } from '../../ops/exit.ts'
import type { ExitSamples } from './exit-samples.ts'

export interface ExitOutcome {
  thresholds: number[]
  /** rates[k]: fraction of samples exiting at exit k; rates[K]: the main path. */
  rates: number[]
  /** Accuracy of the early-exit model (each sample judged at the output that decided it). */
  accuracy: number
  /** Accuracy of the samples each exit (and the main output, last) decided; null when none. */
  decidedAccuracy: (number | null)[]
  /** Expected cost in units of the full network (Σ r_k · cost_k + r_main). */
  expectedCost: number
}

/** The outcome of `thresholds` on the samples; `costs[k]` = the share of the full cost run before exit k decides. */
export function evaluateThresholds(s: ExitSamples, thresholds: readonly number[], costs: readonly number[]): ExitOutcome {
  const K = s.exitIds.length
  const taken = new Array<number>(K + 1).fill(0)
  const right = new Array<number>(K + 1).fill(0)
  for (let i = 0; i < s.count; i++) {
    let k = 0
    while (k < K && s.confidence[k][i] < thresholds[k]) k++
    taken[k]++
    right[k] += k < K ? s.correct[k][i] : s.mainCorrect[i]
  }
  const n = Math.max(1, s.count)
  const rates = taken.map((t) => t / n)
  return {
    thresholds: [...thresholds], rates, accuracy: right.reduce((a, b) => a + b, 0) / n,
    decidedAccuracy: taken.map((t, k) => (t > 0 ? right[k] / t : null)),
    expectedCost: rates.reduce((sum, r, k) => sum + r * (k < K ? costs[k] : 1), 0),
  }
}

export interface CalibrateOptions {
  /** Allowed accuracy loss against the main path alone, in percentage points (≥ 0). */
  maxLossPct: number
  /** costs[k]: share of the full network's cost run before exit k decides (0..1), in exit order. */
  costs: readonly number[]
}

export interface Calibration {
  /** Accuracy of the main path alone (no exit) on the samples. */
  mainAccuracy: number
  best: ExitOutcome
  /** The exits left at their current thresholds, for comparison. */
  current?: ExitOutcome
}

function permutations(n: number): number[][] {
  if (n > 4) return [Array.from({ length: n }, (_, i) => i)]
  const out: number[][] = []
  const walk = (rest: number[], acc: number[]) => {
    if (rest.length === 0) { out.push(acc); return }
    rest.forEach((x, i) => walk([...rest.slice(0, i), ...rest.slice(i + 1)], [...acc, x]))
  }
  walk(Array.from({ length: n }, (_, i) => i), [])
  return out
}

/** Thresholds at the smallest expected cost within the accuracy budget (see the file comment). */
export function calibrateThresholds(s: ExitSamples, options: CalibrateOptions, current?: readonly number[]): Calibration {
  const K = s.exitIds.length
  if (!(options.maxLossPct >= 0 && options.maxLossPct <= 100)) throw new RangeError(`the accuracy loss must be 0..100 percentage points, got ${options.maxLossPct}`)
  if (options.costs.length !== K) throw new RangeError(`expected ${K} exit costs, got ${options.costs.length}`)
  let mainRight = 0
  for (let i = 0; i < s.count; i++) mainRight += s.mainCorrect[i]
  const mainAccuracy = mainRight / Math.max(1, s.count)
  // A small epsilon keeps "exactly the budget" feasible despite float rounding of the fractions.
  const floor = mainAccuracy - options.maxLossPct / 100 - 1e-12
  const candidates = s.confidence.map((c) => [...new Set([...c, EXIT_NEVER])].sort((a, b) => a - b))
  const better = (a: ExitOutcome, b: ExitOutcome | undefined) =>
    b === undefined || a.expectedCost < b.expectedCost - 1e-12 || (Math.abs(a.expectedCost - b.expectedCost) <= 1e-12 && a.accuracy > b.accuracy)
  let best: ExitOutcome | undefined
  for (const order of permutations(K)) {
    const t = new Array<number>(K).fill(EXIT_NEVER)
    let cur = evaluateThresholds(s, t, options.costs)
    for (let round = 0; round < 8; round++) {
      let changed = false
      for (const k of order) {
        let pick: ExitOutcome | undefined
        for (const c of candidates[k]) {
          const trial = [...t]
          trial[k] = c
          const o = evaluateThresholds(s, trial, options.costs)
          if (o.accuracy >= floor && better(o, pick)) pick = o
        }
        if (pick && pick.thresholds[k] !== t[k] && better(pick, cur)) {
          t[k] = pick.thresholds[k]
          cur = pick
          changed = true
        }
      }
      if (!changed) break
    }
    if (better(cur, best)) best = cur
  }
  return { mainAccuracy, best: best!, ...(current ? { current: evaluateThresholds(s, current, options.costs) } : {}) }
}
