/**
 * The right part of the Quantization tab: the last run's outcome (kept when a later run fails or is cancelled) —
 * headline figures, the per-layer table, the SQNR chart, s8 vs pow2, the onnxruntime-web check and, with labelled
 * images, the confusion matrix. A failed or cancelled run says so above; figures of an earlier graph are flagged.
 */
import type { Int8EngineId } from '../../core/engine/int8-engines.ts'
import { INT8_ENGINE_NAMES } from '../../core/engine/int8-engines.ts'
import { selectGraph } from '../../store/document-slice.ts'
import type { QuantizeJobState, QuantizeOutcome } from '../../store/jobs-slice.ts'
import { selectQuantizeJob } from '../../store/jobs-slice.ts'
import { sameNetwork } from '../../store/quantize-commands.ts'
import { useEditor } from '../hooks/use-editor.ts'
import { useFocusNodes } from '../hooks/use-focus-nodes.ts'
import { ConfusionMatrix } from './confusion-matrix.tsx'
import { LayerErrorTable } from './layer-error-table.tsx'
import { OrtDetails } from './ort-details.tsx'
import { formatCosine, formatDb, formatPercent, withinOneShare } from './quantize-format.ts'
import { SchemeComparison } from './scheme-comparison.tsx'
import { SqnrChart } from './sqnr-chart.tsx'

const ENGINE_LABELS: Record<Int8EngineId, string> = { wasm: 'WebAssembly', ts: 'TypeScript' }

const SOURCE_NOTES: Record<QuantizeOutcome['sourceKind'], string | null> = {
  'float': null,
  'last-run': null,
  'dequantized': 'The graph was already int8, so its dequantized weights served as the float reference.',
}

export function QuantizeResults() {
  const job = useEditor(selectQuantizeJob)
  const graph = useEditor(selectGraph)
  const focusNodes = useFocusNodes()
  const select = (id: string) => focusNodes([id])
  const r = job.result

  return (
    <section className="tf-qresults" aria-label="Validation results">
      <StatusLine job={job} />
      {!r ? (
        job.status !== 'failed' && job.status !== 'cancelled' && <EmptyResults running={job.status === 'running'} />
      ) : (
        <>
          {!sameNetwork(graph, r.applied) && (
            <p className="tf-warning tf-qresults__stale" data-testid="quantize-stale">
              The graph changed since this run; these figures describe the graph it quantized.
            </p>
          )}
          <Headline result={r} />
          <div className="tf-qresults__grid">
            <section className="tf-qcard tf-qcard--table" aria-label="Per-layer error">
              <h3 className="tf-section-title">Per-layer error · float vs int8</h3>
              <LayerErrorTable layers={r.report.layers} onSelect={select} />
            </section>
            <div className="tf-qresults__side">
              <section className="tf-qcard" aria-label="SQNR per layer">
                <h3 className="tf-section-title">SQNR per layer</h3>
                <SqnrChart scheme={r.scheme} layers={r.report.layers} onSelect={select}
                  other={r.other && 'report' in r.other ? { scheme: r.other.scheme, layers: r.other.report.layers } : undefined} />
              </section>
              <section className="tf-qcard" aria-label="s8 vs pow2">
                <h3 className="tf-section-title">s8 vs pow2</h3>
                <SchemeComparison applied={r.scheme} report={r.report} other={r.other} />
              </section>
              <section className="tf-qcard" aria-label="int8 engine vs onnxruntime-web">
                <h3 className="tf-section-title">int8 engine vs onnxruntime-web</h3>
                <OrtDetails ort={r.ort} />
              </section>
              {r.report.outputs[0]?.confusion && (
                <section className="tf-qcard" aria-label="Confusion matrix">
                  <h3 className="tf-section-title">Confusion · int8</h3>
                  <ConfusionMatrix matrix={r.report.outputs[0].confusion} classes={r.data.classes} />
                </section>
              )}
            </div>
          </div>
        </>
      )}
    </section>
  )
}

function StatusLine({ job }: { job: QuantizeJobState }) {
  if (job.status === 'failed') {
    return <p className="tf-form-error tf-qresults__status" role="alert" data-testid="quantize-error">{sentence(job.error ?? '')} <span className="tf-qresults__unchanged">The project is unchanged.</span></p>
  }
  if (job.status === 'cancelled') {
    return <p className="tf-qresults__status tf-qresults__status--quiet" data-testid="quantize-status">Cancelled. The project is unchanged.</p>
  }
  return null
}

function sentence(text: string): string {
  return /[.!?]$/.test(text) ? text : `${text}.`
}

function EmptyResults({ running }: { running: boolean }) {
  return (
    <div className="tf-dock__empty" data-testid="quantize-empty">
      <p className="tf-dock__empty-title">{running ? 'Quantizing…' : 'Not quantized yet'}</p>
      <p>Quantize the graph to int8 and compare it with the float model: per-layer SQNR and error, output agreement,
        accuracy with labelled images, and the exported QDQ ONNX run in onnxruntime-web.</p>
    </div>
  )
}

function Headline({ result: r }: { result: QuantizeOutcome }) {
  const out = r.report.outputs[0]
  const ort = r.ort && !('error' in r.ort) ? r.ort : null
  const note = SOURCE_NOTES[r.sourceKind]
  return (
    <div className="tf-qhead">
      <dl className="tf-qtiles">
        {out && (
          <div className="tf-qtile">
            <dt>Top-1 agreement</dt>
            <dd data-testid="top1-agreement">{formatPercent(out.top1Agreement)}</dd>
            <dd className="tf-qtile__sub">{Math.round(out.top1Agreement * r.report.samples)} / {r.report.samples} samples</dd>
          </div>
        )}
        {out && (
          <div className="tf-qtile">
            <dt>Output cosine</dt>
            <dd data-testid="output-cosine">{formatCosine(out.cosine)}</dd>
            <dd className="tf-qtile__sub">SQNR {formatDb(out.sqnrDb)} dB</dd>
          </div>
        )}
        {out?.int8Accuracy !== undefined && (
          <div className="tf-qtile">
            <dt>Accuracy int8</dt>
            <dd data-testid="accuracy">{formatPercent(out.int8Accuracy)}</dd>
            <dd className="tf-qtile__sub">float {formatPercent(out.floatAccuracy ?? 0)} · {r.data.classes?.length ?? 0} classes</dd>
          </div>
        )}
        {ort && (
          <div className="tf-qtile">
            <dt>ORT outputs ≤ 1 LSB</dt>
            <dd data-testid="ort-within-one">{formatPercent(withinOneShare(ort.outputs))}</dd>
            <dd className="tf-qtile__sub">max diff {ort.outputs.maxDiff} · <span data-testid="ort-backend">{ort.backend}</span></dd>
          </div>
        )}
      </dl>
      <p className="tf-qhead__meta" data-testid="quantize-meta">
        {r.scheme}{r.report.rounding === 'single' ? ' (single rounding)' : ''} · {r.method} · {r.data.description} · int8 engine{' '}
        <span data-testid="int8-engine" title={INT8_ENGINE_NAMES[r.report.engine]}>{ENGINE_LABELS[r.report.engine]}</span>
        {' '}· {(r.elapsedMs / 1000).toFixed(1)} s{note ? ` · ${note}` : ''}
      </p>
    </div>
  )
}
