/**
 * Best cuts of every chosen target × link × tier (at each link's own bandwidth): the latency-best and energy-best cut
 * with their end-to-end latency and device energy, and the two baselines. Clicking a row shows it in the chart.
 */
import type { CutTable } from '../../core/formats/split/cuts.ts'
import type { CutCost, SplitAnalysis, SplitCombination } from '../../core/pipelines/split/analyze-split.ts'
import { formatMs, formatUj } from '../../core/pipelines/split/format-split.ts'
import { editorStore } from '../../store/editor-store.ts'

const cost = (c: CutCost | null | undefined) => (c ? `${formatMs(c.totalMs)} · ${formatUj(c.deviceUj)}` : '—')

function best(table: CutTable, combo: SplitCombination, k: number | null): string {
  if (k === null) return '—'
  const cut = table.cuts[k]
  return `${k}${cut.onDevice ? ' (all on device)' : ''} · ${cost(combo.costs[k])}`
}

export function SplitBestTable({ analysis, focused }: { analysis: SplitAnalysis; focused: SplitCombination | null }) {
  const { table, combinations } = analysis
  const s = editorStore.getState()
  const isFocused = (c: SplitCombination) => focused !== null && c.target === focused.target && c.link === focused.link && c.tier === focused.tier
  return (
    <table className="tf-table tf-split-best" data-testid="split-best">
      <thead>
        <tr>
          <th scope="col">Target</th><th scope="col">Link</th><th scope="col">Tier</th>
          <th scope="col" title="Cut with the least end-to-end latency: latency · device energy">Best latency ★</th>
          <th scope="col" title="Cut with the least device energy (compute + radio)">Best energy ⚡</th>
          <th scope="col">All on device</th><th scope="col">All remote</th>
        </tr>
      </thead>
      <tbody>
        {combinations.map((c) => (
          <tr key={`${c.target}|${c.link}|${c.tier}`} className={isFocused(c) ? 'tf-table__row--selected' : undefined}
            aria-selected={isFocused(c)} data-testid="split-best-row" style={{ cursor: 'pointer' }}
            onClick={() => s.setSplit({ focus: { target: c.target, link: c.link, tier: c.tier }, bandwidthBps: null, cut: null })}>
            <td>{c.target}</td><td>{c.link}</td><td>{c.tier}</td>
            <td data-testid="split-best-latency">{best(table, c, c.bestLatency)}</td>
            <td data-testid="split-best-energy">{best(table, c, c.bestEnergy)}</td>
            <td>{cost(c.baselines.device)}</td><td>{cost(c.baselines.remote)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}
