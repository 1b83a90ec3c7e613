/**
 * The Quantization tab of the dock: settings and Run on the left, the last run's validation on the right. The job
 * runs in a Web Worker (the 'quantize' job of workers/jobs.ts); a successful run replaces the graph as one undo step.
 */
import './quantize.css'
import { QuantizeResults } from './quantize-results.tsx'
import { QuantizeSetup } from './quantize-setup.tsx'

export function QuantizePanel() {
  return (
    <div className="tf-qpanel" data-testid="quantize-panel">
      <QuantizeSetup />
      <QuantizeResults />
    </div>
  )
}
