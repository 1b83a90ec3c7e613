/**
 * Constant tensors in a project file: `{ dtype, shape, origin, quant?, data }` where `data` is the
 * tensor's elements as little-endian bytes in row-major order, base64-encoded. Bytes are copied, never
 * converted through JavaScript numbers, so every float32 (NaN payloads and −0 included) survives exactly.
 * An int8 weight tensor may carry its device storage, `encoding`: `{ kind: 'palette', clusters }` or `{ kind: 'sparse' }`
 * (ir/types.ts TensorEncoding; since file version 5).
 */
import type { DType, PaletteClusters, QuantParams, Tensor, TensorData, TensorEncoding, TensorOrigin } from '../../ir/types.ts'
import { PALETTE_CLUSTERS, dtypeBytes, formatShape, shapeSize } from '../../ir/types.ts'
import { decodeBase64, encodeBase64 } from './base64.ts'
import { corrupt, describeJson } from './errors.ts'

export interface TensorJson {
  dtype: DType
  shape: number[]
  origin: TensorOrigin
  quant?: QuantParamsJson
  encoding?: TensorEncoding
  data: string
}

export interface QuantParamsJson {
  scale: number[]
  zeroPoint: number[]
  axis?: number
}

export const DTYPES: readonly DType[] = ['float32', 'int8', 'uint8', 'int16', 'int32']
export const ORIGINS: readonly TensorOrigin[] = ['seeded', 'imported', 'trained']
/** Largest tensor a project file may hold (elements); guards against absurd shapes in corrupt files. */
const MAX_ELEMENTS = 2 ** 28

const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1

export function encodeTensor(tensor: Tensor): TensorJson {
  const json: TensorJson = { dtype: tensor.dtype, shape: [...tensor.shape], origin: tensor.origin, data: '' }
  if (tensor.quant) json.quant = encodeQuant(tensor.quant)
  if (tensor.encoding) json.encoding = { ...tensor.encoding }
  const width = dtypeBytes(tensor.dtype)
  if (tensor.data.BYTES_PER_ELEMENT !== width || tensor.data.length !== shapeSize(tensor.shape)) {
    throw new Error(`tensor data (${tensor.data.constructor.name} of ${tensor.data.length}) does not fit ${tensor.dtype} ${formatShape(tensor.shape)}`)
  }
  json.data = encodeBase64(littleEndianBytes(tensor.data, width))
  return json
}

export function encodeQuant(q: QuantParams): QuantParamsJson {
  const json: QuantParamsJson = { scale: [...q.scale], zeroPoint: [...q.zeroPoint] }
  if (q.axis !== undefined) json.axis = q.axis
  return json
}

/** Reads one tensor; `label` names it in messages, e.g. "node 'n3' weights". */
export function decodeTensor(value: unknown, label: string): Tensor {
  if (!isRecord(value)) corrupt(`${label} must be an object, found ${describeJson(value)}`)
  const { dtype, shape, origin, data } = value
  if (typeof dtype !== 'string' || !DTYPES.includes(dtype as DType)) {
    corrupt(`${label} "dtype" must be one of ${DTYPES.join(', ')}, found ${describeJson(dtype)}`)
  }
  if (!Array.isArray(shape) || shape.some((d) => !Number.isInteger(d) || d < 0)) {
    corrupt(`${label} "shape" must be a list of whole numbers ≥ 0, found ${describeJson(shape)}`)
  }
  const dims = shape as number[]
  if (dims.reduce((n, d) => n * d, 1) > MAX_ELEMENTS) corrupt(`${label} shape ${formatShape(dims)} is too large`)
  if (typeof origin !== 'string' || !ORIGINS.includes(origin as TensorOrigin)) {
    corrupt(`${label} "origin" must be one of ${ORIGINS.join(', ')}, found ${describeJson(origin)}`)
  }
  if (typeof data !== 'string') corrupt(`${label} "data" must be a base64 string, found ${describeJson(data)}`)
  const bytes = decodeBase64(data)
  if (!bytes) corrupt(`${label} data is not valid base64`)
  const type = dtype as DType
  const width = dtypeBytes(type)
  if (bytes.length % width !== 0) {
    corrupt(`${label} data is ${bytes.length} bytes, not a whole number of ${width}-byte ${type} values`)
  }
  const length = bytes.length / width
  if (length !== shapeSize(dims)) corrupt(`${label} data length ${length} does not match shape ${formatShape(dims)}`)
  const tensor: Tensor = { dtype: type, shape: [...dims], data: typedArrayFromLittleEndian(type, bytes), origin: origin as TensorOrigin }
  if (value.quant !== undefined) tensor.quant = decodeQuant(value.quant, `${label} "quant"`, dims.length)
  if (value.encoding !== undefined) tensor.encoding = decodeEncoding(value.encoding, `${label} "encoding"`, type)
  return tensor
}

function decodeEncoding(value: unknown, label: string, dtype: DType): TensorEncoding {
  if (!isRecord(value)) corrupt(`${label} must be an object, found ${describeJson(value)}`)
  if (dtype !== 'int8') corrupt(`${label} is only allowed on int8 tensors, found on ${dtype}`)
  if (value.kind === 'sparse') return { kind: 'sparse' }
  if (value.kind === 'int4') return { kind: 'int4' }
  if (value.kind !== 'palette') corrupt(`${label} "kind" must be palette, sparse or int4, found ${describeJson(value.kind)}`)
  if (!PALETTE_CLUSTERS.includes(value.clusters as PaletteClusters)) {
    corrupt(`${label} "clusters" must be one of ${PALETTE_CLUSTERS.join(', ')}, found ${describeJson(value.clusters)}`)
  }
  return { kind: 'palette', clusters: value.clusters as PaletteClusters }
}

/** Reads quantization parameters; `rank` bounds the axis when known. */
export function decodeQuant(value: unknown, label: string, rank?: number): QuantParams {
  if (!isRecord(value)) corrupt(`${label} must be an object, found ${describeJson(value)}`)
  const { scale, zeroPoint, axis } = value
  if (!Array.isArray(scale) || scale.length === 0 || scale.some((s) => typeof s !== 'number')) {
    corrupt(`${label} "scale" must be a non-empty list of numbers, found ${describeJson(scale)}`)
  }
  if (!Array.isArray(zeroPoint) || zeroPoint.some((z) => !Number.isInteger(z))) {
    corrupt(`${label} "zeroPoint" must be a list of whole numbers, found ${describeJson(zeroPoint)}`)
  }
  if (zeroPoint.length !== scale.length) {
    corrupt(`${label} has ${scale.length} scales but ${zeroPoint.length} zero points`)
  }
  const q: QuantParams = { scale: [...(scale as number[])], zeroPoint: [...(zeroPoint as number[])] }
  if (axis !== undefined) {
    if (!Number.isInteger(axis) || (axis as number) < 0 || (rank !== undefined && (axis as number) >= rank)) {
      corrupt(`${label} "axis" must be a whole number from 0 to ${rank === undefined ? 'rank − 1' : rank - 1}, found ${describeJson(axis)}`)
    }
    q.axis = axis as number
  }
  return q
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function littleEndianBytes(data: TensorData, width: number): Uint8Array {
  const view = new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
  return LITTLE_ENDIAN_HOST || width === 1 ? view : swapBytes(view, width)
}

function typedArrayFromLittleEndian(dtype: DType, bytes: Uint8Array): TensorData {
  const width = dtypeBytes(dtype)
  // Copy into a fresh, aligned buffer owned by the tensor.
  const own = LITTLE_ENDIAN_HOST || width === 1 ? new Uint8Array(bytes) : swapBytes(bytes, width)
  switch (dtype) {
    case 'float32': return new Float32Array(own.buffer, 0, own.length / 4)
    case 'int32': return new Int32Array(own.buffer, 0, own.length / 4)
    case 'int16': return new Int16Array(own.buffer, 0, own.length / 2)
    case 'int8': return new Int8Array(own.buffer, 0, own.length)
    case 'uint8': return new Uint8Array(own.buffer, 0, own.length)
  }
}

function swapBytes(bytes: Uint8Array, width: number): Uint8Array {
  const out = new Uint8Array(bytes.length)
  for (let i = 0; i < bytes.length; i += width) {
    for (let k = 0; k < width; k++) out[i + k] = bytes[i + width - 1 - k]
  }
  return out
}
