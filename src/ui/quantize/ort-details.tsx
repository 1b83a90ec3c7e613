/**
 * The int8 engine vs onnxruntime-web on the exported QDQ ONNX: which backend ran, and for the model outputs and
 * for every layer the share of int8 values exactly equal and within 1 LSB, and the largest difference; and which
 * requantization rounding the engine used (ORT rounds once, so single rounding agrees more closely).
 */
import type { IntAgreement, OrtAgreement } from '../../workers/quantize-protocol.ts'
import { formatExact } from '../format.ts'
import { formatPercent, withinOneShare } from './quantize-format.ts'

function AgreementRow({ label, a, testId }: { label: string; a: IntAgreement; testId: string }) {
  return (
    <tr data-testid={testId}>
      <th scope="row">{label} <span className="tf-muted">{formatExact(a.count)}</span></th>
      <td className="tf-table__num" data-testid={`${testId}-within`}>{formatPercent(withinOneShare(a))}</td>
      <td className="tf-table__num">{formatPercent(a.count === 0 ? 1 : a.exact / a.count)}</td>
      <td className="tf-table__num" data-testid={`${testId}-max`}>{a.maxDiff}</td>
    </tr>
  )
}

export function OrtDetails({ ort }: { ort: OrtAgreement | { error: string } | null }) {
  if (ort === null) return <p className="tf-muted tf-qside__note">The onnxruntime-web check was off for this run.</p>
  if ('error' in ort) return <p className="tf-warning" data-testid="ort-error">onnxruntime-web could not run the QDQ model: {ort.error}</p>
  return (
    <div className="tf-qort" data-testid="ort-details">
      <p className="tf-qside__note" title="Both run from the same int8 input codes (the engine's integer preprocessing), so the figures measure the network">
        <strong data-testid="ort-backend-detail">{ort.backend}</strong> · {ort.samples} sample{ort.samples === 1 ? '' : 's'} ·
        {' '}top-1 {ort.top1}/{ort.samples} ·{' '}
        <span data-testid="ort-rounding" title="The int8 engine's requantization rounding (the project's choice; onnxruntime-web rounds once)">
          {ort.rounding ?? 'double'} rounding
        </span> · {Math.round(ort.elapsedMs)} ms
        {ort.fallbackReason && <span className="tf-qside__fallback" title={ort.fallbackReason}> · fell back from WebGPU</span>}
      </p>
      <table className="tf-table tf-qort__table" aria-label="int8 engine vs onnxruntime-web">
        <thead>
          <tr>
            <th scope="col">int8 values</th>
            <th scope="col" className="tf-table__num">≤ 1 LSB</th>
            <th scope="col" className="tf-table__num">Exact</th>
            <th scope="col" className="tf-table__num" title="largest difference in LSB">Max</th>
          </tr>
        </thead>
        <tbody>
          <AgreementRow label="Outputs" a={ort.outputs} testId="ort-outputs" />
          <AgreementRow label="All layers" a={ort.layers} testId="ort-layers" />
        </tbody>
      </table>
    </div>
  )
}
