/**
 * ONNX lowering of the second operator set's element-wise, layout and matrix operators (opset 17), in the style of
 * export-ops.ts: inputs through the context, results through `store` (float or QuantizeLinear).
 *
 *   Mul, Maximum, Minimum  Mul / Max / Min (numpy broadcasting); an operand of lower rank than the output is reshaped
 *                          to the output's rank in the output's layout first (IR broadcasting aligns at the last axis,
 *                          which a rank-4 NCHW tensor does not have last)
 *   Transpose              one Transpose of the stored tensor, its permutation composed with the NCHW ↔ NHWC maps
 *   BatchMatMul            MatMul of the operands in IR order (b transposed on its last two axes when transposeB)
 *   TransposeConv2D        ConvTranspose, weights [Cin, filters, kh, kw] (per-channel along axis 1), explicit pads
 *                          [padT, padL, end…]; 'same' with a kernel smaller than the stride takes output_padding instead
 */
import type { Shape } from '../../ir/types.ts'
import { dims4 } from '../../ops/broadcast.ts'
import { transposePadBefore } from '../../ops/transpose-conv2d.ts'
import type { LowerContext, StoredTensor } from './export-context.ts'
import { TO_NCHW, layoutOf } from './export-layout.ts'

type Lowering = (c: LowerContext) => StoredTensor

const num = (c: LowerContext, key: string): number => Number(c.attrs[key])

/** The float value of operand `t` shaped for a broadcast against the output (same rank and layout). */
function operand(c: LowerContext, t: StoredTensor, out: Shape): string {
  if (t.shape.length === out.length) return c.value(t)
  const x = c.inIrOrder(t)
  const padded = out.length === 4 ? dims4(t.shape) : [...new Array<number>(out.length - t.shape.length).fill(1), ...t.shape]
  const reshaped = c.node('Reshape', [c.value(x), c.int64s(padded)], 'bcast')
  return out.length === 4 ? c.node('Transpose', [reshaped], 'bcast_nchw', { perm: TO_NCHW }) : reshaped
}

function binary(onnxOp: 'Mul' | 'Max' | 'Min'): Lowering {
  return (c) => {
    const out = c.output.shape
    const y = c.node(onnxOp, c.inputs.map((t) => operand(c, t, out)), onnxOp.toLowerCase())
    return c.store(onnxOp === 'Mul' ? c.activate(y, String(c.attrs.activation)) : y, layoutOf(out))
  }
}

/** Stored axis order of a tensor: stored axis j holds IR axis map[j]. */
const storedMap = (t: { shape: Shape; layout: string }): readonly number[] =>
  (t.layout === 'nchw' ? TO_NCHW : t.shape.map((_, i) => i))

function transpose(c: LowerContext): StoredTensor {
  const input = c.inputs[0]
  const perm = c.attrs.perm as number[]
  const out = c.output.shape
  const outLayout = layoutOf(out)
  const inMap = storedMap(input)
  const inverse = new Array<number>(inMap.length)
  inMap.forEach((irAxis, stored) => { inverse[irAxis] = stored })
  const outMap = outLayout === 'nchw' ? TO_NCHW : out.map((_, i) => i)
  // Stored output axis j is IR output axis outMap[j] = IR input axis perm[outMap[j]] = stored input axis inverse[…].
  const combined = outMap.map((irOut) => inverse[perm[irOut]])
  return c.move(input, 'Transpose', [], { perm: combined }, out, outLayout)
}

function batchMatMul(c: LowerContext): StoredTensor {
  const [a, b] = c.inputs.map((t) => c.inIrOrder(t))
  let bValue = c.value(b)
  if (c.attrs.transposeB) bValue = c.node('Transpose', [bValue], 'b_t', { perm: b.shape.length === 4 ? [0, 1, 3, 2] : [0, 2, 1] })
  const y = c.node('MatMul', [c.value(a), bValue], 'matmul')
  const out = c.output.shape
  const stored = c.store(y, 'plain')
  return out.length === 4 ? c.move(stored, 'Transpose', [], { perm: TO_NCHW }, out, 'nchw') : stored
}

/** OHWI [O, kh, kw, I] → ConvTranspose's [I, O, kh, kw]. */
function iohwFromOhwi([O, KH, KW, I]: Shape): Int32Array {
  const perm = new Int32Array(O * I * KH * KW)
  let j = 0
  for (let i = 0; i < I; i++)
    for (let o = 0; o < O; o++)
      for (let y = 0; y < KH; y++)
        for (let x = 0; x < KW; x++) perm[j++] = ((o * KH + y) * KW + x) * I + i
  return perm
}

function transposeConv(c: LowerContext): StoredTensor {
  const input = c.inputs[0]
  const [, H, W, C] = input.shape
  const [, OH, OW, O] = c.output.shape
  const KH = num(c, 'kernelH')
  const KW = num(c, 'kernelW')
  const strides = [num(c, 'strideH'), num(c, 'strideW')]
  const begin = [transposePadBefore(H, KH, strides[0], OH), transposePadBefore(W, KW, strides[1], OW)]
  // ONNX: out = s·(in − 1) + output_padding + k − pad_begin − pad_end.
  const full = [(H - 1) * strides[0] + KH, (W - 1) * strides[1] + KW]
  const end = [full[0] - OH - begin[0], full[1] - OW - begin[1]]
  const outputPadding = end.map((e) => Math.max(0, -e))
  const pads = [begin[0], begin[1], Math.max(0, end[0]), Math.max(0, end[1])]
  const w = c.weights([C, O, KH, KW], iohwFromOhwi([O, KH, KW, C]), 1)
  const b = c.bias(Boolean(c.attrs.useBias))
  const y = c.node('ConvTranspose', b ? [c.value(input), w, b] : [c.value(input), w], 'convt', {
    kernel_shape: [KH, KW], strides, pads, ...(outputPadding.some((p) => p > 0) ? { output_padding: outputPadding } : {}),
  })
  return c.store(c.activate(y, String(c.attrs.activation)), 'nchw')
}

export const BINARY_LOWERINGS: Readonly<Record<string, Lowering>> = {
  Mul: binary('Mul'),
  Maximum: binary('Max'),
  Minimum: binary('Min'),
  Transpose: transpose,
  BatchMatMul: batchMatMul,
  TransposeConv2D: transposeConv,
}

