/**
 * The Compress tab: structured pruning, weight clustering and magnitude pruning of the open design, priced before they
 * are applied. Left: the method and its global knob, Apply (one undoable change) and the sensitivity scan (a job, with
 * progress and cancel). Right: every weighted layer with its change, its own override, its bytes before → after and its
 * latency on the focused target with the change; each compared board's flash, RAM and latency with their change; then
 * the scan's charts — each layer's agreement against the level, and the whole model's size against agreement.
 */
import { useState } from 'react'
import type { CompressMethod, CompressSettings } from '../../core/pipelines/compress/compress-plan.ts'
import { PALETTE_CLUSTERS } from '../../core/ir/types.ts'
import type { PaletteClusters } from '../../core/ir/types.ts'
import { applyCompress, cancelCompressScan, startCompressScan } from '../../store/compress-commands.ts'
import { selectCompress } from '../../store/compress-slice.ts'
import { editorStore } from '../../store/editor-store.ts'
import { jobOf, progressFraction } from '../../store/jobs-slice.ts'
import { selectKernelRuntime } from '../../store/kernel-runtime-slice.ts'
import { formatBytes, formatMs } from '../dock/estimate-format.ts'
import { useEditor } from '../hooks/use-editor.ts'
import { jobRunner } from '../jobs/job-runner.ts'
import { SensitivityChart, SizeAccuracyChart } from './compress-charts.tsx'
import { KNOB, METHOD_LABELS, bytesChange, changePct, latencyChange } from './compress-format.ts'
import { useCompressPreview } from './use-compress-preview.ts'
import './compress.css'

const percent = (v: number) => String(Math.round(v * 100))

export function CompressPanel() {
  const settings = useEditor(selectCompress)
  const runtime = useEditor(selectKernelRuntime)
  const job = useEditor((s) => jobOf(s, 'compress-scan'))
  const view = useCompressPreview()
  const [notice, setNotice] = useState<string | null>(null)
  const s = editorStore.getState()
  const set = (patch: Partial<CompressSettings>) => { setNotice(null); s.setCompress(patch) }
  const running = job.status === 'running'
  const focusTarget = view.targets[view.focus]
  const scan = job.result?.result
  const noSaving = settings.method === 'prune-weights' && settings.format === 'dense'

  const onApply = () => {
    const reason = applyCompress(editorStore)
    setNotice(reason ?? `Applied: ${METHOD_LABELS[settings.method].toLowerCase()}. Undo (Ctrl+Z) brings the previous design back.`)
  }

  return (
    <div className="tf-compress" data-testid="compress-panel">
      <form className="tf-qsetup tf-compress__setup" aria-label="Compression settings" onSubmit={(e) => { e.preventDefault(); onApply() }}>
        <label className="tf-explore__field">
          <span className="tf-qsetup__label">Method</span>
          <select className="tf-select" aria-label="Method" value={settings.method} onChange={(e) => set({ method: e.currentTarget.value as CompressMethod })}>
            {(Object.keys(METHOD_LABELS) as CompressMethod[]).map((m) => <option key={m} value={m}>{METHOD_LABELS[m]}</option>)}
          </select>
        </label>
        <MethodFields settings={settings} set={set} />
        {noSaving && (
          <p className="tf-qsetup__hint tf-compress__note" data-testid="compress-dense-note">
            Dense kernels store and multiply the zeros: 0 B and 0 µs saved. Choose the sparse format to store a bitmap + the non-zero weights.
          </p>
        )}
        <button type="submit" className="tf-button tf-button--primary tf-qsetup__go" disabled={!view.preview} data-testid="compress-apply">
          Apply to the design
        </button>
        {view.error && <p className="tf-qsetup__error" role="alert" data-testid="compress-error">{view.error}</p>}
        {notice && <p className="tf-qsetup__hint tf-compress__note" role="status">{notice}</p>}
        <div className="tf-compress__scan">
          <span className="tf-qsetup__label">Sensitivity: top-1 agreement with the uncompressed model, per layer and level (seeded inputs)</span>
          <div className="tf-qsetup__row">
            <button type="button" className="tf-button" disabled={running || !focusTarget || !view.preview}
              onClick={() => focusTarget && startCompressScan(editorStore, jobRunner(), focusTarget, runtime)} data-testid="compress-scan">
              Scan sensitivity
            </button>
            {running && <button type="button" className="tf-button" onClick={() => cancelCompressScan(editorStore)}>Cancel</button>}
          </div>
          {running && job.progress && (
            <div className="tf-qsetup__run">
              <div className="tf-qprogress" role="progressbar" aria-label="Scanning" aria-valuenow={Math.round(progressFraction(job.progress) * 100)}>
                <div className="tf-qprogress__fill" style={{ width: `${progressFraction(job.progress) * 100}%` }} />
              </div>
              <span className="tf-qsetup__hint">{job.progress.label}</span>
            </div>
          )}
          {job.status === 'failed' && <p className="tf-qsetup__error" role="alert">{job.error}</p>}
        </div>
      </form>

      <section className="tf-compress__main" aria-label="Per-layer preview">
        {view.preview ? (
          <>
            <div className="tf-compress__bar">
              <label className="tf-dock__select">
                <span>Layer latency on</span>
                <select className="tf-select" aria-label="Layer latency target" value={focusTarget?.id ?? ''}
                  onChange={(e) => s.setFocusTarget(e.currentTarget.value)}>
                  {view.targets.map((t) => <option key={t.id} value={t.id}>{t.board}</option>)}
                </select>
              </label>
              <span className="tf-dock__caption">{view.preview.layers.length} layers · estimated before → after, nothing applied yet</span>
            </div>
            <table className="tf-table tf-compress__layers" aria-label="Layers" data-testid="compress-layers">
              <thead>
                <tr>
                  <th scope="col">Layer</th><th scope="col">Change</th>
                  <th scope="col" title="this layer's own value; empty = the global one">{KNOB[settings.method].name}</th>
                  <th scope="col" className="tf-table__num">Bytes</th>
                  <th scope="col" className="tf-table__num">Latency</th>
                </tr>
              </thead>
              <tbody>
                {view.preview.layers.map((l) => (
                  <tr key={l.node} data-testid={`compress-row-${l.name}`}>
                    <td className="tf-compress__name" title={`${l.name} (${l.op})`}>{l.name}</td>
                    <td className="tf-compress__change">{l.note ?? '—'}</td>
                    <td><LayerKnob settings={settings} node={l.node} /></td>
                    <td className="tf-table__num">{formatBytes(l.bytesBefore)} → {formatBytes(l.bytesAfter)}
                      <span className="tf-compress__delta"> {changePct(l.bytesBefore, l.bytesAfter) || '0 %'}</span></td>
                    <td className="tf-table__num">{l.latencyAfterMs === null ? '—' : formatMs(l.latencyAfterMs)}
                      <span className="tf-compress__delta"> {latencyChange(l.latencyBeforeMs, l.latencyAfterMs)}</span></td>
                  </tr>
                ))}
              </tbody>
            </table>
            {view.preview.compressed.kept.length > 0 && (
              <p className="tf-qsetup__hint tf-compress__kept">
                Kept as they are: {view.preview.compressed.kept.map((k) => `${k.layers.join(' + ')} (${k.reason})`).join('; ')}
              </p>
            )}
            <table className="tf-table tf-compress__targets" aria-label="Boards" data-testid="compress-targets">
              <thead>
                <tr><th scope="col">Board</th><th scope="col" className="tf-table__num">Flash</th><th scope="col" className="tf-table__num">RAM</th>
                  <th scope="col" className="tf-table__num">Latency</th></tr>
              </thead>
              <tbody>
                {view.preview.targets.map((t) => (
                  <tr key={t.id} data-testid="compress-target" data-target-id={t.id} data-flash-before={t.flashBefore} data-flash-after={t.flashAfter}
                    title={`before: flash ${formatBytes(t.flashBefore)}, RAM ${formatBytes(t.ramBefore)}${t.latencyBeforeMs === null ? '' : `, ${formatMs(t.latencyBeforeMs)}`}`}>
                    <td>{t.name}</td>
                    <td className="tf-table__num">{formatBytes(t.flashAfter)}<span className="tf-compress__delta"> {bytesChange(t.flashBefore, t.flashAfter)}</span></td>
                    <td className="tf-table__num">{formatBytes(t.ramAfter)}<span className="tf-compress__delta"> {bytesChange(t.ramBefore, t.ramAfter)}</span></td>
                    <td className="tf-table__num">{t.latencyAfterMs === null ? '—' : formatMs(t.latencyAfterMs)}
                      <span className="tf-compress__delta"> {latencyChange(t.latencyBeforeMs, t.latencyAfterMs)}</span></td>
                  </tr>
                ))}
              </tbody>
            </table>
            {scan ? (
              <div className="tf-compress__charts" aria-label="Sensitivity">
                <figure className="tf-compress__figure">
                  <figcaption className="tf-explore__title">Per layer</figcaption>
                  <SensitivityChart result={scan} />
                </figure>
                <figure className="tf-compress__figure">
                  <figcaption className="tf-explore__title">Size against agreement</figcaption>
                  <SizeAccuracyChart result={scan} />
                </figure>
                <p className="tf-qsetup__hint tf-compress__about">{scan.samples} seeded inputs · {scan.engine} · {METHOD_LABELS[scan.method]}</p>
              </div>
            ) : null}
          </>
        ) : (
          <div className="tf-dock__empty">
            <p className="tf-dock__empty-title">Nothing to preview</p>
            <p>{view.error ?? 'Design a network with weighted layers to compress it.'}</p>
          </div>
        )}
      </section>

    </div>
  )
}

function MethodFields({ settings, set }: { settings: CompressSettings; set(p: Partial<CompressSettings>): void }) {
  if (settings.method === 'cluster') {
    return (
      <label className="tf-explore__field">
        <span className="tf-qsetup__label">Clusters per layer (one codebook each)</span>
        <select className="tf-select" aria-label="Clusters" value={settings.clusters} onChange={(e) => set({ clusters: Number(e.currentTarget.value) as PaletteClusters })}>
          {PALETTE_CLUSTERS.map((k) => <option key={k} value={k}>{k} ({Math.log2(k)}-bit indices)</option>)}
        </select>
      </label>
    )
  }
  const pruning = settings.method === 'prune-channels'
  const value = pruning ? settings.ratio : settings.sparsity
  return (
    <>
      <label className="tf-explore__field">
        <span className="tf-qsetup__label">{pruning ? 'Channels removed per layer (rounded to multiples of 4)' : 'Zero weights per layer'}</span>
        <div className="tf-qsetup__row">
          <input type="range" min={0} max={pruning ? 90 : 95} step={5} value={Math.round(value * 100)} aria-label={KNOB[settings.method].name}
            onChange={(e) => set(pruning ? { ratio: Number(e.currentTarget.value) / 100 } : { sparsity: Number(e.currentTarget.value) / 100 })} />
          <span className="tf-compress__value" data-testid="compress-knob-value">{percent(value)} %</span>
        </div>
      </label>
      {pruning ? (
        <label className="tf-explore__field">
          <span className="tf-qsetup__label">Importance</span>
          <select className="tf-select" aria-label="Importance" value={settings.criterion} onChange={(e) => set({ criterion: e.currentTarget.value as 'l1' | 'l2' })}>
            <option value="l1">L1 norm of the filter</option>
            <option value="l2">L2 norm of the filter</option>
          </select>
        </label>
      ) : (
        <label className="tf-explore__field">
          <span className="tf-qsetup__label">Storage in the C package</span>
          <select className="tf-select" aria-label="Storage" value={settings.format} onChange={(e) => set({ format: e.currentTarget.value as 'dense' | 'sparse' })}>
            <option value="sparse">Sparse: bitmap + non-zero weights</option>
            <option value="dense">Dense int8 (zeros stored)</option>
          </select>
        </label>
      )}
    </>
  )
}

/** One layer's override of the global knob (empty: the global value). */
function LayerKnob({ settings, node }: { settings: CompressSettings; node: string }) {
  const own = settings.perLayer[node]
  const s = editorStore.getState()
  if (settings.method === 'cluster') {
    return (
      <select className="tf-select tf-compress__knob" aria-label="Layer clusters" value={own ?? ''}
        onChange={(e) => s.setCompressLayer(node, e.currentTarget.value === '' ? undefined : Number(e.currentTarget.value))}>
        <option value="">all: {settings.clusters}</option>
        {PALETTE_CLUSTERS.map((k) => <option key={k} value={k}>{k}</option>)}
      </select>
    )
  }
  return (
    <input className="tf-qsetup__number tf-compress__knob" inputMode="numeric" aria-label="Layer percent" placeholder={`all: ${percent(settings.method === 'prune-channels' ? settings.ratio : settings.sparsity)}`}
      defaultValue={own === undefined ? '' : percent(own)} key={`${settings.method}:${own ?? ''}`}
      onBlur={(e) => {
        const text = e.currentTarget.value.trim()
        const v = Number(text)
        s.setCompressLayer(node, text === '' || !Number.isFinite(v) ? undefined : Math.min(95, Math.max(0, v)) / 100)
      }} />
  )
}
