/**
 * Split analysis (docs/split.md): for every cut of the graph and every target × link × tier,
 *   device   = Σ estimator latency of the head's layers on the target (ms); energy = device ms × active power (µJ)
 *   transfer = bytes · 8 / bandwidth + link RTT (ms);            radio energy = bytes × link nJ/B / 1000 (µJ)
 *   tail     = tail MACs / (tier GMAC/s · 1e9) + tier overhead + tier backhaul RTT (ms)
 *   total    = device + transfer + tail;                         device energy = head energy + radio energy
 * The all-on-device cut sends nothing and runs nothing remotely (its result stays on the device). The all-remote
 * baseline sends the model input and runs the whole network on the tier. Best cuts minimise total latency and device
 * energy over the legal cuts (ties: the earlier cut). Crossover bandwidths (crossover.ts) are where the latency-best
 * cut changes as the link's bandwidth varies, everything else fixed. Pure and fast: no graph work per combination.
 */
import type { EstimateReport, TargetEstimate } from '../../estimate/report-types.ts'
import type { Link, Tier } from '../../targets/remote-types.ts'
import type { Cut, CutTable } from '../../formats/split/cuts.ts'
import type { Crossover } from './crossover.ts'
import { latencyEnvelope } from './crossover.ts'

/** One cut priced on one target × link × tier. */
export interface CutCost {
  cut: number
  deviceMs: number
  transferMs: number
  tailMs: number
  totalMs: number
  /** Head compute energy, radio energy and their sum (µJ). */
  computeUj: number
  radioUj: number
  deviceUj: number
}

export interface SplitCombination {
  target: string
  link: string
  tier: string
  /** The bandwidth priced (bit/s): the link's own unless overridden. */
  bandwidthBps: number
  /** One entry per cut (same order as the cut table); null where the cut is illegal or the target has no latency. */
  costs: (CutCost | null)[]
  /** Index of the cut with the least total latency / device energy (legal cuts only; null when none). */
  bestLatency: number | null
  bestEnergy: number | null
  baselines: { device: CutCost | null; remote: CutCost }
  /** Bandwidths where the latency-best cut changes, highest first (crossover.ts). */
  crossovers: Crossover[]
}

export interface SplitAnalysis {
  table: CutTable
  combinations: SplitCombination[]
}

export interface SplitOptions {
  /** Price every combination at this bandwidth instead of each link's (the panel's slider). */
  bandwidthBps?: number
}

/** Head latency (ms) after each step of the order on one target; null when the library has no cost model. */
export function headLatencies(table: CutTable, target: TargetEstimate): number[] | null {
  if (target.latencyMs === null) return null
  const byNode = new Map(target.layers.map((l) => [l.node, l.latencyMs ?? 0]))
  let sum = 0
  return table.order.map((id) => (sum += byNode.get(id) ?? 0))
}

/** Prices one cut; pure arithmetic on the figures above. */
export function cutCost(cut: Pick<Cut, 'index' | 'bytes' | 'tailMacs' | 'onDevice'>, deviceMs: number, activePowerMw: number,
  link: Pick<Link, 'rttMs' | 'energyNjPerByte'>, bandwidthBps: number, tier: Pick<Tier, 'gmacPerS' | 'overheadMs' | 'backhaulRttMs'>): CutCost {
  const computeUj = deviceMs * activePowerMw
  if (cut.onDevice) {
    return { cut: cut.index, deviceMs, transferMs: 0, tailMs: 0, totalMs: deviceMs, computeUj, radioUj: 0, deviceUj: computeUj }
  }
  const transferMs = (cut.bytes * 8 * 1000) / bandwidthBps + link.rttMs
  const tailMs = (cut.tailMacs / (tier.gmacPerS * 1e9)) * 1000 + tier.overheadMs + tier.backhaulRttMs
  const radioUj = (cut.bytes * link.energyNjPerByte) / 1000
  return { cut: cut.index, deviceMs, transferMs, tailMs, totalMs: deviceMs + transferMs + tailMs, computeUj, radioUj, deviceUj: computeUj + radioUj }
}

function argmin(costs: (CutCost | null)[], pick: (c: CutCost) => number): number | null {
  let best: number | null = null
  costs.forEach((c, i) => {
    if (c && (best === null || pick(c) < pick(costs[best]!))) best = i
  })
  return best
}

export function analyzeSplit(report: EstimateReport, table: CutTable, links: readonly Link[], tiers: readonly Tier[],
  options: SplitOptions = {}): SplitAnalysis {
  const combinations: SplitCombination[] = []
  for (const target of report.targets) {
    const head = headLatencies(table, target)
    for (const link of links) {
      const bandwidthBps = options.bandwidthBps ?? link.bandwidthBps
      for (const tier of tiers) {
        const costs = table.cuts.map((cut, k) => (head && !cut.illegal
          ? cutCost(cut, head[k], target.activePowerMw, link, bandwidthBps, tier) : null))
        const remote = cutCost({ index: -1, bytes: table.inputBytes, tailMacs: table.totalMacs, onDevice: false }, 0,
          target.activePowerMw, link, bandwidthBps, tier)
        const last = costs[costs.length - 1] ?? null
        combinations.push({
          target: target.id, link: link.id, tier: tier.id, bandwidthBps, costs,
          bestLatency: argmin(costs, (c) => c.totalMs), bestEnergy: argmin(costs, (c) => c.deviceUj),
          baselines: { device: last, remote },
          crossovers: head ? latencyEnvelope(table, head, link, tier) : [],
        })
      }
    }
  }
  return { table, combinations }
}
