/**
 * ONNX ops of the second operator set → IR: Mul / Max / Min of two computed tensors (broadcasting; rank-4 operands
 * are NCHW, whose NHWC permutation broadcasts alike), Transpose (the ONNX permutation restated on the IR layout),
 * MatMul of two computed rank-3 tensors (BatchMatMul), ConvTranspose (TransposeConv2D when its padding is TFLite's
 * 'same' or 'valid') and LSTM (forward, no peepholes, zero initial state, default activations; the time-major [T, 1, F]
 * input is a view of the [1, T, F] sequence, and the outputs Y / Y_h views of [1, T, H] / [1, H]).
 */
import type { PendingNode } from '../import/graph-builder.ts'
import type { OnnxMapper, OpHandler } from './onnx-mapper.ts'
import { NodeAttrs, floatTensor } from './onnx-mapper.ts'
import { rowMajorShape } from './onnx-map-shape.ts'
import type { OnnxConst, OnnxNodeProto } from './onnx-proto.ts'


/** ONNX axes of the IR layout's axes: NCHW values are NHWC in the IR; lower ranks are the same. */
const irToOnnx = (rank: number): number[] => (rank === 4 ? [0, 2, 3, 1] : Array.from({ length: rank }, (_, i) => i))
const onnxToIr = (rank: number): number[] => (rank === 4 ? [0, 3, 1, 2] : Array.from({ length: rank }, (_, i) => i))

/** The IR shape of a value of ONNX shape `shape` (NCHW → NHWC for rank 4). */
export const irShapeOf = (shape: readonly number[]): number[] => (shape.length === 4 ? [shape[0], shape[2], shape[3], shape[1]] : [...shape])

/**
 * Emits an IR Transpose by `perm` of value `xName`, whose result has ONNX shape `shape`; when `xName` comes from another
 * Transpose read only here, the two compose into it (a composition that is the identity leaves a no-op Reshape).
 * Returns the node and whether it was composed.
 */
export function emitTranspose(m: OnnxMapper, n: OnnxNodeProto, xName: string, perm: number[], shape: number[], suffix = ''):
  { node: PendingNode; composed: boolean } {
  const producer = m.fusable(xName)
  if (producer?.op === 'Transpose') {
    const before = producer.attrs.perm as number[]
    const composed = perm.map((j) => before[j])
    if (composed.every((p, i) => p === i)) {
      producer.op = 'Reshape'
      producer.attrs = { shape: irShapeOf(shape).slice(1) }
      for (const e of m.b.entries) if (e.becameNodes.includes(producer.id)) e.irOps = e.becameNodes.map((id) => m.b.node(id).op)
    } else producer.attrs = { perm: composed }
    return { node: producer, composed: true }
  }
  return { node: m.emit('Transpose', n, { perm }, [m.val(xName).node], suffix), composed: false }
}

/** Ops that read views (onnx-mapper.ts Val.irShape); every other handler refuses them. */
export const VIEW_AWARE = new Set(['Reshape', 'Flatten', 'Squeeze', 'Unsqueeze', 'Identity', 'Dropout', 'Transpose', 'LSTM'])

/** numpy broadcasting of two shapes, or undefined. */
function broadcast(a: readonly number[], b: readonly number[]): number[] | undefined {
  const rank = Math.max(a.length, b.length)
  const out: number[] = []
  for (let i = 0; i < rank; i++) {
    const x = a[a.length - rank + i] ?? 1
    const y = b[b.length - rank + i] ?? 1
    if (x !== y && x !== 1 && y !== 1) return undefined
    out.push(Math.max(x, y))
  }
  return out
}

/** An element-wise Mul / Max / Min of two computed values. */
export function elementwiseOfTwo(m: OnnxMapper, n: OnnxNodeProto, op: 'Mul' | 'Maximum' | 'Minimum', aName: string, bName: string): void {
  const a = m.val(aName)
  const b = m.val(bName)
  if (!a.shape || !b.shape) return m.unsupported(n, 'operands whose shapes are unknown at import')
  if ((a.chw || b.chw) && (a.chw?.join() !== b.chw?.join() || a.shape.join() !== b.shape.join())) {
    return m.unsupported(n, 'an operand flattened from NCHW data against one in another order')
  }
  if ((a.shape.length === 4) !== (b.shape.length === 4)) {
    return m.unsupported(n, `broadcasting a 1×C×H×W tensor against a rank-${a.shape.length === 4 ? b.shape.length : a.shape.length} one`,
      'give both operands the same rank')
  }
  const out = broadcast(a.shape, b.shape)
  if (!out || out[0] !== 1 || out.length > 4) {
    return m.unsupported(n, `operands of shapes [${a.shape.join(', ')}] and [${b.shape.join(', ')}] that do not broadcast with batch 1`)
  }
  const node = m.emit(op, n, op === 'Mul' ? { activation: 'none' } : {}, [a.node, b.node])
  m.setOut(n, node, out, a.chw ?? b.chw)
  m.b.record(n.op_type!, m.displayName(n), 'mapped', [node])
}

function minMax(op: 'Maximum' | 'Minimum'): OpHandler {
  return (m, n) => {
    const names = (n.input ?? []).filter((name) => name)
    if (names.some((name) => m.constOf(name))) return m.unsupported(n, `a ${n.op_type} with a constant operand`)
    if (names.length !== 2) return m.unsupported(n, `a ${n.op_type} of ${names.length} tensors`, `${op} takes two tensors`)
    elementwiseOfTwo(m, n, op, names[0], names[1])
  }
}

/** A permutation that moves only size-1 axes keeps a row-major value's bytes. */
function movesOnlyUnitAxes(perm: readonly number[], shape: readonly number[]): boolean {
  const kept = perm.filter((p) => shape[p] !== 1)
  return kept.every((p, i) => i === 0 || p > kept[i - 1])
}

const mapTranspose: OpHandler = (m, n) => {
  const [xName] = n.input ?? []
  const x = m.val(xName)
  if (!x.shape) return m.unsupported(n, 'a transpose of a tensor whose shape is unknown at import')
  const rank = x.shape.length
  const perm = new NodeAttrs(n).ints('perm', Array.from({ length: rank }, (_, i) => rank - 1 - i))
  if (perm.length !== rank || [...perm].sort().some((p, i) => p !== i)) return m.unsupported(n, `an invalid permutation [${perm.join(', ')}]`)
  const shape = perm.map((p) => x.shape![p])
  const out = (n.output ?? [])[0]
  const held = rowMajorShape(x)
  if (held && shape.length <= 3 && movesOnlyUnitAxes(perm, x.shape)) {
    const plain = shape.join() === held.join()
    m.alias(out, xName, plain ? { shape, irShape: undefined } : { shape, irShape: held })
    return void m.b.record(n.op_type!, m.displayName(n), 'dropped', [], plain ? 'the same values in the same order'
      : `a view [${shape.join(', ')}] of the same values in the same order (only size-1 axes move)`)
  }
  if (x.irShape) return m.unsupported(n, 'a transpose of a view that reorders its values')
  if (x.chw) return m.unsupported(n, 'a transpose of a vector flattened from NCHW data')
  if (rank < 2 || rank > 4) return m.unsupported(n, `a transpose of rank ${rank}`, 'Transpose permutes tensors of rank 2 to 4')
  // IR output axis j is ONNX output axis irToOnnx[j], which is ONNX input axis perm[…], which is IR input axis onnxToIr[…].
  const q = irToOnnx(rank).map((j) => onnxToIr(rank)[perm[j]])
  if (q.every((p, i) => p === i)) {
    m.alias(out, xName, { shape })
    return void m.b.record(n.op_type!, m.displayName(n), 'dropped', [], 'the IR layout already holds the permuted tensor')
  }
  if (q[0] !== 0) return m.unsupported(n, `a permutation [${perm.join(', ')}] that moves the batch axis`, 'keep the batch axis first')
  const { node, composed } = emitTranspose(m, n, xName, q, shape)
  m.setOut(n, node, shape)
  if (composed) m.b.record(n.op_type!, m.displayName(n), 'fused', [node], `composed with the transpose before it into ${node.op} '${node.name}'`)
  else m.b.record(n.op_type!, m.displayName(n), 'mapped', [node], rank === 4 ? `permutation [${q.join(', ')}] on the NHWC layout` : undefined)
}

/** MatMul of two computed rank-3 tensors [1, M, K] · [1, K, N]. */
export function batchMatMulOfTwo(m: OnnxMapper, n: OnnxNodeProto, aName: string, bName: string): void {
  const a = m.val(aName)
  const b = m.val(bName)
  if (a.shape?.length !== 3 || b.shape?.length !== 3) {
    return m.unsupported(n, 'a product of two computed tensors that are not both [1, M, K] and [1, K, N]',
      'BatchMatMul multiplies two sequences (rank 3, batch 1)')
  }
  if (a.shape[0] !== 1 || b.shape[0] !== 1 || a.shape[2] !== b.shape[1]) {
    return m.unsupported(n, `a product of [${a.shape.join(', ')}] and [${b.shape.join(', ')}]`)
  }
  const node = m.emit('BatchMatMul', n, { transposeB: false }, [a.node, b.node])
  m.setOut(n, node, [1, a.shape[1], b.shape[2]])
  m.b.record(n.op_type!, m.displayName(n), 'mapped', [node])
}

/** ConvTranspose weights [Cin, Cout, kh, kw] → OHWI [Cout, kh, kw, Cin]. */
function ohwiFromIohw(w: Float64Array, [I, O, KH, KW]: readonly number[]): Float32Array {
  const out = new Float32Array(O * KH * KW * I)
  for (let i = 0; i < I; i++)
    for (let o = 0; o < O; o++)
      for (let y = 0; y < KH; y++)
        for (let x = 0; x < KW; x++) out[((o * KH + y) * KW + x) * I + i] = w[((i * O + o) * KH + y) * KW + x]
  return out
}

const mapConvTranspose: OpHandler = (m, n) => {
  const [xName, wName, bName] = n.input ?? []
  const x = m.val(xName)
  const W = m.constOf(wName)
  const a = new NodeAttrs(n)
  if (x.shape?.length !== 4) return m.unsupported(n, 'a transposed convolution of a tensor that is not 1×C×H×W')
  if (!W || W.dims.length !== 4) return m.unsupported(n, 'its weights are computed at run time or not 2-D')
  if (a.int('group', 1) !== 1) return m.unsupported(n, 'a grouped transposed convolution')
  if (a.ints('dilations', [1, 1]).some((d) => d !== 1)) return m.unsupported(n, 'a dilated transposed convolution')
  if (a.has('output_shape') || !['NOTSET', 'VALID'].includes(a.str('auto_pad', 'NOTSET'))) {
    return m.unsupported(n, 'output_shape or SAME auto-padding', 'export with explicit pads')
  }
  const [I, O, KH, KW] = W.dims
  const [, C, H, Wd] = x.shape
  if (I !== C) return m.unsupported(n, `weights for ${I} input channels on a ${C}-channel input`)
  const stride = a.ints('strides', [1, 1])
  const p = a.str('auto_pad', 'NOTSET') === 'VALID' ? [0, 0, 0, 0] : a.ints('pads', [0, 0, 0, 0])
  const outPad = a.ints('output_padding', [0, 0])
  const axis = (inSize: number, k: number, s: number, begin: number, end: number, extra: number) => {
    const out = s * (inSize - 1) + extra + k - begin - end
    if (out === inSize * s && begin === Math.floor(Math.max(0, k - s) / 2)) return { padding: 'same' as const, out }
    if (out === (inSize - 1) * s + k && begin === 0) return { padding: 'valid' as const, out }
    return { padding: undefined, out }
  }
  const ay = axis(H, KH, stride[0], p[0], p[2], outPad[0])
  const ax = axis(Wd, KW, stride[1], p[1], p[3], outPad[1])
  if (!ay.padding || ay.padding !== ax.padding) {
    return m.unsupported(n, `pads [${p.join(', ')}] with output padding [${outPad.join(', ')}], which are neither TFLite's 'same' nor 'valid'`,
      'use pads ⌊(k − s)/2⌋ / ⌈(k − s)/2⌉ (output input·stride) or none')
  }
  const B = bName ? m.constOf(bName) : undefined
  if (bName && !B) return m.unsupported(n, 'its bias is computed at run time')
  const node = m.emit('TransposeConv2D', n, {
    filters: O, kernelH: KH, kernelW: KW, strideH: stride[0], strideW: stride[1], padding: ay.padding, useBias: B !== undefined, activation: 'none',
  }, [x.node])
  node.weights.weights = floatTensor([O, KH, KW, I], ohwiFromIohw(W.values, W.dims))
  if (B) node.weights.bias = floatTensor([O], Float32Array.from(B.values))
  m.setOut(n, node, [1, O, ay.out, ax.out])
  m.b.record(n.op_type!, m.displayName(n), 'mapped', [node], 'weights reordered from [Cin, Cout, kh, kw] to OHWI')
}

/** IR gate k (input, forget, cell, output) is ONNX gate ONNX_GATE[k] (ONNX order i, o, f, c). */
const ONNX_GATE = [0, 2, 3, 1]
const IR_GATE_NAMES = ['Input', 'Forget', 'Cell', 'Output']

const isZero = (c: OnnxConst | undefined) => c !== undefined && c.values.every((v) => v === 0)
const used = (m: OnnxMapper, name: string | undefined) => name !== undefined && name !== '' && ((m.g.consumers.get(name) ?? 0) > 0 || m.g.outputs.has(name))

function lstmProblem(m: OnnxMapper, n: OnnxNodeProto, a: NodeAttrs): string | undefined {
  const [, , , , seqLens, h0, c0, P] = n.input ?? []
  if (a.str('direction', 'forward') !== 'forward') return `direction '${a.str('direction', 'forward')}' (only forward LSTMs have a kernel)`
  if (a.has('clip')) return 'a clip of the gate inputs (TFLite clips the cell state instead)'
  if (a.int('input_forget', 0) !== 0) return 'coupled input and forget gates (input_forget)'
  if (a.has('activation_alpha') || a.has('activation_beta')) return 'parameterised activations'
  const acts = a.strs('activations')?.join()
  if (acts !== undefined && acts !== 'Sigmoid,Tanh,Tanh' && acts !== 'Sigmoid,Sigmoid,Tanh') return `activations ${acts}`
  if (P) return 'peephole connections'
  if (seqLens && !m.constOf(seqLens)) return 'sequence lengths given at run time'
  if ((h0 && !isZero(m.constOf(h0))) || (c0 && !isZero(m.constOf(c0)))) return 'an initial state other than zero'
  return undefined
}

const mapLstm: OpHandler = (m, n) => {
  const [xName, wName, rName, bName, seqLens] = n.input ?? []
  const a = new NodeAttrs(n)
  const problem = lstmProblem(m, n, a)
  if (problem) return m.unsupported(n, problem, 'export a forward LSTM with default activations and zero initial state')
  const W = m.constOf(wName)
  const R = m.constOf(rName)
  const B = bName ? m.constOf(bName) : undefined
  if (!W || !R || (bName && !B)) return m.unsupported(n, 'its weights are computed at run time')
  const x = m.val(xName)
  const layout = a.int('layout', 0)
  const held = rowMajorShape(x)
  if (!x.shape || x.shape.length !== 3 || !held) return m.unsupported(n, 'an input that is not a sequence of rank 3')
  const [T, batch, F] = layout === 0 ? x.shape : [x.shape[1], x.shape[0], x.shape[2]]
  if (batch !== 1 || held.join() !== [1, T, F].join()) return m.unsupported(n, `an input [${x.shape.join(', ')}] with batch other than 1`)
  if (seqLens && m.constOf(seqLens)!.values.some((v) => v !== T)) return m.unsupported(n, 'sequence lengths shorter than the input')
  const H = a.int('hidden_size', R.dims[2] ?? 0)
  if (W.dims.join() !== [1, 4 * H, F].join() || R.dims.join() !== [1, 4 * H, H].join() || (B && B.dims.join() !== [1, 8 * H].join())) {
    return m.unsupported(n, 'weights that do not have the shapes of a one-direction LSTM')
  }
  const [yName, hName, cName] = n.output ?? []
  if (used(m, cName)) return m.unsupported(n, 'its final cell state Y_c is read', 'read Y or Y_h')
  if (used(m, yName) && used(m, hName)) return m.unsupported(n, 'both Y and Y_h are read', 'read the last step from Y, or only Y_h')
  const returnSequences = used(m, yName) || !used(m, hName)
  const acts = a.strs('activations')?.join()
  const node = m.emit('LSTM', n, {
    units: H, useBias: B !== undefined, cellClip: 0, activation: acts === 'Sigmoid,Sigmoid,Tanh' ? 'sigmoid' : 'tanh', stateful: false, returnSequences,
  }, [x.node])
  ONNX_GATE.forEach((g, k) => {
    node.weights[`weights${IR_GATE_NAMES[k]}`] = floatTensor([H, F], Float32Array.from(W.values.subarray(g * H * F, (g + 1) * H * F)))
    node.weights[`recurrent${IR_GATE_NAMES[k]}`] = floatTensor([H, H], Float32Array.from(R.values.subarray(g * H * H, (g + 1) * H * H)))
    if (B) {
      node.weights[`bias${IR_GATE_NAMES[k]}`] = floatTensor([H], Float32Array.from({ length: H }, (_, i) => B.values[g * H + i] + B.values[(4 + g) * H + i]))
    }
  })
  if (returnSequences) m.setOut(n, node, layout === 0 ? [T, 1, 1, H] : [1, T, 1, H], undefined, 0, [1, T, H])
  else m.setOut(n, node, [1, 1, H], undefined, 1, [1, H])
  m.b.record(n.op_type!, m.displayName(n), 'mapped', [node], `${returnSequences ? 'every step (Y)' : 'the last step (Y_h)'}; gates reordered ` +
    'from ONNX i, o, f, c; input and recurrent biases summed')
}

export const SECOND_SET_HANDLERS: Record<string, OpHandler> = {
  Max: minMax('Maximum'),
  Min: minMax('Minimum'),
  Transpose: mapTranspose,
  ConvTranspose: mapConvTranspose,
  LSTM: mapLstm,
}
