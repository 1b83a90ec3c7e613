/**
 * GlobalAveragePool on the portable runtime: the full-window average pool (tf_avgpool_s8 / tf_avgpool_q7) when the
 * output keeps the input's quantization, TFLite's MEAN (tf_mean_s8) when it has its own (s8 imports). Before
 * quantization the estimator assumes the pool (what PTQ produces). No scratch.
 */
import type { TensorInfo } from '../../ir/types.ts'
import type { KernelBinding } from '../types.ts'
import { decl, dims, simpleCall } from '../c-call.ts'
import { poolCall } from './pool-call.ts'

const sameQuant = (a: TensorInfo | undefined, b: TensorInfo) => a?.quant === undefined || b.quant === undefined ||
  (a.quant.scale[0] === b.quant.scale[0] && (a.quant.zeroPoint[0] ?? 0) === (b.quant.zeroPoint[0] ?? 0))

export const globalAveragePool: KernelBinding<'GlobalAveragePool'> = {
  op: 'GlobalAveragePool',
  calls: (site) => [{ kernel: site.scheme === 'pow2' ? 'tf_avgpool_q7' : sameQuant(site.inputs[0], site.output) ? 'tf_avgpool_s8' : 'tf_mean_s8',
    calls: 1 }],
  scratchBytes: () => 0,
  emit(node, io) {
    const d = node.opData
    if (d.mode === 'mean') {
      const params = { input: dims(d.inputShape), input_offset: d.inputOffset, output_offset: d.outputOffset,
        multiplier: d.multiplier, shift: d.shift }
      return simpleCall('tf_mean_s8', `tf_mean_s8(&${node.symbol}_params, ${io.inputs[0]}, ${io.output});`,
        [decl('tf_mean_s8_params', `${node.symbol}_params`, params)])
    }
    return poolCall(d.scheme === 's8' ? 'tf_avgpool_s8' : 'tf_avgpool_q7', d, node.symbol, io)
  },
}
