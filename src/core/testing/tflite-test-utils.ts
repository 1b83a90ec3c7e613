/**
 * Test-only helpers that locate fields inside a real .tflite file so tests can break one thing in place
 * (a tensor dimension, a buffer index, an operator input), and write small models with the generated
 * builders. Offsets come from the generated reader.
 */
import * as flatbuffers from 'flatbuffers'
import {
  Buffer, BuiltinOperator, BuiltinOptions, Model, Operator, OperatorCode, QuantizationParameters, SubGraph, Tensor, TensorType,
} from '../formats/tflite/generated/tflite_generated.ts'

/** Field slots (vtable offsets) of the tables edited by tests, as in schema/tflite.fbs. */
const TENSOR_SHAPE = 4
const TENSOR_BUFFER = 8
const OPERATOR_INPUTS = 6

function field(bb: flatbuffers.ByteBuffer, tablePos: number, slot: number): number {
  const offset = bb.__offset(tablePos, slot)
  if (!offset) throw new Error(`field ${slot} is absent`)
  return tablePos + offset
}

function model(bytes: Uint8Array): { bb: flatbuffers.ByteBuffer; m: Model } {
  const bb = new flatbuffers.ByteBuffer(bytes)
  return { bb, m: Model.getRootAsModel(bb) }
}

/** Byte offset of dimension `dim` of tensor `tensor`'s shape. */
export function tensorDimOffset(bytes: Uint8Array, tensor: number, dim: number): number {
  const { bb, m } = model(bytes)
  const t = m.subgraphs(0)!.tensors(tensor)!
  return bb.__vector(field(bb, t.bb_pos, TENSOR_SHAPE)) + 4 * dim
}

/** Byte offset of tensor `tensor`'s buffer index (uint32). */
export function tensorBufferOffset(bytes: Uint8Array, tensor: number): number {
  const { bb, m } = model(bytes)
  return field(bb, m.subgraphs(0)!.tensors(tensor)!.bb_pos, TENSOR_BUFFER)
}

/** Byte offset of input `input` (int32 tensor index) of operator `op`. */
export function operatorInputOffset(bytes: Uint8Array, op: number, input: number): number {
  const { bb, m } = model(bytes)
  return bb.__vector(field(bb, m.subgraphs(0)!.operators(op)!.bb_pos, OPERATOR_INPUTS)) + 4 * input
}

/** A copy of `bytes` with the little-endian int32 at `offset` set to `value`. */
export function withInt32(bytes: Uint8Array, offset: number, value: number): Uint8Array {
  const copy = bytes.slice()
  new DataView(copy.buffer).setInt32(offset, value, true)
  return copy
}

export interface TensorSpec {
  shape: number[]
  type?: TensorType
  /** Constant data as raw little-endian bytes (use f32/i8/i32 below). */
  data?: Uint8Array
  quant?: { scale: number[]; zeroPoint: number[]; axis?: number }
  name?: string
  /** A variable tensor (an operator's state: SVDF, LSTM). */
  isVariable?: boolean
}

export interface OpSpec {
  op: BuiltinOperator
  inputs: number[]
  outputs: number[]
  /** Builtin options: the union type and a function writing the options table. */
  options?: [BuiltinOptions, (b: flatbuffers.Builder) => flatbuffers.Offset]
}

export const f32 = (values: number[]) => new Uint8Array(Float32Array.from(values).buffer)
export const i8 = (values: number[]) => new Uint8Array(Int8Array.from(values).buffer)
export const i32 = (values: number[]) => new Uint8Array(Int32Array.from(values).buffer)
export const i16 = (values: number[]) => new Uint8Array(Int16Array.from(values).buffer)
export const f16 = (bits: number[]) => new Uint8Array(Uint16Array.from(bits).buffer)

/** Writes a one-subgraph .tflite file with the generated builders (buffer 0 is the empty sentinel). */
export function buildTflite(spec: { tensors: TensorSpec[]; ops: OpSpec[]; inputs: number[]; outputs: number[] }): Uint8Array {
  const b = new flatbuffers.Builder(1024)
  const buffers = [Buffer.createBuffer(b, 0, 0n, 0n)]
  const tensors = spec.tensors.map((t, i) => {
    let buffer = 0
    if (t.data) {
      b.startVector(1, t.data.length, 16)
      for (let k = t.data.length - 1; k >= 0; k--) b.addInt8(t.data[k])
      buffers.push(Buffer.createBuffer(b, b.endVector(), 0n, 0n))
      buffer = buffers.length - 1
    }
    const quant = t.quant ? QuantizationParameters.createQuantizationParameters(b, 0, 0,
      QuantizationParameters.createScaleVector(b, t.quant.scale),
      QuantizationParameters.createZeroPointVector(b, t.quant.zeroPoint.map(BigInt)), 0, 0, t.quant.axis ?? 0) : 0
    const name = b.createString(t.name ?? `t${i}`)
    const shape = Tensor.createShapeVector(b, t.shape)
    Tensor.startTensor(b)
    Tensor.addShape(b, shape)
    Tensor.addType(b, t.type ?? TensorType.FLOAT32)
    Tensor.addBuffer(b, buffer)
    Tensor.addName(b, name)
    if (quant) Tensor.addQuantization(b, quant)
    if (t.isVariable) Tensor.addIsVariable(b, true)
    return Tensor.endTensor(b)
  })
  const codes = [...new Set(spec.ops.map((o) => o.op))]
  const operators = spec.ops.map((o) => {
    const options = o.options ? o.options[1](b) : 0
    return Operator.createOperator(b, codes.indexOf(o.op), Operator.createInputsVector(b, o.inputs),
      Operator.createOutputsVector(b, o.outputs), o.options ? o.options[0] : BuiltinOptions.NONE, options, 0, 0)
  })
  const subgraph = SubGraph.createSubGraph(b, SubGraph.createTensorsVector(b, tensors), SubGraph.createInputsVector(b, spec.inputs),
    SubGraph.createOutputsVector(b, spec.outputs), SubGraph.createOperatorsVector(b, operators), b.createString('main'))
  const opcodes = codes.map((c) => OperatorCode.createOperatorCode(b, Math.min(c, 127), 0, 1, c))
  const model = Model.createModel(b, 3, Model.createOperatorCodesVector(b, opcodes), Model.createSubgraphsVector(b, [subgraph]),
    b.createString('tinyforge test'), Model.createBuffersVector(b, buffers))
  Model.finishModelBuffer(b, model)
  return b.asUint8Array().slice()
}
