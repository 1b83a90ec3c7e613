/**
 * ONNX dense and affine ops → IR. Gemm and MatMul with a constant right-hand side become FullyConnected
 * ([units, K] weights, transB handled, alpha/beta applied). A per-channel affine that follows a Conv,
 * depthwise conv or FullyConnected with no activation yet and no other reader is folded into its weights:
 *   BatchNormalization  w' = w·s, b' = (b − mean)·s + beta,  s = gamma / √(var + ε)
 *   Add / Sub c         b' = b ± c          Mul / Div c   w' = w·c (or /c), b' = b·c (or /c)
 * Elsewhere, a per-channel affine of a 1×C×H×W tensor becomes a 1×1 DepthwiseConv2D (exact); an Add of two
 * computed tensors of equal shape becomes Add.
 */
import type { PendingNode } from '../import/graph-builder.ts'
import type { OnnxMapper, OpHandler } from './onnx-mapper.ts'
import { NodeAttrs, floatTensor } from './onnx-mapper.ts'
import { permuteColumnsChwToHwc, transpose2d } from './onnx-layout.ts'
import { batchMatMulOfTwo, elementwiseOfTwo } from './onnx-map-second.ts'
import type { OnnxConst, OnnxNodeProto } from './onnx-proto.ts'

const AFFINE_TARGETS = new Set(['Conv2D', 'DepthwiseConv2D', 'FullyConnected'])

/** FullyConnected from A · B (+ C): B is [K, N] (or [N, K] when transB). */
function fullyConnected(m: OnnxMapper, n: OnnxNodeProto, aName: string, B: OnnxConst, transB: boolean,
  alpha: number, C: OnnxConst | undefined, beta: number): void {
  const x = m.val(aName)
  if (x.shape && x.shape.length !== 2) {
    return m.unsupported(n, `a matrix product with a rank-${x.shape.length} input`, 'flatten the input to 1×K first')
  }
  if (B.dims.length !== 2) return m.unsupported(n, `a rank-${B.dims.length} weight matrix`)
  const [N, K] = transB ? B.dims : [B.dims[1], B.dims[0]]
  if (x.shape && x.shape[1] !== K) return m.unsupported(n, `an input of ${x.shape[1]} values for a ${K}-row weight matrix`)
  let w = transB ? Float64Array.from(B.values) : transpose2d(B.values, K, N)
  if (alpha !== 1) w = w.map((v) => v * alpha)
  if (x.chw) w = permuteColumnsChwToHwc(w, N, x.chw)
  let bias: Float64Array | undefined
  if (C) {
    bias = perChannel(C, N, 2)
    if (!bias) return m.unsupported(n, `a bias of shape [${C.dims.join(', ')}] that does not broadcast to ${N} outputs`)
    if (beta !== 1) bias = bias.map((v) => v * beta)
  }
  const node = m.emit('FullyConnected', n, { units: N, useBias: bias !== undefined, activation: 'none' }, [x.node])
  node.weights.weights = floatTensor([N, K], Float32Array.from(w))
  if (bias) node.weights.bias = floatTensor([N], Float32Array.from(bias))
  m.setOut(n, node, [1, N])
  m.b.record(n.op_type!, m.displayName(n), 'mapped', [node],
    x.chw ? 'weight columns reordered from the CHW flattening of ONNX to the HWC flattening of TinyForge' : undefined)
}

const mapGemm: OpHandler = (m, n) => {
  const [aName, bName, cName] = n.input ?? []
  const a = new NodeAttrs(n)
  const B = m.constOf(bName)
  if (m.constOf(aName) || !B) return m.unsupported(n, 'a product of two computed tensors (only constant weights are supported)')
  if (a.int('transA', 0) !== 0) return m.unsupported(n, 'a transposed input (transA=1)')
  fullyConnected(m, n, aName, B, a.int('transB', 0) === 1, a.float('alpha', 1), m.constOf(cName), a.float('beta', 1))
}

const mapMatMul: OpHandler = (m, n) => {
  const [aName, bName] = n.input ?? []
  const B = m.constOf(bName)
  if (!m.constOf(aName) && !B) return batchMatMulOfTwo(m, n, aName, bName)
  if (m.constOf(aName) || !B) return m.unsupported(n, 'a product with a constant left operand')
  fullyConnected(m, n, aName, B, false, 1, undefined, 1)
}

/**
 * The per-channel vector a constant broadcasts to over `channels` channels of a rank-`rank` NCHW value
 * (channel axis 1), or undefined when it varies along another axis.
 */
function perChannel(c: OnnxConst, channels: number, rank: number): Float64Array | undefined {
  const dims = [...Array(Math.max(0, rank - c.dims.length)).fill(1), ...c.dims]
  if (dims.length !== rank) return undefined
  if (dims.some((d, i) => i !== 1 && d !== 1)) return undefined
  if (dims[1] === 1) return new Float64Array(channels).fill(c.values[0])
  return dims[1] === channels ? Float64Array.from(c.values) : undefined
}

/** Output channels of a foldable node and the channel of each weight element. */
function channelOf(node: PendingNode): { channels: number; of: (i: number) => number } {
  const shape = node.weights.weights.shape
  if (node.op === 'DepthwiseConv2D') {
    const O = shape[3]
    return { channels: O, of: (i) => i % O }
  }
  const inner = shape.slice(1).reduce((p, d) => p * d, 1)
  return { channels: shape[0], of: (i) => Math.floor(i / inner) }
}

/** w' = w·scale[o], b' = b·scale[o] + shift[o]. */
function foldAffine(node: PendingNode, scale: Float64Array, shift: Float64Array): void {
  const w = node.weights.weights
  const { channels, of } = channelOf(node)
  const data = new Float32Array(w.data.length)
  for (let i = 0; i < data.length; i++) data[i] = w.data[i] * scale[of(i)]
  const old = node.weights.bias?.data
  const bias = new Float32Array(channels)
  for (let o = 0; o < channels; o++) bias[o] = (old ? old[o] : 0) * scale[o] + shift[o]
  node.weights = { ...node.weights, weights: { ...w, data }, bias: floatTensor([channels], bias) }
  node.attrs = { ...node.attrs, useBias: true }
}

/** Applies y = x·scale + shift per channel to value `xName`, by folding or as a 1×1 depthwise conv. */
function affine(m: OnnxMapper, n: OnnxNodeProto, xName: string, make: (channels: number) => [Float64Array, Float64Array] | string,
  what: string): void {
  const x = m.val(xName)
  const producer = m.fusable(xName)
  if (producer && AFFINE_TARGETS.has(producer.op) && producer.attrs.activation === 'none' && producer.weights.weights) {
    const made = make(channelOf(producer).channels)
    if (typeof made === 'string') return m.unsupported(n, made)
    foldAffine(producer, made[0], made[1])
    m.alias((n.output ?? [])[0], xName)
    return void m.b.record(n.op_type!, m.displayName(n), 'folded', [producer], `${what} folded into ${producer.op} '${producer.name}'`)
  }
  if (x.shape?.length !== 4) {
    return m.unsupported(n, `a standalone ${what} on a tensor that is not 1×C×H×W`, 'place it right after a Conv, Gemm or MatMul so it can be folded into the weights')
  }
  const C = x.shape[1]
  const made = make(C)
  if (typeof made === 'string') return m.unsupported(n, made)
  const node = m.emit('DepthwiseConv2D', n, {
    depthMultiplier: 1, kernelH: 1, kernelW: 1, strideH: 1, strideW: 1, dilationH: 1, dilationW: 1, padding: 'valid',
    useBias: true, activation: 'none',
  }, [x.node])
  node.weights.weights = floatTensor([1, 1, 1, C], Float32Array.from(made[0]))
  node.weights.bias = floatTensor([C], Float32Array.from(made[1]))
  m.setOut(n, node, x.shape)
  m.b.record(n.op_type!, m.displayName(n), 'mapped', [node], `a per-channel ${what} as a 1×1 depthwise convolution`)
}

const mapBatchNorm: OpHandler = (m, n) => {
  const [xName, ...params] = n.input ?? []
  const consts = params.slice(0, 4).map((p) => m.constOf(p))
  if (m.constOf(xName) || consts.length < 4 || consts.some((c) => !c)) {
    return m.unsupported(n, 'batch normalization with computed statistics (training mode)')
  }
  const [gamma, beta, mean, variance] = consts as OnnxConst[]
  const eps = new NodeAttrs(n).float('epsilon', 1e-5)
  affine(m, n, xName, (C) => {
    if ([gamma, beta, mean, variance].some((t) => t.values.length !== C)) return `BatchNormalization parameters do not have ${C} channels`
    const s = new Float64Array(C)
    const t = new Float64Array(C)
    for (let c = 0; c < C; c++) {
      s[c] = gamma.values[c] / Math.sqrt(variance.values[c] + eps)
      t[c] = beta.values[c] - mean.values[c] * s[c]
    }
    return [s, t]
  }, 'batch normalization')
}

/**
 * A scalar Mul / Div / Add / Sub right after a sequence or vector Input (a model's own input scaling, as TinyForge's
 * ONNX export writes it) becomes part of the Input's preprocessing: y = (x − mean)·scale.
 */
function foldIntoInput(m: OnnxMapper, n: OnnxNodeProto, op: 'Add' | 'Sub' | 'Mul' | 'Div', xName: string, input: PendingNode, k: number): void {
  const scale = Number(input.attrs.scale)
  const mean = input.attrs.mean as number[]
  if (op === 'Mul' || op === 'Div') input.attrs = { ...input.attrs, scale: op === 'Mul' ? scale * k : scale / k }
  else input.attrs = { ...input.attrs, mean: mean.map((v) => (op === 'Add' ? v - k / scale : v + k / scale)) }
  m.alias((n.output ?? [])[0], xName)
  m.b.record(op, m.displayName(n), 'folded', [input], `folded into the preprocessing of Input '${input.name}'`)
}

function mapArithmetic(op: 'Add' | 'Sub' | 'Mul' | 'Div'): OpHandler {
  return (m, n) => {
    const [aName, bName] = n.input ?? []
    const ca = m.constOf(aName)
    const cb = m.constOf(bName)
    if (!ca && !cb) {
      const a = m.val(aName)
      const b = m.val(bName)
      if (op === 'Mul') return elementwiseOfTwo(m, n, 'Mul', aName, bName)
      if (op !== 'Add') return m.unsupported(n, `element-wise ${op} of two computed tensors`)
      if (a.shape && b.shape && a.shape.join() !== b.shape.join()) {
        return m.unsupported(n, `broadcasting Add of shapes [${a.shape}] and [${b.shape}]`, 'Add needs two tensors of identical shape')
      }
      const node = m.emit('Add', n, { activation: 'none' }, [a.node, b.node])
      m.setOut(n, node, a.shape ?? b.shape, a.chw)
      return void m.b.record(op, m.displayName(n), 'mapped', [node])
    }
    if (ca && (op === 'Sub' || op === 'Div')) return m.unsupported(n, `a constant ${op === 'Sub' ? 'minus' : 'divided by'} a tensor`)
    const c = (ca ?? cb)!
    const xName = ca ? bName : aName
    const rank = m.val(xName).shape?.length ?? (m.fusable(xName)?.op === 'FullyConnected' ? 2 : 4)
    const input = m.b.node(m.val(xName).node)
    const readOnce = (m.g.consumers.get(xName) ?? 0) === 1 && !m.g.outputs.has(xName)
    if (input.op === 'Input' && readOnce && rank !== 4 && c.values.length === 1) return foldIntoInput(m, n, op, xName, input, c.values[0])
    const what = op === 'Add' || op === 'Sub' ? 'bias' : 'scale'
    affine(m, n, xName, (C) => {
      const v = perChannel(c, C, rank)
      if (!v) return `${op} of a constant of shape [${c.dims.join(', ')}] that is not per-channel`
      const ones = new Float64Array(C).fill(1)
      const zeros = new Float64Array(C)
      switch (op) {
        case 'Add': return [ones, v]
        case 'Sub': return [ones, v.map((x) => -x)]
        case 'Mul': return [v, zeros]
        case 'Div': return [v.map((x) => 1 / x), zeros]
      }
    }, what)
  }
}

export const DENSE_HANDLERS: Record<string, OpHandler> = {
  Gemm: mapGemm,
  MatMul: mapMatMul,
  BatchNormalization: mapBatchNorm,
  Add: mapArithmetic('Add'),
  Sub: mapArithmetic('Sub'),
  Mul: mapArithmetic('Mul'),
  Div: mapArithmetic('Div'),
}
