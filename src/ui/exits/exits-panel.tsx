/**
 * The Exits tab (early exit, docs/early-exit.md). Left: labelled data (samples .npy + labels), the accuracy loss
 * allowed, Measure / Calibrate as a job with progress and Cancel, and Apply thresholds (one undoable edit). Middle:
 * per exit its rule, threshold, measured exit rate and accuracy, the accuracy with exits against the main path alone,
 * and per target the expected latency and energy beside the no-exit figures, net-loss exits flagged. Right: the
 * exit-placement explorer (expected latency against the exit's position, for a head template and an assumed rate).
 */
import { useMemo, useState } from 'react'
import type { ChangeEvent } from 'react'
import { applyChanges } from '../../core/ir/changes.ts'
import type { Graph } from '../../core/ir/types.ts'
import { exitPlacement } from '../../core/pipelines/exits/exit-placement.ts'
import type { ExitHeadId } from '../../core/templates/exit-heads.ts'
import { EXIT_HEADS, ExitHeadError, exitHeadChanges } from '../../core/templates/exit-heads.ts'
import { selectGraph } from '../../store/document-slice.ts'
import { editorStore } from '../../store/editor-store.ts'
import type { ExitData } from '../../store/exits-commands.ts'
import { applyExitThresholds, cancelExits, startExits } from '../../store/exits-commands.ts'
import { selectExits } from '../../store/exits-slice.ts'
import { jobOf, progressFraction } from '../../store/jobs-slice.ts'
import { useEditor } from '../hooks/use-editor.ts'
import { useLibrary } from '../hooks/use-library.ts'
import { useTargets } from '../hooks/use-targets.ts'
import { jobRunner } from '../jobs/job-runner.ts'
import { ExitsPlacementChart } from './exits-chart.tsx'
import './exits.css'

const pct = (x: number | null) => (x === null ? '—' : `${(100 * x).toFixed(1)} %`)
const ms = (x: number) => `${x >= 10 ? x.toFixed(1) : x.toFixed(2)} ms`

async function named(file: File): Promise<{ name: string; bytes: Uint8Array }> {
  return { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) }
}

function attachHead(head: ExitHeadId) {
  return (g: Graph, tapId: string) => {
    try {
      const { changes, nodeIds } = exitHeadChanges(g, tapId, head)
      return { graph: applyChanges(g, changes).graph, head: nodeIds }
    } catch (err) {
      if (err instanceof ExitHeadError) return undefined
      throw err
    }
  }
}

export function ExitsPanel() {
  const graph = useEditor(selectGraph)
  const settings = useEditor(selectExits)
  const job = useEditor((s) => jobOf(s, 'exits'))
  const library = useLibrary()
  const { targets } = useTargets()
  const [files, setFiles] = useState<{ samples?: File; labels?: File }>({})
  const s = editorStore.getState()
  const exitNodes = graph.nodes.filter((n) => n.op === 'Exit')
  const running = job.status === 'running'
  const result = job.result
  const report = result?.report
  const quantized = graph.nodes.length > 0 && graph.nodes.every((n) => n.quant)
  const target = targets.find((t) => t.id === settings.targetId) ?? targets[0]
  const points = useMemo(() => (target && library.ops.Exit ? exitPlacement(graph, library, target, attachHead(settings.head)) : []),
    [graph, library, target, settings.head])
  const applied = report && result.thresholds ? report.exits.every((e) => graph.nodes.find((n) => n.id === e.id)?.attrs.threshold === e.threshold) : true

  const pick = (key: 'samples' | 'labels') => (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.currentTarget.files?.[0]
    setFiles((f) => ({ ...f, [key]: file }))
  }
  const run = async (calibrate: boolean) => {
    if (!files.samples || !files.labels) return
    const data: ExitData = { samples: await named(files.samples), labels: await named(files.labels) }
    startExits(editorStore, jobRunner(), data, targets, calibrate)
  }
  const ready = !!files.samples && !!files.labels && exitNodes.length > 0 && quantized && targets.length > 0

  return (
    <div className="tf-exits" data-testid="exits-panel">
      <form className="tf-qsetup tf-exits__setup" aria-label="Exit calibration" onSubmit={(e) => { e.preventDefault(); void run(true) }}>
        <p className="tf-qsetup__hint tf-exits__about">
          {exitNodes.length === 0 ? 'No Exit nodes: select a layer and use “Add exit here” in the inspector.'
            : `${exitNodes.length} exit${exitNodes.length === 1 ? '' : 's'}: ${exitNodes.map((n) => `${n.name} (${n.attrs.rule} ≥ ${n.attrs.threshold})`).join(', ')}`}
        </p>
        <label className="tf-exits__field">
          <span className="tf-qsetup__label">Samples (.npy)</span>
          <input type="file" accept=".npy" aria-label="Samples file" onChange={pick('samples')} disabled={running} />
        </label>
        <label className="tf-exits__field">
          <span className="tf-qsetup__label">Labels (.npy or IDX)</span>
          <input type="file" aria-label="Labels file" onChange={pick('labels')} disabled={running} />
        </label>
        <label className="tf-exits__field tf-exits__inline">
          <span className="tf-qsetup__label">Loss allowed</span>
          <input className="tf-qsetup__number" type="number" min={0} max={100} step={0.1} aria-label="Accuracy loss allowed (points)"
            value={settings.maxLossPct} onChange={(e) => s.setExits({ maxLossPct: Math.min(100, Math.max(0, Number(e.currentTarget.value) || 0)) })} />
          <span className="tf-qsetup__hint">pts</span>
        </label>
        <div className="tf-qsetup__row">
          <button type="submit" className="tf-button tf-button--primary" disabled={running || !ready}>Calibrate</button>
          <button type="button" className="tf-button" disabled={running || !ready} onClick={() => void run(false)}>Measure</button>
          {running && <button type="button" className="tf-button" onClick={() => cancelExits(editorStore)}>Cancel</button>}
        </div>
        {running && job.progress && (
          <div className="tf-qsetup__run">
            <div className="tf-qprogress" role="progressbar" aria-label="Measuring exits" aria-valuenow={Math.round(progressFraction(job.progress) * 100)}>
              <div className="tf-qprogress__fill" style={{ width: `${progressFraction(job.progress) * 100}%` }} />
            </div>
            <span className="tf-qsetup__hint">{job.progress.label}</span>
          </div>
        )}
        {job.status === 'failed' && <p className="tf-qsetup__error" role="alert">{job.error}</p>}
        {job.status === 'cancelled' && <p className="tf-qsetup__hint">Cancelled; nothing changed.</p>}
        {!quantized && exitNodes.length > 0 && <p className="tf-qsetup__hint">Quantize the graph first (Quantization tab): exits decide on int8 logits.</p>}
        {targets.length === 0 && <p className="tf-qsetup__hint">Add boards in the Targets tab: expected latency is priced on them.</p>}
      </form>

      <section className="tf-exits__results" aria-label="Exit results">
        {report ? (
          <>
            <p className="tf-exits__summary" data-testid="exits-summary">
              {result.thresholds ? `Calibrated for ≤ ${result.maxLossPct} points` : 'At the current thresholds'} on {report.samples.toLocaleString('en')} samples ({result.source}):
              {' '}accuracy <strong>{pct(report.accuracy)}</strong> with exits, {pct(report.mainAccuracy)} main path alone
            </p>
            <table className="tf-table tf-exits__table" aria-label="Exits">
              <thead><tr><th>Exit</th><th>Rule</th><th className="tf-table__num" title="integer threshold: logit margin in LSBs, or probability × 256">Thr.</th><th className="tf-table__num">Exit rate</th>
                <th className="tf-table__num" title="accuracy of the samples this exit decided">Accuracy</th><th className="tf-table__num" title={`share of the full network's latency on ${report.costTarget} run before the exit decides`}>Cost</th></tr></thead>
              <tbody>
                {report.exits.map((e, k) => (
                  <tr key={e.id}><td>{e.name}</td><td>{e.rule}</td><td className="tf-table__num">{e.threshold}</td><td className="tf-table__num">{pct(e.rate)}</td>
                    <td className="tf-table__num">{pct(e.accuracy)}</td><td className="tf-table__num">{pct(report.costShares[k])}</td></tr>
                ))}
                <tr className="tf-exits__main"><td>main path</td><td>—</td><td className="tf-table__num">—</td><td className="tf-table__num">{pct(report.main.rate)}</td>
                  <td className="tf-table__num">{pct(report.main.accuracy)}</td><td className="tf-table__num">100 %</td></tr>
              </tbody>
            </table>
            <table className="tf-table tf-exits__table" aria-label="Expected cost per target" data-testid="exits-targets">
              <thead><tr><th>Target</th><th className="tf-table__num">No exits</th><th className="tf-table__num">Expected</th><th className="tf-table__num">Saving</th>
                <th className="tf-table__num" title="no exits → expected">Energy</th><th title="exits whose head costs more than they save">Net loss</th></tr></thead>
              <tbody>
                {report.targets.map((t) => (
                  <tr key={t.targetId}><td>{t.name}</td><td className="tf-table__num">{ms(t.mainLatencyMs)}</td><td className="tf-table__num">{ms(t.latencyMs)}</td>
                    <td className={`tf-table__num${t.saving < 0 ? ' tf-exits__bad' : ''}`}>{pct(t.saving)}</td>
                    <td className="tf-table__num">{t.mainEnergyUj.toFixed(0)} → {t.energyUj.toFixed(0)} µJ</td>
                    <td className="tf-exits__bad">{t.exits.map((e, k) => (e.netLoss ? report.exits[k].name : '')).filter(Boolean).join(', ')}</td></tr>
                ))}
              </tbody>
            </table>
            {result.thresholds && !applied && (
              <button type="button" className="tf-button tf-button--primary" onClick={() => applyExitThresholds(editorStore)}>Apply thresholds</button>
            )}
          </>
        ) : (
          <div className="tf-dock__empty">
            <p className="tf-dock__empty-title">Exit rates need labelled data</p>
            <p>Choose samples and labels, then Measure (current thresholds) or Calibrate (thresholds within the accuracy loss you allow).</p>
          </div>
        )}
      </section>

      <section className="tf-exits__placement" aria-label="Exit placement">
        <div className="tf-exits__bar">
          <h3 className="tf-explore__title">Where would one exit pay?</h3>
          <label className="tf-dock__select">Head
            <select className="tf-select" aria-label="Head template" value={settings.head} onChange={(e) => s.setExits({ head: e.currentTarget.value as ExitHeadId })}>
              {EXIT_HEADS.map((h) => <option key={h.id} value={h.id}>{h.label}</option>)}
            </select>
          </label>
          <label className="tf-dock__select">Target
            <select className="tf-select" aria-label="Placement target" value={target?.id ?? ''} onChange={(e) => s.setExits({ targetId: e.currentTarget.value })}>
              {targets.map((t) => <option key={t.id} value={t.id}>{t.name}</option>)}
            </select>
          </label>
          <label className="tf-dock__select">Exit rate
            <input type="range" min={0} max={1} step={0.05} value={settings.rate} aria-label="Assumed exit rate"
              onChange={(e) => s.setExits({ rate: Number(e.currentTarget.value) })} />
            <span className="tf-exits__rate">{Math.round(settings.rate * 100)} %</span>
          </label>
        </div>
        {points.length > 0 ? <ExitsPlacementChart points={points} rate={settings.rate} />
          : <p className="tf-qsetup__hint">No position of the main path can take this head on this target.</p>}
      </section>
    </div>
  )
}
