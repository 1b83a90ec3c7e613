/**
 * numpy's `.npy` and `.npz` formats (what numpy.save / numpy.savez write and numpy.load reads): a `.npy` file is the
 * magic `\x93NUMPY`, a version, a header dict ({'descr', 'fortran_order', 'shape'}) padded to a multiple of 64
 * bytes, then the C-order data; a `.npz` is a zip of `<name>.npy` entries (stored or deflated, zip64 as np.savez
 * writes it). Written here deterministically: format 1.0, little-endian, stored entries with a fixed timestamp.
 * Every problem raises NpzError with one sentence.
 */
import { unzipSync, zipSync } from 'fflate'

export class NpzError extends Error {}

export type NpyDType = 'float32' | 'float64' | 'int8' | 'uint8' | 'int16' | 'int32' | 'int64'

export interface NpyArray {
  dtype: NpyDType
  shape: number[]
  data: Float32Array | Float64Array | Int8Array | Uint8Array | Int16Array | Int32Array | BigInt64Array
}

const DESCR: Record<NpyDType, string> = {
  float32: '<f4', float64: '<f8', int8: '|i1', uint8: '|u1', int16: '<i2', int32: '<i4', int64: '<i8',
}
const FROM_DESCR: Record<string, NpyDType> = {
  '<f4': 'float32', '=f4': 'float32', '<f8': 'float64', '=f8': 'float64', '|i1': 'int8', '<i1': 'int8', '=i1': 'int8',
  '|u1': 'uint8', '<u1': 'uint8', '=u1': 'uint8', '<i2': 'int16', '=i2': 'int16', '<i4': 'int32', '=i4': 'int32', '<i8': 'int64', '=i8': 'int64',
}
const WIDTH: Record<NpyDType, number> = { float32: 4, float64: 8, int8: 1, uint8: 1, int16: 2, int32: 4, int64: 8 }
const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]
/** 1980-01-01, the earliest zip timestamp: entries do not carry the time they were written. */
const FIXED_MTIME = new Date(1980, 0, 1, 0, 0, 0)

export function encodeNpy(a: NpyArray): Uint8Array {
  const shape = a.shape.length === 1 ? `(${a.shape[0]},)` : `(${a.shape.join(', ')})`
  let header = `{'descr': '${DESCR[a.dtype]}', 'fortran_order': False, 'shape': ${shape}, }`
  const total = 10 + header.length + 1
  header += ' '.repeat((64 - (total % 64)) % 64) + '\n'
  const body = new Uint8Array(a.data.buffer, a.data.byteOffset, a.data.byteLength)
  const out = new Uint8Array(10 + header.length + body.length)
  out.set(MAGIC, 0)
  out[6] = 1
  out[7] = 0
  out[8] = header.length & 0xff
  out[9] = header.length >> 8
  for (let i = 0; i < header.length; i++) out[10 + i] = header.charCodeAt(i)
  out.set(body, 10 + header.length)
  return out
}

export function decodeNpy(bytes: Uint8Array, name: string): NpyArray {
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b)) throw new NpzError(`${name} is not a .npy array`)
  const major = bytes[6]
  if (major < 1 || major > 3) throw new NpzError(`${name} uses .npy format version ${major}`)
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const start = major === 1 ? 10 : 12
  if (bytes.length < start) throw new NpzError(`${name} is truncated inside its header`)
  const length = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true)
  if (start + length > bytes.length) throw new NpzError(`${name} is truncated inside its header`)
  const header = new TextDecoder('latin1').decode(bytes.subarray(start, start + length))
  const descr = /'descr'\s*:\s*'([^']*)'/.exec(header)?.[1]
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(header)?.[1]
  const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(header)?.[1]
  if (descr === undefined || fortran === undefined || shapeText === undefined) throw new NpzError(`${name} has a malformed .npy header`)
  const dtype = FROM_DESCR[descr]
  if (!dtype) throw new NpzError(`${name} holds dtype '${descr}', which weights files do not use`)
  if (fortran === 'True') throw new NpzError(`${name} is in Fortran order`)
  const shape = shapeText.split(',').map((s) => s.trim()).filter((s) => s !== '').map(Number)
  if (shape.some((d) => !Number.isSafeInteger(d) || d < 0)) throw new NpzError(`${name} has an invalid shape (${shapeText})`)
  const count = shape.reduce((n, d) => n * d, 1)
  const offset = start + length
  if (bytes.length - offset !== count * WIDTH[dtype]) {
    throw new NpzError(`${name} should hold ${count} ${dtype} values but has ${bytes.length - offset} data bytes (truncated or corrupt)`)
  }
  // A copy (Node Buffers slice as views into a shared pool).
  const body = new Uint8Array(bytes.subarray(offset)).buffer
  const data = dtype === 'float32' ? new Float32Array(body) : dtype === 'float64' ? new Float64Array(body)
    : dtype === 'int8' ? new Int8Array(body) : dtype === 'uint8' ? new Uint8Array(body) : dtype === 'int16' ? new Int16Array(body)
      : dtype === 'int32' ? new Int32Array(body) : new BigInt64Array(body)
  return { dtype, shape, data }
}

/** A `.npz` of the entries (name without `.npy`), in the order given. */
export function encodeNpz(entries: readonly (readonly [string, NpyArray])[]): Uint8Array {
  const files: Record<string, [Uint8Array, { level: 0; mtime: Date }]> = {}
  for (const [name, a] of entries) files[`${name}.npy`] = [encodeNpy(a), { level: 0, mtime: FIXED_MTIME }]
  return zipSync(files)
}

/** The arrays of a `.npz` by name (without `.npy`). */
export function decodeNpz(bytes: Uint8Array, name: string): Map<string, NpyArray> {
  if (bytes.length < 4 || bytes[0] !== 0x50 || bytes[1] !== 0x4b) throw new NpzError(`${name} is not a .npz file (not a zip archive)`)
  let files: Record<string, Uint8Array>
  try {
    files = unzipSync(bytes)
  } catch {
    throw new NpzError(`${name} is a truncated or corrupt .npz file`)
  }
  const out = new Map<string, NpyArray>()
  for (const [entry, data] of Object.entries(files)) {
    if (!entry.endsWith('.npy')) throw new NpzError(`${name} holds '${entry}', which is not a .npy array`)
    out.set(entry.slice(0, -4), decodeNpy(data, `${name}: ${entry}`))
  }
  return out
}
