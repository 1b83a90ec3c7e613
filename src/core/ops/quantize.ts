/**
 * Quantize — converts an activation between int8 and int16 (TFLite's QUANTIZE with an integer input: requantization).
 * Any shape; no attributes; y = x in real terms. MACs: 0. The output is int16 when the node is marked int16, else int8;
 * this is how an int8 graph meets a layer kept at 16 bits (ops/activation-dtype.ts).
 *
 * int (s8 scheme; TFLite Micro's reference Requantize, which it runs beside CMSIS-NN — CMSIS-NN has no such kernel):
 *   M, shift = QuantizeMultiplier(double(in_scale) / double(out_scale))
 *   y = clamp(MultiplyByQuantizedMultiplier(x − in_zp, M, shift) + out_zp, out_min, out_max)
 * with out_min/max the output type's limits (−128..127 or −32768..32767); int16 tensors have zero point 0. With the
 * project's single rounding (CMSIS_NN_USE_SINGLE_ROUNDING: the C kernel's tf_nn_requantize) the multiply rounds once.
 */
import { shapeSize } from '../ir/types.ts'
import { multiplyByQuantizedMultiplier, quantizeMultiplier } from '../quant/fixed-point.ts'
import type { RoundingField } from '../quant/kernel-params.ts'
import { freeze, roundingField } from '../quant/kernel-params.ts'
import { activationQuantOf } from '../quant/int16-params.ts'
import type { ActDType, IntTensor } from './op-def.ts'
import { S8_ONLY, defineOp, passthroughChannels } from './op-def.ts'
import { sameShape } from './s16-activation.ts'

type QuantizeAttrs = Record<string, never>

export interface QuantizeOpData extends RoundingField {
  scheme: 's8'
  size: number
  input: ActDType
  output: ActDType
  inputZeroPoint: number
  outputZeroPoint: number
  multiplier: number
  shift: number
}

export const quantize = defineOp<'Quantize', QuantizeAttrs, QuantizeOpData>({
  type: 'Quantize',
  label: 'Quantize',
  category: 'elementwise',
  summary: 'y = x, requantized between int8 and int16 (TFLite QUANTIZE)',
  attrs: {},

  inputCount: () => 1,

  weightSpecs: () => [],

  inferShape: (_attrs, inputs) => sameShape('Quantize', inputs),

  validate: () => [],

  macs: () => 0,

  evalFloat: ({ inputs }) => Float32Array.from(inputs[0]),

  costKind: () => 'copy',

  channels: passthroughChannels,

  schemes: S8_ONLY,

  dtypes: [
    { input: 'int8', output: 'int8' }, { input: 'int8', output: 'int16' },
    { input: 'int16', output: 'int8' }, { input: 'int16', output: 'int16' },
  ],

  prepare({ inputs, output, rounding }) {
    const inQ = activationQuantOf(inputs[0], 'Quantize input')
    const outQ = activationQuantOf(output, 'Quantize output')
    const { multiplier, shift } = quantizeMultiplier(inQ.scale / outQ.scale)
    return freeze<QuantizeOpData>({ scheme: 's8', size: shapeSize(output.shape), input: inputs[0].dtype === 'int16' ? 'int16' : 'int8',
      output: output.dtype === 'int16' ? 'int16' : 'int8', inputZeroPoint: inQ.zeroPoint, outputZeroPoint: outQ.zeroPoint, multiplier, shift,
      ...roundingField(rounding) })
  },

  evalInt8(d, inputs) {
    const x = inputs[0]
    const out: IntTensor = d.output === 'int16' ? new Int16Array(d.size) : new Int8Array(d.size)
    const [lo, hi] = d.output === 'int16' ? [-32768, 32767] : [-128, 127]
    for (let i = 0; i < d.size; i++) {
      const v = multiplyByQuantizedMultiplier(x[i] - d.inputZeroPoint, d.multiplier, d.shift, d.rounding) + d.outputZeroPoint
      out[i] = v < lo ? lo : v > hi ? hi : v
    }
    return out
  },
})
