/**
 * Writes a quantized (s8) TinyForge graph as a full-integer .tflite file with the generated flatbuffers builders
 * (src/core/formats/tflite/generated, our schema subset) — how the test models of the second operator set are made
 * without TensorFlow. Each IR operator becomes the TFLite builtin whose reference integer kernel it implements, with
 * TFLite's tensor layouts: CONV_2D / DEPTHWISE_CONV_2D / FULLY_CONNECTED / TRANSPOSE_CONV (output_shape, OHWI
 * weights, input, bias), MAX_POOL_2D / AVERAGE_POOL_2D, MUL / MAXIMUM / MINIMUM / ADD, TRANSPOSE (perm), BATCH_MATMUL (adj_y), RESHAPE, MEAN
 * (global average pool), SOFTMAX, SVDF (int8 feature weights, int16 time weights, int32 bias, int16 variable state
 * [1, memory·filters]) and UNIDIRECTIONAL_SEQUENCE_LSTM (24 inputs: per-gate int8 weights, int32 biases, variable
 * int8 output state in the output's quantization and int16 cell state with its power-of-two scale; a last-step
 * output as STRIDED_SLICE [0, −1, 0] with shrink_axis_mask 2, as the converter writes Keras return_sequences=False).
 * 16x8 layers (int16 activations): int16 output tensors (an int16 SOFTMAX's at 1/32768, zero point 0, as PTQ sets it),
 * int64 biases, QUANTIZE (int8 ↔ int16 requantization), LOGISTIC and TANH; int4 weights: INT4 tensors packed two per byte, low nibble first.
 * Model inputs are int8 tensors with the Input node's quantization (the Input's preprocessing is not written).
 *
 *   node bin/run-ts.mjs tools/tflite-writer/write-tflite.ts <out-dir>   writes the test models (tflite-fixtures.ts)
 */
import type * as flatbuffers from 'flatbuffers'
import { analyzeGraph } from '../../src/core/analysis/analyze-graph.ts'
import {
  ActivationFunctionType, AddOptions, BatchMatMulOptions, BuiltinOperator as Op, BuiltinOptions, Conv2DOptions,
  DepthwiseConv2DOptions, FullyConnectedOptions, MulOptions, Padding, Pool2DOptions, ReducerOptions, ReshapeOptions, SVDFOptions,
  SoftmaxOptions, StridedSliceOptions, TensorType, TransposeConvOptions, UnidirectionalSequenceLSTMOptions,
} from '../../src/core/formats/tflite/generated/tflite_generated.ts'
import { outputNodes } from '../../src/core/ir/graph-queries.ts'
import type { DType, Graph, GraphNode, QuantParams, Tensor } from '../../src/core/ir/types.ts'
import { packInt4 } from '../../src/core/quant/weight-encoding.ts'
import type { OpSpec, TensorSpec } from '../../src/core/testing/tflite-test-utils.ts'
import { buildTflite, i32 } from '../../src/core/testing/tflite-test-utils.ts'

const TYPES: Partial<Record<DType, TensorType>> = {
  float32: TensorType.FLOAT32, int8: TensorType.INT8, int16: TensorType.INT16, int32: TensorType.INT32,
}

const ACTIVATIONS: Record<string, ActivationFunctionType> = {
  none: ActivationFunctionType.NONE, relu: ActivationFunctionType.RELU, relu6: ActivationFunctionType.RELU6,
}

type Options = NonNullable<OpSpec['options']>

function act(node: { attrs: Record<string, unknown> }): ActivationFunctionType {
  const a = String(node.attrs.activation ?? 'none')
  if (!(a in ACTIVATIONS)) throw new Error(`write-tflite: activation ${a} has no TFLite fused activation`)
  return ACTIVATIONS[a]
}

const quantOf = (q: QuantParams | undefined): TensorSpec['quant'] =>
  q ? { scale: [...q.scale], zeroPoint: [...q.zeroPoint], ...(q.axis !== undefined ? { axis: q.axis } : {}) } : undefined

const i64 = (values: ArrayLike<number>) => new Uint8Array(BigInt64Array.from(Array.from(values, BigInt)).buffer)

const bytesOf = (t: Tensor) => new Uint8Array(t.data.buffer.slice(t.data.byteOffset, t.data.byteOffset + t.data.byteLength))

/** Writes `graph` (quantized s8, every node known) as .tflite bytes. */
export function writeTflite(graph: Graph): Uint8Array {
  const analysis = analyzeGraph(graph)
  const bad = analysis.diagnostics.find((d) => d.severity === 'error')
  if (bad) throw new Error(`write-tflite: the graph has errors: ${bad.message}`)
  const nodes = new Map(graph.nodes.map((n) => [n.id, n]))
  const int16In = (node: GraphNode) => analysis.nodes.get(node.id)!.inputs[0]?.dtype === 'int16'
  const tensors: TensorSpec[] = []
  const ops: OpSpec[] = []
  const valueOf = new Map<string, number>()
  const add = (t: TensorSpec) => (tensors.push(t), tensors.length - 1)
  const constant = (node: GraphNode, name: string, shape?: number[]) => {
    const t = node.weights?.[name]
    if (!t) throw new Error(`write-tflite: ${node.name} has no ${name}`)
    const type = TYPES[t.dtype]
    if (type === undefined) throw new Error(`write-tflite: ${t.dtype} constants are not written`)
    const spec = { shape: shape ?? [...t.shape], quant: quantOf(t.quant), name: `${node.name}/${name}` }
    // int4 weights: TFLite's INT4 tensors, two values per byte, low nibble first (CMSIS-NN's s4 packing too).
    if (t.encoding?.kind === 'int4') return add({ ...spec, type: TensorType.INT4, data: packInt4(t.data) })
    // 16x8 layers take a 64-bit bias (the graph keeps int32 values).
    if (name === 'bias' && int16In(node) && t.dtype === 'int32') return add({ ...spec, type: TensorType.INT64, data: i64(t.data) })
    return add({ ...spec, type, data: bytesOf(t) })
  }
  const ints = (name: string, values: number[]) => add({ shape: [values.length], type: TensorType.INT32, data: i32(values), name })
  const optional = (node: GraphNode, name: string) => (node.weights?.[name] ? constant(node, name) : -1)

  for (const id of analysis.order) {
    const node = nodes.get(id)!
    const info = analysis.nodes.get(id)!
    const attrs = info.attrs as Record<string, never>
    const out = info.output!
    const q = node.quant?.output
    const intType = out.dtype === 'int16' ? TensorType.INT16 : TensorType.INT8
    const output = () => add({ shape: [...out.shape], type: q ? intType : TensorType.FLOAT32, quant: quantOf(q), name: node.name })
    const inputs = graph.edges.filter((e) => e.target === id).sort((a, b) => a.targetPort - b.targetPort).map((e) => valueOf.get(e.source)!)
    const emit = (op: Op, ins: number[], options?: Options, result = output()) => {
      ops.push({ op, inputs: ins, outputs: [result], ...(options ? { options } : {}) })
      valueOf.set(id, result)
      return result
    }
    const opts = (kind: BuiltinOptions, make: (b: flatbuffers.Builder) => flatbuffers.Offset): Options => [kind, make]
    switch (node.op) {
      case 'Input':
        valueOf.set(id, output())
        break
      case 'Conv2D':
        emit(Op.CONV_2D, [inputs[0], constant(node, 'weights'), optional(node, 'bias')], opts(BuiltinOptions.Conv2DOptions,
          (b) => Conv2DOptions.createConv2DOptions(b, attrs.padding === 'same' ? Padding.SAME : Padding.VALID, attrs.strideW, attrs.strideH,
            act(info), attrs.dilationW, attrs.dilationH)))
        break
      case 'DepthwiseConv2D':
        emit(Op.DEPTHWISE_CONV_2D, [inputs[0], constant(node, 'weights'), optional(node, 'bias')], opts(BuiltinOptions.DepthwiseConv2DOptions,
          (b) => DepthwiseConv2DOptions.createDepthwiseConv2DOptions(b, attrs.padding === 'same' ? Padding.SAME : Padding.VALID,
            attrs.strideW, attrs.strideH, attrs.depthMultiplier, act(info), attrs.dilationW, attrs.dilationH)))
        break
      case 'FullyConnected':
        emit(Op.FULLY_CONNECTED, [inputs[0], constant(node, 'weights'), optional(node, 'bias')], opts(BuiltinOptions.FullyConnectedOptions,
          (b) => FullyConnectedOptions.createFullyConnectedOptions(b, act(info), 0, false)))
        break
      case 'TransposeConv2D':
        emit(Op.TRANSPOSE_CONV, [ints(`${node.name}/output_shape`, [...out.shape]), constant(node, 'weights'), inputs[0], optional(node, 'bias')],
          opts(BuiltinOptions.TransposeConvOptions, (b) => TransposeConvOptions.createTransposeConvOptions(b,
            attrs.padding === 'same' ? Padding.SAME : Padding.VALID, attrs.strideW, attrs.strideH, act(info))))
        break
      case 'MaxPool2D':
      case 'AvgPool2D':
        emit(node.op === 'MaxPool2D' ? Op.MAX_POOL_2D : Op.AVERAGE_POOL_2D, inputs, opts(BuiltinOptions.Pool2DOptions,
          (b) => Pool2DOptions.createPool2DOptions(b, attrs.padding === 'same' ? Padding.SAME : Padding.VALID, attrs.strideW, attrs.strideH,
            attrs.poolW, attrs.poolH, act(info))))
        break
      case 'Add':
        // pot_scale_int16 false: the general-scale int16 ADD, as the converter writes for 16x8 models.
        emit(Op.ADD, inputs, opts(BuiltinOptions.AddOptions, (b) => AddOptions.createAddOptions(b, act(info), out.dtype !== 'int16')))
        break
      case 'Mul':
        emit(Op.MUL, inputs, opts(BuiltinOptions.MulOptions, (b) => MulOptions.createMulOptions(b, act(info))))
        break
      case 'Maximum':
        emit(Op.MAXIMUM, inputs)
        break
      case 'Minimum':
        emit(Op.MINIMUM, inputs)
        break
      case 'Transpose':
        emit(Op.TRANSPOSE, [inputs[0], ints(`${node.name}/perm`, [...(attrs.perm as number[])])])
        break
      case 'BatchMatMul':
        emit(Op.BATCH_MATMUL, inputs, opts(BuiltinOptions.BatchMatMulOptions,
          (b) => BatchMatMulOptions.createBatchMatMulOptions(b, false, attrs.transposeB === true, false)))
        break
      case 'Flatten':
      case 'Reshape': {
        const shape = [...out.shape]
        emit(Op.RESHAPE, [inputs[0], ints(`${node.name}/shape`, shape)], opts(BuiltinOptions.ReshapeOptions,
          (b) => ReshapeOptions.createReshapeOptions(b, ReshapeOptions.createNewShapeVector(b, shape))))
        break
      }
      case 'GlobalAveragePool':
        emit(Op.MEAN, [inputs[0], ints(`${node.name}/axes`, [1, 2])], opts(BuiltinOptions.ReducerOptions,
          (b) => ReducerOptions.createReducerOptions(b, true)))
        break
      case 'Quantize':
        emit(Op.QUANTIZE, inputs)
        break
      case 'Sigmoid':
        emit(Op.LOGISTIC, inputs)
        break
      case 'Tanh':
        emit(Op.TANH, inputs)
        break
      case 'Softmax':
        emit(Op.SOFTMAX, inputs, opts(BuiltinOptions.SoftmaxOptions, (b) => SoftmaxOptions.createSoftmaxOptions(b, Number(attrs.beta ?? 1))))
        break
      case 'SVDF': {
        const filters = Number(attrs.units) * Number(attrs.rank)
        const sq = node.quant?.state?.state
        const state = add({ shape: [1, filters * Number(attrs.memory)], type: sq ? TensorType.INT16 : TensorType.FLOAT32, quant: quantOf(sq),
          name: `${node.name}/state`, isVariable: true })
        emit(Op.SVDF, [inputs[0], constant(node, 'weightsFeature'), constant(node, 'weightsTime'), optional(node, 'bias'), state],
          opts(BuiltinOptions.SVDFOptions, (b) => SVDFOptions.createSVDFOptions(b, Number(attrs.rank), act(info), false)))
        break
      }
      case 'LSTM':
        writeLstm(node, info.attrs, info.inputs[0].shape[1], inputs[0], { add, constant, optional, ints, emit, opts })
        break
      default:
        throw new Error(`write-tflite: no TFLite mapping for ${node.op} (${node.name})`)
    }
  }
  const inputs = graph.nodes.filter((n) => n.op === 'Input').map((n) => valueOf.get(n.id)!)
  const outputs = outputNodes(graph).map((n) => valueOf.get(n.id)!)
  return buildTflite({ tensors, ops, inputs, outputs })
}

interface Writers {
  add: (t: TensorSpec) => number
  constant: (node: GraphNode, name: string, shape?: number[]) => number
  optional: (node: GraphNode, name: string) => number
  ints: (name: string, values: number[]) => number
  emit: (op: Op, ins: number[], options?: Options, result?: number) => number
  opts: (kind: BuiltinOptions, make: (b: flatbuffers.Builder) => flatbuffers.Offset) => Options
}

function writeLstm(node: GraphNode, attrs: Record<string, unknown>, T: number, x: number, w: Writers): void {
  if (attrs.activation !== 'tanh') throw new Error(`write-tflite: ${node.name}: TFLite's LSTM options express a tanh cell gate only`)
  const H = Number(attrs.units)
  const gates = ['Input', 'Forget', 'Cell', 'Output']
  const hq = node.quant?.state?.hidden
  const cq = node.quant?.state?.cell
  const hidden = w.add({ shape: [1, H], type: hq ? TensorType.INT8 : TensorType.FLOAT32, quant: quantOf(hq), name: `${node.name}/output_state`,
    isVariable: true })
  const cell = w.add({ shape: [1, H], type: cq ? TensorType.INT16 : TensorType.FLOAT32, quant: quantOf(cq), name: `${node.name}/cell_state`,
    isVariable: true })
  const ins = [
    x, ...gates.map((g) => w.constant(node, `weights${g}`)), ...gates.map((g) => w.constant(node, `recurrent${g}`)), -1, -1, -1,
    ...gates.map((g) => w.optional(node, `bias${g}`)), -1, -1, hidden, cell, -1, -1, -1, -1,
  ]
  const options = w.opts(BuiltinOptions.UnidirectionalSequenceLSTMOptions, (b) => UnidirectionalSequenceLSTMOptions
    .createUnidirectionalSequenceLSTMOptions(b, ActivationFunctionType.TANH, Number(attrs.cellClip ?? 0), 0, false, false, false))
  if (attrs.returnSequences) return void w.emit(Op.UNIDIRECTIONAL_SEQUENCE_LSTM, ins, options)
  const q = node.quant?.output
  const sequence = w.add({ shape: [1, T, H], type: q ? TensorType.INT8 : TensorType.FLOAT32, quant: quantOf(q), name: node.name })
  const last = w.add({ shape: [1, H], type: q ? TensorType.INT8 : TensorType.FLOAT32, quant: quantOf(q), name: `${node.name}/last_step` })
  w.emit(Op.UNIDIRECTIONAL_SEQUENCE_LSTM, ins, options, sequence)
  w.emit(Op.STRIDED_SLICE, [sequence, w.ints(`${node.name}/begin`, [0, -1, 0]), w.ints(`${node.name}/end`, [0, 0, 0]),
    w.ints(`${node.name}/strides`, [1, 1, 1])], w.opts(BuiltinOptions.StridedSliceOptions,
    (b) => StridedSliceOptions.createStridedSliceOptions(b, 5, 5, 0, 0, 2)), last)
}
