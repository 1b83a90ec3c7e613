/**
 * Sigmoid — element-wise y = 1 / (1 + exp(−x)), any shape. No attributes. MACs: 0.
 *
 * int16 only (TFLite's int16 LOGISTIC, CMSIS-NN arm_nn_activation_s16): int16 in, Q0.15 out, by linear interpolation in
 * the 256-entry sigmoid table; see ops/s16-activation.ts for the input rescale and why there is no int8 form.
 */
import type { S16ActivationOpData } from './s16-activation.ts'
import { S16_ACTIVATION_DTYPES, evalS16Activation, prepareS16Activation, s16OutputQuant, sameShape } from './s16-activation.ts'
import { S8_ONLY, defineOp, passthroughChannels } from './op-def.ts'

type SigmoidAttrs = Record<string, never>

export const sigmoid = defineOp<'Sigmoid', SigmoidAttrs, S16ActivationOpData>({
  type: 'Sigmoid',
  label: 'Sigmoid',
  category: 'activation',
  summary: 'y = 1 / (1 + exp(−x)) (int16: TFLite LOGISTIC, arm_nn_activation_s16)',
  attrs: {},

  inputCount: () => 1,

  weightSpecs: () => [],

  inferShape: (_attrs, inputs) => sameShape('Sigmoid', inputs),

  validate: () => [],

  macs: () => 0,

  evalFloat({ inputs }) {
    const x = inputs[0]
    const out = new Float32Array(x.length)
    for (let i = 0; i < x.length; i++) out[i] = 1 / (1 + Math.exp(-x[i]))
    return out
  },

  outputQuant: s16OutputQuant,

  costKind: () => 'elementwise',

  channels: passthroughChannels,

  schemes: S8_ONLY,

  dtypes: S16_ACTIVATION_DTYPES,

  prepare: (ctx) => prepareS16Activation('Sigmoid', ctx),

  evalInt8: (d, inputs) => evalS16Activation(d, inputs[0], 'sigmoid'),
})
