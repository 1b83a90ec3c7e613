/**
 * Moving tensors between the IR and an exported ONNX model run in onnxruntime-web: layout (the export keeps
 * 4-D activations channels-first inside the graph), int8 codes of dequantized outputs, and raw inputs that
 * reproduce given int8 input codes exactly. Shared by the export tests, the bench and the validation worker.
 */
import type { Graph, QuantParams } from '../../ir/types.ts'
import { roundHalfAwayFromZero } from '../../quant/fixed-point.ts'
import type { OnnxNodeTensor } from './export-onnx.ts'

/** [1, C, H, W] values → [1, H, W, C] order. */
export function nchwToNhwc(x: ArrayLike<number>, [, C, H, W]: readonly number[]): Float64Array {
  const out = new Float64Array(C * H * W)
  for (let c = 0; c < C; c++) for (let h = 0; h < H; h++) for (let w = 0; w < W; w++) out[(h * W + w) * C + c] = x[(c * H + h) * W + w]
  return out
}

/** A node tensor fetched from ORT, in the IR's element order. */
export function irOrder(t: OnnxNodeTensor, data: ArrayLike<number>): ArrayLike<number> {
  return t.layout === 'nchw' ? nchwToNhwc(data, t.dims) : data
}

/** int8 codes of dequantized values: round(y / scale) + zero point, saturated (exact for DequantizeLinear results). */
export function requantize(values: ArrayLike<number>, quant: QuantParams): Int8Array {
  const s = Math.fround(quant.scale[0])
  const zp = quant.zeroPoint[0] ?? 0
  return Int8Array.from(values, (v) => Math.max(-128, Math.min(127, roundHalfAwayFromZero(v / s) + zp)))
}

/**
 * Raw input values whose Input preprocessing gives exactly the real value of each int8 code (raw = mean + real /
 * scale), so a QDQ model's input QuantizeLinear reproduces the codes and a comparison measures the network, not
 * rounding ties of two preprocessing paths.
 */
export function rawForCodes(graph: Graph, inputId: string, codes: Int8Array, quant: QuantParams): Float32Array {
  const node = graph.nodes.find((n) => n.id === inputId)!
  const mean = (node.attrs.mean as number[] | undefined) ?? [0]
  const scale = Number(node.attrs.scale ?? 1 / 128)
  const shape = node.attrs.shape as number[]
  const channels = shape[shape.length - 1]
  const s = Math.fround(quant.scale[0])
  const zp = quant.zeroPoint[0] ?? 0
  return Float32Array.from(codes, (q, i) => mean[mean.length === 1 ? 0 : i % channels] + (s * (q - zp)) / scale)
}
