/**
 * The inspector's weight format of a layer that has int4 kernels (Conv2D, DepthwiseConv2D, FullyConnected): int8 or
 * int4 packed weights (CMSIS-NN's _s4 kernels). A float layer records the choice for the next quantization; an int8
 * layer is requantized from its int8 values at once (one undo step). Libraries without int4 kernels show why.
 */
import { useState } from 'react'
import type { GraphNode, WeightPrecision } from '../../core/ir/types.ts'
import { weightPrecisionOf } from '../../core/pipelines/precision/weight-precision.ts'
import { int4Problem } from '../../core/vendors/int4.ts'
import type { VendorLibrary } from '../../core/vendors/types.ts'
import { setLayerPrecision } from '../../store/precision-commands.ts'
import { editorStore } from '../../store/editor-store.ts'

export function WeightPrecisionField({ node, library }: { node: GraphNode; library: VendorLibrary }) {
  const [error, setError] = useState<string | null>(null)
  const problem = int4Problem(library, node.op)
  const value = weightPrecisionOf(node)
  const id = `weights-precision-${node.id}`
  const quantized = node.weights?.weights?.data instanceof Int8Array
  const hint = problem ?? (value === 'int4'
    ? 'Packed two per byte (half the flash of int8); ' + (quantized ? 'values in [−8, 7].' : 'quantized to int4 on the next run.')
    : 'int4 halves this layer\'s weight flash (CMSIS-NN _s4 kernels).')
  const commit = (p: WeightPrecision) => setError(setLayerPrecision(editorStore, [node.id], p))
  return (
    <section className="tf-inspector__section" aria-label="Weight format">
      <h3 className="tf-section-title">Quantization</h3>
      <div className="tf-form">
        <div className="tf-field" data-attr="weights-precision">
          <label htmlFor={id}>Weights</label>
          <select id={id} data-testid="weights-precision" value={value} disabled={problem !== undefined && value === 'int8'}
            title={hint} onChange={(e) => commit(e.target.value as WeightPrecision)}>
            <option value="int8">int8</option>
            <option value="int4">int4 (packed)</option>
          </select>
          {error && <p className="tf-field__error" data-testid="weights-precision-error">{error}</p>}
        </div>
        {!error && <p className="tf-inspector__hint" data-testid="weights-precision-hint">{hint}</p>}
      </div>
    </section>
  )
}
