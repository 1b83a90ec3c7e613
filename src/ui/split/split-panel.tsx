/**
 * The Split tab (split computing, docs/split.md): run the first layers on the microcontroller, send the cut tensor over
 * a link, finish on an edge box or in the cloud. Target × link × tier pickers, a stacked-bar chart over the cut positions
 * of one combination (device / transfer / tail, best cuts and baselines marked), a bandwidth slider marking the
 * crossover bandwidths, the flags of bad cuts, the best cuts of every combination, and the export of a chosen cut
 * (C head + ONNX tail + chain script, zipped in the 'split' job). Everything shown is derived on render (useSplit).
 */
import { useState } from 'react'
import { formatBandwidth } from '../../core/pipelines/split/format-split.ts'
import { selectDoc } from '../../store/document-slice.ts'
import { editorStore } from '../../store/editor-store.ts'
import { selectSplit } from '../../store/split-slice.ts'
import { downloadBytes } from '../download.ts'
import { formatExact } from '../format.ts'
import { useEditor } from '../hooks/use-editor.ts'
import { useSplit } from '../hooks/use-split.ts'
import { jobRunner } from '../jobs/job-runner.ts'
import { SplitBestTable } from './split-best-table.tsx'
import { SplitChart } from './split-chart.tsx'
import { BandwidthSlider, SplitPickers } from './split-controls.tsx'
import { SplitCustomForm } from './split-custom-form.tsx'
import './split.css'

type ExportState = { status: 'idle' } | { status: 'running' } | { status: 'done'; text: string } | { status: 'error'; text: string }

export function SplitPanel() {
  const view = useSplit()
  const choices = useEditor(selectSplit)
  const doc = useEditor(selectDoc)
  const [adding, setAdding] = useState<'link' | 'tier' | null>(null)
  const [exporting, setExporting] = useState<ExportState>({ status: 'idle' })
  if (!view) return <div className="tf-dock__empty"><p className="tf-dock__empty-title">Nothing to split</p><p>The estimator has no report for this graph.</p></div>
  const { table, analysis, focused, focusedLink } = view
  const s = editorStore.getState()
  const legal = table.cuts.filter((c) => !c.illegal && !c.onDevice)
  const chosen = choices.cut !== null && legal.some((c) => c.index === choices.cut) ? choices.cut
    : focused?.bestLatency !== null && focused && legal.some((c) => c.index === focused.bestLatency) ? focused.bestLatency : legal[0]?.index ?? null
  const larger = table.cuts.filter((c) => c.largerThanInput)
  const refused = table.cuts.filter((c) => c.illegal)

  const onExport = () => {
    if (chosen === null) return
    setExporting({ status: 'running' })
    jobRunner().start('split', { doc, options: { after: table.cuts[chosen].after, policy: choices.policy } }, {
      onProgress() {},
      onDone(result) {
        if (result.kind === 'refused') return setExporting({ status: 'error', text: result.reason })
        downloadBytes(result.fileName, result.zip, 'application/zip')
        setExporting({ status: 'done', text: `${result.fileName}: ${result.summary}` })
      },
      onFailed: (error) => setExporting({ status: 'error', text: `Could not export the split: ${error}` }),
    })
  }

  return (
    <div className="tf-split-panel" data-testid="split-panel">
      <div className="tf-dock__toolbar">
        <dl className="tf-dock__facts">
          <div><dt>Cuts</dt><dd>{table.cuts.length}</dd></div>
          <div><dt>Input</dt><dd>{formatExact(table.inputBytes)} B</dd></div>
          <div><dt>Combinations</dt><dd data-testid="split-combinations">{analysis.combinations.length}</dd></div>
        </dl>
        <div className="tf-dock__tools">
          <span className="tf-dock__timing" data-testid="split-time" data-ms={view.elapsedMs.toFixed(2)}>analysed in {view.elapsedMs < 1 ? '<1' : view.elapsedMs.toFixed(0)} ms</span>
          <button type="button" className="tf-button" onClick={() => setAdding('link')}>Add link…</button>
          <button type="button" className="tf-button" onClick={() => setAdding('tier')}>Add tier…</button>
        </div>
      </div>
      {adding && <SplitCustomForm kind={adding} onClose={() => setAdding(null)} />}
      <div className="tf-split-body">
      <SplitPickers view={view} choices={choices} />
      {focused && focusedLink ? (
        <div className="tf-split-main">
          <p className="tf-split-focus" data-testid="split-focus">
            Chart: <strong>{focused.target}</strong> · <strong>{focusedLink.name}</strong> at {formatBandwidth(focused.bandwidthBps)} · <strong>{focused.tier}</strong>
            {' '}— best for latency <strong data-testid="split-focus-best">cut {focused.bestLatency ?? '—'}</strong> ★, for device energy cut {focused.bestEnergy ?? '—'} ⚡
          </p>
          <SplitChart table={table} combination={focused} picked={chosen} onPick={(k) => s.setSplit({ cut: k })} />
          <BandwidthSlider combination={focused} link={focusedLink} bandwidthBps={choices.bandwidthBps} />
        </div>
      ) : <p className="tf-dock__empty">Choose at least one target, link and tier.</p>}
      </div>
      <ul className="tf-split-flags" data-testid="split-flags">
        {larger.map((c) => <li key={`l${c.index}`}>▲ cut {c.index} ({c.afterName}) sends {formatExact(c.bytes)} B, more than the {formatExact(table.inputBytes)} B input</li>)}
        {refused.length > 0 && <li>✕ {refused.length} cut{refused.length === 1 ? '' : 's'} refused: {refused.slice(0, 3).map((c) => `${c.index} (${c.illegal})`).join('; ')}{refused.length > 3 ? '; …' : ''}</li>}
      </ul>
      <div className="tf-split-export">
        <label>Export the cut after
          <select value={chosen ?? ''} onChange={(e) => s.setSplit({ cut: Number(e.currentTarget.value) })} data-testid="split-cut-select">
            {legal.map((c) => <option key={c.index} value={c.index}>{c.index}: {c.afterName} ({formatExact(c.bytes)} B)</option>)}
          </select>
        </label>
        <button type="button" className="tf-button tf-button--primary" disabled={chosen === null || exporting.status === 'running'}
          aria-busy={exporting.status === 'running'} onClick={onExport} data-testid="split-export">
          Export C head + ONNX tail (.zip)
        </button>
        {exporting.status === 'done' && <span className="tf-split-export__done" data-testid="split-export-done">{exporting.text}</span>}
        {exporting.status === 'error' && <span className="tf-warning" role="alert">{exporting.text}</span>}
      </div>
      <SplitBestTable analysis={analysis} focused={focused} />
    </div>
  )
}
