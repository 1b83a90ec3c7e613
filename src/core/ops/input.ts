/**
 * Input — the graph's entry point, with integer preprocessing of raw sensor/pixel values:
 *   y[…, c] = (raw[…, c] − mean[c]) · scale      (mean: one value, or one per channel = last dim)
 * Shape attr excludes the batch: [H, W, C] → output [1, H, W, C] (NHWC); [N] → output [1, N].
 * No data inputs. The float engine passes the raw values as `inputs[0]` (already of the output shape).
 * Ranges: dims 1..65536; mean −65536..65536; scale 1e-6..1e6 (default 1/128).
 */
import { shapeSize } from '../ir/types.ts'
import { OpError, defineOp } from './op-def.ts'

type InputAttrs = {
  shape: number[]
  mean: number[]
  scale: number
}

export const input = defineOp<InputAttrs>({
  type: 'Input',
  label: 'Input',
  category: 'input',
  summary: 'y = (raw − mean) · scale',
  attrs: {
    shape: { kind: 'ints', label: 'Shape', default: [28, 28, 1], minLength: 1, maxLength: 3, min: 1, max: 65536,
      help: 'Height, width, channels (or a single feature count), without the batch' },
    mean: { kind: 'ints', label: 'Mean', default: [0], minLength: 1, maxLength: 4096, min: -65536, max: 65536,
      help: 'Subtracted from raw values first: one value, or one per channel' },
    scale: { kind: 'float', label: 'Scale', default: 1 / 128, min: 1e-6, max: 1e6,
      help: 'Multiplied after the mean subtraction' },
  },

  inputCount: () => 0,

  weightSpecs: () => [],

  inferShape(attrs) {
    if (attrs.shape.length !== 1 && attrs.shape.length !== 3) {
      throw new OpError(`Input shape needs 1 value (features) or 3 values (height, width, channels); got ${attrs.shape.length}`)
    }
    return [1, ...attrs.shape]
  },

  validate(attrs) {
    const channels = attrs.shape[attrs.shape.length - 1]
    if (attrs.mean.length !== 1 && attrs.mean.length !== channels) {
      return [`Mean needs 1 value or one per channel (${channels}); got ${attrs.mean.length}`]
    }
    return []
  },

  macs: () => 0,

  evalFloat({ attrs, inputs, outputShape }) {
    const raw = inputs[0]
    const n = shapeSize(outputShape)
    if (!raw || raw.length !== n) throw new Error(`Input expects ${n} raw values, got ${raw ? raw.length : 'none'}`)
    const channels = outputShape[outputShape.length - 1]
    const out = new Float32Array(n)
    const { mean, scale } = attrs
    if (mean.length === 1) {
      const m = mean[0]
      for (let i = 0; i < n; i++) out[i] = (raw[i] - m) * scale
    } else {
      for (let i = 0, c = 0; i < n; i++) {
        out[i] = (raw[i] - mean[c]) * scale
        if (++c === channels) c = 0
      }
    }
    return out
  },
})
