/**
 * Calibration and validation data for Input nodes, as RAW values (what the Input's preprocessing consumes):
 * - seeded synthetic samples;
 * - `.npy` arrays (float32, uint8 or int8; C order; format versions 1–3);
 * - decoded image pixels resized to the Input's H×W×C (the browser or the CLI's PNG reader decodes; core resizes).
 * Bad data raises CalibrationDataError with one sentence naming the file.
 */
import { fnv1a } from '../ir/seeded-init.ts'
import type { Graph, Shape } from '../ir/types.ts'
import { formatShape, shapeSize } from '../ir/types.ts'

export class CalibrationDataError extends Error {}

/** Shape of one raw sample of an Input node (its `shape` attr, without the batch). */
export function inputSampleShape(graph: Graph, inputId: string): number[] {
  const node = graph.nodes.find((n) => n.id === inputId && n.op === 'Input')
  if (!node) throw new CalibrationDataError(`'${inputId}' is not an Input node of the graph`)
  return [...(node.attrs.shape as number[])]
}

/**
 * `count` seeded samples per Input: whole numbers raw = round(mean[c] + u / scale), u uniform in [−1, 1], so the
 * preprocessed values spread over [−1, 1]. Deterministic for (graph, count, seed).
 */
export function syntheticSamples(graph: Graph, count: number, seed = 1): Record<string, Float32Array[]> {
  const out: Record<string, Float32Array[]> = {}
  for (const node of graph.nodes) {
    if (node.op !== 'Input') continue
    const shape = node.attrs.shape as number[]
    const mean = (node.attrs.mean as number[] | undefined) ?? [0]
    const scale = (node.attrs.scale as number | undefined) ?? 1 / 128
    const channels = shape[shape.length - 1]
    // u: the stream of mulberry32(fnv1a(key)) (ir/seeded-init.ts), stepped inline with its state in an int32 (the same
    // bits as its uint32; calibration-data.test.ts checks the samples against mulberry32 itself).
    let state = fnv1a(`calibration:${seed}:${node.id}`) | 0
    const single = mean.length === 1
    out[node.id] = Array.from({ length: count }, () => {
      const s = new Float32Array(shapeSize(shape))
      let a = state
      for (let i = 0, c = 0; i < s.length; i++) {
        a = (a + 0x6d2b79f5) | 0
        let t = Math.imul(a ^ (a >>> 15), a | 1)
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
        const u = ((t ^ (t >>> 14)) >>> 0) / 4294967296
        s[i] = mathRound(mean[single ? 0 : c] + (u * 2 - 1) / scale)
        if (++c === channels) c = 0
      }
      state = a
      return s
    })
  }
  return out
}

/**
 * Math.round(x), every result identical (ties toward +∞, −0 for x in [−0.5, −0], NaN and ±∞ kept), at ~2.6 ns a
 * call where Node 20's Math.round takes ~6 ns on random values (measured; synthetic samples make 27,648 calls per VWW
 * input). floor(x + 0.5) is one too high only when x + 0.5 rounded up to an integer; y − 0.5 > x detects it exactly
 * (y − 0.5 is exact for every |y| < 2^53, and above that y − 0.5 rounds to y or x itself is whole); the sign is
 * arithmetic, x's own (−0 included).
 */
export function mathRound(x: number): number {
  let y = Math.floor(x + 0.5)
  if (y - 0.5 > x) y -= 1
  return Math.abs(y) * (1 - 2 * (Number(x < 0) | Number(1 / x < 0)))
}

export interface NpyArray {
  dtype: 'float32' | 'uint8' | 'int8'
  shape: number[]
  data: Float32Array | Uint8Array | Int8Array
}

const NPY_DTYPES: Record<string, NpyArray['dtype']> = {
  '<f4': 'float32', '=f4': 'float32', '|u1': 'uint8', '<u1': 'uint8', '=u1': 'uint8', '|i1': 'int8', '<i1': 'int8', '=i1': 'int8',
}

/** Parses a `.npy` file (format 1.0, 2.0 or 3.0). */
export function parseNpy(bytes: Uint8Array, name = 'the .npy file'): NpyArray {
  const magic = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]
  if (bytes.length < 10 || magic.some((b, i) => bytes[i] !== b)) throw new CalibrationDataError(`${name} is not a .npy file (no \\x93NUMPY magic)`)
  const major = bytes[6]
  if (major < 1 || major > 3) throw new CalibrationDataError(`${name} uses .npy format version ${major}; versions 1 to 3 are supported`)
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const headerStart = major === 1 ? 10 : 12
  if (bytes.length < headerStart) throw new CalibrationDataError(`${name} is truncated inside its header`)
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true)
  if (headerStart + headerLength > bytes.length) throw new CalibrationDataError(`${name} is truncated inside its header`)
  const header = new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(bytes.subarray(headerStart, headerStart + headerLength))
  const descr = /'descr'\s*:\s*'([^']*)'/.exec(header)?.[1]
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(header)?.[1]
  const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(header)?.[1]
  if (descr === undefined || fortran === undefined || shapeText === undefined) {
    throw new CalibrationDataError(`${name} has a malformed .npy header (needs 'descr', 'fortran_order' and 'shape')`)
  }
  const dtype = NPY_DTYPES[descr]
  if (!dtype) throw new CalibrationDataError(`${name} holds dtype '${descr}'; use float32 ('<f4'), uint8 or int8`)
  if (fortran === 'True') throw new CalibrationDataError(`${name} is in Fortran order; save it in C order (numpy.ascontiguousarray)`)
  const shape = shapeText.split(',').map((s) => s.trim()).filter((s) => s !== '').map(Number)
  if (shape.some((d) => !Number.isInteger(d) || d < 0)) throw new CalibrationDataError(`${name} has an invalid shape (${shapeText})`)
  const count = shapeSize(shape)
  const width = dtype === 'float32' ? 4 : 1
  const offset = headerStart + headerLength
  if (bytes.length - offset !== count * width) {
    throw new CalibrationDataError(`${name} should hold ${count} values of ${dtype} (shape ${formatShape(shape)}) but has ${bytes.length - offset} data bytes`)
  }
  const body = new Uint8Array(bytes.subarray(offset)) // a copy: Node Buffers slice as views into a shared pool
  const data = dtype === 'float32' ? new Float32Array(body.buffer) : dtype === 'uint8' ? new Uint8Array(body.buffer) : new Int8Array(body.buffer)
  return { dtype, shape, data }
}

/**
 * Splits an array into raw samples of `sampleShape`: shape exactly `sampleShape` (one sample), N×sampleShape,
 * N×1×sampleShape, or N×sampleShape without a trailing channel of 1 (e.g. N×28×28 for 28×28×1).
 */
export function samplesFromArray(npy: NpyArray, sampleShape: Shape, name = 'the array'): Float32Array[] {
  const size = shapeSize(sampleShape)
  const s = npy.shape
  const same = (a: readonly number[], b: readonly number[]): boolean => a.length === b.length && a.every((d, i) => d === b[i])
  const trimmed = sampleShape[sampleShape.length - 1] === 1 ? sampleShape.slice(0, -1) : undefined
  let n: number
  if (same(s, sampleShape)) n = 1
  else if (s.length >= 1 && (same(s.slice(1), sampleShape) || same(s.slice(1), [1, ...sampleShape]) || (trimmed && same(s.slice(1), trimmed)))) n = s[0]
  else {
    throw new CalibrationDataError(`${name} has shape ${formatShape(s)}; the input needs ${formatShape(sampleShape)} per sample ` +
      `(an array of N×${formatShape(sampleShape)})`)
  }
  if (n === 0) throw new CalibrationDataError(`${name} holds no samples`)
  return Array.from({ length: n }, (_, i) => Float32Array.from(npy.data.subarray(i * size, (i + 1) * size)))
}

/** Decoded image pixels, row-major, `channels` interleaved (1 grey, 3 RGB, 4 RGBA). */
export interface Pixels {
  width: number
  height: number
  channels: 1 | 3 | 4
  data: Uint8Array | Uint8ClampedArray
}

/**
 * Resizes an image to H×W and converts it to C channels (1: grey = 0.299 R + 0.587 G + 0.114 B; 3: RGB, grey
 * replicated; alpha dropped). 'bilinear' samples with half-pixel centres (as PIL and TF's resize with
 * half_pixel_centers), 'nearest' picks the pixel containing the centre; values are rounded to whole numbers 0..255,
 * the raw values of an 8-bit camera.
 */
export function pixelsToSample(img: Pixels, [H, W, C]: readonly number[], mode: 'bilinear' | 'nearest' = 'bilinear'): Float32Array {
  if (C !== 1 && C !== 3) throw new CalibrationDataError(`images can feed inputs of 1 or 3 channels, not ${C}`)
  if (img.width < 1 || img.height < 1) throw new CalibrationDataError('the image is empty')
  const out = new Float32Array(H * W * C)
  const px = (x: number, y: number, c: number): number => {
    const base = (y * img.width + x) * img.channels
    if (img.channels === 1) return img.data[base]
    if (C === 3) return img.data[base + c]
    return 0.299 * img.data[base] + 0.587 * img.data[base + 1] + 0.114 * img.data[base + 2]
  }
  const sx = img.width / W
  const sy = img.height / H
  for (let y = 0; y < H; y++) {
    const fy = Math.min(img.height - 1, Math.max(0, (y + 0.5) * sy - 0.5))
    const y0 = Math.floor(fy)
    const y1 = Math.min(img.height - 1, y0 + 1)
    const wy = fy - y0
    const ny = Math.min(img.height - 1, Math.floor((y + 0.5) * sy))
    for (let x = 0; x < W; x++) {
      const fx = Math.min(img.width - 1, Math.max(0, (x + 0.5) * sx - 0.5))
      const x0 = Math.floor(fx)
      const x1 = Math.min(img.width - 1, x0 + 1)
      const wx = fx - x0
      const nx = Math.min(img.width - 1, Math.floor((x + 0.5) * sx))
      for (let c = 0; c < C; c++) {
        const v = mode === 'nearest'
          ? px(nx, ny, c)
          : (px(x0, y0, c) * (1 - wx) + px(x1, y0, c) * wx) * (1 - wy) + (px(x0, y1, c) * (1 - wx) + px(x1, y1, c) * wx) * wy
        out[(y * W + x) * C + c] = Math.min(255, Math.max(0, Math.round(v)))
      }
    }
  }
  return out
}
