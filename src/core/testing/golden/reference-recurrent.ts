/**
 * Independent references for the golden cases of SVDF and LSTM (s8), from the TFLite Micro / CMSIS-NN semantics
 * without the engine's helpers: multipliers from referenceMultiplier, requantization in BigInt (referenceRequantize),
 * the int16 activation's table and interpolation rewritten here from their definition (quant/activation-s16.ts states
 * it), zero points applied per product instead of folded into effective biases.
 */
import { referenceMultiplier, referenceRequantize } from './reference-kernels.ts'

const clamp = (v: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, v))
const wrap32 = (v: number): number => Number(BigInt.asIntN(32, BigInt(v)))
const requant = (acc: number, real: number): number => {
  const { m, shift } = referenceMultiplier(real)
  return referenceRequantize(wrap32(acc), m, shift)
}
/** arm_nn_requantize_s64 with REDUCE_MULTIPLIER (Include/arm_nnsupportfunctions.h, v7.0.0), all in BigInt. */
const requant64 = (acc: number, real: number): number => {
  const { m, shift } = referenceMultiplier(real)
  const reduced = m < 0x7fff0000n ? (m + (1n << 15n)) >> 16n : 0x7fffn
  const r = BigInt.asIntN(32, (BigInt(acc) * reduced) >> BigInt(14 - shift))
  return Number((r + 1n) >> 1n)
}

export interface RefSvdf {
  x: readonly number[]
  inScale: number
  inZp: number
  featureWeights: readonly number[]
  featureScale: number
  timeWeights: readonly number[]
  timeScale: number
  bias: readonly number[] | undefined
  state: readonly number[]
  stateScale: number
  units: number
  rank: number
  memory: number
  outScale: number
  outZp: number
}

/** TFLite Micro's integer SVDF (int16 state): returns the output and the state after. */
export function referenceSvdf(r: RefSvdf): { output: number[]; state: number[] } {
  const F = r.x.length
  const filters = r.units * r.rank
  const M = r.memory
  const f32 = Math.fround
  const real1 = f32(f32(f32(r.inScale) * f32(r.featureScale)) / f32(r.stateScale))
  const real2 = f32(f32(f32(r.stateScale) * f32(r.timeScale)) / f32(r.outScale))
  const state = [...r.state]
  for (let f = 0; f < filters; f++) {
    const row = state.slice(f * M + 1, (f + 1) * M)
    let dot = 0
    for (let c = 0; c < F; c++) dot += (r.x[c] - r.inZp) * r.featureWeights[f * F + c]
    row.push(clamp(requant(dot, real1), -32768, 32767))
    state.splice(f * M, M, ...row)
  }
  const output: number[] = []
  for (let u = 0; u < r.units; u++) {
    let acc = r.bias ? r.bias[u] : 0
    for (let k = 0; k < r.rank; k++) {
      const f = u * r.rank + k
      for (let j = 0; j < M; j++) acc += state[f * M + j] * r.timeWeights[f * M + j]
    }
    output.push(clamp(requant(acc, real2) + r.outZp, -128, 127))
  }
  return { output, state }
}

/** Table of sigmoid(i/24) in 0.16, raised by half the midpoint interpolation error of segment i; entry 255 = 65535. */
function sigmoidTable(): number[] {
  const s = (x: number) => 1 / (1 + Math.exp(-x))
  return Array.from({ length: 256 }, (_, i) => {
    if (i === 255) return 65535
    const a = i / 24
    const b = (i + 1) / 24
    const midpointError = s((a + b) / 2) - (s(a) + s(b)) / 2
    return Math.min(65535, Math.round(65536 * (s(a) + midpointError / 2)))
  })
}
const TABLE = sigmoidTable()

/**
 * int16 → Q0.15 sigmoid / tanh by table interpolation: x scaled by 3·2^shift (or 3 with a rounding right shift) into
 * an index with 9 (sigmoid) or 8 (tanh) fractional bits; odd symmetry about 0.5 (sigmoid) or 0 (tanh), written here
 * with signed arithmetic and explicit rounding rather than the kernel's unsigned tricks.
 */
export function referenceActivation16(x: number, leftShift: number, tanh: boolean): number {
  const scaled = leftShift >= 0 ? x * 3 * 2 ** leftShift : Math.floor((x * 3 + 2 ** (-leftShift - 1)) / 2 ** -leftShift)
  const frac = tanh ? 8 : 9
  const a = Math.abs(scaled)
  const index = Math.floor(a / 2 ** frac)
  // Interpolated sigmoid in 0.(16 + frac): the value at |scaled|.
  const v = index >= 255 ? (tanh ? 0xffff * 256 : 0x7fff * 1024) : TABLE[index] * 2 ** frac + (a % 2 ** frac) * (TABLE[index + 1] - TABLE[index])
  if (!tanh) {
    const q = scaled >= 0 ? v + 512 : 2 ** 25 - v + 511
    return Math.floor(q / 1024)
  }
  // tanh = 2σ − 1 in 0.(15 + 8): v − 2^23, rounded at bit 8 (half up for x ≥ 0, half down below).
  const t = scaled >= 0 ? Math.floor((v - 2 ** 23 + 128) / 256) : -Math.floor((v - 2 ** 23 - 127 + 255) / 256)
  return clamp(t, -32768, 32767)
}

export interface RefLstm {
  x: readonly number[]
  steps: number
  inputSize: number
  units: number
  inScale: number
  inZp: number
  hScale: number
  hZp: number
  cellScale: number
  cellClip: number
  cellTanh: boolean
  stateful: boolean
  returnSequences: boolean
  /** Per gate (input, forget, cell, output): W [H, F], R [H, H] int8 values, their scales, int32 bias or undefined. */
  w: readonly (readonly number[])[]
  r: readonly (readonly number[])[]
  wScale: readonly number[]
  rScale: readonly number[]
  bias: readonly (readonly number[] | undefined)[]
  hidden: readonly number[]
  cell: readonly number[]
  /** arm_lstm_unidirectional_s16: int16 x and h (zero points 0), 64-bit gate sums requantized by requantize_s64. */
  int16?: boolean
}

/** CMSIS-NN arm_lstm_unidirectional_s8 (TFLite Micro's int8×int8→int16 LSTM), or _s16 (`int16`): output and state after. */
export function referenceLstm(r: RefLstm): { output: number[]; hidden: number[]; cell: number[] } {
  const { units: H, inputSize: F } = r
  const f32 = Math.fround
  const clip = r.cellClip > 0 ? Math.trunc(clamp(f32(r.cellClip) / r.cellScale, -32768, 32767)) : 32767
  const power = Math.round(Math.log2(r.cellScale))
  let h = r.stateful ? [...r.hidden] : new Array<number>(H).fill(r.hZp)
  const c = r.stateful ? [...r.cell] : new Array<number>(H).fill(0)
  const output: number[] = []
  for (let t = 0; t < r.steps; t++) {
    const x = r.x.slice(t * F, (t + 1) * F)
    const gates = [0, 1, 2, 3].map((g) => Array.from({ length: H }, (_, u) => {
      let ax = r.bias[g] ? r.bias[g]![u] : 0
      for (let k = 0; k < F; k++) ax += r.w[g][u * F + k] * (x[k] - r.inZp)
      let ah = 0
      for (let k = 0; k < H; k++) ah += r.r[g][u * H + k] * (h[k] - r.hZp)
      const rq = r.int16 ? requant64 : requant
      const gx = clamp(rq(ax, f32(f32(r.inScale) * f32(r.wScale[g])) / 2 ** -12), -32768, 32767)
      const sum = clamp(gx + rq(ah, f32(f32(r.hScale) * f32(r.rScale[g])) / 2 ** -12), -32768, 32767)
      return referenceActivation16(sum, 0, g === 2 && r.cellTanh)
    }))
    const next: number[] = []
    for (let u = 0; u < H; u++) {
      const kept = clamp(requant(gates[1][u] * c[u], 2 ** -15), -32768, 32767)
      c[u] = clamp(kept + requant(gates[0][u] * gates[2][u], 2 ** -30 / r.cellScale), -clip, clip)
      const th = referenceActivation16(c[u], power + 12, true)
      const [lo, hi] = r.int16 ? [-32768, 32767] : [-128, 127]
      next.push(clamp(requant(gates[3][u] * th, 2 ** -30 / f32(r.hScale)) + r.hZp, lo, hi))
    }
    h = next
    if (r.returnSequences) output.push(...h)
  }
  if (!r.returnSequences) output.push(...h)
  return { output, hidden: h, cell: c }
}
