/**
 * Independent references for the golden cases of the second operator set (s8): written from the TFLite reference
 * semantics without the engine's helpers, so the golden files are checked by something other than the code that wrote
 * them. Multipliers come from referenceMultiplier and requantization from the BigInt referenceRequantize
 * (reference-kernels.ts); indices are gathered per output element (the engine scatters or uses offset tables).
 */
import { referenceMultiplier, referenceRequantize } from './reference-kernels.ts'

const clamp = (v: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, v))

/** Row-major multi-index of flat index `i` in `shape`. */
function unravel(i: number, shape: readonly number[]): number[] {
  const idx = new Array<number>(shape.length)
  for (let a = shape.length - 1; a >= 0; a--) {
    idx[a] = i % shape[a]
    i = Math.floor(i / shape[a])
  }
  return idx
}

/** Flat index in `shape` (aligned at the last axis) of output multi-index `idx`, size-1 axes read at 0. */
function gather(idx: readonly number[], shape: readonly number[]): number {
  const offset = idx.length - shape.length
  let flat = 0
  for (let a = 0; a < shape.length; a++) flat = flat * shape[a] + (shape[a] === 1 ? 0 : idx[a + offset])
  return flat
}

const size = (shape: readonly number[]) => shape.reduce((p, d) => p * d, 1)

export interface RefTensor { data: readonly number[]; shape: readonly number[]; scale: number; zp: number }

/** TFLite int8 MUL with broadcasting: MBQM((a − za)(b − zb), s_a·s_b/s_out) + zo, clamped. */
export function referenceMul(a: RefTensor, b: RefTensor, outShape: readonly number[], so: number, zo: number,
  actMin: number, actMax: number): number[] {
  const { m, shift } = referenceMultiplier((a.scale * b.scale) / so)
  return Array.from({ length: size(outShape) }, (_, i) => {
    const idx = unravel(i, outShape)
    const prod = (a.data[gather(idx, a.shape)] - a.zp) * (b.data[gather(idx, b.shape)] - b.zp)
    return clamp(referenceRequantize(prod, m, shift) + zo, actMin, actMax)
  })
}

/** MAXIMUM / MINIMUM of raw values with broadcasting. */
export function referenceMinMax(a: RefTensor, b: RefTensor, outShape: readonly number[], max: boolean): number[] {
  return Array.from({ length: size(outShape) }, (_, i) => {
    const idx = unravel(i, outShape)
    const x = a.data[gather(idx, a.shape)]
    const y = b.data[gather(idx, b.shape)]
    return max ? Math.max(x, y) : Math.min(x, y)
  })
}

/** TRANSPOSE: output element at index j takes the input element whose axis perm[k] index is j's axis-k index. */
export function referenceTranspose(x: readonly number[], shape: readonly number[], perm: readonly number[]): number[] {
  const outShape = perm.map((p) => shape[p])
  return Array.from({ length: size(outShape) }, (_, j) => {
    const oi = unravel(j, outShape)
    const ii = new Array<number>(shape.length)
    perm.forEach((p, k) => { ii[p] = oi[k] })
    return x[ii.reduce((flat, v, a) => flat * shape[a] + v, 0)]
  })
}

/** BATCH_MATMUL: Σ (a − za)(b − zb), multiplier from float32(s_a·s_b)/s_out, full int8 clamp. */
export function referenceBatchMatMul(a: RefTensor, b: RefTensor, transposeB: boolean, so: number, zo: number): number[] {
  const rank = a.shape.length
  const [M, K] = a.shape.slice(-2)
  const N = transposeB ? b.shape[rank - 2] : b.shape[rank - 1]
  const batches = rank === 4 ? Math.max(a.shape[1], b.shape[1]) : 1
  const { m, shift } = referenceMultiplier(Math.fround(a.scale * b.scale) / so)
  const out: number[] = []
  for (let bt = 0; bt < batches; bt++) {
    const ab = rank === 4 && a.shape[1] > 1 ? bt : 0
    const bb = rank === 4 && b.shape[1] > 1 ? bt : 0
    for (let i = 0; i < M; i++) for (let j = 0; j < N; j++) {
      let acc = 0
      for (let k = 0; k < K; k++) {
        const bIndex = transposeB ? (bb * N + j) * K + k : (bb * K + k) * N + j
        acc += (a.data[(ab * M + i) * K + k] - a.zp) * (b.data[bIndex] - b.zp)
      }
      out.push(clamp(referenceRequantize(acc, m, shift) + zo, -128, 127))
    }
  }
  return out
}

/**
 * arm_batch_matmul_s16 (v7.0.0) in BigInt: int64 sums of int16 products, REDUCE_MULTIPLIER of the Q31 multiplier
 * (derived here), then ((int32)((acc·rm) >> (14 − shift)) + 1) >> 1 and the int16 range.
 */
export function referenceBatchMatMulS16(a: RefTensor, b: RefTensor, transposeB: boolean, so: number): number[] {
  const rank = a.shape.length
  const [M, K] = a.shape.slice(-2)
  const N = transposeB ? b.shape[rank - 2] : b.shape[rank - 1]
  const batches = rank === 4 ? Math.max(a.shape[1], b.shape[1]) : 1
  const { m, shift } = referenceMultiplier(Math.fround(a.scale * b.scale) / so)
  const rm = m < 0x7fff0000n ? (m + (1n << 15n)) >> 16n : 0x7fffn
  const out: number[] = []
  for (let bt = 0; bt < batches; bt++) {
    const ab = rank === 4 && a.shape[1] > 1 ? bt : 0
    const bb = rank === 4 && b.shape[1] > 1 ? bt : 0
    for (let i = 0; i < M; i++) for (let j = 0; j < N; j++) {
      let acc = 0n
      for (let k = 0; k < K; k++) {
        const bIndex = transposeB ? (bb * N + j) * K + k : (bb * K + k) * N + j
        acc += BigInt(a.data[(ab * M + i) * K + k]) * BigInt(b.data[bIndex])
      }
      const r = Number(BigInt.asIntN(32, (acc * rm) >> BigInt(14 - shift)))
      out.push(clamp((r + 1) >> 1, -32768, 32767))
    }
  }
  return out
}

export interface RefTransposeConv {
  input: RefTensor
  weights: readonly number[]
  weightScales: readonly number[]
  bias: readonly number[] | undefined
  outShape: readonly number[]
  outScale: number
  outZp: number
  kernel: [number, number]
  stride: [number, number]
  actMin: number
  actMax: number
}

/**
 * TRANSPOSE_CONV as a gather: output (oy, ox) sums every input (y, x) and tap (ky, kx) with y·s − pad + ky = oy.
 * Padding from TFLite's ComputePaddingHeightWidth over the output size.
 */
export function referenceTransposeConv(r: RefTransposeConv): number[] {
  const [, H, W, C] = r.input.shape
  const [, OH, OW, OC] = r.outShape
  const [KH, KW] = r.kernel
  const [SH, SW] = r.stride
  const padT = Math.floor(Math.max(0, (H - 1) * SH + KH - OH) / 2)
  const padL = Math.floor(Math.max(0, (W - 1) * SW + KW - OW) / 2)
  const out: number[] = []
  for (let oy = 0; oy < OH; oy++) for (let ox = 0; ox < OW; ox++) for (let oc = 0; oc < OC; oc++) {
    let acc = r.bias ? r.bias[oc] : 0
    for (let ky = 0; ky < KH; ky++) {
      const ty = oy + padT - ky
      if (ty < 0 || ty % SH !== 0 || ty / SH >= H) continue
      for (let kx = 0; kx < KW; kx++) {
        const tx = ox + padL - kx
        if (tx < 0 || tx % SW !== 0 || tx / SW >= W) continue
        for (let ic = 0; ic < C; ic++) {
          acc += (r.input.data[((ty / SH) * W + tx / SW) * C + ic] - r.input.zp) * r.weights[((oc * KH + ky) * KW + kx) * C + ic]
        }
      }
    }
    const { m, shift } = referenceMultiplier((r.input.scale * r.weightScales[r.weightScales.length === 1 ? 0 : oc]) / r.outScale)
    out.push(clamp(referenceRequantize(acc, m, shift) + r.outZp, r.actMin, r.actMax))
  }
  return out
}
