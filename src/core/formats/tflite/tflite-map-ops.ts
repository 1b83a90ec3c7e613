/**
 * TFLite builtin operators → IR, one handler per operator name. TFLite semantics are the IR's (NHWC,
 * OHWI / 1HW(C·M) weights, TFLite padding, fused activations), so most rules copy options across.
 * RELU/RELU6 fold into the producer only when that is exact (float model, or identical in/out
 * quantization); an explicit PAD folds into the next convolution when it equals that convolution's
 * 'same' padding; QUANTIZE/DEQUANTIZE at the model's float edges are dropped, a QUANTIZE inside the graph (int8 ↔
 * int16 requantization of the 16x8 scheme) is the Quantize op, and int16 LOGISTIC/TANH are Sigmoid/Tanh.
 */
import type { AttrValue } from '../../ir/types.ts'
import type { PendingNode } from '../import/graph-builder.ts'
import { classifyPads } from '../import/padding.ts'
import type { Pads } from '../import/padding.ts'
import { ActivationFunctionType, Padding, TensorType } from './generated/tflite_generated.ts'
import type { TflHandler, TfliteMapper } from './tflite-mapper.ts'
import { tensorTypeName } from './tflite-reader.ts'
import type { TflOperator } from './tflite-reader.ts'
import { intValues, irTensor, realValues } from './tflite-tensors.ts'

const ACTIVATION_OPS = new Set(['Conv2D', 'DepthwiseConv2D', 'FullyConnected', 'Add', 'MaxPool2D', 'AvgPool2D', 'Mul', 'TransposeConv2D'])

export function activationOf(code: unknown): 'none' | 'relu' | 'relu6' | undefined {
  if (code === undefined || code === ActivationFunctionType.NONE) return 'none'
  if (code === ActivationFunctionType.RELU) return 'relu'
  if (code === ActivationFunctionType.RELU6) return 'relu6'
  return undefined
}

export function activationName(code: unknown): string {
  return ActivationFunctionType[code as number] ?? String(code)
}

export const num = (v: unknown, fallback: number): number => (typeof v === 'number' ? v : fallback)

/** Adds constant tensor `t` to `node` as `name`; returns a sentence when its data cannot be used. */
export function attachConst(m: TfliteMapper, node: PendingNode, name: string, t: number): string | undefined {
  const made = irTensor(m.consts.get(t)!, m.integerModel)
  if (typeof made === 'string') return made
  node.weights[name] = made
  if (made.encoding?.kind === 'int4') node.precision = { ...node.precision, weights: 'int4' }
  return undefined
}

/** What a layer's tensor types made of it (16x8, int4 weights), for the import report; undefined for plain int8. */
export function schemeReason(node: PendingNode, bias64: boolean): string | undefined {
  const parts = [
    node.activations === 'int16' ? `int16 activations (16x8)${bias64 ? ', int64 bias kept as int32 values' : ''}` : undefined,
    node.precision?.weights === 'int4' ? 'int4 weights (INT4, two per byte) → precision int4' : undefined,
  ].filter((p) => p !== undefined)
  return parts.length > 0 ? parts.join('; ') : undefined
}

const isInt64 = (m: TfliteMapper, t: number | undefined) => t !== undefined && t >= 0 && m.tensor(t).type === TensorType.INT64

function conv(kind: 'Conv2D' | 'DepthwiseConv2D'): TflHandler {
  return (m, o) => {
    const [x, w, b] = o.inputs
    const data = m.dataNodes(o, [0])
    if (!data) return m.unsupported(o, 'its input is a constant or missing')
    if (!m.isConst(w)) return m.unsupported(o, 'its weights are computed at run time')
    const W = m.tensor(w)
    const X = m.tensor(x)
    if (W.shape.length !== 4 || X.shape.length !== 4) return m.unsupported(o, 'a convolution that is not 2-D NHWC')
    const act = activationOf(o.options.activation)
    if (!act) return m.unsupported(o, `fused activation ${activationName(o.options.activation)}`, 'use RELU or RELU6')
    const merged = m.mergedPads.get(x)
    const useBias = b !== undefined && b >= 0
    const first: Record<string, AttrValue> = kind === 'Conv2D' ? { filters: W.shape[0] } : { depthMultiplier: W.shape[3] / X.shape[3] }
    const node = m.emit(kind, o, {
      ...first, kernelH: W.shape[1], kernelW: W.shape[2], strideH: num(o.options.strideH, 1), strideW: num(o.options.strideW, 1),
      dilationH: num(o.options.dilationH, 1), dilationW: num(o.options.dilationW, 1),
      padding: merged || o.options.padding === Padding.SAME ? 'same' : 'valid', useBias, activation: act,
    }, data)
    const problem = attachConst(m, node, 'weights', w) ?? (useBias ? attachConst(m, node, 'bias', b) : undefined)
    if (problem) m.b.note('error', `${node.name}: ${problem}`, node.id)
    m.setOut(o, node)
    if (merged) { merged.becameNodes.push(node.id); merged.irOps.push(node.op) }
    m.b.record(o.opName, m.displayName(o), 'mapped', [node], schemeReason(node, isInt64(m, b)))
  }
}

const fullyConnected: TflHandler = (m, o) => {
  const [, w, b] = o.inputs
  const data = m.dataNodes(o, [0])
  if (!data) return m.unsupported(o, 'its input is a constant or missing')
  if (!m.isConst(w)) return m.unsupported(o, 'a product of two computed tensors (only constant weights are supported)')
  if (num(o.options.weightsFormat, 0) !== 0) return m.unsupported(o, 'shuffled weight format', 'convert with the default weights format')
  const act = activationOf(o.options.activation)
  if (!act) return m.unsupported(o, `fused activation ${activationName(o.options.activation)}`, 'use RELU or RELU6')
  const W = m.tensor(w)
  const out = m.tensor(o.outputs[0]).shape
  if (W.shape.length !== 2 || out.length !== 2 || out[0] !== 1) {
    return m.unsupported(o, `a fully connected layer with output shape [${out.join(', ')}]`, 'flatten the input to 1×K (batch 1, keep_num_dims false)')
  }
  const useBias = b !== undefined && b >= 0
  const node = m.emit('FullyConnected', o, { units: W.shape[0], useBias, activation: act }, data)
  const problem = attachConst(m, node, 'weights', w) ?? (useBias ? attachConst(m, node, 'bias', b) : undefined)
  if (problem) m.b.note('error', `${node.name}: ${problem}`, node.id)
  m.setOut(o, node)
  m.b.record(o.opName, m.displayName(o), 'mapped', [node], schemeReason(node, isInt64(m, b)))
}

function pool(kind: 'MaxPool2D' | 'AvgPool2D'): TflHandler {
  return (m, o) => {
    const data = m.dataNodes(o, [0])
    if (!data) return m.unsupported(o, 'its input is a constant or missing')
    const act = activationOf(o.options.activation)
    if (!act) return m.unsupported(o, `fused activation ${activationName(o.options.activation)}`, 'use RELU or RELU6')
    const node = m.emit(kind, o, {
      poolH: num(o.options.filterH, 1), poolW: num(o.options.filterW, 1), strideH: num(o.options.strideH, 1),
      strideW: num(o.options.strideW, 1), padding: o.options.padding === Padding.SAME ? 'same' : 'valid', activation: act,
    }, data)
    m.setOut(o, node)
    m.b.record(o.opName, m.displayName(o), 'mapped', [node], schemeReason(node, false))
  }
}

const mean: TflHandler = (m, o) => {
  const [x, axesT] = o.inputs
  const data = m.dataNodes(o, [0])
  const axes = m.isConst(axesT) ? intValues(m.consts.get(axesT)!) : undefined
  const rank = m.tensor(x).shape.length
  const norm = axes?.map((a) => (a < 0 ? a + rank : a)).sort()
  if (!data || rank !== 4 || !norm || norm.join() !== '1,2') {
    return m.unsupported(o, 'a mean over axes other than height and width', 'only a mean over H and W (a global average pool) has a kernel')
  }
  const gap = m.emit('GlobalAveragePool', o, {}, data)
  if (o.options.keepDims) {
    m.setOut(o, gap)
    return void m.b.record(o.opName, m.displayName(o), 'mapped', [gap])
  }
  m.setOut(o, gap)
  const flat = m.emit('Flatten', o, {}, [gap.id], ' flatten')
  m.setOut(o, flat)
  m.b.record(o.opName, m.displayName(o), 'mapped', [gap, flat])
}

const add: TflHandler = (m, o) => {
  const data = m.dataNodes(o, [0, 1])
  if (!data) return m.unsupported(o, 'an addition of a constant', 'fold constant offsets into the preceding layer\'s bias')
  const [a, b] = o.inputs.map((t) => m.tensor(t).shape.join('×'))
  if (a !== b) return m.unsupported(o, `a broadcasting addition of ${a} and ${b}`, 'Add needs two tensors of identical shape')
  const act = activationOf(o.options.activation)
  if (!act) return m.unsupported(o, `fused activation ${activationName(o.options.activation)}`, 'use RELU or RELU6')
  const node = m.emit('Add', o, { activation: act }, data)
  m.setOut(o, node)
  m.b.record(o.opName, m.displayName(o), 'mapped', [node], node.activations === 'int16' ? int16AddReason(m, o) : undefined)
}

const isPowerOfTwo = (s: number) => s > 0 && Math.log2(s) === Math.round(Math.log2(s))

/**
 * TFLite's int16 ADD has two paths: the general-scale one (pot_scale_int16 false, as the 16x8 converter writes; TFLite
 * Micro's and CMSIS-NN's arm_elementwise_add_s16), which the Add op implements, and, in the TFLite interpreter only, a
 * power-of-two one taken when pot_scale_int16 is true and all three scales are powers of two. The report says so then.
 */
function int16AddReason(m: TfliteMapper, o: TflOperator): string {
  const scales = [...o.inputs, o.outputs[0]].map((t) => m.tensor(t).quant?.scale[0] ?? 0)
  const pot = o.options.potScaleInt16 === true && scales.every(isPowerOfTwo)
  return pot
    ? 'int16 activations (16x8); pot_scale_int16 with power-of-two scales: the TFLite interpreter takes its power-of-two path here, '
      + 'TinyForge (like TFLite Micro and CMSIS-NN) the general-scale int16 ADD'
    : 'int16 activations (16x8)'
}

const concatenation: TflHandler = (m, o) => {
  const positions = o.inputs.map((_, i) => i)
  const data = m.dataNodes(o, positions)
  const rank = m.tensor(o.outputs[0]).shape.length
  const axis = num(o.options.axis, 0)
  const act = activationOf(o.options.activation)
  if (!data) return m.unsupported(o, 'a concatenation with a constant')
  if ((axis < 0 ? axis + rank : axis) !== rank - 1) return m.unsupported(o, `a concatenation along axis ${axis}`, 'Concat joins along the channel (last) axis only')
  if (data.length < 2 || data.length > 8) return m.unsupported(o, `a concatenation of ${data.length} tensors`, 'Concat joins 2 to 8 tensors')
  if (act !== 'none') return m.unsupported(o, `fused activation ${activationName(o.options.activation)} on a concatenation`)
  const node = m.emit('Concat', o, { inputs: data.length }, data)
  m.setOut(o, node)
  m.b.record(o.opName, m.displayName(o), 'mapped', [node])
}

/** RESHAPE and SQUEEZE: the output tensor's shape says what the result is. */
const reshape: TflHandler = (m, o) => {
  const data = m.dataNodes(o, [0])
  const from = m.tensor(o.inputs[0]).shape
  const to = m.tensor(o.outputs[0]).shape
  if (!data) return m.unsupported(o, 'a reshape of a constant')
  if (from.join() === to.join()) {
    m.alias(o.outputs[0], o.inputs[0])
    return void m.b.record(o.opName, m.displayName(o), 'dropped', [], 'the shape does not change')
  }
  if (to.length < 2 || to.length > 4 || to[0] !== 1) {
    return m.unsupported(o, `a reshape to [${to.join(', ')}]`, 'TinyForge tensors are 1×N or 1×H×W×C with batch 1')
  }
  const node = to.length === 2 ? m.emit('Flatten', o, {}, data) : m.emit('Reshape', o, { shape: to.slice(1) }, data)
  m.setOut(o, node)
  m.b.record(o.opName, m.displayName(o), 'mapped', [node])
}

const softmax: TflHandler = (m, o) => {
  const data = m.dataNodes(o, [0])
  if (!data) return m.unsupported(o, 'a softmax of a constant')
  const node = m.emit('Softmax', o, { beta: num(o.options.beta, 1) }, data)
  m.setOut(o, node)
  // TFLite's int16 SOFTMAX (and arm_softmax_s16) writes Q0.15 probabilities: output scale 1/32768, zero point 0.
  const q = m.tensor(o.outputs[0]).quant
  if (node.activations === 'int16' && (q?.scale[0] !== Math.fround(1 / 32768) || q.zeroPoint[0] !== 0)) {
    m.b.note('error', `${node.name}: an int16 SOFTMAX must have output scale 1/32768 and zero point 0 (TFLite's int16 softmax); `
      + `the file has scale ${q?.scale[0]}, zero point ${q?.zeroPoint[0]}`, node.id)
  }
  m.b.record(o.opName, m.displayName(o), 'mapped', [node], node.activations === 'int16' ? 'int16 activations (16x8), output scale 1/32768' : undefined)
}

/** The reading convolution when PAD equals its 'same' padding and it reads nothing else of the pad. */
function padMergeTarget(m: TfliteMapper, o: TflOperator, pads: Pads): TflOperator | undefined {
  const out = o.outputs[0]
  if ((m.consumers.get(out) ?? 0) !== 1 || m.outputs.has(out)) return undefined
  const reader = m.model.operators.find((r) => r.inputs[0] === out)
  if (!reader || (reader.opName !== 'CONV_2D' && reader.opName !== 'DEPTHWISE_CONV_2D') || reader.options.padding !== Padding.VALID) return undefined
  const W = m.tensor(reader.inputs[1])
  const X = m.tensor(o.inputs[0])
  if (W.shape.length !== 4 || X.shape.length !== 4) return undefined
  const kind = classifyPads(pads, [X.shape[1], X.shape[2]], [W.shape[1], W.shape[2]],
    [num(reader.options.strideH, 1), num(reader.options.strideW, 1)], [num(reader.options.dilationH, 1), num(reader.options.dilationW, 1)])
  return kind === 'same' ? reader : undefined
}

const pad: TflHandler = (m, o) => {
  const [x, p, value] = o.inputs
  const data = m.dataNodes(o, [0])
  const raw = m.isConst(p) ? intValues(m.consts.get(p)!) : undefined
  if (!data || !raw) return m.unsupported(o, 'padding amounts computed at run time')
  if (raw.length !== 8 || raw[0] || raw[1] || raw[6] || raw[7] || raw.some((v) => v < 0)) {
    return m.unsupported(o, 'padding of the batch or channel axis, or negative padding', 'Pad pads height and width only')
  }
  if (value !== undefined && value >= 0) {
    const v = m.consts.get(value)
    const real = v ? realValues(v)?.[0] : undefined
    if (real !== 0) return m.unsupported(o, 'padding with a value other than zero', 'only zero padding has a kernel')
  }
  const pads: Pads = { top: raw[2], bottom: raw[3], left: raw[4], right: raw[5] }
  const conv = padMergeTarget(m, o, pads)
  if (conv) {
    m.alias(o.outputs[0], x)
    m.mergedPads.set(o.outputs[0], m.b.record(o.opName, m.displayName(o), 'fused', [],
      `merged into ${conv.opName} '${m.displayName(conv)}' as 'same' padding`))
    return
  }
  const node = m.emit('Pad', o, { ...pads }, data)
  m.setOut(o, node)
  m.b.record(o.opName, m.displayName(o), 'mapped', [node])
}

function sameQuant(m: TfliteMapper, a: number, b: number): boolean {
  const qa = m.tensor(a).quant
  const qb = m.tensor(b).quant
  if (!qa || !qb) return !qa && !qb
  return qa.scale.join() === qb.scale.join() && qa.zeroPoint.join() === qb.zeroPoint.join()
}

function activation(act: 'relu' | 'relu6'): TflHandler {
  return (m, o) => {
    const [x] = o.inputs
    const data = m.dataNodes(o, [0])
    if (!data) return m.unsupported(o, 'an activation of a constant')
    const producer = m.fusable(x)
    const exact = !m.integerModel || sameQuant(m, x, o.outputs[0])
    if (producer && exact && ACTIVATION_OPS.has(producer.op)) {
      const result = producer.attrs.activation === 'relu6' || act === 'relu6' ? 'relu6' : 'relu'
      producer.attrs = { ...producer.attrs, activation: result }
      m.alias(o.outputs[0], x)
      return void m.b.record(o.opName, m.displayName(o), 'fused', [producer], `fused into ${producer.op} '${producer.name}' as activation ${result}`)
    }
    const node = m.emit(act === 'relu' ? 'ReLU' : 'ReLU6', o, {}, data)
    m.setOut(o, node)
    m.b.record(o.opName, m.displayName(o), 'mapped', [node])
  }
}

const ACTIVATION_TYPES = new Set([TensorType.INT8, TensorType.INT16])

const quantize: TflHandler = (m, o) => {
  const [x] = o.inputs
  const input = m.tensor(x)
  const output = m.tensor(o.outputs[0])
  const isModelInput = m.model.inputs.includes(x) && input.type === TensorType.FLOAT32 && (m.consumers.get(x) ?? 0) === 1
  if (isModelInput) {
    if (output.type !== TensorType.INT8) {
      return m.unsupported(o, `a float input quantized to ${tensorTypeName(output.type)}; TinyForge model inputs are int8`,
        'convert with an int8 model input (inference_input_type int8); the converter then writes a QUANTIZE int8 → int16 for 16x8 layers')
    }
    const node = m.b.node(m.vals.get(x)!)
    m.setOut(o, node)
    return void m.b.record(o.opName, m.displayName(o), 'dropped', [node], 'float-to-integer conversion at the model input; the Input node carries its quantization')
  }
  // Requantization (an integer input): TFLite's QUANTIZE between int8 and int16, the Quantize op.
  const data = m.dataNodes(o, [0])
  if (!data) return m.unsupported(o, 'a quantization of a constant')
  if (!ACTIVATION_TYPES.has(input.type) || !ACTIVATION_TYPES.has(output.type) || !input.quant || !output.quant) {
    return m.unsupported(o, `a conversion ${tensorTypeName(input.type)} → ${tensorTypeName(output.type)}`,
      'Quantize converts between quantized int8 and int16 tensors only')
  }
  const node = m.emit('Quantize', o, {}, data)
  m.setOut(o, node)
  m.b.record(o.opName, m.displayName(o), 'mapped', [node],
    `requantization ${tensorTypeName(input.type)} → ${tensorTypeName(output.type)}, scale ${input.quant.scale[0]} → ${output.quant.scale[0]}`)
}

/** LOGISTIC and TANH: int16 (16x8) in integer models, the float function in float models; int8 is refused. */
function s16Activation(op: 'Sigmoid' | 'Tanh'): TflHandler {
  return (m, o) => {
    const data = m.dataNodes(o, [0])
    if (!data) return m.unsupported(o, `a ${op.toLowerCase()} of a constant`)
    const type = m.tensor(o.inputs[0]).type
    if (type !== TensorType.INT16 && type !== TensorType.FLOAT32) {
      return m.unsupported(o, `${tensorTypeName(type)} ${o.opName}: the libraries have no exact ${tensorTypeName(type)} ${op} (CMSIS-NN's is int16 only)`,
        'convert the model with 16x8 quantization (int16 activations), or keep this layer int16 with a QUANTIZE before and after it')
    }
    const node = m.emit(op, o, {}, data)
    m.setOut(o, node)
    const inQ = m.tensor(o.inputs[0]).quant
    m.b.record(o.opName, m.displayName(o), 'mapped', [node],
      type === TensorType.INT16 && inQ ? `int16 (16x8): input scale ${inQ.scale[0]}, output Q0.15 (scale 2^-15)` : undefined)
  }
}

const dequantize: TflHandler = (m, o) => {
  const [x] = o.inputs
  const out = o.outputs[0]
  if (m.isConst(x)) {
    const values = realValues(m.consts.get(x)!)
    if (!values) return m.unsupported(o, 'a dequantization of an unreadable constant')
    const t = m.tensor(out)
    m.consts.set(out, { ...t, type: TensorType.FLOAT32, data: new Uint8Array(values.buffer, values.byteOffset, values.byteLength), quant: undefined })
    return void m.b.record(o.opName, m.displayName(o), 'folded', [], 'constant weights dequantized to float32 at import')
  }
  if (m.outputs.has(out) && (m.consumers.get(out) ?? 0) === 1) {
    m.alias(out, x)
    return void m.b.record(o.opName, m.displayName(o), 'dropped', [], 'integer-to-float conversion at the model output; the graph keeps integer outputs')
  }
  m.unsupported(o, 'a dequantization inside the graph', 'keep the whole graph integer (full-integer quantization)')
}

export const TFLITE_HANDLERS: Record<string, TflHandler> = {
  CONV_2D: conv('Conv2D'),
  DEPTHWISE_CONV_2D: conv('DepthwiseConv2D'),
  FULLY_CONNECTED: fullyConnected,
  MAX_POOL_2D: pool('MaxPool2D'),
  AVERAGE_POOL_2D: pool('AvgPool2D'),
  MEAN: mean,
  ADD: add,
  CONCATENATION: concatenation,
  RESHAPE: reshape,
  SQUEEZE: reshape,
  SOFTMAX: softmax,
  PAD: pad,
  PADV2: pad,
  RELU: activation('relu'),
  RELU6: activation('relu6'),
  QUANTIZE: quantize,
  DEQUANTIZE: dequantize,
  LOGISTIC: s16Activation('Sigmoid'),
  TANH: s16Activation('Tanh'),
}
