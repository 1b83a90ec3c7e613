/** Text form of `tinyforge split`: the cut table, then one row per target × link × tier. */
import type { EstimateReport } from '../../core/estimate/report-types.ts'
import type { Cut } from '../../core/formats/split/cuts.ts'
import type { CutCost, SplitAnalysis } from '../../core/pipelines/split/analyze-split.ts'
import type { Link, Tier } from '../../core/targets/remote-types.ts'
import { formatBandwidth, formatMs, formatUj } from '../../core/pipelines/split/format-split.ts'
import { formatTable } from '../table.ts'

const grouped = (n: number) => Math.round(n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',')

function flags(c: Cut): string {
  return [c.onDevice ? 'all on device' : '', c.largerThanInput ? 'larger than the input' : '', c.multipleLive ? `${c.tensors.length} live tensors` : '',
    c.illegal && !c.multipleLive ? c.illegal : c.illegal ? 'refused (--live all to send them)' : ''].filter(Boolean).join('; ')
}

const costCell = (cost: CutCost | null | undefined) => (cost ? `${formatMs(cost.totalMs)} / ${formatUj(cost.deviceUj)}` : '-')

export function renderSplit(report: EstimateReport, result: SplitAnalysis, links: readonly Link[], tiers: readonly Tier[], picked?: Cut): string {
  const { table } = result
  const name = (k: number | null) => (k === null ? '-' : `${k} ${table.cuts[k].afterName}`)
  const lines = [`${report.model.name} — ${table.cuts.length} cuts, input ${grouped(table.inputBytes)} B, ${grouped(table.totalMacs)} MACs, ` +
    `live-tensor policy '${table.policy}'`, '']
  const rows = [['CUT', 'AFTER', 'OP', 'SENDS (B)', 'HEAD MACS', 'TAIL MACS', 'FLAGS']]
  for (const c of table.cuts) rows.push([String(c.index), c.afterName, c.op, grouped(c.bytes), grouped(c.headMacs), grouped(c.tailMacs), flags(c)])
  lines.push(formatTable(rows))
  const combos = [['TARGET', 'LINK', 'TIER', 'BEST LATENCY (cut: total / device energy)', 'BEST ENERGY', 'ALL ON DEVICE', 'ALL REMOTE',
    ...(picked ? [`CUT ${picked.index}`] : []), 'CROSSOVERS (latency-best cut above → below)']]
  for (const c of result.combinations) {
    const best = c.bestLatency === null ? '-' : `${name(c.bestLatency)}: ${costCell(c.costs[c.bestLatency])}`
    const energy = c.bestEnergy === null ? '-' : `${name(c.bestEnergy)}: ${costCell(c.costs[c.bestEnergy])}`
    const cross = c.crossovers.map((x) => `${formatBandwidth(x.bandwidthBps)} ${x.above}→${x.below}`).join(', ') || 'none'
    combos.push([c.target, c.link, c.tier, best, energy, costCell(c.baselines.device), costCell(c.baselines.remote),
      ...(picked ? [costCell(c.costs[picked.index])] : []), cross])
  }
  lines.push(formatTable(combos))
  lines.push(`links: ${links.map((l) => `${l.id} ${formatBandwidth(l.bandwidthBps)}, RTT ${l.rttMs} ms, ${l.energyNjPerByte} nJ/B`).join('; ')}`)
  lines.push(`tiers: ${tiers.map((t) => `${t.id} ${t.gmacPerS} GMAC/s + ${t.overheadMs} ms + ${t.backhaulRttMs} ms backhaul`).join('; ')}`)
  lines.push('every figure\'s source: tinyforge split --json (links[].figures, tiers[].figures); method: docs/split.md')
  return `${lines.join('\n')}\n`
}
