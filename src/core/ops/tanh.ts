/**
 * Tanh — element-wise y = tanh(x), any shape. No attributes. MACs: 0.
 *
 * int16 only (TFLite's int16 TANH, CMSIS-NN arm_nn_activation_s16): int16 in, Q0.15 out, by linear interpolation in
 * the 256-entry sigmoid table; see ops/s16-activation.ts for the input rescale and why there is no int8 form.
 */
import type { S16ActivationOpData } from './s16-activation.ts'
import { S16_ACTIVATION_DTYPES, evalS16Activation, prepareS16Activation, s16OutputQuant, sameShape } from './s16-activation.ts'
import { S8_ONLY, defineOp, passthroughChannels } from './op-def.ts'

type TanhAttrs = Record<string, never>

export const tanh = defineOp<'Tanh', TanhAttrs, S16ActivationOpData>({
  type: 'Tanh',
  label: 'Tanh',
  category: 'activation',
  summary: 'y = tanh(x) (int16: TFLite TANH, arm_nn_activation_s16)',
  attrs: {},

  inputCount: () => 1,

  weightSpecs: () => [],

  inferShape: (_attrs, inputs) => sameShape('Tanh', inputs),

  validate: () => [],

  macs: () => 0,

  evalFloat({ inputs }) {
    const x = inputs[0]
    const out = new Float32Array(x.length)
    for (let i = 0; i < x.length; i++) out[i] = Math.tanh(x[i])
    return out
  },

  outputQuant: s16OutputQuant,

  costKind: () => 'elementwise',

  channels: passthroughChannels,

  schemes: S8_ONLY,

  dtypes: S16_ACTIVATION_DTYPES,

  prepare: (ctx) => prepareS16Activation('Tanh', ctx),

  evalInt8: (d, inputs) => evalS16Activation(d, inputs[0], 'tanh'),
})
