/**
 * Device storage of int8 weight tensors (ir/types.ts TensorEncoding), shared by clustering (pipelines/compress/), the
 * kernel bindings (the C package's constants), the estimator (their bytes) and the UI.
 *
 * Palette (weight clustering): the int8 codes of a layer take at most k = 2^b values (k ∈ 4, 8, 16, 64, 256; b = 2, 3,
 * 4, 6, 8). Stored as one codebook of k int8 values (the sorted distinct codes, padded with 0 up to k entries) and
 * the index of every weight in the codebook, b bits each, packed LSB-first in one bit stream over the tensor's
 * elements in row-major order (element i occupies bits i·b … i·b + b − 1 of the stream; byte j holds stream bits
 * 8j … 8j + 7, bit 0 first): ⌈N·b / 8⌉ + k bytes.
 * Sparse (magnitude pruning): a bitmap of ⌈N/8⌉ bytes (bit i of the stream, LSB-first as above, set when element i is
 * non-zero) followed by the nnz non-zero values in row-major order: nnz + ⌈N/8⌉ bytes.
 * Int4 (int4 weights, quant/weight-quant.ts): values in [−8, 7], two's-complement nibbles packed two per byte in one
 * stream over the tensor in row-major order, element 2j in the low nibble of byte j and element 2j + 1 in the high one
 * (an odd count leaves the last high nibble 0; a row of odd length continues in the same byte): ⌈N/2⌉ bytes. This is
 * CMSIS-NN's packed s4 filter format (v7.0.0 Source/ConvolutionFunctions/arm_convolve_s4.c reads `(int8_t)(b << 4) >> 4`
 * then `b >> 4`, carrying the spilled high nibble into the next filter row when rows are odd; arm_depthwise_conv_s4.c,
 * arm_nn_vec_mat_mult_t_s4.c likewise) and, read as 4-bit indices, the palette stream above with the codebook
 * INT4_CODEBOOK.
 *
 * k-means (`clusterCodes`): one-dimensional Lloyd iterations over the histogram of the 256 possible codes, linear
 * initialisation (k centroids evenly spaced from the smallest to the largest code), then each centroid rounded to the
 * nearest int8 code (the result must stay an ordinary int8 tensor), every code mapped to its nearest rounded centroid
 * (ties to the smaller). Deterministic.
 */
import type { PaletteClusters, Tensor, TensorEncoding } from '../ir/types.ts'
import { PALETTE_CLUSTERS } from '../ir/types.ts'

/** Index bits of a cluster count. */
export function paletteBits(clusters: PaletteClusters): number {
  return Math.round(Math.log2(clusters))
}

export function isPaletteClusters(k: number): k is PaletteClusters {
  return (PALETTE_CLUSTERS as readonly number[]).includes(k)
}

/** Distinct values of an int8 array, ascending. */
export function distinctCodes(data: ArrayLike<number>): number[] {
  const seen = new Uint8Array(256)
  for (let i = 0; i < data.length; i++) seen[data[i] + 128] = 1
  const out: number[] = []
  for (let v = 0; v < 256; v++) if (seen[v]) out.push(v - 128)
  return out
}

/** k-means of int8 codes (see the file comment): the clustered codes and the centroids used (ascending, distinct). */
export function clusterCodes(data: Int8Array, k: number, iterations = 50): { codes: Int8Array; centroids: number[] } {
  const hist = new Float64Array(256)
  let lo = 127
  let hi = -128
  for (let i = 0; i < data.length; i++) {
    hist[data[i] + 128]++
    if (data[i] < lo) lo = data[i]
    if (data[i] > hi) hi = data[i]
  }
  if (data.length === 0) return { codes: new Int8Array(0), centroids: [] }
  let c = Array.from({ length: k }, (_, j) => (k === 1 ? lo : lo + ((hi - lo) * j) / (k - 1)))
  for (let it = 0; it < iterations; it++) {
    const sum = new Float64Array(k)
    const count = new Float64Array(k)
    let j = 0
    for (let v = lo; v <= hi; v++) {
      const n = hist[v + 128]
      if (n === 0) continue
      while (j + 1 < k && Math.abs(c[j + 1] - v) < Math.abs(c[j] - v)) j++
      sum[j] += n * v
      count[j] += n
    }
    const next = c.map((x, i) => (count[i] > 0 ? sum[i] / count[i] : x))
    const moved = next.some((x, i) => Math.abs(x - c[i]) > 1e-9)
    c = next.sort((a, b) => a - b)
    if (!moved) break
  }
  const centroids = [...new Set(c.map((x) => Math.max(-128, Math.min(127, Math.round(x)))))].sort((a, b) => a - b)
  const lut = new Int8Array(256)
  let j = 0
  for (let v = -128; v <= 127; v++) {
    while (j + 1 < centroids.length && Math.abs(centroids[j + 1] - v) < Math.abs(centroids[j] - v)) j++
    lut[v + 128] = centroids[j]
  }
  const codes = new Int8Array(data.length)
  for (let i = 0; i < data.length; i++) codes[i] = lut[data[i] + 128]
  const used = distinctCodes(codes)
  return { codes, centroids: used }
}

/** A palettized tensor's device form: codebook (k entries) and packed indices; undefined when its values exceed k. */
export function packPalette(data: Int8Array, clusters: PaletteClusters): { codebook: Int8Array; indices: Uint8Array; bits: number } | undefined {
  const values = distinctCodes(data)
  if (values.length > clusters) return undefined
  const bits = paletteBits(clusters)
  const codebook = new Int8Array(clusters)
  codebook.set(values)
  const index = new Uint8Array(256)
  values.forEach((v, i) => { index[v + 128] = i })
  const indices = new Uint8Array(Math.ceil((data.length * bits) / 8))
  for (let i = 0, bit = 0; i < data.length; i++, bit += bits) {
    const idx = index[data[i] + 128]
    for (let b = 0; b < bits; b++) if ((idx >> b) & 1) indices[(bit + b) >> 3] |= 1 << ((bit + b) & 7)
  }
  return { codebook, indices, bits }
}

/** Unpacks `n` indices of `bits` bits (the inverse of packPalette's stream), for tests and checks. */
export function unpackPalette(indices: Uint8Array, codebook: Int8Array, bits: number, n: number): Int8Array {
  const out = new Int8Array(n)
  for (let i = 0, bit = 0; i < n; i++, bit += bits) {
    let idx = 0
    for (let b = 0; b < bits; b++) idx |= ((indices[(bit + b) >> 3] >> ((bit + b) & 7)) & 1) << b
    out[i] = codebook[idx]
  }
  return out
}

/** A sparse tensor's device form: the bitmap and the non-zero values. */
export function packSparse(data: Int8Array): { bitmap: Uint8Array; values: Int8Array } {
  const bitmap = new Uint8Array(Math.ceil(data.length / 8))
  const values: number[] = []
  for (let i = 0; i < data.length; i++) {
    if (data[i] !== 0) {
      bitmap[i >> 3] |= 1 << (i & 7)
      values.push(data[i])
    }
  }
  return { bitmap, values: Int8Array.from(values) }
}

/** Non-zero elements of an int8 array. */
export function nonZeroCount(data: ArrayLike<number>): number {
  let n = 0
  for (let i = 0; i < data.length; i++) if (data[i] !== 0) n++
  return n
}

/**
 * The encoding a weight tensor is stored with, as kernels and the estimator need it — or undefined for dense storage
 * (no encoding, not int8, or a palette whose values exceed its clusters: `encodingProblem` says why).
 */
export type StoredEncoding =
  | { kind: 'palette'; clusters: PaletteClusters; bits: number }
  | { kind: 'sparse'; nnz: number }
  | { kind: 'int4' }

/** The int4 range the packed s4 kernels read (a nibble's two's-complement values). */
export const INT4_MIN = -8
export const INT4_MAX = 7

/** Nibble → value: the 4-bit palette codebook under which int4 packing and palette packing are the same bytes. */
export const INT4_CODEBOOK: readonly number[] = [0, 1, 2, 3, 4, 5, 6, 7, -8, -7, -6, -5, -4, -3, -2, -1]

/** Packs int4 values (each in [−8, 7]) two per byte, low nibble first (see the file comment). */
export function packInt4(data: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(Math.ceil(data.length / 2))
  for (let i = 0; i < data.length; i++) {
    const v = data[i]
    if (!(v >= INT4_MIN && v <= INT4_MAX)) throw new RangeError(`int4 value ${v} at ${i} is outside [${INT4_MIN}, ${INT4_MAX}]`)
    out[i >> 1] |= (v & 0x0f) << ((i & 1) * 4)
  }
  return out
}

/** Unpacks `n` int4 values (the inverse of packInt4). */
export function unpackInt4(packed: Uint8Array, n: number): Int8Array {
  const out = new Int8Array(n)
  for (let i = 0; i < n; i++) {
    const nibble = (packed[i >> 1] >> ((i & 1) * 4)) & 0x0f
    out[i] = nibble >= 8 ? nibble - 16 : nibble
  }
  return out
}

/** The first element outside [−8, 7], or −1. */
export function int4Overflow(data: ArrayLike<number>): number {
  for (let i = 0; i < data.length; i++) if (data[i] < INT4_MIN || data[i] > INT4_MAX) return i
  return -1
}

export function storedEncoding(t: Tensor | undefined): StoredEncoding | undefined {
  if (!t?.encoding || !(t.data instanceof Int8Array)) return undefined
  if (t.encoding.kind === 'sparse') return { kind: 'sparse', nnz: nonZeroCount(t.data) }
  if (encodingProblem(t)) return undefined
  if (t.encoding.kind === 'int4') return { kind: 'int4' }
  return { kind: 'palette', clusters: t.encoding.clusters, bits: paletteBits(t.encoding.clusters) }
}

/** Why a tensor's encoding cannot be used (one sentence), or undefined when it can (or it has none). */
export function encodingProblem(t: Tensor): string | undefined {
  const e: TensorEncoding | undefined = t.encoding
  if (!e) return undefined
  if (!(t.data instanceof Int8Array)) return `its ${e.kind} encoding needs int8 weights, found ${t.dtype}`
  if (e.kind === 'palette') {
    const n = distinctCodes(t.data).length
    if (n > e.clusters) return `its weights take ${n} distinct values, more than its ${e.clusters} clusters; cluster it again`
  }
  if (e.kind === 'int4') {
    const at = int4Overflow(t.data)
    if (at >= 0) return `its weight ${at} is ${t.data[at]}, outside the int4 range [${INT4_MIN}, ${INT4_MAX}]; set the layer to int4 again`
  }
  return undefined
}

/** Device bytes of `n` int8 weights stored with an encoding (dense: n). */
export function encodedWeightBytes(n: number, e: StoredEncoding | undefined): number {
  if (!e) return n
  if (e.kind === 'sparse') return e.nnz + Math.ceil(n / 8)
  if (e.kind === 'int4') return Math.ceil(n / 2)
  return Math.ceil((n * e.bits) / 8) + e.clusters
}
