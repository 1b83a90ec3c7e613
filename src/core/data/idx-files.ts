/**
 * MNIST-style IDX files (gzipped or not) and label files, for validation and calibration data:
 *   IDX: 0x00 0x00, a type byte (0x08 uint8, 0x09 int8, 0x0B int16, 0x0C int32, 0x0D float32, 0x0E float64), the
 *   number of dimensions, the big-endian uint32 sizes, then the big-endian values. Images [N, H, W] feed an Input
 *   of H×W×1 directly (and are resized like any image otherwise); label files [N] hold class indices.
 * Pure: the caller reads the bytes. Problems raise CalibrationDataError naming the file.
 */
import { gunzipSync } from 'fflate'
import { CalibrationDataError, pixelsToSample, samplesFromArray } from './calibration-data.ts'
import type { NpyArray } from './calibration-data.ts'

/** IDX file names: train-images-idx3-ubyte, t10k-labels-idx1-ubyte.gz, x.idx, … */
export const IDX_NAME = /(-idx\d-ubyte|\.idx\d?)(\.gz)?$/i

export interface IdxArray {
  shape: number[]
  data: Float64Array
}

const TYPES: Record<number, [number, (v: DataView, o: number) => number]> = {
  0x08: [1, (v, o) => v.getUint8(o)], 0x09: [1, (v, o) => v.getInt8(o)], 0x0b: [2, (v, o) => v.getInt16(o)],
  0x0c: [4, (v, o) => v.getInt32(o)], 0x0d: [4, (v, o) => v.getFloat32(o)], 0x0e: [8, (v, o) => v.getFloat64(o)],
}

export function parseIdx(raw: Uint8Array, name: string): IdxArray {
  let bytes = raw
  if (raw.length >= 2 && raw[0] === 0x1f && raw[1] === 0x8b) {
    try {
      bytes = gunzipSync(raw)
    } catch {
      throw new CalibrationDataError(`${name} is a corrupt or truncated gzip file`)
    }
  }
  if (bytes.length < 4 || bytes[0] !== 0 || bytes[1] !== 0 || !(bytes[2] in TYPES)) {
    throw new CalibrationDataError(`${name} is not an IDX file (bad magic number)`)
  }
  const dims = bytes[3]
  if (bytes.length < 4 + 4 * dims) throw new CalibrationDataError(`${name} is truncated inside its header`)
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const shape = Array.from({ length: dims }, (_, i) => view.getUint32(4 + 4 * i))
  const [width, read] = TYPES[bytes[2]]
  const count = shape.reduce((n, d) => n * d, 1)
  const offset = 4 + 4 * dims
  if (bytes.length - offset !== count * width) {
    throw new CalibrationDataError(`${name} should hold ${count} values (shape ${shape.join('×')}) but has ${bytes.length - offset} data bytes`)
  }
  const data = new Float64Array(count)
  for (let i = 0; i < count; i++) data[i] = read(view, offset + i * width)
  return { shape, data }
}

/** Raw samples of an Input from an IDX array: as samplesFromArray, or each [H', W'] image resized to the Input. */
export function samplesFromIdx(idx: IdxArray, sampleShape: readonly number[], name: string): Float32Array[] {
  const [n, h, w] = idx.shape
  const imageLike = idx.shape.length === 3 && sampleShape.length === 3
  if (imageLike && (h !== sampleShape[0] || w !== sampleShape[1] || sampleShape[2] !== 1)) {
    return Array.from({ length: n }, (_, i) => pixelsToSample({ width: w, height: h, channels: 1,
      data: Uint8Array.from(idx.data.subarray(i * h * w, (i + 1) * h * w)) }, sampleShape))
  }
  const npy: NpyArray = { dtype: 'float32', shape: idx.shape, data: Float32Array.from(idx.data) }
  return samplesFromArray(npy, sampleShape, name)
}

/** Class indices from a labels file (.npy of integers, or IDX), checked against the number of samples. */
export function labelsFromFile(bytes: Uint8Array, name: string, samples: number): number[] {
  let values: ArrayLike<number>
  let shape: number[]
  if (IDX_NAME.test(name) || (bytes[0] === 0x1f && bytes[1] === 0x8b) || (bytes[0] === 0 && bytes[1] === 0)) {
    const idx = parseIdx(bytes, name)
    values = idx.data
    shape = idx.shape
  } else {
    ;({ values, shape } = parseLabelNpy(bytes, name))
  }
  if (shape.length === 2 && shape[1] === 1) shape = [shape[0]]
  if (shape.length !== 1) throw new CalibrationDataError(`${name} must hold one label per sample (shape N), not ${shape.join('×')}`)
  const labels = Array.from(values)
  if (labels.some((v) => !Number.isInteger(v) || v < 0)) throw new CalibrationDataError(`${name} must hold whole-number class indices ≥ 0`)
  if (labels.length !== samples) throw new CalibrationDataError(`${name} holds ${labels.length} labels but the data holds ${samples} samples`)
  return labels
}

const LABEL_DTYPES: Record<string, [number, (v: DataView, o: number) => number]> = {
  '|u1': [1, (v, o) => v.getUint8(o)], '|i1': [1, (v, o) => v.getInt8(o)], '<i2': [2, (v, o) => v.getInt16(o, true)],
  '<u2': [2, (v, o) => v.getUint16(o, true)], '<i4': [4, (v, o) => v.getInt32(o, true)], '<u4': [4, (v, o) => v.getUint32(o, true)],
  '<i8': [8, (v, o) => Number(v.getBigInt64(o, true))], '<f4': [4, (v, o) => v.getFloat32(o, true)],
  '<f8': [8, (v, o) => v.getFloat64(o, true)],
}

/** A `.npy` of labels in any integer (or float) dtype numpy writes by default, e.g. int64. */
function parseLabelNpy(bytes: Uint8Array, name: string): { values: number[]; shape: number[] } {
  const magic = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]
  if (bytes.length < 10 || magic.some((b, i) => bytes[i] !== b)) throw new CalibrationDataError(`${name} is not a .npy or IDX file`)
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const start = bytes[6] === 1 ? 10 : 12
  const length = bytes[6] === 1 ? view.getUint16(8, true) : view.getUint32(8, true)
  if (start + length > bytes.length) throw new CalibrationDataError(`${name} is truncated inside its header`)
  const header = new TextDecoder('latin1').decode(bytes.subarray(start, start + length))
  const descr = /'descr'\s*:\s*'([^']*)'/.exec(header)?.[1]?.replace(/^=/, '<')
  const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(header)?.[1]
  const dtype = descr ? LABEL_DTYPES[descr] ?? LABEL_DTYPES[descr.replace(/^</, '|')] : undefined
  if (!dtype || shapeText === undefined) throw new CalibrationDataError(`${name} holds dtype '${descr}'; labels need integers`)
  const shape = shapeText.split(',').map((x) => x.trim()).filter((x) => x !== '').map(Number)
  const count = shape.reduce((n, d) => n * d, 1)
  const [width, read] = dtype
  const offset = start + length
  if (bytes.length - offset !== count * width) throw new CalibrationDataError(`${name} should hold ${count} labels but has ${bytes.length - offset} data bytes`)
  return { values: Array.from({ length: count }, (_, i) => read(view, offset + i * width)), shape }
}
