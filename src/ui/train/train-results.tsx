/**
 * The Train tab's right column: the last run's accuracies — float, QAT (fake-quantized) and the int8 model run by
 * the int8 engine (the device's arithmetic) — on the held-out set, the backend and throughput, beside the compared
 * targets' estimates of the current design; below, the project's recorded training runs.
 */
import { selectDoc } from '../../store/document-slice.ts'
import { jobOf } from '../../store/jobs-slice.ts'
import { formatBytes, formatMs } from '../dock/estimate-format.ts'
import { useEditor } from '../hooks/use-editor.ts'
import { useEstimate } from '../hooks/use-estimate.ts'

const pct = (v: number | null | undefined) => (v === null || v === undefined || Number.isNaN(v) ? '—' : `${(v * 100).toFixed(1)} %`)

export function TrainResults() {
  const job = useEditor((s) => jobOf(s, 'train'))
  const doc = useEditor(selectDoc)
  const { report } = useEstimate()
  const result = job.result
  const r = result?.run.result
  const runs = doc.trainingRuns ?? []
  return (
    <aside className="tf-train__side" aria-label="Training results">
      <h3 className="tf-explore__title">Accuracy</h3>
      {r ? (
        <>
          <table className="tf-table tf-train__acc" aria-label="Accuracy of the last run" data-testid="train-accuracy">
            <tbody>
              <tr><th>Float (TF.js)</th><td className="tf-table__num">{pct(r.floatAccuracy)}</td></tr>
              <tr><th title="fake-quantized on the int8 grid">QAT</th><td className="tf-table__num">{pct(r.qatAccuracy)}</td></tr>
              <tr className="tf-train__int8"><th title="the int8 model run by the int8 engine: the device's arithmetic">int8 engine</th>
                <td className="tf-table__num" data-testid="train-int8">{pct(r.int8Accuracy)}</td></tr>
            </tbody>
          </table>
          <p className="tf-qsetup__hint tf-train__note">on {r.samples.toLocaleString('en')} {r.evaluatedOn} samples · {result!.backend} · {Math.round(result!.samplesPerSecond)} samples/s</p>
        </>
      ) : (
        <p className="tf-qsetup__hint tf-train__note">Run a training to see float, QAT and int8 accuracy.</p>
      )}
      <h3 className="tf-explore__title">On the targets</h3>
      {report && report.targets.length > 0 ? (
        <table className="tf-table tf-train__targets" aria-label="Estimates of the design">
          <thead><tr><th>Board</th><th className="tf-table__num">Flash</th><th className="tf-table__num">RAM</th><th className="tf-table__num">Latency</th></tr></thead>
          <tbody>
            {report.targets.map((t) => (
              <tr key={t.id}>
                <td title={t.board}>{t.name}</td>
                <td className="tf-table__num">{formatBytes(t.flashBytes)}</td>
                <td className="tf-table__num">{formatBytes(t.ramBytes)}</td>
                <td className="tf-table__num">{t.latencyMs === null ? '—' : formatMs(t.latencyMs)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : <p className="tf-qsetup__hint tf-train__note">Compare boards in the Targets tab.</p>}
      {runs.length > 0 && (
        <details className="tf-train__runs">
          <summary>Training runs in this project: {runs.length}</summary>
          <ol>
            {runs.map((run, i) => (
              <li key={i} title={run.dataset.source}>
                {run.date.slice(0, 16).replace('T', ' ')} · {run.backend} · int8 {pct(run.result.int8Accuracy)} ({run.result.evaluatedOn})
              </li>
            ))}
          </ol>
        </details>
      )}
    </aside>
  )
}
