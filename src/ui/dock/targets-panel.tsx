/**
 * The Targets tab: what the model needs (MACs, weights, arena) and, side by side for every compared
 * board, flash, RAM, latency, energy and whether it fits; the Kernels choice (which runtime every estimator
 * panel prices), the target picker and the custom-target form.
 * Everything is derived from the document on render (useEstimate is memoized on the graph's identity).
 */
import { useCallback, useRef, useState } from 'react'
import type { EstimateReport } from '../../core/estimate/report-types.ts'
import { selectFocusTargetId, selectTargetSort } from '../../store/dock-slice.ts'
import { editorStore } from '../../store/editor-store.ts'
import { DEFAULT_TARGET_IDS, setCatalogSelection } from '../../store/target-commands.ts'
import { formatCount } from '../format.ts'
import { useEditor } from '../hooks/use-editor.ts'
import { useEstimate } from '../hooks/use-estimate.ts'
import { useTargets } from '../hooks/use-targets.ts'
import { CustomTargetDialog } from './custom-target-dialog.tsx'
import { formatBytes } from './estimate-format.ts'
import { KernelsChoice } from './kernels-choice.tsx'
import { TargetPicker } from './target-picker.tsx'
import { TargetTable } from './target-table.tsx'

export function TargetsPanel() {
  const { report, error, elapsedMs } = useEstimate()
  const { targets, unknown, invalid } = useTargets()
  const sort = useEditor(selectTargetSort)
  const focusId = useEditor(selectFocusTargetId)
  const [picking, setPicking] = useState(false)
  const [adding, setAdding] = useState(false)
  const closePicker = useCallback(() => setPicking(false), [])
  const pickerButton = useRef<HTMLButtonElement>(null)
  const focus = focusId && targets.some((t) => t.id === focusId) ? focusId : targets[0]?.id

  return (
    <div className="tf-targets-panel" data-testid="targets-panel">
      <div className="tf-dock__toolbar">
        {report ? <ModelFacts report={report} /> : <span className="tf-dock__facts" />}
        <div className="tf-dock__tools">
          <KernelsChoice />
          <span className="tf-dock__timing" data-testid="estimate-time" data-ms={elapsedMs.toFixed(2)}
            title="Time the estimator took for this edit (all compared targets)">
            estimated in {elapsedMs < 1 ? '<1' : elapsedMs.toFixed(0)} ms
          </span>
          <div className="tf-popover-anchor">
            <button ref={pickerButton} type="button" className="tf-button" aria-expanded={picking} aria-haspopup="dialog" data-picker-toggle
              onClick={() => setPicking((p) => !p)}>
              Targets <span className="tf-count">{targets.length}</span> <span aria-hidden="true" className="tf-caret">▴</span>
            </button>
            {picking && <TargetPicker anchorRef={pickerButton} onClose={closePicker} />}
          </div>
          <button type="button" className="tf-button" onClick={() => setAdding(true)}>Add custom target…</button>
        </div>
      </div>
      {(unknown.length > 0 || invalid.length > 0 || (report && !report.complete) || error) && (
        <div className="tf-dock__warnings">
          {error && <p className="tf-warning" data-testid="estimate-error">The estimator failed: {error}</p>}
          {report && !report.complete && <p className="tf-warning" data-testid="estimate-incomplete">{incompleteNote(report)}</p>}
          {unknown.length > 0 && <p className="tf-warning">Unknown target ids ignored: {unknown.join(', ')}</p>}
          {invalid.map((i) => <p key={i.id} className="tf-warning">Custom target {i.id} ignored: {i.message}</p>)}
        </div>
      )}
      <div className="tf-dock__scroll">
        {targets.length === 0
          ? (
            <div className="tf-dock__empty" data-testid="targets-empty">
              <p className="tf-dock__empty-title">No targets compared</p>
              <p>Pick boards to see whether the model fits and how fast it runs on each.</p>
              <button type="button" className="tf-button tf-button--primary tf-dock__empty-action"
                onClick={() => setCatalogSelection(editorStore, DEFAULT_TARGET_IDS)}>
                Compare {DEFAULT_TARGET_IDS.length} recommended boards
              </button>
            </div>
          )
          : report && <TargetTable targets={report.targets} sort={sort} focusId={focus} />}
      </div>
      {adding && <CustomTargetDialog onClose={() => setAdding(false)} />}
    </div>
  )
}

/** Why the figures may not be final: nodes left out, or problems in a graph that was estimated whole. */
function incompleteNote(report: EstimateReport): string {
  const { nodes, estimatedNodes } = report.model
  const errors = report.diagnostics.filter((d) => d.severity === 'error').length
  if (estimatedNodes < nodes) {
    return `${estimatedNodes} of ${nodes} nodes estimated: nodes with problems and those downstream of them count for nothing (see the inspector).`
  }
  return `Every node is estimated, but the graph has ${errors} problem${errors === 1 ? '' : 's'} (see the inspector) to fix before it can be deployed.`
}

function ModelFacts({ report }: { report: EstimateReport }) {
  const { model, memory } = report
  return (
    <dl className="tf-dock__facts" data-testid="model-facts">
      <div><dt>MACs</dt><dd data-testid="model-macs">{formatCount(model.macs)}</dd></div>
      <div><dt>Params</dt><dd>{formatCount(model.params)}</dd></div>
      <div><dt>Weights</dt><dd title={`${model.weightBytes} B incl. ${model.biasBytes} B bias; + ${model.quantParamBytes} B quantization parameters`}>
        {formatBytes(model.weightBytes)}</dd></div>
      <div><dt>Arena</dt><dd data-testid="model-arena" title={memory.plannerBasis}>{formatBytes(memory.arenaBytes)}</dd></div>
    </dl>
  )
}
