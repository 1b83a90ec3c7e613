/**
 * Mul on CMSIS-NN: arm_elementwise_mul_s8 for operands of the output's shape (one flat vector). A broadcasting Mul has
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
  calls: (site) => [{ kernel: flat(site) ? 'arm_elementwise_mul_s8' : 'tf_mul_s8', calls: 1 }],
  scratchBytes: () => 0,
  emit(node, io) {
    const d = node.opData
    if (d.scheme !== 's8' || !sameDims(d)) return undefined
    const args = [io.inputs[0], io.inputs[1], d.input1Offset, d.input2Offset, io.output, d.outputOffset, d.multiplier, d.shift, d.actMin,
      d.actMax, shapeSize(d.outputDims)]
    return vendorCall([], [`TF_CMSIS_CHECK(arm_elementwise_mul_s8(${args.map((a) => cInit(a)).join(', ')}));`])
  },
}
