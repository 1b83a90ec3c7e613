/**
 * Real values of a stored constant tensor. float32 tensors are used as they are; integer tensors are
 * dequantized with their affine params: real = scale·(q − zeroPoint), per tensor (one scale) or per channel
 * along `quant.axis` (scale[c], zeroPoint[c] for channel c; a single zero point applies to all channels).
 */
import type { Tensor } from '../ir/types.ts'
import { formatShape } from '../ir/types.ts'

export function tensorToFloat(tensor: Tensor, what = 'tensor'): Float32Array {
  const { data, dtype, quant, shape } = tensor
  if (dtype === 'float32') return data instanceof Float32Array ? data : Float32Array.from(data)
  if (!quant || quant.scale.length === 0) {
    throw new Error(`${what} is ${dtype} but has no quantization parameters, so its real values are unknown`)
  }
  const out = new Float32Array(data.length)
  const zp = (c: number): number => quant.zeroPoint[quant.zeroPoint.length === 1 ? 0 : c] ?? 0
  if (quant.scale.length === 1) {
    const s = quant.scale[0]
    const z = zp(0)
    for (let i = 0; i < data.length; i++) out[i] = s * (data[i] - z)
    return out
  }
  const axis = quant.axis ?? 0
  if (axis < 0 || axis >= shape.length || shape[axis] !== quant.scale.length) {
    throw new Error(`${what} has ${quant.scale.length} per-channel scales along axis ${axis}, ` +
      `which does not match its shape ${formatShape(shape)}`)
  }
  let inner = 1
  for (let d = axis + 1; d < shape.length; d++) inner *= shape[d]
  const channels = shape[axis]
  for (let i = 0; i < data.length; i++) {
    const c = Math.floor(i / inner) % channels
    out[i] = quant.scale[c] * (data[i] - zp(c))
  }
  return out
}
