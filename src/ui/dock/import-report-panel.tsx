/**
 * The import report: for every source operator, the IR nodes it became — or why it was folded, fused,
 * dropped or is unsupported, with the suggested rewrite — plus counts per status and the importer's and
 * analyzer's notes. Clicking an entry selects its node(s) on the canvas; the status chips filter the list.
 */
import { useMemo, useState } from 'react'
import type { ImportEntry, ImportReport, ImportStatus } from '../../core/formats/import-model.ts'
import { selectGraph } from '../../store/document-slice.ts'
import { selectLastImport } from '../../store/import-slice.ts'
import { useEditor } from '../hooks/use-editor.ts'
import { useFocusNodes } from '../hooks/use-focus-nodes.ts'
import { ProblemList } from '../inspector/problem-list.tsx'

const STATUSES: readonly ImportStatus[] = ['mapped', 'folded', 'fused', 'dropped', 'unsupported']

const FORMAT_NAMES: Record<string, string> = { tflite: 'TFLite', onnx: 'ONNX' }

export function ImportReportPanel() {
  const last = useEditor(selectLastImport)
  const graph = useEditor(selectGraph)
  const focusNodes = useFocusNodes()
  const [filter, setFilter] = useState<ImportStatus | null>(null)
  const names = useMemo(() => new Map(graph.nodes.map((n) => [n.id, n.name])), [graph])

  if (!last) {
    return (
      <div className="tf-dock__empty" data-testid="import-report-empty">
        <p className="tf-dock__empty-title">No model imported</p>
        <p>Use File › Import model… or drop a .tflite or .onnx file anywhere on the window.</p>
      </div>
    )
  }
  const { report } = last
  const counts = countByStatus(report.entries)
  const shown = report.entries.map((entry, index) => ({ entry, index })).filter(({ entry }) => !filter || entry.status === filter)

  return (
    <div className="tf-report" data-testid="import-report">
      <div className="tf-report__head">
        <div className="tf-report__title">
          <span className="tf-report__file">{last.fileName}</span>
          <span className="tf-report__meta">{sourceLine(report, last.elapsedMs)}</span>
        </div>
        <div className="tf-report__counts" role="group" aria-label="Filter by status">
          {STATUSES.map((status) => (
            <button key={status} type="button" data-testid={`import-count-${status}`}
              className={`tf-status tf-status--${status}${counts[status] === 0 ? ' tf-status--zero' : ''}`}
              aria-pressed={filter === status} disabled={counts[status] === 0}
              onClick={() => setFilter((f) => (f === status ? null : status))}>
              <span className="tf-status__n">{counts[status]}</span> {status}
            </button>
          ))}
        </div>
      </div>
      <div className="tf-report__body">
        <table className="tf-table tf-report__table" aria-label="Import report">
          <thead>
            <tr>
              <th scope="col" className="tf-table__num">#</th>
              <th scope="col">Source operator</th>
              <th scope="col">Source name</th>
              <th scope="col">Became</th>
              <th scope="col">Status</th>
              <th scope="col">Notes</th>
            </tr>
          </thead>
          <tbody>
            {shown.map(({ entry, index }) => {
              const present = entry.becameNodes.filter((id) => names.has(id))
              return (
                <tr key={index} data-testid="import-entry" data-status={entry.status}
                  className={present.length > 0 ? 'tf-table__row--link' : undefined}
                  onClick={() => focusNodes(entry.becameNodes)}>
                  <td className="tf-table__num">{index + 1}</td>
                  <td className="tf-mono">{entry.sourceOp}</td>
                  <td className="tf-report__source" title={entry.sourceName}>{entry.sourceName || '—'}</td>
                  <td>
                    <span className="tf-report__became">
                      {entry.becameNodes.length === 0 && <span className="tf-muted">—</span>}
                      {entry.becameNodes.map((id, i) => (
                        <button key={id} type="button" className="tf-node-ref" disabled={!names.has(id)}
                          title={names.has(id) ? `Select ${names.get(id)}` : 'no longer in the graph'}
                          onClick={(e) => { e.stopPropagation(); focusNodes([id]) }}>
                          <span className="tf-node-ref__op">{entry.irOps[i]}</span> {names.get(id) ?? id}
                        </button>
                      ))}
                    </span>
                  </td>
                  <td><span className={`tf-status tf-status--${entry.status}`} data-testid="import-status">{entry.status}</span></td>
                  <td className="tf-report__notes">{notes(entry)}</td>
                </tr>
              )
            })}
          </tbody>
        </table>
        {report.diagnostics.length > 0 && (
          <section className="tf-report__diagnostics" aria-label="Import notes">
            <h3 className="tf-section-title">Notes <span className="tf-count">{report.diagnostics.length}</span></h3>
            <ProblemList problems={report.diagnostics} nodeNames={names} onSelectNode={(id) => focusNodes([id])} />
          </section>
        )}
      </div>
    </div>
  )
}

function countByStatus(entries: readonly ImportEntry[]): Record<ImportStatus, number> {
  const counts: Record<ImportStatus, number> = { mapped: 0, folded: 0, fused: 0, dropped: 0, unsupported: 0 }
  for (const e of entries) counts[e.status]++
  return counts
}

function sourceLine(report: ImportReport, elapsedMs: number): string {
  const parts = [FORMAT_NAMES[report.format] ?? report.format]
  if (report.source.version !== undefined) parts[0] += report.format === 'onnx' ? ` IR ${report.source.version}` : ` schema ${report.source.version}`
  if (report.source.opset !== undefined) parts.push(`opset ${report.source.opset}`)
  if (report.source.producer) parts.push(report.source.producer)
  parts.push(`${report.entries.length} operators`)
  parts.push(`imported in ${Math.max(1, Math.round(elapsedMs))} ms`)
  return parts.join(' · ')
}

function notes(entry: ImportEntry): string {
  if (entry.status === 'unsupported') {
    return `unsupported: ${entry.reason ?? 'no mapping'}${entry.suggestion ? ` — suggestion: ${entry.suggestion}` : ''}`
  }
  const text = [entry.reason, entry.suggestion ? `suggestion: ${entry.suggestion}` : undefined].filter(Boolean).join(' — ')
  return text
}
