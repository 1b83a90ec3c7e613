/**
 * TransposeConv2D training twin: the full transposed convolution (tf.conv2dTranspose, 'valid': (H−1)·s + k rows) with
 * the OHWI weights as HWOI, then the output window TFLite keeps — padT rows and padL columns cut at the top/left, the
 * output size taken (zeros beyond the full size when k < s), bias, activation.
 */
import { transposePadBefore } from './transpose-conv2d.ts'
import type { Padding } from './op-def.ts'
import type { TfjsTwin } from './tfjs-twin.ts'
import { activate } from './tfjs-twin.ts'

type Attrs = { filters: number; kernelH: number; kernelW: number; strideH: number; strideW: number; padding: Padding; useBias: boolean;
  activation: string }

export const transposeConv2dTwin: TfjsTwin<Attrs> = {
  forward({ tf, attrs: a, inputs, weights }) {
    const x = inputs[0]
    const [n, h, w] = x.shape
    const fullH = (h - 1) * a.strideH + a.kernelH
    const fullW = (w - 1) * a.strideW + a.kernelW
    const outH = a.padding === 'same' ? h * a.strideH : fullH
    const outW = a.padding === 'same' ? w * a.strideW : fullW
    const filter = tf.transpose(weights.weights, [1, 2, 0, 3]) as never
    const full = tf.conv2dTranspose(x as never, filter, [n, fullH, fullW, a.filters], [a.strideH, a.strideW], 'valid')
    const top = transposePadBefore(h, a.kernelH, a.strideH, outH)
    const left = transposePadBefore(w, a.kernelW, a.strideW, outW)
    const padded = tf.pad(full, [[0, 0], [0, Math.max(0, top + outH - fullH)], [0, Math.max(0, left + outW - fullW)], [0, 0]])
    let y = tf.slice(padded, [0, top, left, 0], [n, outH, outW, a.filters])
    if (a.useBias) y = tf.add(y, weights.bias)
    return activate(tf, y, a.activation)
  },
}
