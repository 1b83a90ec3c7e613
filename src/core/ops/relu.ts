/**
 * ReLU — element-wise y = max(0, x), any shape. No attributes. MACs: 0.
 * Usually fused into the producer's `activation` attr where the kernel allows.
 *
 * int8: see quant/relu-params.ts (s8: TFLite reference requantize + clamp; pow2: arm_relu_q7).
 */
import type { ReluOpData } from './relu-params.ts'
import { evalRelu, prepareRelu } from './relu-params.ts'
import { defineOp, int8, OpError, passthroughChannels, sharedInPow2 } from './op-def.ts'

type ReluAttrs = Record<string, never>

export const relu = defineOp<'ReLU', ReluAttrs, ReluOpData>({
  type: 'ReLU',
  label: 'ReLU',
  category: 'activation',
  summary: 'y = max(0, x)',
  attrs: {},

  inputCount: () => 1,

  weightSpecs: () => [],

  inferShape(_attrs, inputs) {
    if (!inputs[0]) throw new OpError('ReLU needs an input')
    return [...inputs[0].shape]
  },

  validate: () => [],

  macs: () => 0,

  evalFloat({ inputs }) {
    const x = inputs[0]
    const out = new Float32Array(x.length)
    for (let i = 0; i < x.length; i++) out[i] = x[i] > 0 ? x[i] : 0
    return out
  },

  outputQuant: sharedInPow2,

  channels: passthroughChannels,

  prepare: (ctx) => prepareRelu(ctx, 'ReLU'),

  evalInt8: (d, inputs) => evalRelu(d, int8(inputs[0])),
})
