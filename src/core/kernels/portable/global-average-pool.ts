/**
 * GlobalAveragePool on the portable runtime: the full-window average pool (tf_avgpool_s8 / tf_avgpool_q7) when the
 * output keeps the input's quantization, TFLite's MEAN (tf_mean_s8) when it has its own (s8 imports). Before
 * quantization the estimator assumes the pool (what PTQ produces). No scratch.
 */
import type { TensorInfo } from '../../ir/types.ts'
import type { KernelBinding } from '../types.ts'
import { dims, paramsCall } from '../c-call.ts'
import { poolCall } from './pool-call.ts'

const sameQuant = (a: TensorInfo | undefined, b: TensorInfo) => a?.quant === undefined || b.quant === undefined ||
  (a.quant.scale[0] === b.quant.scale[0] && (a.quant.zeroPoint[0] ?? 0) === (b.quant.zeroPoint[0] ?? 0))

export const globalAveragePool: KernelBinding<'GlobalAveragePool'> = {
  op: 'GlobalAveragePool',
  calls: (site) => [{ kernel: site.scheme === 'pow2' ? 'tf_avgpool_q7' : sameQuant(site.inputs[0], site.output) ? 'tf_avgpool_s8' : 'tf_mean_s8',
    calls: 1 }],
  scratchBytes: () => 0,
  call(node) {
    const d = node.opData
    if (d.mode === 'mean') {
      return paramsCall('tf_mean_s8', { type: 'tf_mean_s8_params', value: { input: dims(d.inputShape), input_offset: d.inputOffset,
        output_offset: d.outputOffset, multiplier: d.multiplier, shift: d.shift } })
    }
    return poolCall(d.scheme === 's8' ? 'tf_avgpool_s8' : 'tf_avgpool_q7', d)
  },
}
