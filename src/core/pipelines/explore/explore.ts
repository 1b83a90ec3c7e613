/**
 * Exploring a family: every variant (or a sample of a large space, refined around its fronts) is instantiated and
 * estimated on every selected target (estimate/estimate.ts `estimateTotals`: the estimator's own figures with TFLM's
 * greedy-by-size arena — the optimizing planner of the design view can only plan smaller, so "fits" here is
 * conservative), then checked against the constraints and reduced to Pareto fronts per target.
 *
 * Fronts trade a score (higher is better) against each cost (lower is better): latency, RAM, flash, energy. The score
 * is the measured int8 accuracy when a trained supernet gave it, else a training-free proxy (`score`, default MACs:
 * the capacity a cost buys; see the proxy check for how well each proxy ranks real accuracy). Cost against cost
 * alone would be a single point: the smallest variant is the cheapest in every cost.
 *
 * Constraints (per target): flash ≤ capacity − flashReserve, RAM ≤ capacity − ramReserve (bytes the application
 * keeps), latency ≤ latencyMs, energy ≤ energyUj. Variants the library's kernels cannot run (an analysis error, e.g.
 * a knob value outside a kernel's limits) are counted and listed with their reason, never silently dropped.
 *
 * Search: spaces of at most `maxVariants` points are enumerated; larger ones are sampled (space.ts) and refined by
 * `generations` rounds of local evolution: the neighbours (one knob one step) of every variant on any front of any
 * target are evaluated, and the fronts recomputed, until a round adds nothing or the budget is spent.
 */
import type { AnalysisMemo } from '../../analysis/analyze-graph.ts'
import { createAnalysisMemo } from '../../analysis/analyze-graph.ts'
import type { EstimateTotals } from '../../estimate/estimate.ts'
import { estimateTotals } from '../../estimate/estimate.ts'
import type { KernelRuntime } from '../../estimate/kernel-runtime.ts'
import type { Target } from '../../targets/types.ts'
import { getLibrary } from '../../vendors/registry.ts'
import type { Family, KnobValues } from './family.ts'
import { FamilyError, instantiate, spaceSize } from './family.ts'
import { paretoFront } from './pareto.ts'
import { enumerate, neighbours, pointKey, sample } from './space.ts'
import type { ZeroCostProxy } from './zero-cost.ts'

export interface Constraints {
  /** Bytes of flash / RAM the application keeps (default 0). */
  flashReserve?: number
  ramReserve?: number
  /** Budgets per inference (default none). */
  latencyMs?: number
  energyUj?: number
}

export interface ExploreOptions {
  targets: readonly Target[]
  constraints?: Constraints
  runtime?: KernelRuntime
  /** Largest space enumerated in full, and the evaluation budget of a sampled search (default 20,000). */
  maxVariants?: number
  /** Points drawn from a large space before evolution (default half the budget). */
  samples?: number
  generations?: number
  seed?: number
  /**
   * Measured int8 accuracy per point key (pointKey; accuracies.ts reads what `tinyforge extract --accuracies` wrote).
   * It becomes the score when `score` is 'accuracy' or when every evaluated variant has one.
   */
  accuracy?: ReadonlyMap<string, number>
  /**
   * What the fronts rank by (default 'macs'). 'accuracy': the measured accuracy — only measured variants can be on a
   * front (fit.ts falls back to MACs on a board where no measured variant fits).
   */
  score?: Score
  /** A zero-cost proxy's value per point key (zero-cost.ts; the explore job computes them on the user's data). */
  proxyValues?: ReadonlyMap<string, number>
  onProgress?: (done: number, total: number) => void
  /** Checked between variants; throw from it to cancel. */
  checkCancel?: () => void
}

export interface Variant {
  index: number
  values: KnobValues
  key: string
  ok: boolean
  errors: string[]
  macs: number
  params: number
  weightBytes: number
  arenaBytes: number
  /** Per target (options.targets order). */
  flashBytes: number[]
  ramBytes: number[]
  latencyMs: number[]
  energyUj: number[]
  /** Whether it meets every constraint on each target. */
  meets: boolean[]
  accuracy?: number
  /** The zero-cost proxy's value, when the score is one. */
  proxy?: number
}

/**
 * Training-free scores of a variant (higher is assumed better): MACs and parameters come with the estimate; the
 * zero-cost proxies (zero-cost.ts) need a forward on data and are given as `proxyValues`.
 */
export type ProxyScore = 'macs' | 'params' | ZeroCostProxy
/** A score the fronts rank by: the measured accuracy, or a training-free proxy. */
export type Score = 'accuracy' | ProxyScore

export const COSTS = ['latencyMs', 'ramBytes', 'flashBytes', 'energyUj'] as const
export type Cost = (typeof COSTS)[number]

export interface TargetFronts {
  targetId: string
  /** How many variants meet the constraints on this target. */
  meeting: number
  /** Per cost: the variant indices of the score-vs-cost front among those meeting the constraints, cheapest first. */
  fronts: Record<Cost, number[]>
}

export interface ExploreResult {
  family: string
  spaceSize: number
  strategy: 'exhaustive' | 'sampled+evolution'
  variants: Variant[]
  invalid: number
  /** Evaluated variants with a measured accuracy. */
  measured: number
  /** 'accuracy' when asked for or when every evaluated variant has a measured accuracy, else the proxy used. */
  score: Score
  fronts: TargetFronts[]
  elapsedMs: number
}

export function explore(family: Family, options: ExploreOptions): ExploreResult {
  const started = Date.now()
  const library = getLibrary(family.library)
  if (!library) throw new FamilyError(`family '${family.id}' uses unknown library '${family.library}'`)
  const size = spaceSize(family)
  const budget = options.maxVariants ?? 20_000
  const exhaustive = size <= budget
  const memo: AnalysisMemo = createAnalysisMemo()
  const variants: Variant[] = []
  const seen = new Map<string, number>()
  const evaluate = (values: KnobValues) => {
    const key = pointKey(family, values)
    if (seen.has(key)) return
    options.checkCancel?.()
    const v = evaluateVariant(family, values, key, variants.length, options, memo, library)
    seen.set(key, v.index)
    variants.push(v)
  }
  const first = exhaustive ? enumerate(family) : sample(family, options.samples ?? Math.floor(budget / 2), options.seed ?? 1)
  const total = exhaustive ? first.length : budget
  first.forEach((p, i) => { evaluate(p); if (i % 64 === 0) options.onProgress?.(variants.length, total) })
  let fronts = frontsOf(variants, options)
  if (!exhaustive) {
    for (let g = 0; g < (options.generations ?? 20) && variants.length < budget; g++) {
      const before = variants.length
      const onFront = new Set(fronts.flatMap((f) => COSTS.flatMap((c) => f.fronts[c])))
      for (const i of onFront) {
        for (const n of neighbours(family, variants[i].values)) {
          if (variants.length >= budget) break
          evaluate(n)
        }
      }
      options.onProgress?.(variants.length, total)
      if (variants.length === before) break
      fronts = frontsOf(variants, options)
    }
  }
  options.onProgress?.(variants.length, variants.length)
  return {
    family: family.id, spaceSize: size, strategy: exhaustive ? 'exhaustive' : 'sampled+evolution', variants,
    invalid: variants.filter((v) => !v.ok).length, measured: variants.filter((v) => v.accuracy !== undefined).length, score: scoreKind(variants, options), fronts, elapsedMs: Date.now() - started,
  }
}

function evaluateVariant(family: Family, values: KnobValues, key: string, index: number, options: ExploreOptions, memo: AnalysisMemo,
  library: NonNullable<ReturnType<typeof getLibrary>>): Variant {
  const n = options.targets.length
  let totals: EstimateTotals | undefined
  let errors: string[] = []
  try {
    totals = estimateTotals(instantiate(family, values), library, options.targets, { runtime: options.runtime, memo })
    if (!totals.ok) errors = totals.errors
  } catch (err) {
    if (!(err instanceof FamilyError)) throw err
    errors = [err.message]
  }
  const ok = totals !== undefined && totals.ok
  const c = options.constraints ?? {}
  const t = totals?.targets ?? []
  const v: Variant = {
    index, values, key, ok, errors, macs: totals?.macs ?? 0, params: totals?.params ?? 0, weightBytes: totals?.weightBytes ?? 0,
    arenaBytes: totals?.arenaBytes ?? 0,
    flashBytes: t.map((x) => x.flashBytes), ramBytes: t.map((x) => x.ramBytes),
    latencyMs: t.map((x) => x.latencyMs ?? Infinity), energyUj: t.map((x) => x.energyUj ?? Infinity),
    meets: ok ? options.targets.map((target, i) => t[i].flashBytes <= target.flashBytes - (c.flashReserve ?? 0)
      && t[i].ramBytes <= target.sramBytes - (c.ramReserve ?? 0)
      && (c.latencyMs === undefined || (t[i].latencyMs ?? Infinity) <= c.latencyMs)
      && (c.energyUj === undefined || (t[i].energyUj ?? Infinity) <= c.energyUj)) : new Array<boolean>(n).fill(false),
  }
  const accuracy = options.accuracy?.get(key)
  if (accuracy !== undefined) v.accuracy = accuracy
  const proxy = options.proxyValues?.get(key)
  if (proxy !== undefined) v.proxy = proxy
  return v
}

function scoreKind(variants: readonly Variant[], options: Pick<ExploreOptions, 'score'>): Score {
  if (options.score === 'accuracy') return 'accuracy'
  return variants.length > 0 && variants.every((v) => !v.ok || v.accuracy !== undefined) ? 'accuracy' : options.score ?? 'macs'
}

/** The score a variant is ranked by (−∞ when it has none: an unmeasured variant under 'accuracy'). */
export function scoreOf(v: Variant, kind: Score): number {
  if (kind === 'accuracy') return v.accuracy ?? -Infinity
  return kind === 'params' ? v.params : kind === 'macs' ? v.macs : v.proxy ?? -Infinity
}

/** Score-vs-cost fronts per target among the variants meeting its constraints (and having a score). */
export function frontsOf(variants: readonly Variant[], options: Pick<ExploreOptions, 'targets' | 'score'>): TargetFronts[] {
  const kind = scoreKind(variants, options)
  const negScore = Float64Array.from(variants, (v) => -scoreOf(v, kind))
  return options.targets.map((target, t) => {
    const meeting = variants.filter((v) => v.meets[t]).map((v) => v.index)
    const scored = meeting.filter((i) => negScore[i] < Infinity)
    const cost = (c: Cost) => Float64Array.from(variants, (v) => v[c][t])
    const fronts = Object.fromEntries(COSTS.map((c) => [c, paretoFront(cost(c), negScore, scored)])) as Record<Cost, number[]>
    return { targetId: target.id, meeting: meeting.length, fronts }
  })
}
