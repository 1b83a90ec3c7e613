/**
 * ONNX lowering of each IR operator, one entry per op (opset 17; 21 with int16 tensors). Every lowering reads its inputs through the
 * context (float values, or DequantizeLinear of int8 tensors) and ends with `store` (identity, or QuantizeLinear),
 * so the same rule yields the float and the QDQ graph. Layout rules are in export-layout.ts.
 *
 *   Input            raw NHWC → Sub(mean) → Mul(scale) [→ Q] → Transpose to NCHW (rank 4)
 *   Conv2D           Conv (explicit pads: TFLite 'same' is asymmetric, the odd cell at bottom/right)
 *   DepthwiseConv2D  Conv with group = C, weights [C·M, 1, kh, kw]
 *   FullyConnected   [Flatten] → Gemm(transB = 1); rank-4 inputs flatten in CHW order, so the weight columns are permuted
 *   MaxPool2D        MaxPool (padding cells never win, as TFLite)
 *   AvgPool2D        AveragePool, count_include_pad = 0 (border cells not counted, as TFLite)
 *   GlobalAveragePool, Add, Concat (channel axis), Pad (constant 0 on H and W), Softmax (channel axis; Mul by β ≠ 1)
 *   ReLU / ReLU6     Relu / Clip(0, 6) (qdq: the kernel's clamp)
 *   Reshape/Flatten  Reshape/Flatten of the stored tensor, transposing to NHWC order first when H·W > 1
 *   Sigmoid / Tanh   Sigmoid / Tanh;  Quantize  Identity of the float value, re-stored
 *   int16 layers     (16x8) int16 QuantizeLinear / DequantizeLinear (opset 21: the model's header then says IR 10 / opset 21)
 *   Exit             Identity of the stored logits (a graph output of its own): ONNX has no early stop, so the model
 *                    computes every branch and a runtime applies the exit's integer rule to that output (docs/early-exit.md)
 */
import type { Shape } from '../../ir/types.ts'
import { shapeSize } from '../../ir/types.ts'
import type { LowerContext, StoredTensor } from './export-context.ts'
import {
  TO_NCHW, channelAxis, denseColumns, groupedFromDepthwise, layoutOf, oihwFromOhwi, onnxDims, orderAgnostic, windowPads,
} from './export-layout.ts'
import { BINARY_LOWERINGS } from './export-ops-binary.ts'
import { RECURRENT_LOWERINGS } from './export-ops-recurrent.ts'

export type Lowering = (c: LowerContext) => StoredTensor

const num = (c: LowerContext, key: string): number => Number(c.attrs[key])
const str = (c: LowerContext, key: string): string => String(c.attrs[key])

function window(c: LowerContext, kernel: [number, number], dilation: [number, number]) {
  const [, H, W] = c.inputs[0].shape
  const strides: [number, number] = [num(c, 'strideH'), num(c, 'strideW')]
  return {
    kernel_shape: kernel, strides,
    pads: windowPads([H, W], kernel, strides, dilation, str(c, 'padding')),
  }
}

function convolution(c: LowerContext, depthwise: boolean): StoredTensor {
  const input = c.inputs[0]
  const cin = input.shape[3]
  const KH = num(c, 'kernelH')
  const KW = num(c, 'kernelW')
  const dilations: [number, number] = [num(c, 'dilationH'), num(c, 'dilationW')]
  const O = c.output.shape[3]
  const w = depthwise
    ? c.weights([O, 1, KH, KW], groupedFromDepthwise([1, KH, KW, O]))
    : c.weights([O, cin, KH, KW], oihwFromOhwi([O, KH, KW, cin]))
  const b = c.bias(Boolean(c.attrs.useBias))
  const y = c.node('Conv', b ? [c.value(input), w, b] : [c.value(input), w], 'conv',
    { ...window(c, [KH, KW], dilations), dilations, group: depthwise ? cin : 1 })
  return c.store(c.activate(y, str(c, 'activation')), 'nchw')
}

function pool(c: LowerContext, op: 'MaxPool' | 'AveragePool'): StoredTensor {
  const w = window(c, [num(c, 'poolH'), num(c, 'poolW')], [1, 1])
  const y = c.node(op, [c.value(c.inputs[0])], op === 'MaxPool' ? 'maxpool' : 'avgpool',
    op === 'AveragePool' ? { ...w, count_include_pad: 0 } : w)
  return c.store(c.activate(y, str(c, 'activation')), 'nchw')
}

/** Reshape of a stored tensor to the IR shape `shape` (keeps the IR's row-major order). */
function reshapeTo(c: LowerContext, shape: Shape): StoredTensor {
  const x = c.inIrOrder(c.inputs[0])
  if (shape.length !== 4) return c.move(x, 'Reshape', [c.int64s(shape)], {}, shape, 'plain')
  if (orderAgnostic(shape)) return c.move(x, 'Reshape', [c.int64s(onnxDims(shape, 'nchw'))], {}, shape, 'nchw')
  const nhwc = c.move(x, 'Reshape', [c.int64s(shape)], {}, shape, 'plain')
  return c.move(nhwc, 'Transpose', [], { perm: TO_NCHW }, shape, 'nchw')
}

export const LOWERINGS: Readonly<Record<string, Lowering>> = {
  Input(c) {
    const raw = c.inputs[0]
    const shape = c.output.shape
    const mean = (c.attrs.mean as number[] | undefined) ?? [0]
    const scale = num(c, 'scale')
    let x = raw.name
    if (mean.some((m) => m !== 0)) {
      const m = mean.length === 1 ? c.scalar(mean[0]) : c.g.constant(`${c.base}_mean`, 'float32', [mean.length], mean)
      x = c.node('Sub', [x, m], 'centred')
    }
    if (scale !== 1) x = c.node('Mul', [x, c.scalar(scale)], 'scaled')
    const stored = c.store(x, 'plain')
    return shape.length === 4 ? c.move(stored, 'Transpose', [], { perm: TO_NCHW }, shape, 'nchw') : stored
  },

  Conv2D: (c) => convolution(c, false),
  DepthwiseConv2D: (c) => convolution(c, true),

  FullyConnected(c) {
    const input = c.inputs[0]
    const K = shapeSize(input.shape)
    const units = num(c, 'units')
    const flat = input.shape.length > 2 ? c.move(input, 'Flatten', [], { axis: 1 }, [1, K], 'plain') : input
    const w = c.weights([units, K], denseColumns(units, input.shape))
    const b = c.bias(Boolean(c.attrs.useBias))
    const y = c.node('Gemm', b ? [c.value(flat), w, b] : [c.value(flat), w], 'gemm', { transB: 1 })
    return c.store(c.activate(y, str(c, 'activation')), 'plain')
  },

  MaxPool2D: (c) => pool(c, 'MaxPool'),
  AvgPool2D: (c) => pool(c, 'AveragePool'),

  GlobalAveragePool(c) {
    return c.store(c.node('GlobalAveragePool', [c.value(c.inputs[0])], 'gap'), 'nchw')
  },

  Add(c) {
    const [a, b] = c.inputs
    const y = c.node('Add', [c.value(a), c.value(b)], 'add')
    return c.store(c.activate(y, str(c, 'activation')), a.layout)
  },

  Concat(c) {
    const shape = c.output.shape
    const y = c.node('Concat', c.inputs.map((t) => c.value(t)), 'concat', { axis: channelAxis(shape) })
    return c.store(y, layoutOf(shape))
  },

  Reshape: (c) => reshapeTo(c, c.output.shape),

  Flatten(c) {
    const x = c.inIrOrder(c.inputs[0])
    return c.move(x, 'Flatten', [], { axis: 1 }, c.output.shape, 'plain')
  },

  ReLU: (c) => c.store(c.activate(c.value(c.inputs[0]), 'relu'), c.inputs[0].layout),
  ReLU6: (c) => c.store(c.activate(c.value(c.inputs[0]), 'relu6'), c.inputs[0].layout),

  Softmax(c) {
    const input = c.inputs[0]
    const beta = num(c, 'beta')
    let x = c.value(input)
    if (beta !== 1) x = c.node('Mul', [x, c.scalar(beta)], 'beta')
    return c.store(c.node('Softmax', [x], 'softmax', { axis: channelAxis(input.shape) }), input.layout)
  },

  Sigmoid: (c) => c.store(c.node('Sigmoid', [c.value(c.inputs[0])], 'sigmoid'), c.inputs[0].layout),
  Tanh: (c) => c.store(c.node('Tanh', [c.value(c.inputs[0])], 'tanh'), c.inputs[0].layout),
  // y = x in real terms: the value re-stored (qdq: QuantizeLinear with the output's quantization, int8 or int16).
  Quantize: (c) => c.store(c.node('Identity', [c.value(c.inputs[0])], 'quantize'), c.inputs[0].layout),

  Exit: (c) => c.move(c.inIrOrder(c.inputs[0]), 'Identity', [], {}, c.output.shape, 'plain'),

  Pad(c) {
    const pads = [0, 0, num(c, 'top'), num(c, 'left'), 0, 0, num(c, 'bottom'), num(c, 'right')]
    return c.store(c.node('Pad', [c.value(c.inputs[0]), c.int64s(pads)], 'pad', { mode: 'constant' }), 'nchw')
  },

  ...BINARY_LOWERINGS,
  ...RECURRENT_LOWERINGS,
}
