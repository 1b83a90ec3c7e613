/**
 * Softmax on CMSIS-NN: arm_softmax_s8 (rows × row size over the last axis; output 1/256, zero point −128); a layer kept at
 * int16: arm_softmax_s16 (Source/SoftmaxFunctions/arm_softmax_s16.c, v7.0.0; output 1/32768, zero point 0), given the
 * portable runtime's exp and 1/(1+x) tables (tf_softmax_s16.c: TFLite's gen_lut, equal to CMSIS-NN's test tables).
 */
import type { KernelBinding } from '../types.ts'
import { cInit } from '../c-syntax.ts'
import { vendorCall } from './cmsis-call.ts'

export const softmax: KernelBinding<'Softmax'> = {
  op: 'Softmax',
  // int16: the tables live in tf_softmax_s16.c, charged as that kernel with no call of its own.
  calls: (site) => (site.output.dtype === 'int16' ? [{ kernel: 'arm_softmax_s16', calls: 1 }, { kernel: 'tf_softmax_s16', calls: 0 }]
    : [{ kernel: 'arm_softmax_s8', calls: 1 }]),
  scratchBytes: () => 0,
  emit(node, io) {
    const d = node.opData
    if (d.scheme !== 's8') return undefined
    if (d.int16) {
      const lut = `${node.symbol}_softmax_lut`
      return { ...vendorCall(
        [`static const cmsis_nn_softmax_lut_s16 ${lut} = {.exp_lut = tf_softmax_s16_exp_lut, .one_by_one_lut = tf_softmax_s16_one_by_one_lut};`],
        [`TF_CMSIS_CHECK(arm_softmax_s16((const int16_t *)(const void *)(${io.inputs[0]}), ${d.rows}, ${d.rowSize}, ${cInit(d.multiplier)}, ` +
          `${cInit(d.shift)}, &${lut}, (int16_t *)(void *)(${io.output})));`]), runtime: ['tf_softmax_s16'] }
    }
    const args = [io.inputs[0], d.rows, d.rowSize, d.multiplier, d.shift, d.diffMin, io.output]
    return vendorCall([], [`arm_softmax_s8(${args.map((a) => cInit(a)).join(', ')});`])
  },
}
