/**
 * The split analysis of the current graph (docs/split.md) for the Split panel's choices: the estimate the other
 * panels use (same targets, kernels and analysis), its cut table under the policy, and every chosen target × link ×
 * tier priced at the links' own bandwidths — plus the focused combination re-priced at the slider's bandwidth.
 * Derived, never stored; memoised on the report and the choices. `elapsedMs` is the analysis time.
 */
import { useMemo } from 'react'
import type { EstimateReport } from '../../core/estimate/report-types.ts'
import type { CutTable } from '../../core/formats/split/cuts.ts'
import { cutTable } from '../../core/formats/split/cuts.ts'
import type { SplitAnalysis, SplitCombination } from '../../core/pipelines/split/analyze-split.ts'
import { analyzeSplit } from '../../core/pipelines/split/analyze-split.ts'
import { LINKS } from '../../core/targets/links.ts'
import type { Link, Tier } from '../../core/targets/remote-types.ts'
import { TIERS } from '../../core/targets/tiers.ts'
import { selectGraph } from '../../store/document-slice.ts'
import type { SplitChoices } from '../../store/split-slice.ts'
import { selectSplit } from '../../store/split-slice.ts'
import { useEditor } from './use-editor.ts'
import { useEstimate } from './use-estimate.ts'

export interface SplitView {
  report: EstimateReport
  table: CutTable
  analysis: SplitAnalysis
  /** Every link and tier on offer (catalog + the panel's custom ones), and the chosen ones. */
  allLinks: Link[]
  allTiers: Tier[]
  links: Link[]
  tiers: Tier[]
  targetIds: string[]
  /** The chart's combination at the slider's bandwidth (null when nothing is chosen). */
  focused: SplitCombination | null
  focusedLink: Link | null
  elapsedMs: number
}

export function splitView(report: EstimateReport, graph: Parameters<typeof cutTable>[0], choices: SplitChoices): SplitView {
  const started = performance.now()
  const allLinks = [...LINKS, ...choices.customLinks]
  const allTiers = [...TIERS, ...choices.customTiers]
  const targetIds = (choices.targetIds ?? report.targets.slice(0, 3).map((t) => t.id)).filter((id) => report.targets.some((t) => t.id === id))
  const links = allLinks.filter((l) => choices.linkIds.includes(l.id))
  const tiers = allTiers.filter((t) => choices.tierIds.includes(t.id))
  const scoped = { ...report, targets: report.targets.filter((t) => targetIds.includes(t.id)) }
  const table = cutTable(graph, report, choices.policy)
  const analysis = analyzeSplit(scoped, table, links, tiers)
  const f = choices.focus
  const base = analysis.combinations.find((c) => f && c.target === f.target && c.link === f.link && c.tier === f.tier) ?? analysis.combinations[0] ?? null
  const focusedLink = base ? allLinks.find((l) => l.id === base.link) ?? null : null
  let focused = base
  if (base && choices.bandwidthBps !== null) {
    const one = analyzeSplit({ ...report, targets: report.targets.filter((t) => t.id === base.target) }, table,
      [focusedLink!], tiers.filter((t) => t.id === base.tier), { bandwidthBps: choices.bandwidthBps })
    focused = one.combinations[0]
  }
  return { report, table, analysis, allLinks, allTiers, links, tiers, targetIds, focused, focusedLink, elapsedMs: performance.now() - started }
}

export function useSplit(): SplitView | null {
  const { report } = useEstimate()
  const graph = useEditor(selectGraph)
  const choices = useEditor(selectSplit)
  return useMemo(() => (report ? splitView(report, graph, choices) : null), [report, graph, choices])
}
