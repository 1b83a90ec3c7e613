/**
 * s8 vs pow2 side by side: the validation figures of both runs (output SQNR, worst layer, top-1 agreement, cosine,
 * accuracy) and the estimated latency of the current graph with each scheme's library on every compared target.
 * Latency is derived on render (estimate() is pure and fast); the error figures come from the last run.
 */
import { useMemo } from 'react'
import { estimate } from '../../core/estimate/estimate.ts'
import type { Graph } from '../../core/ir/types.ts'
import type { QuantScheme } from '../../core/quant/scheme.ts'
import type { Target } from '../../core/targets/types.ts'
import type { ValidationReport } from '../../core/pipelines/validation.ts'
import type { VendorLibrary } from '../../core/vendors/types.ts'
import { selectGraph, selectLibraryId } from '../../store/document-slice.ts'
import { libraryForScheme } from '../../store/quantize-commands.ts'
import type { SchemeOutcome } from '../../workers/quantize-protocol.ts'
import { formatMs } from '../dock/estimate-format.ts'
import { useEditor } from '../hooks/use-editor.ts'
import { useTargets } from '../hooks/use-targets.ts'
import { formatCosine, formatDb, formatPercent } from './quantize-format.ts'

const SCHEMES: readonly QuantScheme[] = ['s8', 'pow2']

interface SchemeLatency {
  library: VendorLibrary
  latency: Map<string, number | null>
}

/** Estimated latency per compared target with each scheme's library (memoized on graph, library and targets). */
function useSchemeLatency(): { targets: readonly Target[]; byScheme: Record<QuantScheme, SchemeLatency> } {
  const graph = useEditor(selectGraph)
  const libraryId = useEditor(selectLibraryId)
  const { targets } = useTargets()
  const byScheme = useMemo(() => latencyByScheme(graph, libraryId, targets), [graph, libraryId, targets])
  return { targets, byScheme }
}

function latencyByScheme(graph: Graph, libraryId: string, targets: readonly Target[]): Record<QuantScheme, SchemeLatency> {
  const entry = (scheme: QuantScheme): SchemeLatency => {
    const library = libraryForScheme(libraryId, scheme)
    const report = estimate(graph, library, targets)
    return { library, latency: new Map(report.targets.map((t) => [t.id, report.complete ? t.latencyMs : null])) }
  }
  return { s8: entry('s8'), pow2: entry('pow2') }
}

export interface SchemeComparisonProps {
  applied: QuantScheme
  report: ValidationReport
  other?: SchemeOutcome
}

export function SchemeComparison({ applied, report, other }: SchemeComparisonProps) {
  const { targets, byScheme } = useSchemeLatency()
  const reports: Partial<Record<QuantScheme, ValidationReport>> = { [applied]: report }
  if (other && 'report' in other) reports[other.scheme] = other.report
  const failure = other && 'error' in other ? other : undefined
  const labelled = report.outputs[0]?.int8Accuracy !== undefined

  const row = (label: string, cell: (r: ValidationReport) => string, title?: (r: ValidationReport) => string) => (
    <tr>
      <th scope="row">{label}</th>
      {SCHEMES.map((s) => {
        const r = reports[s]
        return <td key={s} className="tf-table__num" title={r && title ? title(r) : undefined}>{r ? cell(r) : '—'}</td>
      })}
    </tr>
  )
  const worst = (r: ValidationReport) => r.layers.reduce((w, l) => (l.sqnrDb < w.sqnrDb ? l : w), r.layers[0])

  return (
    <table className="tf-table tf-qcompare" aria-label="s8 vs pow2" data-testid="scheme-comparison">
      <thead>
        <tr>
          <th scope="col" />
          {SCHEMES.map((s) => (
            <th key={s} scope="col" className="tf-table__num" data-testid={`compare-head-${s}`}>
              {s}{s === applied && <span className="tf-tag" title="the scheme of the graph now">applied</span>}
              <span className="tf-qcompare__lib">{byScheme[s].library.name}</span>
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {row('Output SQNR', (r) => `${formatDb(r.outputs[0]?.sqnrDb ?? NaN)} dB`)}
        {row('Worst layer', (r) => `${formatDb(worst(r).sqnrDb)} dB`, (r) => `${worst(r).name} (${worst(r).op})`)}
        {row('Top-1 agreement', (r) => formatPercent(r.outputs[0]?.top1Agreement ?? 0))}
        {row('Output cosine', (r) => formatCosine(r.outputs[0]?.cosine ?? 0))}
        {labelled && row('int8 accuracy', (r) => formatPercent(r.outputs[0]?.int8Accuracy ?? 0))}
        {failure && (
          <tr>
            <th scope="row">{failure.scheme}</th>
            <td colSpan={2} className="tf-qcompare__failure" data-testid="compare-failure">{failure.error}</td>
          </tr>
        )}
        <tr className="tf-qcompare__section"><th scope="rowgroup" colSpan={3}>Estimated latency</th></tr>
        {targets.map((t) => (
          <tr key={t.id}>
            <th scope="row" title={`${t.board} (${t.name})`}><span className="tf-qcompare__target">{t.board}</span></th>
            {SCHEMES.map((s) => {
              const ms = byScheme[s].latency.get(t.id)
              return <td key={s} className="tf-table__num" data-testid={`latency-${s}`}>{ms === null || ms === undefined ? '—' : formatMs(ms)}</td>
            })}
          </tr>
        ))}
        {targets.length === 0 && (
          <tr><td colSpan={3} className="tf-muted">Compare a target (Targets tab) to see latency.</td></tr>
        )}
      </tbody>
    </table>
  )
}
