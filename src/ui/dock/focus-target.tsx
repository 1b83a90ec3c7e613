/** The "Target" chooser of the Layers and Memory tabs, and the rule for which compared target they show. */
import type { EstimateReport, TargetEstimate } from '../../core/estimate/report-types.ts'
import { editorStore } from '../../store/editor-store.ts'

/** The focused target if it is still compared, else the first compared one. */
export function focusedTarget(report: EstimateReport, focusId: string | undefined): TargetEstimate | undefined {
  return report.targets.find((t) => t.id === focusId) ?? report.targets[0]
}

export function FocusTargetSelect({ report, target }: { report: EstimateReport; target: TargetEstimate | undefined }) {
  if (!target) return null
  return (
    <label className="tf-dock__select">
      <span>Target</span>
      <select className="tf-select" value={target.id} aria-label="Target"
        onChange={(e) => editorStore.getState().setFocusTarget(e.target.value)}>
        {report.targets.map((t) => <option key={t.id} value={t.id}>{t.board}</option>)}
      </select>
    </label>
  )
}
