/**
 * The Cut-training tab (docs/cut-training.md): cut the network into blocks that train at the same time on several
 * edge devices, each block with a small head of its own. Cut points are marked on the canvas (the ✂ button of a node
 * card while this tab is open) or proposed by the balancer; each cut picks its head template and each block its
 * trainer device from the catalog. The panel shows per device the training time per epoch (compute + transfer) and
 * peak training memory, the epoch of the pipeline, the speed-up over one device and the simulated timeline (compute,
 * transfer, idle per device), and downloads the cut-training PyTorch project (the 'cut-training' exporter).
 */
import { useMemo, useState } from 'react'
import { CutPlanError } from '../../core/formats/cut/cut-layout.ts'
import { HEAD_TEMPLATES, isHeadTemplate } from '../../core/formats/cut/heads.ts'
import { EXPORTERS, ExportError, exportedFile } from '../../core/formats/exporters.ts'
import { proposeCuts } from '../../core/pipelines/cut/balance.ts'
import { TRAINERS } from '../../core/targets/trainers.ts'
import { selectDoc } from '../../store/document-slice.ts'
import { editorStore } from '../../store/editor-store.ts'
import { selectCut } from '../../store/cut-slice.ts'
import { formatBytes } from '../dock/estimate-format.ts'
import { downloadBytes } from '../download.ts'
import { useEditor } from '../hooks/use-editor.ts'
import { trainersOf, useCutPlan } from '../hooks/use-cut-plan.ts'
import { CutTimelineChart } from './cut-timeline-chart.tsx'
import './cut.css'

const sec = (s: number) => (s >= 100 ? s.toFixed(0) : s >= 10 ? s.toFixed(1) : s.toFixed(2))

export function CutPanel() {
  const view = useCutPlan()
  const choices = useEditor(selectCut)
  const doc = useEditor(selectDoc)
  const [status, setStatus] = useState<{ kind: 'done' | 'error'; text: string } | null>(null)
  const s = editorStore.getState()
  const { layout, estimate } = view
  const labels = useMemo(() => (estimate ? estimate.devices.map((d) => `block ${d.block + 1} · ${d.trainer.id}`) : []), [estimate])
  const nameOf = (id: string | null) => (id ? doc.graph.nodes.find((n) => n.id === id)?.name ?? id : '—')

  const onBalance = () => {
    try {
      const trainers = trainersOf(choices, choices.blocks)
      s.setCut({ cuts: proposeCuts(doc, trainers, { batch: choices.batch, head: choices.head }), devices: trainers.map((t) => t.id) })
      setStatus(null)
    } catch (err) {
      if (err instanceof CutPlanError) setStatus({ kind: 'error', text: err.message })
      else throw err
    }
  }
  const onDownload = () => {
    try {
      const output = EXPORTERS['cut-training'].export(doc, { cuts: choices.cuts, devices: view.trainers.map((t) => t.id) })
      const file = exportedFile(output)
      downloadBytes(file.fileName, file.bytes, 'application/zip')
      setStatus({ kind: 'done', text: `${file.fileName}: ${output.details.summary}` })
    } catch (err) {
      setStatus({ kind: 'error', text: err instanceof ExportError ? err.message : `Could not export the project: ${err instanceof Error ? err.message : String(err)}` })
    }
  }

  return (
    <div className="tf-cut-panel" data-testid="cut-panel">
      <div className="tf-dock__toolbar">
        <dl className="tf-dock__facts">
          <div><dt>Blocks</dt><dd data-testid="cut-blocks">{layout ? layout.blocks.length : '—'}</dd></div>
          <div><dt>Epoch (pipeline)</dt><dd data-testid="cut-epoch">{estimate ? `${sec(estimate.pipelineSeconds)} s` : '—'}</dd></div>
          <div><dt>One device</dt><dd>{estimate ? `${sec(estimate.singleDeviceSeconds)} s` : '—'}</dd></div>
          <div><dt>Speed-up</dt><dd data-testid="cut-speedup">{estimate ? `${estimate.speedup.toFixed(2)}×` : '—'}</dd></div>
        </dl>
        <div className="tf-dock__tools">
          <span className="tf-dock__timing">estimated in {view.elapsedMs < 1 ? '<1' : view.elapsedMs.toFixed(0)} ms</span>
          <label className="tf-cut-inline">New cuts get
            <select value={choices.head} onChange={(e) => { const v = e.currentTarget.value; if (isHeadTemplate(v)) s.setCut({ head: v }) }} data-testid="cut-head-default">
              {HEAD_TEMPLATES.map((t) => <option key={t.id} value={t.id}>{t.label}</option>)}
            </select>
          </label>
          <label className="tf-cut-inline">Devices
            <input type="number" min={1} max={8} value={choices.blocks} data-testid="cut-balance-blocks"
              onChange={(e) => s.setCut({ blocks: Math.max(1, Math.min(8, Number(e.currentTarget.value) || 1)) })} />
          </label>
          <button type="button" className="tf-button tf-button--primary" onClick={onBalance} data-testid="cut-balance">Balance</button>
          <button type="button" className="tf-button" disabled={choices.cuts.length === 0} onClick={() => s.setCut({ cuts: [] })}>Clear cuts</button>
        </div>
      </div>
      <p className="tf-cut-hint">
        Mark cut points with the ✂ button of a node card on the canvas, or let <strong>Balance</strong> propose equal blocks
        for the devices. Epoch of {choices.samples.toLocaleString('en-US')} samples, batch {choices.batch}.
      </p>
      {view.error && <p className="tf-warning tf-cut-error" role="alert" data-testid="cut-error">{view.error}</p>}
      {layout && estimate && (
        <div className="tf-cut-body">
          <table className="tf-table tf-cut-table" aria-label="Blocks and devices" data-testid="cut-devices">
            <thead>
              <tr>
                <th scope="col">Block</th><th scope="col">Cut after</th><th scope="col">Head</th><th scope="col">Device</th>
                <th scope="col" className="tf-table__num">Compute s/epoch</th><th scope="col" className="tf-table__num">Transfer s/epoch</th>
                <th scope="col" className="tf-table__num">Peak memory</th>
              </tr>
            </thead>
            <tbody>
              {layout.blocks.map((b, k) => {
                const d = estimate.devices[k]
                return (
                  <tr key={k} data-testid="cut-device-row">
                    <td>{k + 1} <span className="tf-cut-muted">({b.nodes.length} nodes)</span></td>
                    <td>{b.cut ? nameOf(b.cut) : <span className="tf-cut-muted">network output</span>}</td>
                    <td>
                      {b.cut && b.template ? (
                        <select aria-label={`Head of block ${k + 1}`} value={b.template}
                          onChange={(e) => { const v = e.currentTarget.value; if (isHeadTemplate(v) && b.after) s.setCutHead(b.after, v) }}>
                          {HEAD_TEMPLATES.map((t) => <option key={t.id} value={t.id}>{t.label}</option>)}
                        </select>
                      ) : <span className="tf-cut-muted">its own</span>}
                    </td>
                    <td>
                      <select aria-label={`Device of block ${k + 1}`} value={d.trainer.id} onChange={(e) => s.setBlockDevice(k, e.currentTarget.value)}>
                        {TRAINERS.map((t) => <option key={t.id} value={t.id}>{t.name}</option>)}
                      </select>
                    </td>
                    <td className="tf-table__num" data-testid="cut-compute">{sec(d.computeSeconds)}</td>
                    <td className="tf-table__num">{sec(d.transferSeconds)}</td>
                    <td className="tf-table__num">{formatBytes(d.memoryBytes)}{d.fitsMemory ? '' : ' ✕'}</td>
                  </tr>
                )
              })}
            </tbody>
          </table>
          <CutTimelineChart schedule={estimate.schedule} labels={labels} />
        </div>
      )}
      <div className="tf-cut-export">
        <button type="button" className="tf-button tf-button--primary" disabled={!layout} onClick={onDownload} data-testid="cut-download">
          Download the cut-training project (.zip)
        </button>
        {status?.kind === 'done' && <span className="tf-cut-muted" data-testid="cut-download-done">{status.text}</span>}
        {status?.kind === 'error' && <span className="tf-warning" role="alert">{status.text}</span>}
      </div>
    </div>
  )
}
