/**
 * TFLite builtin operators of the second operator set → IR: MUL, MAXIMUM, MINIMUM, TRANSPOSE, BATCH_MATMUL,
 * TRANSPOSE_CONV, SVDF and UNIDIRECTIONAL_SEQUENCE_LSTM. Integer models keep their quantization exactly: weights,
 * biases and the state tensors' scales (SVDF's int16 memory, LSTM's hidden and int16 cell state) are copied, so the
 * imported graph runs the TFLite file's arithmetic. A STRIDED_SLICE taking an LSTM's last time step (what the
 * converter writes for Keras return_sequences=False) fuses into the LSTM as returnSequences = false.
 */
import type { QuantParams } from '../../ir/types.ts'
import { Padding, TensorType } from './generated/tflite_generated.ts'
import { activationName, activationOf, attachConst, num, schemeReason } from './tflite-map-ops.ts'
import type { TflHandler, TfliteMapper } from './tflite-mapper.ts'
import type { TflOperator } from './tflite-reader.ts'
import { intValues, irQuant } from './tflite-tensors.ts'

const present = (t: number | undefined): t is number => t !== undefined && t >= 0

/** Computed operands of a binary element-wise op, or a sentence saying why the op is not mapped. */
function binaryOperands(m: TfliteMapper, o: TflOperator): string[] | string {
  const [a, b] = o.inputs
  if (!present(a) || !present(b)) return 'it has fewer than two inputs'
  if (m.isConst(a) || m.isConst(b)) return 'an operand is a constant (the element-wise kernels take two computed tensors)'
  return m.dataNodes(o, [0, 1]) ?? 'an operand is missing'
}

function elementwise(op: 'Mul' | 'Maximum' | 'Minimum'): TflHandler {
  return (m, o) => {
    const data = binaryOperands(m, o)
    const hint = op === 'Mul' ? 'fold constant scales into the preceding layer before conversion' : undefined
    if (typeof data === 'string') return m.unsupported(o, data, hint)
    const [a, b] = o.inputs.map((t) => m.tensor(t).shape)
    if (Math.max(a.length, b.length) > 4) return m.unsupported(o, `an element-wise ${op} of rank above 4`)
    let attrs = {}
    if (op === 'Mul') {
      const act = activationOf(o.options.activation)
      if (!act) return m.unsupported(o, `fused activation ${activationName(o.options.activation)}`, 'use RELU or RELU6')
      attrs = { activation: act }
    }
    const node = m.emit(op, o, attrs, data)
    m.setOut(o, node)
    m.b.record(o.opName, m.displayName(o), 'mapped', [node], schemeReason(node, false))
  }
}

const transpose: TflHandler = (m, o) => {
  const [x, p] = o.inputs
  const data = m.dataNodes(o, [0])
  if (!data) return m.unsupported(o, 'a transpose of a constant')
  const perm = present(p) && m.isConst(p) ? intValues(m.consts.get(p)!) : undefined
  if (!perm) return m.unsupported(o, 'a permutation computed at run time')
  const rank = m.tensor(x).shape.length
  if (perm.length !== rank || rank < 2 || rank > 4) return m.unsupported(o, `a transpose of rank ${rank}`, 'Transpose permutes tensors of rank 2 to 4')
  if (perm.every((v, i) => v === i)) {
    m.alias(o.outputs[0], x)
    return void m.b.record(o.opName, m.displayName(o), 'dropped', [], 'the permutation is the identity')
  }
  if (perm[0] !== 0) return m.unsupported(o, `a permutation [${perm.join(', ')}] that moves the batch axis`, 'keep the batch axis first')
  const node = m.emit('Transpose', o, { perm }, data)
  m.setOut(o, node)
  m.b.record(o.opName, m.displayName(o), 'mapped', [node])
}

const batchMatMul: TflHandler = (m, o) => {
  const [a, b] = o.inputs
  if (present(b) && m.isConst(b)) {
    return m.unsupported(o, 'a product with a constant right operand', 'a constant operand is a FULLY_CONNECTED layer: convert the model with 1×K inputs')
  }
  const data = m.dataNodes(o, [0, 1])
  if (!data) return m.unsupported(o, 'an operand is a constant or missing')
  if (o.options.adjX) return m.unsupported(o, 'a transposed left operand (adj_x)', 'transpose the left operand before the product')
  const [ra, rb] = [a, b].map((t) => m.tensor(t).shape.length)
  if (ra !== rb || ra < 3 || ra > 4) return m.unsupported(o, `operands of rank ${ra} and ${rb}`, 'BatchMatMul takes two rank-3 or two rank-4 operands')
  const node = m.emit('BatchMatMul', o, { transposeB: o.options.adjY === true }, data)
  m.setOut(o, node)
  m.b.record(o.opName, m.displayName(o), 'mapped', [node], schemeReason(node, false))
}

const transposeConv: TflHandler = (m, o) => {
  const [shapeT, w, x, b] = o.inputs
  const data = m.dataNodes(o, [2])
  if (!data) return m.unsupported(o, 'its input is a constant or missing')
  if (!present(w) || !m.isConst(w)) return m.unsupported(o, 'its weights are computed at run time')
  const W = m.tensor(w)
  const X = m.tensor(x)
  if (W.shape.length !== 4 || X.shape.length !== 4) return m.unsupported(o, 'a transposed convolution that is not 2-D NHWC')
  const act = activationOf(o.options.activation)
  if (!act) return m.unsupported(o, `fused activation ${activationName(o.options.activation)}`, 'use RELU or RELU6')
  const stride = [num(o.options.strideH, 1), num(o.options.strideW, 1)]
  const padding = o.options.padding === Padding.SAME ? 'same' : 'valid'
  const [, kh, kw] = W.shape
  const want = present(shapeT) && m.isConst(shapeT) ? intValues(m.consts.get(shapeT)!) : m.tensor(o.outputs[0]).shape
  const size = (n: number, k: number, s: number) => (padding === 'same' ? n * s : (n - 1) * s + k)
  const made = [1, size(X.shape[1], kh, stride[0]), size(X.shape[2], kw, stride[1]), W.shape[0]]
  if (!want || want.join() !== made.join()) {
    return m.unsupported(o, `an output shape [${want?.join(', ')}] other than the ${padding} size [${made.join(', ')}]`,
      'use output size input·stride (SAME) or (input − 1)·stride + kernel (VALID)')
  }
  const useBias = present(b)
  if (useBias && !m.isConst(b)) return m.unsupported(o, 'its bias is computed at run time')
  const node = m.emit('TransposeConv2D', o, {
    filters: W.shape[0], kernelH: kh, kernelW: kw, strideH: stride[0], strideW: stride[1], padding, useBias, activation: act,
  }, data)
  const problem = attachConst(m, node, 'weights', w) ?? (useBias ? attachConst(m, node, 'bias', b) : undefined)
  if (problem) m.b.note('error', `${node.name}: ${problem}`, node.id)
  m.setOut(o, node)
  m.b.record(o.opName, m.displayName(o), 'mapped', [node])
}

/** Quantization of a variable (state) tensor of an integer model, when it has one of `type`. */
function stateQuant(m: TfliteMapper, t: number, type: TensorType): QuantParams | undefined {
  const tensor = m.tensor(t)
  return m.integerModel && tensor.type === type ? irQuant(tensor.quant) : undefined
}

const svdf: TflHandler = (m, o) => {
  const [x, wf, wt, b, state] = o.inputs
  const data = m.dataNodes(o, [0])
  if (!data) return m.unsupported(o, 'its input is a constant or missing')
  if (!present(wf) || !present(wt) || !m.isConst(wf) || !m.isConst(wt)) return m.unsupported(o, 'its weights are computed at run time')
  if (!present(state) || !m.tensor(state).isVariable) return m.unsupported(o, 'its state is not a variable tensor')
  const X = m.tensor(x).shape
  const WF = m.tensor(wf).shape
  const WT = m.tensor(wt).shape
  const rank = num(o.options.rank, 1)
  if (X.length !== 2 || X[0] !== 1) return m.unsupported(o, `an input of shape [${X.join(', ')}]`, 'SVDF takes one frame [1, F] per invocation')
  if (WF.length !== 2 || WT.length !== 2 || WF[0] !== WT[0] || rank < 1 || WF[0] % rank !== 0) {
    return m.unsupported(o, 'weights that do not have the SVDF shapes [filters, F] and [filters, memory]')
  }
  const act = activationOf(o.options.activation)
  if (act !== 'none' && act !== 'relu') return m.unsupported(o, `fused activation ${activationName(o.options.activation)}`, 'use RELU or none')
  const useBias = present(b)
  if (useBias && !m.isConst(b)) return m.unsupported(o, 'its bias is computed at run time')
  let sq: QuantParams | undefined
  if (m.integerModel) {
    sq = stateQuant(m, state, TensorType.INT16)
    if (!sq) return m.unsupported(o, 'an integer SVDF whose state is not int16', 'TFLite Micro\'s integer SVDF keeps an int16 state')
  }
  const node = m.emit('SVDF', o, { units: WF[0] / rank, rank, memory: WT[1], useBias, activation: act }, data)
  const problem = attachConst(m, node, 'weightsFeature', wf) ?? attachConst(m, node, 'weightsTime', wt) ??
    (useBias ? attachConst(m, node, 'bias', b) : undefined)
  if (problem) m.b.note('error', `${node.name}: ${problem}`, node.id)
  m.setOut(o, node)
  if (node.quant && sq) node.quant = { ...node.quant, state: { state: sq } }
  m.b.record(o.opName, m.displayName(o), 'mapped', [node], 'its state tensor is kept between invocations (one frame per call)')
}

/** TFLite's UNIDIRECTIONAL_SEQUENCE_LSTM inputs: [input, W_i, W_f, W_c, W_o, R_i, R_f, R_c, R_o, …, b_i, b_f, b_c, b_o, …]. */
const LSTM_W = [1, 2, 3, 4]
const LSTM_R = [5, 6, 7, 8]
const LSTM_B = [12, 13, 14, 15]
const LSTM_HIDDEN = 18
const LSTM_CELL = 19
const LSTM_UNSUPPORTED: [number[], string][] = [
  [[9, 10, 11], 'peephole connections'],
  [[16, 17], 'a projection layer'],
  [[20, 21, 22, 23], 'layer normalization'],
]

/** The STRIDED_SLICE reading only the last time step of the LSTM output [1, T, H] as [1, H], if that is its one reader. */
function lastStepSlice(m: TfliteMapper, o: TflOperator): TflOperator | undefined {
  const out = o.outputs[0]
  if ((m.consumers.get(out) ?? 0) !== 1 || m.outputs.has(out)) return undefined
  const s = m.model.operators.find((r) => r.inputs[0] === out)
  if (!s || s.opName !== 'STRIDED_SLICE') return undefined
  const [, beginT, endT, stridesT] = s.inputs
  const values = (t: number | undefined) => (present(t) && m.isConst(t) ? intValues(m.consts.get(t)!) : undefined)
  const [begin, end, strides] = [values(beginT), values(endT), values(stridesT)]
  const shape = m.tensor(out).shape
  const T = shape[1]
  const opt = s.options
  if (!begin || !end || shape.length !== 3 || begin.length !== 3 || end.length !== 3) return undefined
  if (num(opt.ellipsisMask, 0) !== 0 || num(opt.newAxisMask, 0) !== 0 || num(opt.shrinkAxisMask, 0) !== 2) return undefined
  if (strides && strides.some((v) => v !== 1)) return undefined
  const beginMask = num(opt.beginMask, 0)
  const endMask = num(opt.endMask, 0)
  const whole = (axis: number) => ((beginMask >> axis) & 1 || begin[axis] === 0) && ((endMask >> axis) & 1 || end[axis] >= shape[axis])
  const step = begin[1] < 0 ? begin[1] + T : begin[1]
  return whole(0) && whole(2) && !((beginMask >> 1) & 1) && step === T - 1 ? s : undefined
}

const lstm: TflHandler = (m, o) => {
  const x = o.inputs[0]
  const input = (i: number) => o.inputs[i]
  const data = m.dataNodes(o, [0])
  if (!data) return m.unsupported(o, 'its input is a constant or missing')
  if (!present(input(1)) || !present(input(5))) return m.unsupported(o, 'coupled input and forget gates (CIFG)', 'convert an LSTM with an input gate')
  for (const [positions, what] of LSTM_UNSUPPORTED) {
    if (positions.some((i) => present(input(i)))) return m.unsupported(o, what, 'use a plain LSTM (no peepholes, projection or layer norm)')
  }
  if ([...LSTM_W, ...LSTM_R].some((i) => !m.isConst(input(i)))) return m.unsupported(o, 'its weights are computed at run time')
  const biases = LSTM_B.map(input)
  const useBias = biases.some(present)
  if (useBias && !biases.every((t) => present(t) && m.isConst(t))) return m.unsupported(o, 'some gate biases are missing or computed')
  if (!present(input(LSTM_HIDDEN)) || !present(input(LSTM_CELL))) return m.unsupported(o, 'its hidden or cell state tensor is missing')
  if (o.options.timeMajor) return m.unsupported(o, 'a time-major input [T, B, F]', 'convert with time_major = false ([1, T, F])')
  const X = m.tensor(x).shape
  if (X.length !== 3) return m.unsupported(o, `an input of shape [${X.join(', ')}]`, 'LSTM takes a sequence [1, T, F]')
  const H = m.tensor(input(LSTM_R[0])).shape[0]
  const cellAct = activationName(o.options.activation ?? 0)
  if (cellAct !== 'TANH') {
    return m.unsupported(o, `cell activation ${cellAct}`, 'use TANH')
  }
  if (num(o.options.projClip, 0) !== 0) return m.unsupported(o, 'a projection clip')
  const cellClip = num(o.options.cellClip, 0)
  let state: Record<string, QuantParams> | undefined
  if (m.integerModel) {
    const hidden = stateQuant(m, input(LSTM_HIDDEN), TensorType.INT8)
    const cell = stateQuant(m, input(LSTM_CELL), TensorType.INT16)
    const out = irQuant(m.tensor(o.outputs[0]).quant)
    if (!hidden || !out || hidden.scale.join() !== out.scale.join() || hidden.zeroPoint.join() !== out.zeroPoint.join()) {
      return m.unsupported(o, 'an integer LSTM whose hidden state is not int8 in the output\'s quantization')
    }
    if (!cell || !Number.isInteger(Math.log2(cell.scale[0])) || (cell.zeroPoint[0] ?? 0) !== 0) {
      return m.unsupported(o, 'an integer LSTM whose cell state is not int16 with a power-of-two scale', 'TFLite Micro\'s integer LSTM needs one')
    }
    state = { hidden, cell }
  }
  const slice = lastStepSlice(m, o)
  const node = m.emit('LSTM', o, {
    units: H, useBias, cellClip, activation: 'tanh', stateful: true, returnSequences: !slice,
  }, data)
  const names = ['Input', 'Forget', 'Cell', 'Output']
  let problem: string | undefined
  names.forEach((g, k) => {
    problem ??= attachConst(m, node, `weights${g}`, input(LSTM_W[k])) ?? attachConst(m, node, `recurrent${g}`, input(LSTM_R[k])) ??
      (useBias ? attachConst(m, node, `bias${g}`, input(LSTM_B[k])) : undefined)
  })
  if (problem) m.b.note('error', `${node.name}: ${problem}`, node.id)
  m.setOut(o, node)
  if (slice) {
    m.setOut(slice, node)
    m.lastStepSlices.set(slice.index, node.name)
  }
  if (node.quant && state) node.quant = { ...node.quant, state }
  m.b.record(o.opName, m.displayName(o), 'mapped', [node],
    'stateful: TFLite keeps the state tensors between invocations (clear Stateful to start every window from zero)')
}

/** STRIDED_SLICE: only the last-time-step read of an LSTM, already fused by the LSTM handler. */
const stridedSlice: TflHandler = (m, o) => {
  const lstmName = m.lastStepSlices.get(o.index)
  if (lstmName === undefined) return m.unsupported(o, 'no slicing kernel in the operator set (only an LSTM\'s last time step is fused)')
  const node = m.b.node(m.vals.get(o.outputs[0])!)
  m.b.record(o.opName, m.displayName(o), 'fused', [node], `the last time step of LSTM '${lstmName}': returnSequences = false`)
}

export const TFLITE_SECOND_SET_HANDLERS: Record<string, TflHandler> = {
  MUL: elementwise('Mul'),
  MAXIMUM: elementwise('Maximum'),
  MINIMUM: elementwise('Minimum'),
  TRANSPOSE: transpose,
  BATCH_MATMUL: batchMatMul,
  TRANSPOSE_CONV: transposeConv,
  SVDF: svdf,
  UNIDIRECTIONAL_SEQUENCE_LSTM: lstm,
  STRIDED_SLICE: stridedSlice,
}
