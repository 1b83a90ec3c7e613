/**
 * The proxy check: how well does each training-free proxy rank real accuracy, on the user's data? A sample of small
 * variants of a family is trained (TensorFlow.js, train/train-run.ts: float then QAT epochs, the int8 model from the
 * learned ranges, its accuracy measured by the int8 engine on held-out data), each variant's proxies are computed —
 * parameter count, MACs, and the zero-cost proxies NASWOT, synflow and grad-norm at its initial weights
 * (zero-cost.ts) — and each proxy's Spearman rank correlation with the measured int8 accuracy is reported
 * (spearman.ts: ties take average ranks). The best-correlated proxy (ties: the earlier one in PROXIES, so the
 * parameter count wins a tie) becomes the explorer's default score.
 *
 * The sample: the space (enumerated, or `candidates` points drawn with the seed from a large one) is estimated, the
 * variants the library cannot run are set aside (counted, with their reasons), those above `maxMacs` dropped as not
 * small, and `count` variants taken at evenly spaced MACs quantiles of the rest (smallest and largest included), so
 * the sample spans the sizes being ranked.
 */
import type { Int8Engine } from '../../engine/int8-engines.ts'
import type { Graph } from '../../ir/types.ts'
import type { Tf } from '../../ops/tfjs-twin.ts'
import { getLibrary } from '../../vendors/registry.ts'
import type { TrainData, TrainOptions } from '../train/train-graph.ts'
import { trainProject } from '../train/train-run.ts'
import { explore } from './explore.ts'
import type { Family, KnobValues } from './family.ts'
import { FamilyError, instantiate } from './family.ts'
import { spearman } from './spearman.ts'
import type { ZeroCostScores } from './zero-cost.ts'
import { ZERO_COST, zeroCostProxies } from './zero-cost.ts'

export const PROXIES = ['params', 'macs', ...ZERO_COST] as const
export type ProxyName = (typeof PROXIES)[number]

export interface ProxyCheckOptions {
  /** Variants to train (≥ 3). */
  count: number
  /** Only variants with at most this many MACs count as small (default: no bound). */
  maxMacs?: number
  /** Points drawn from a space larger than this (default 2,000). */
  candidates?: number
  seed: number
  train: TrainOptions
  /** Mini-batch of the zero-cost proxies: the first N training samples (default 32). */
  proxyBatch?: number
}

export interface ProxyCheckVariant {
  values: KnobValues
  key: string
  macs: number
  params: number
  zeroCost: ZeroCostScores
  int8Accuracy: number
  floatAccuracy: number | null
  evaluatedOn: 'test' | 'validation'
  seconds: number
}

export interface ProxyCheckResult {
  family: string
  variants: ProxyCheckVariant[]
  /** ρ of each proxy with the int8 accuracy (NaN when undefined, e.g. a constant proxy). */
  spearman: Record<ProxyName, number>
  best: ProxyName
  /** Variants of the sampled space the library cannot run (never silently dropped). */
  invalid: { key: string; reason: string }[]
  /** Valid variants the sample was drawn from (after the MACs bound). */
  pool: number
}

export interface ProxyCheckHooks {
  /** Data for a variant's graph (its Input's shape: the resolution knob changes it); the caller caches by shape. */
  dataFor(graph: Graph): Promise<TrainData>
  engine: Int8Engine
  backend: string
  source: string
  /** Progress: variant i (0-based) of n, and within it the batch of the training run; throw to cancel. */
  onProgress?(p: { variant: number; variants: number; stage: 'proxies' | 'training'; batch?: number; batches?: number; epoch?: number }): void
  onVariant?(v: ProxyCheckVariant, done: ProxyCheckVariant[]): void
}

export function proxyValue(v: Pick<ProxyCheckVariant, 'macs' | 'params' | 'zeroCost'>, proxy: ProxyName): number {
  return proxy === 'macs' ? v.macs : proxy === 'params' ? v.params : v.zeroCost[proxy]
}

/** The sample of small variants: evenly spaced MACs quantiles of the valid variants within the bound. */
export function chooseVariants(family: Family, options: Pick<ProxyCheckOptions, 'count' | 'maxMacs' | 'candidates' | 'seed'>):
  { chosen: { values: KnobValues; key: string; macs: number; params: number }[]; invalid: ProxyCheckResult['invalid']; pool: number } {
  if (!Number.isInteger(options.count) || options.count < 3) throw new FamilyError('the proxy check needs at least 3 variants to rank')
  const result = explore(family, { targets: [], maxVariants: options.candidates ?? 2000, generations: 0, seed: options.seed })
  const invalid = result.variants.filter((v) => !v.ok).map((v) => ({ key: v.key, reason: v.errors[0] ?? 'cannot run' }))
  const pool = result.variants.filter((v) => v.ok && (options.maxMacs === undefined || v.macs <= options.maxMacs))
    .sort((a, b) => a.macs - b.macs || a.index - b.index)
  if (pool.length < 3) {
    throw new FamilyError(`only ${pool.length} variant${pool.length === 1 ? '' : 's'} of ${family.id} can run${options.maxMacs !== undefined ? ` within ${options.maxMacs} MACs` : ''}; the proxy check needs 3`)
  }
  const n = Math.min(options.count, pool.length)
  const picked = new Set<number>()
  for (let i = 0; i < n; i++) picked.add(Math.round((i * (pool.length - 1)) / (n - 1)))
  const chosen = [...picked].map((i) => pool[i]).map((v) => ({ values: v.values, key: v.key, macs: v.macs, params: v.params }))
  return { chosen, invalid, pool: pool.length }
}

export function correlations(variants: readonly ProxyCheckVariant[]): { spearman: Record<ProxyName, number>; best: ProxyName } {
  const acc = variants.map((v) => v.int8Accuracy)
  const rho = Object.fromEntries(PROXIES.map((p) => [p, spearman(variants.map((v) => proxyValue(v, p)), acc)])) as Record<ProxyName, number>
  let best: ProxyName = 'params'
  for (const p of PROXIES) if (Number.isFinite(rho[p]) && (!Number.isFinite(rho[best]) || rho[p] > rho[best])) best = p
  return { spearman: rho, best }
}

export async function proxyCheck(tf: Tf, family: Family, options: ProxyCheckOptions, hooks: ProxyCheckHooks): Promise<ProxyCheckResult> {
  const library = getLibrary(family.library)
  if (!library) throw new FamilyError(`family '${family.id}' uses unknown library '${family.library}'`)
  const { chosen, invalid, pool } = chooseVariants(family, options)
  const variants: ProxyCheckVariant[] = []
  for (const [i, c] of chosen.entries()) {
    const graph = instantiate(family, c.values)
    hooks.onProgress?.({ variant: i, variants: chosen.length, stage: 'proxies' })
    const data = await hooks.dataFor(graph)
    const take = Math.min(options.proxyBatch ?? 32, data.samples.length)
    const zeroCost = await zeroCostProxies(tf, graph, library.scheme, { samples: data.samples.slice(0, take), labels: data.labels.slice(0, take) })
    const t0 = Date.now()
    const run = await trainProject(tf, {
      graph, scheme: library.scheme, data, options: options.train, engine: hooks.engine, source: hooks.source, backend: hooks.backend, device: 'proxy check',
    }, { onBatch: (b) => hooks.onProgress?.({ variant: i, variants: chosen.length, stage: 'training', batch: b.batch, batches: b.batches, epoch: b.epoch }) })
    const v: ProxyCheckVariant = {
      values: c.values, key: c.key, macs: c.macs, params: c.params, zeroCost, int8Accuracy: run.int8Accuracy,
      floatAccuracy: run.run.result.floatAccuracy, evaluatedOn: run.evaluatedOn, seconds: (Date.now() - t0) / 1000,
    }
    variants.push(v)
    hooks.onVariant?.(v, [...variants])
  }
  return { family: family.id, variants, ...correlations(variants), invalid, pool }
}
