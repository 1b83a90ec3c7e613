/**
 * Mul on CMSIS-NN: arm_elementwise_mul_s8 for operands of the output's shape (one flat vector); a layer kept at int16:
 * arm_elementwise_mul_s16 (same arguments, int16 pointers; it ignores the offsets), likewise flat only (tf_mul_s16 else). A broadcasting Mul has
 * no CMSIS-NN kernel (TFLite Micro runs its reference BroadcastMul4DSlow next to CMSIS-NN); the package keeps the
 * portable tf_mul_s8 for it in both builds, and the estimator prices that kernel as measured beside CMSIS-NN.
 */
import { shapeSize } from '../../ir/types.ts'
import { sameDims } from '../../ops/broadcast.ts'
import { dims4 } from '../../ops/broadcast.ts'
import type { KernelBinding, KernelSite } from '../types.ts'
import { cInit } from '../c-syntax.ts'
import { vendorCall } from './cmsis-call.ts'

const flat = (site: KernelSite<'Mul'>) => site.inputs.length === 2 &&
  sameDims({ input1Dims: dims4(site.inputs[0].shape), input2Dims: dims4(site.inputs[1].shape), outputDims: dims4(site.output.shape) })

export const mul: KernelBinding<'Mul'> = {
  op: 'Mul',
  calls: (site) => {
    const int16 = site.output.dtype === 'int16'
    return [{ kernel: flat(site) ? (int16 ? 'arm_elementwise_mul_s16' : 'arm_elementwise_mul_s8') : int16 ? 'tf_mul_s16' : 'tf_mul_s8', calls: 1 }]
  },
  scratchBytes: () => 0,
  emit(node, io) {
    const d = node.opData
    if (d.scheme !== 's8' || !sameDims(d)) return undefined
    const ptr = (p: string) => (d.int16 ? `(const int16_t *)(const void *)(${p})` : p)
    const out = d.int16 ? `(int16_t *)(void *)(${io.output})` : io.output
    const args = [ptr(io.inputs[0]), ptr(io.inputs[1]), d.input1Offset, d.input2Offset, out, d.outputOffset, d.multiplier, d.shift, d.actMin,
      d.actMax, shapeSize(d.outputDims)]
    return vendorCall([], [`TF_CMSIS_CHECK(arm_elementwise_mul_${d.int16 ? 's16' : 's8'}(${args.map((a) => cInit(a)).join(', ')}));`])
  },
}
