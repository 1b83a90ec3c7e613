/**
 * A planner that is never worse than greedy-by-size: it places the buffers under several orderings
 * (size — exactly the greedy plan —, lifetime length, size × lifetime, first use, conflict weight) with
 * first-fit and best-fit gap selection, keeps the smallest arena (earliest strategy on ties), and for
 * small buffer sets (≤ `exactLimit`) continues with an exact branch-and-bound search seeded with it.
 * Deterministic: strategies run in a fixed order and the exact search has a fixed node budget.
 */
import type { BufferRequest, PlannerOptions } from './memory-planner.ts'
import { BasePlanner, arenaSize, livesOverlap } from './memory-planner.ts'
import type { FitRule } from './placement.ts'
import { bySizeDescending, orderBy, placeInOrder } from './placement.ts'
import { exactSearch } from './exact-search.ts'
import { livenessLowerBound } from './liveness.ts'

export interface OptimizingPlannerOptions extends PlannerOptions {
  /** Largest buffer count searched exactly (default 12). */
  exactLimit?: number
  /** Placements the exact search may try before it settles for the best plan found (default 200,000). */
  nodeBudget?: number
}

export interface PlanOutcome {
  offsets: number[]
  peak: number
  /** Which strategy produced the plan, e.g. 'size/first-fit' or 'exact'. */
  strategy: string
  /** True when the plan is known to be optimal (liveness bound met, or exact search completed). */
  optimal: boolean
}

type Compare = (a: BufferRequest, b: BufferRequest) => number

const length = (b: BufferRequest): number => b.lastUse - b.firstUse + 1

const ORDERINGS: ReadonlyArray<[string, (buffers: readonly BufferRequest[]) => Compare]> = [
  ['size', () => bySizeDescending],
  ['lifetime', () => (a, b) => length(b) - length(a) || b.size - a.size],
  ['area', () => (a, b) => b.size * length(b) - a.size * length(a)],
  ['first-use', () => (a, b) => a.firstUse - b.firstUse || b.size - a.size],
  ['conflict', (buffers) => {
    // Bytes of everything live alongside a buffer (itself included): the most constrained go first.
    const weight = new Map<BufferRequest, number>()
    for (const a of buffers) weight.set(a, buffers.reduce((s, b) => (livesOverlap(a, b) ? s + b.size : s), 0))
    return (a, b) => weight.get(b)! - weight.get(a)! || b.size - a.size
  }],
]
const FITS: readonly FitRule[] = ['first', 'best']

export function optimizeOffsets(buffers: readonly BufferRequest[], options: OptimizingPlannerOptions = {}): PlanOutcome {
  const floor = livenessLowerBound(buffers)
  let best: PlanOutcome | null = null
  for (const [name, makeCompare] of ORDERINGS) {
    const order = orderBy(buffers, makeCompare(buffers))
    for (const fit of FITS) {
      const offsets = placeInOrder(buffers, order, fit)
      const peak = arenaSize(buffers, offsets)
      if (!best || peak < best.peak) best = { offsets, peak, strategy: `${name}/${fit}-fit`, optimal: peak <= floor }
      if (best.optimal) return best
    }
  }
  const heuristic = best!
  if (buffers.length > (options.exactLimit ?? 12)) return heuristic
  const exact = exactSearch(buffers, heuristic, options.nodeBudget ?? 200_000)
  return exact.peak < heuristic.peak
    ? { offsets: exact.offsets, peak: exact.peak, strategy: 'exact', optimal: exact.optimal }
    : { ...heuristic, optimal: exact.optimal }
}

export class OptimizingMemoryPlanner extends BasePlanner {
  readonly name = 'optimizing'
  private readonly searchOptions: OptimizingPlannerOptions
  private outcome: PlanOutcome | null = null

  constructor(options: OptimizingPlannerOptions = {}) {
    super(options)
    this.searchOptions = options
  }

  /** How the current plan was found (plans first if needed). */
  details(): Omit<PlanOutcome, 'offsets'> {
    this.peak()
    const { peak, strategy, optimal } = this.outcome!
    return { peak, strategy, optimal }
  }

  protected computeOffsets(buffers: readonly BufferRequest[]): number[] {
    this.outcome = optimizeOffsets(buffers, this.searchOptions)
    return this.outcome.offsets
  }
}
