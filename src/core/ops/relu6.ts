/**
 * ReLU6 — element-wise y = min(6, max(0, x)), any shape. No attributes. MACs: 0.
 * Usually fused into the producer's `activation` attr where the kernel allows.
 *
 * int8: see quant/relu-params.ts (s8: TFLite reference requantize + clamp; pow2: arm_clip_q7).
 */
import type { ReluOpData } from './relu-params.ts'
import { evalRelu, prepareRelu } from './relu-params.ts'
import { defineOp, int8, OpError, passthroughChannels, sharedInPow2 } from './op-def.ts'

type Relu6Attrs = Record<string, never>

export const relu6 = defineOp<'ReLU6', Relu6Attrs, ReluOpData>({
  type: 'ReLU6',
  label: 'ReLU6',
  category: 'activation',
  summary: 'y = min(6, max(0, x))',
  attrs: {},

  inputCount: () => 1,

  weightSpecs: () => [],

  inferShape(_attrs, inputs) {
    if (!inputs[0]) throw new OpError('ReLU6 needs an input')
    return [...inputs[0].shape]
  },

  validate: () => [],

  macs: () => 0,

  evalFloat({ inputs }) {
    const x = inputs[0]
    const out = new Float32Array(x.length)
    for (let i = 0; i < x.length; i++) {
      const v = x[i]
      out[i] = v < 0 ? 0 : v > 6 ? 6 : v
    }
    return out
  },

  outputQuant: sharedInPow2,

  channels: passthroughChannels,

  prepare: (ctx) => prepareRelu(ctx, 'ReLU6'),

  evalInt8: (d, inputs) => evalRelu(d, int8(inputs[0])),
})
