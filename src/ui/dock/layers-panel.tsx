/**
 * The Layers tab: per-layer figures on one target with the chosen kernels — MACs, latency and its share of the
 * total, RAM live while the layer runs (+ its kernel scratch) and flash (constants + call sites) — in execution
 * order, then the runtime code no single layer owns (kernels once each, library helpers, the fixed API), so the
 * flash column adds up to the target's flash, and totals. Clicking a row selects the node on the canvas; the canvas
 * selection is highlighted here.
 */
import { useEffect, useRef } from 'react'
import type { EstimateReport, TargetEstimate, TargetLayerEstimate } from '../../core/estimate/report-types.ts'
import { selectFocusTargetId } from '../../store/dock-slice.ts'
import { selectSelectedNodes } from '../../store/selection-slice.ts'
import { formatExact } from '../format.ts'
import { useEditor } from '../hooks/use-editor.ts'
import { useEstimate } from '../hooks/use-estimate.ts'
import { useFocusNodes } from '../hooks/use-focus-nodes.ts'
import { useLibrary } from '../hooks/use-library.ts'
import { CORE_LABELS, formatBytes, formatError, formatMs, formatShare, runtimeLabel } from './estimate-format.ts'
import { FocusTargetSelect, focusedTarget } from './focus-target.tsx'
import { SourceBadge } from './source-badge.tsx'

export function LayersPanel() {
  const { report } = useEstimate()
  const focusId = useEditor(selectFocusTargetId)
  const selected = useEditor(selectSelectedNodes)
  const focusNodes = useFocusNodes()
  const { scheme } = useLibrary()
  const bodyRef = useRef<HTMLDivElement>(null)

  useEffect(() => {
    if (selected.length !== 1) return
    bodyRef.current?.querySelector(`[data-node-id="${CSS.escape(selected[0])}"]`)?.scrollIntoView({ block: 'nearest' })
  }, [selected])

  const target = report ? focusedTarget(report, focusId) : undefined
  if (!report || !target) {
    return <div className="tf-dock__empty"><p className="tf-dock__empty-title">No target</p><p>Compare a target (Targets tab) to see its per-layer figures.</p></div>
  }
  const perTarget = new Map<string, TargetLayerEstimate>(target.layers.map((l) => [l.node, l]))
  const totalCycles = target.cycles ?? 0
  const maxShare = Math.max(0, ...target.layers.map((l) => (totalCycles > 0 ? l.cycles / totalCycles : 0)))

  return (
    <div className="tf-layers-panel" data-testid="layers-panel">
      <div className="tf-dock__toolbar">
        <FocusTargetSelect report={report} target={target} />
        <span className="tf-dock__caption">
          {CORE_LABELS[target.core]} · {target.clockMHz} MHz · {report.libraryName} ·{' '}
          <span data-testid="layers-runtime">{runtimeLabel(report.runtime, scheme)} kernels</span>
          {target.latencyMs !== null && <> · latency {formatMs(target.latencyMs)} {formatError(target.figures.latency.errorPct)}{' '}
            <SourceBadge source={target.figures.latency.source} basis={target.figures.latency.basis} /></>}
        </span>
      </div>
      <div className="tf-dock__scroll" ref={bodyRef}>
        <table className="tf-table tf-layers" aria-label={`Layers on ${target.name}`} data-testid="layers-table">
          <thead>
            <tr>
              <th scope="col" className="tf-table__num">#</th>
              <th scope="col">Node</th>
              <th scope="col">Op</th>
              <th scope="col" className="tf-table__num">MACs</th>
              <th scope="col" className="tf-table__num">Latency</th>
              <th scope="col" className="tf-layers__share-col">% of total</th>
              <th scope="col" className="tf-table__num">RAM</th>
              <th scope="col" className="tf-table__num">Flash</th>
            </tr>
          </thead>
          <tbody>
            {report.layers.map((layer, i) => {
              const t = perTarget.get(layer.node)
              const share = t && totalCycles > 0 ? t.cycles / totalCycles : 0
              const isSelected = selected.includes(layer.node)
              const problem = layer.diagnostics.find((d) => d.severity === 'error')
              return (
                <tr key={layer.node} data-testid="layer-row" data-node-id={layer.node} aria-selected={isSelected}
                  className={`tf-table__row--link${isSelected ? ' tf-table__row--selected' : ''}${layer.estimated ? '' : ' tf-layers__row--off'}`}
                  onClick={() => focusNodes([layer.node])} title={problem ? problem.message : undefined}>
                  <td className="tf-table__num tf-muted">{i + 1}</td>
                  <td className="tf-layers__name">
                    {problem && <span className="tf-layers__problem" aria-label="has a problem">!</span>}
                    <span className="tf-layers__name-text" data-testid="layer-name" title={layer.name}>{layer.name}</span>
                  </td>
                  <td><span className="tf-op-tag">{layer.op}</span></td>
                  <td className="tf-table__num" data-testid="layer-macs">{layer.estimated ? formatExact(layer.macs) : '—'}</td>
                  <td className="tf-table__num" data-testid="layer-latency">
                    {t && t.latencyMs !== null && layer.estimated ? formatMs(t.latencyMs) : '—'}
                  </td>
                  <td className="tf-layers__share-col">
                    <span className="tf-share">
                      <span className="tf-share__track"><span className="tf-share__fill" style={{ width: `${maxShare > 0 ? (share / maxShare) * 100 : 0}%` }} /></span>
                      <span className="tf-share__text">{layer.estimated ? formatShare(share) : '—'}</span>
                    </span>
                  </td>
                  <td className="tf-table__num" data-testid="layer-ram">{t && layer.estimated ? formatBytes(t.ramBytes) : '—'}</td>
                  <td className="tf-table__num" data-testid="layer-flash" data-bytes={t && layer.estimated ? t.flashBytes : 0}>
                    {t && layer.estimated ? formatBytes(t.flashBytes) : '—'}
                  </td>
                </tr>
              )
            })}
            <RuntimeCodeRow target={target} runtime={runtimeLabel(report.runtime, scheme)} />
          </tbody>
          <tfoot>
            <tr className="tf-layers__total" data-testid="layers-total">
              <td />
              <th scope="row" colSpan={2}>Total</th>
              <td className="tf-table__num">{formatExact(report.model.macs)}</td>
              <td className="tf-table__num">{target.latencyMs !== null ? formatMs(target.latencyMs) : '—'}</td>
              <td className="tf-layers__share-col"><span className="tf-share__text">100%</span></td>
              <td className="tf-table__num" title={target.figures.ram.basis}>{formatBytes(target.ramBytes)} peak</td>
              <td className="tf-table__num" data-testid="layers-total-flash" data-bytes={target.flashBytes} title={target.figures.flash.basis}>
                {formatBytes(target.flashBytes)}
              </td>
            </tr>
          </tfoot>
        </table>
        <LayersNote report={report} target={target} runtime={runtimeLabel(report.runtime, scheme)} />
      </div>
    </div>
  )
}

/** Code the target links once, whichever layers call it: kernel functions, library helpers, the fixed API. */
function sharedCodeBytes(target: TargetEstimate): number {
  return target.flash.kernelBytes + target.flash.libcBytes + target.flash.fixedBytes
}

/** What the library-helper part of the shared code is for this runtime (flash-model.ts). */
function helpersName(report: EstimateReport): string {
  return report.runtime === 'portable' ? 'compiler helpers' : 'memcpy/memset'
}

function RuntimeCodeRow({ target, runtime }: { target: TargetEstimate; runtime: string }) {
  const { flash } = target
  const kernels = flash.kernels.length
  return (
    <tr className="tf-layers__runtime" data-testid="layers-runtime-code">
      <td className="tf-table__num tf-muted">*</td>
      <td className="tf-layers__name">Runtime code</td>
      <td><span className="tf-op-tag">{runtime}</span></td>
      <td className="tf-table__num tf-muted">—</td>
      <td className="tf-table__num tf-muted">—</td>
      <td className="tf-layers__share-col" />
      <td className="tf-table__num tf-muted">—</td>
      <td className="tf-table__num" data-testid="layers-runtime-flash" data-bytes={sharedCodeBytes(target)}
        title={`${kernels} kernel function${kernels === 1 ? '' : 's'} ${flash.kernelBytes} B, once each (${flash.kernels.map((k) => k.kernel).join(', ') || 'none'})`
          + ` + library helpers ${flash.libcBytes} B + fixed API ${flash.fixedBytes} B`}>
        {formatBytes(sharedCodeBytes(target))}
      </td>
    </tr>
  )
}

/** The footnote: how the flash column adds up, and why the RAM total is a peak rather than a sum. */
function LayersNote({ report, target, runtime }: { report: EstimateReport; target: TargetEstimate; runtime: string }) {
  const { flash, ram } = target
  const parts = [
    `${flash.kernels.length} kernel function${flash.kernels.length === 1 ? '' : 's'} ${formatBytes(flash.kernelBytes)}`,
    ...(flash.libcBytes > 0 ? [`${helpersName(report)} ${formatBytes(flash.libcBytes)}`] : []),
    ...(flash.fixedBytes > 0 ? [`the fixed API (_run, _input, _output) ${formatBytes(flash.fixedBytes)}`] : []),
  ]
  return (
    <p className="tf-layers__note" data-testid="layers-note">
      * Flash per layer is its constants and its generated calls. Code no single layer owns — each {runtime} kernel
      once, however many layers call it, plus library code — is the Runtime code row: {parts.join(', ')}. The flash
      column adds up to the total, {formatBytes(target.flashBytes)} on {target.board}
      {flash.unknownCode.length > 0 ? ` (no code size for ${flash.unknownCode.join(', ')})` : ''}. RAM per layer is
      what is live while it runs; the total is the peak: arena {formatBytes(ram.arenaBytes)} + scratch {formatBytes(ram.scratchBytes)}
      {ram.overheadBytes > 0 ? ` + guard word ${formatBytes(ram.overheadBytes)}` : ''}.
    </p>
  )
}
