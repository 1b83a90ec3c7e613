/**
 * Decodes ONNX protobuf bytes with protobufjs and the schema subset of onnx-schema.ts into plain
 * objects (int64 as numbers, bytes as Uint8Array). Tensors are read into float64 values whatever their
 * storage (raw_data little-endian or typed fields), after checking their claimed size against the data
 * actually present, so a corrupt file fails here with one sentence instead of later with garbage.
 */
import protobuf from 'protobufjs'
import type { IConversionOptions, Message, Type } from 'protobufjs'
import { halfToFloat } from '../import/half-float.ts'
import { ImportError, checkTensorShape } from '../import/import-error.ts'
import { ONNX_PROTO } from './onnx-schema.ts'

export interface OnnxDim { dim_value?: number; dim_param?: string }
export interface OnnxValueInfo { name: string; type?: { tensor_type?: { elem_type?: number; shape?: { dim?: OnnxDim[] } } } }
export interface OnnxTensorProto {
  name?: string
  dims?: number[]
  data_type?: number
  float_data?: number[]
  int32_data?: number[]
  int64_data?: number[]
  double_data?: number[]
  uint64_data?: number[]
  raw_data?: Uint8Array
  data_location?: number
  external_data?: unknown[]
}
export interface OnnxAttribute {
  name: string
  type?: number
  f?: number
  i?: number
  s?: Uint8Array
  t?: OnnxTensorProto
  floats?: number[]
  ints?: number[]
  strings?: Uint8Array[]
  g?: unknown
  graphs?: unknown[]
}
export interface OnnxNodeProto {
  input?: string[]
  output?: string[]
  name?: string
  op_type?: string
  domain?: string
  attribute?: OnnxAttribute[]
}
export interface OnnxGraphProto {
  name?: string
  node?: OnnxNodeProto[]
  initializer?: OnnxTensorProto[]
  input?: OnnxValueInfo[]
  output?: OnnxValueInfo[]
  value_info?: OnnxValueInfo[]
}
export interface OnnxModelProto {
  ir_version?: number
  producer_name?: string
  producer_version?: string
  model_version?: number
  graph?: OnnxGraphProto
  opset_import?: { domain?: string; version?: number }[]
}

/** A constant tensor: dims and values (float64 holds every ONNX numeric type we read exactly enough). */
export interface OnnxConst {
  dims: number[]
  dataType: number
  values: Float64Array
}

/** ONNX TensorProto.DataType numbers we read. */
export const ONNX_DTYPE = {
  FLOAT: 1, UINT8: 2, INT8: 3, UINT16: 4, INT16: 5, INT32: 6, INT64: 7, STRING: 8, BOOL: 9, FLOAT16: 10,
  DOUBLE: 11, UINT32: 12, UINT64: 13,
} as const

const ROOT = protobuf.parse(ONNX_PROTO, { keepCase: true }).root
const MODEL = ROOT.lookupType('onnx.ModelProto')
const TENSOR = ROOT.lookupType('onnx.TensorProto')
const TO_OBJECT: IConversionOptions = { longs: Number, enums: Number, defaults: false, arrays: false }

function decode<T>(type: Type, bytes: Uint8Array, what: string): T {
  let message: Message
  try {
    message = type.decode(bytes)
  } catch (err) {
    const text = err instanceof Error ? err.message : String(err)
    if (/index out of range/.test(text)) {
      throw new ImportError('truncated', `the ${what} is truncated: its protobuf data runs past the end of the file (${bytes.length} bytes)`)
    }
    throw new ImportError('corrupt', `the ${what} is not valid protobuf data (${text})`)
  }
  return type.toObject(message, TO_OBJECT) as T
}

export function decodeOnnxModel(bytes: Uint8Array): OnnxModelProto {
  return decode<OnnxModelProto>(MODEL, bytes, 'ONNX model')
}

/** Decodes a serialized TensorProto (e.g. an ONNX test vector, input_0.pb). */
export function decodeOnnxTensor(bytes: Uint8Array): OnnxConst {
  const t = decode<OnnxTensorProto>(TENSOR, bytes, 'ONNX tensor')
  return tensorValues(t, `tensor '${t.name ?? ''}'`)
}

const ELEMENT_BYTES: Record<number, number> = {
  [ONNX_DTYPE.FLOAT]: 4, [ONNX_DTYPE.UINT8]: 1, [ONNX_DTYPE.INT8]: 1, [ONNX_DTYPE.UINT16]: 2, [ONNX_DTYPE.INT16]: 2,
  [ONNX_DTYPE.INT32]: 4, [ONNX_DTYPE.INT64]: 8, [ONNX_DTYPE.BOOL]: 1, [ONNX_DTYPE.FLOAT16]: 2,
  [ONNX_DTYPE.DOUBLE]: 8, [ONNX_DTYPE.UINT32]: 4, [ONNX_DTYPE.UINT64]: 8,
}

export const ONNX_DTYPE_NAME: Record<number, string> = Object.fromEntries(
  Object.entries(ONNX_DTYPE).map(([k, v]) => [v, k.toLowerCase()]))

/** The values of a TensorProto; throws ImportError when its data is absent, external or of the wrong size. */
export function tensorValues(t: OnnxTensorProto, what: string): OnnxConst {
  const dims = (t.dims ?? []).map(Number)
  const count = checkTensorShape(what, dims)
  const dataType = t.data_type ?? 0
  if (t.data_location === 1 || (t.external_data && t.external_data.length > 0)) {
    throw new ImportError('unsupported-file', `${what} keeps its data in an external file, which the importer cannot read; save the model with its weights inside`)
  }
  const size = ELEMENT_BYTES[dataType]
  if (size === undefined) {
    throw new ImportError('unsupported-file', `${what} has data type ${ONNX_DTYPE_NAME[dataType] ?? dataType}, which the importer does not read`)
  }
  const values = new Float64Array(count)
  if (t.raw_data && t.raw_data.length > 0) {
    if (t.raw_data.length !== count * size) {
      throw new ImportError('corrupt', `${what} has ${t.raw_data.length} bytes of data but its shape [${dims.join(', ')}] needs ${count * size}`)
    }
    readRaw(t.raw_data, dataType, values)
    return { dims, dataType, values }
  }
  const field = typedField(t, dataType)
  if (field.length !== count) {
    throw new ImportError('corrupt', `${what} holds ${field.length} values but its shape [${dims.join(', ')}] needs ${count}`)
  }
  if (dataType === ONNX_DTYPE.FLOAT16) for (let i = 0; i < count; i++) values[i] = halfToFloat(field[i])
  else for (let i = 0; i < count; i++) values[i] = Number(field[i])
  return { dims, dataType, values }
}

function typedField(t: OnnxTensorProto, dataType: number): readonly number[] {
  switch (dataType) {
    case ONNX_DTYPE.FLOAT: return t.float_data ?? []
    case ONNX_DTYPE.DOUBLE: return t.double_data ?? []
    case ONNX_DTYPE.INT64: return t.int64_data ?? []
    case ONNX_DTYPE.UINT32: case ONNX_DTYPE.UINT64: return t.uint64_data ?? []
    default: return t.int32_data ?? []
  }
}

function readRaw(raw: Uint8Array, dataType: number, out: Float64Array): void {
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength)
  const n = out.length
  switch (dataType) {
    case ONNX_DTYPE.FLOAT: for (let i = 0; i < n; i++) out[i] = view.getFloat32(4 * i, true); break
    case ONNX_DTYPE.DOUBLE: for (let i = 0; i < n; i++) out[i] = view.getFloat64(8 * i, true); break
    case ONNX_DTYPE.FLOAT16: for (let i = 0; i < n; i++) out[i] = halfToFloat(view.getUint16(2 * i, true)); break
    case ONNX_DTYPE.INT8: for (let i = 0; i < n; i++) out[i] = view.getInt8(i); break
    case ONNX_DTYPE.UINT8: case ONNX_DTYPE.BOOL: for (let i = 0; i < n; i++) out[i] = view.getUint8(i); break
    case ONNX_DTYPE.INT16: for (let i = 0; i < n; i++) out[i] = view.getInt16(2 * i, true); break
    case ONNX_DTYPE.UINT16: for (let i = 0; i < n; i++) out[i] = view.getUint16(2 * i, true); break
    case ONNX_DTYPE.INT32: for (let i = 0; i < n; i++) out[i] = view.getInt32(4 * i, true); break
    case ONNX_DTYPE.UINT32: for (let i = 0; i < n; i++) out[i] = view.getUint32(4 * i, true); break
    case ONNX_DTYPE.INT64: for (let i = 0; i < n; i++) out[i] = Number(view.getBigInt64(8 * i, true)); break
    case ONNX_DTYPE.UINT64: for (let i = 0; i < n; i++) out[i] = Number(view.getBigUint64(8 * i, true)); break
  }
}

/** Reads attributes into a name → value map (ints/floats/strings/tensors). */
export function readAttributes(node: OnnxNodeProto): Map<string, OnnxAttribute> {
  return new Map((node.attribute ?? []).map((a) => [a.name, a]))
}

export function attrString(a: OnnxAttribute | undefined): string | undefined {
  return a?.s ? new TextDecoder().decode(a.s) : undefined
}
