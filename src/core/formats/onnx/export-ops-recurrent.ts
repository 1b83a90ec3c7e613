/**
 * ONNX lowering of the stateful operators (opset 17). ONNX has no persistent state, so a layer that keeps state between
 * invocations takes it as a graph input and gives the new state as a graph output (LowerContext.stateInput/Output,
 * `OnnxExport.states`): zeros are the reset state, feeding back the outputs continues a stream.
 *
 *   SVDF   Gemm(x, weightsFeature, transB) → the new column; state_in[:, 1:] ++ column → state_out;
 *          ReduceSum over memory of state · weightsTime, then over the rank → + bias → Relu (float model)
 *   LSTM   LSTM on X reshaped to [T, 1, F] (layout 0; onnxruntime has no batch-first LSTM), W/R/B in ONNX's gate order i, o, f, c, activations
 *          (Sigmoid, Tanh | Sigmoid, Tanh); Y reshaped to [1, T, H] or Y_h to [1, H]; a stateful layer's h and c as
 *          state I/O (initial_h / initial_c, Y_h / Y_c). A cell clip has no ONNX equivalent (ONNX's `clip` bounds the
 *          gate inputs, not the cell state): such a layer refuses the export with a sentence.
 * QDQ form: int8 weights through DequantizeLinear, int16/int32 constants (SVDF's time weights, biases) as float, the
 * output quantized; inside, the float ops run without the int8 kernels' int16 rounding of state and gates, so the QDQ
 * model approximates the int8 engine here (unlike the other operators, whose QDQ form is within 1 LSB per operator).
 */
import { LSTM_GATES, lstmBiasName, lstmRecurrentName, lstmWeightName } from '../../ops/lstm.ts'
import type { ExportAttr } from './export-builder.ts'
import type { LowerContext, StoredTensor } from './export-context.ts'
import { OnnxExportError } from './export-error.ts'

type Lowering = (c: LowerContext) => StoredTensor

const num = (c: LowerContext, key: string): number => Number(c.attrs[key])

function svdf(c: LowerContext): StoredTensor {
  const x = c.inputs[0]
  const F = x.shape[1]
  const units = num(c, 'units')
  const rank = num(c, 'rank')
  const M = num(c, 'memory')
  const filters = units * rank
  const wf = c.namedWeights('weightsFeature', 'wf', [filters, F])
  const column = c.node('Reshape', [c.node('Gemm', [c.value(x), wf], 'feature', { transB: 1 }), c.int64s([filters, 1])], 'column')
  const before = c.stateInput('state', [filters, M])
  const kept = M > 1 ? c.node('Slice', [before, c.int64s([1]), c.int64s([M]), c.int64s([1])], 'kept') : ''
  const after = M > 1 ? c.node('Concat', [kept, column], 'state', { axis: 1 }) : column
  c.stateOutput('state', after)
  const wt = c.floatConstant('weightsTime', 'wt', [filters, M])
  const perFilter = c.node('ReduceSum', [c.node('Mul', [after, wt], 'weighted'), c.int64s([1])], 'per_filter', { keepdims: 0 })
  const perUnit = c.node('ReduceSum', [c.node('Reshape', [perFilter, c.int64s([1, units, rank])], 'ranks'), c.int64s([2])], 'sum',
    { keepdims: 0 })
  const y = c.hasConstant('bias') ? c.node('Add', [perUnit, c.floatConstant('bias', 'b', [units])], 'biased') : perUnit
  // The int8 kernel clamps to the int8 range only (TFLite Micro); the float model applies the activation.
  return c.store(c.quantized ? y : c.activate(y, String(c.attrs.activation)), 'plain')
}

/** ONNX's gate order (i, o, f, c) as indices into TFLite's (i, f, c, o). */
const ONNX_ORDER = [0, 3, 1, 2]

function lstm(c: LowerContext): StoredTensor {
  if (num(c, 'cellClip') > 0) {
    throw new OnnxExportError(`${c.base}: an LSTM cell clip has no ONNX equivalent (ONNX's clip bounds the gate inputs, not the cell); ` +
      'set Cell clip to 0 to export it')
  }
  const x = c.inputs[0]
  const [, T, F] = x.shape
  const H = num(c, 'units')
  const stack = (name: (g: number) => string, stem: string, cols: number) => c.node('Reshape', [
    c.node('Concat', ONNX_ORDER.map((g) => c.namedWeights(name(g), `${stem}_${LSTM_GATES[g]}`, [H, cols])), `${stem}_iofc`, { axis: 0 }),
    c.int64s([1, 4 * H, cols])], stem)
  const W = stack(lstmWeightName, 'W', F)
  const R = stack(lstmRecurrentName, 'R', H)
  const biases = c.attrs.useBias
    ? ONNX_ORDER.map((g) => c.floatConstant(lstmBiasName(g), `b_${LSTM_GATES[g]}`, [H]))
    : [c.g.constant(`${c.base}_b_zero`, 'float32', [4 * H], new Array<number>(4 * H).fill(0))]
  const B = c.node('Reshape', [c.node('Concat', [...biases, c.g.constant(`${c.base}_rb`, 'float32', [4 * H], new Array<number>(4 * H).fill(0))],
    'b_all', { axis: 0 }), c.int64s([1, 8 * H])], 'B')
  const stateful = Boolean(c.attrs.stateful)
  const h0 = stateful ? c.stateInput('hidden', [1, 1, H]) : ''
  const c0 = stateful ? c.stateInput('cell', [1, 1, H]) : ''
  const attrs: Record<string, ExportAttr> = { hidden_size: H }
  if (c.attrs.activation === 'sigmoid') attrs.activations = { strings: ['Sigmoid', 'Sigmoid', 'Tanh'] }
  const X = c.node('Reshape', [c.value(x), c.int64s([T, 1, F])], 'time_major')
  const [Y, Yh, Yc] = c.g.nodeOutputs('LSTM', [X, W, R, B, '', h0, c0], [`${c.base}_y`, `${c.base}_y_h`, `${c.base}_y_c`],
    attrs)
  if (stateful) {
    c.stateOutput('hidden', Yh)
    c.stateOutput('cell', Yc)
  }
  const y = c.attrs.returnSequences ? c.node('Reshape', [Y, c.int64s([1, T, H])], 'sequence') : c.node('Reshape', [Yh, c.int64s([1, H])], 'last')
  return c.store(y, 'plain')
}

export const RECURRENT_LOWERINGS: Readonly<Record<string, Lowering>> = {
  SVDF: svdf,
  LSTM: lstm,
}
