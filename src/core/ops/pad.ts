/**
 * Pad — constant zero (real 0) border around H and W of an NHWC tensor:
 *   [1, H, W, C] → [1, top + H + bottom, left + W + right, C];  y[top + i, left + j, c] = x[i, j, c], 0 elsewhere.
 * MACs: 0. Ranges: each side 0..256.
 *
 * int8 (s8: arm_pad_s8 = TFLite reference PAD; pow2: the same copy): the border is filled with the output zero
 * point (real 0); the output keeps the input's quantization.
 */
import { freeze, sharedQuant } from '../quant/kernel-params.ts'
import type { QuantScheme } from '../quant/scheme.ts'
import { defineOp, expectNHWC, passthroughChannels, sharedOutputQuant } from './op-def.ts'

type PadAttrs = {
  top: number
  bottom: number
  left: number
  right: number
}

/** Frozen parameters of an int8 Pad. */
export interface PadOpData {
  scheme: QuantScheme
  inputShape: number[]
  outputShape: number[]
  top: number
  left: number
  /** The output zero point. */
  padValue: number
}

export const pad = defineOp<'Pad', PadAttrs, PadOpData>({
  type: 'Pad',
  label: 'Pad',
  category: 'shape',
  summary: 'y = x with a zero border of top/bottom rows and left/right columns',
  attrs: {
    top: { kind: 'int', label: 'Top', default: 1, min: 0, max: 256, help: 'Zero rows added above' },
    bottom: { kind: 'int', label: 'Bottom', default: 1, min: 0, max: 256, help: 'Zero rows added below' },
    left: { kind: 'int', label: 'Left', default: 1, min: 0, max: 256, help: 'Zero columns added on the left' },
    right: { kind: 'int', label: 'Right', default: 1, min: 0, max: 256, help: 'Zero columns added on the right' },
  },

  inputCount: () => 1,

  weightSpecs: () => [],

  inferShape(attrs, inputs) {
    const [h, w, c] = expectNHWC('Pad', inputs[0])
    return [1, attrs.top + h + attrs.bottom, attrs.left + w + attrs.right, c]
  },

  validate: () => [],

  macs: () => 0,

  evalFloat({ attrs, inputs, inputShapes, outputShape }) {
    const x = inputs[0]
    const [, H, W, C] = inputShapes[0]
    const [, OH, OW] = outputShape
    const out = new Float32Array(OH * OW * C)
    const rowLength = W * C
    for (let iy = 0; iy < H; iy++) {
      const src = iy * rowLength
      out.set(x.subarray(src, src + rowLength), ((iy + attrs.top) * OW + attrs.left) * C)
    }
    return out
  },

  outputQuant: sharedOutputQuant,

  channels: passthroughChannels,

  prepare({ scheme, attrs, inputs, output }) {
    const q = sharedQuant(scheme, inputs[0], output, 'Pad')
    return freeze({ scheme, inputShape: [...inputs[0].shape], outputShape: [...output.shape],
      top: attrs.top, left: attrs.left, padValue: q.zeroPoint })
  },

  evalInt8(d, inputs) {
    const x = inputs[0]
    const [, H, W, C] = d.inputShape
    const [, OH, OW] = d.outputShape
    const out = new Int8Array(OH * OW * C).fill(d.padValue)
    const rowLength = W * C
    for (let iy = 0; iy < H; iy++) {
      out.set(x.subarray(iy * rowLength, (iy + 1) * rowLength), ((iy + d.top) * OW + d.left) * C)
    }
    return out
  },
})
