/**
 * Test oracle for the golden cases, not used by production code: deliberately plain re-derivations of the s8
 * kernels from the case's scales, written without the engine's helpers so that a golden file is checked by
 * something other than the engine that wrote it.
 *
 * - Padding is materialised: the input is copied into a larger tensor whose border holds the input zero point,
 *   then a 'valid' window loop runs over it.
 * - Multipliers are derived from the scales here (mantissa in [0.5, 1) rounded to 31 bits).
 * - Requantization uses BigInt: ((x·2^left)·M + nudge) / 2^31 truncated, then a sign-magnitude rounding
 *   right shift (ties away from zero).
 * - Averages are rounded as sign(sum)·⌊(2|sum| + n) / 2n⌋ (the exact quotient rounded half away from zero).
 */

/** real ≈ M · 2^(shift − 31), M in [2^30, 2^31). */
export function referenceMultiplier(real: number): { m: bigint; shift: number } {
  if (real === 0) return { m: 0n, shift: 0 }
  let shift = 0
  let mantissa = real
  while (mantissa >= 1) { mantissa /= 2; shift++ }
  while (mantissa < 0.5) { mantissa *= 2; shift-- }
  let m = BigInt(Math.round(mantissa * 2 ** 31))
  if (m === 1n << 31n) { m >>= 1n; shift++ }
  return { m, shift }
}

/** TFLite's double-rounding requantization in BigInt. */
export function referenceRequantize(acc: number, m: bigint, shift: number): number {
  const left = shift > 0 ? shift : 0
  const right = shift > 0 ? 0 : -shift
  const x = BigInt.asIntN(32, BigInt(acc) << BigInt(left))
  const product = x * m
  const nudge = product >= 0n ? 1n << 30n : 1n - (1n << 30n)
  const high = (product + nudge) / (1n << 31n)
  if (right === 0) return Number(high)
  const magnitude = high < 0n ? -high : high
  const rounded = (magnitude + (1n << BigInt(right - 1))) >> BigInt(right)
  return Number(high < 0n ? -rounded : rounded)
}

const clamp = (v: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, v))

/** TFLite 'same' (or 'valid') leading padding. */
function padBefore(size: number, kernel: number, stride: number, dilation: number, padding: string): number {
  if (padding !== 'same') return 0
  const out = Math.ceil(size / stride)
  return Math.floor(Math.max(0, (out - 1) * stride + (kernel - 1) * dilation + 1 - size) / 2)
}

/** A [PH, PW, C] copy of an NHWC tensor placed at (padT, padL); every other cell holds `fill`. */
function materialisePadding(x: readonly number[], [H, W, C]: number[], padT: number, padL: number, PH: number, PW: number,
  fill: number): { data: number[]; H: number; W: number } {
  const data = new Array<number>(PH * PW * C).fill(fill)
  for (let y = 0; y < H; y++) for (let xx = 0; xx < W; xx++) for (let c = 0; c < C; c++) {
    data[((y + padT) * PW + xx + padL) * C + c] = x[(y * W + xx) * C + c]
  }
  return { data, H: PH, W: PW }
}

export interface RefConv {
  depthwise: boolean
  input: readonly number[]
  inputShape: number[]
  inScale: number
  inZp: number
  weights: readonly number[]
  weightScales: readonly number[]
  bias: readonly number[] | undefined
  outShape: number[]
  outScale: number
  outZp: number
  kernel: [number, number]
  stride: [number, number]
  dilation: [number, number]
  padding: string
  depthMultiplier: number
  actMin: number
  actMax: number
}

/** Conv2D / DepthwiseConv2D reference over a zero-point-padded input. */
export function referenceConv(r: RefConv): number[] {
  const [, H, W, C] = r.inputShape
  const [, OH, OW, OC] = r.outShape
  const [KH, KW] = r.kernel
  const padT = padBefore(H, KH, r.stride[0], r.dilation[0], r.padding)
  const padL = padBefore(W, KW, r.stride[1], r.dilation[1], r.padding)
  const needH = Math.max(H + padT, (OH - 1) * r.stride[0] + (KH - 1) * r.dilation[0] + 1)
  const needW = Math.max(W + padL, (OW - 1) * r.stride[1] + (KW - 1) * r.dilation[1] + 1)
  const p = materialisePadding(r.input, [H, W, C], padT, padL, needH, needW, r.inZp)
  const out: number[] = []
  for (let oy = 0; oy < OH; oy++) for (let ox = 0; ox < OW; ox++) for (let oc = 0; oc < OC; oc++) {
    let acc = r.bias ? r.bias[oc] : 0
    for (let ky = 0; ky < KH; ky++) for (let kx = 0; kx < KW; kx++) {
      const y = oy * r.stride[0] + ky * r.dilation[0]
      const x = ox * r.stride[1] + kx * r.dilation[1]
      const channels = r.depthwise ? [Math.floor(oc / r.depthMultiplier)] : Array.from({ length: C }, (_, i) => i)
      for (const ic of channels) {
        const w = r.depthwise ? r.weights[(ky * KW + kx) * OC + oc] : r.weights[((oc * KH + ky) * KW + kx) * C + ic]
        acc += (p.data[(y * p.W + x) * C + ic] - r.inZp) * w
      }
    }
    const { m, shift } = referenceMultiplier((r.inScale * r.weightScales[r.weightScales.length === 1 ? 0 : oc]) / r.outScale)
    out.push(clamp(referenceRequantize(acc, m, shift) + r.outZp, r.actMin, r.actMax))
  }
  return out
}

/** FullyConnected reference; `realMultipliers` holds one real rescale factor per unit (or one for all). */
export function referenceFullyConnected(input: readonly number[], inZp: number, weights: readonly number[], bias: readonly number[] | undefined,
  units: number, realMultipliers: readonly number[], outZp: number, actMin: number, actMax: number): number[] {
  const K = input.length
  const out: number[] = []
  for (let u = 0; u < units; u++) {
    let acc = bias ? bias[u] : 0
    for (let k = 0; k < K; k++) acc += (input[k] - inZp) * weights[u * K + k]
    const { m, shift } = referenceMultiplier(realMultipliers[realMultipliers.length === 1 ? 0 : u])
    out.push(clamp(referenceRequantize(acc, m, shift) + outZp, actMin, actMax))
  }
  return out
}

/** Average (or max) pooling over in-bounds cells; `average` rounds the exact quotient half away from zero. */
export function referencePool(x: readonly number[], [, H, W, C]: number[], [, OH, OW]: number[], kernel: [number, number],
  stride: [number, number], padding: string, average: boolean, actMin: number, actMax: number): number[] {
  const padT = padBefore(H, kernel[0], stride[0], 1, padding)
  const padL = padBefore(W, kernel[1], stride[1], 1, padding)
  const out: number[] = []
  for (let oy = 0; oy < OH; oy++) for (let ox = 0; ox < OW; ox++) for (let c = 0; c < C; c++) {
    const cells: number[] = []
    for (let ky = 0; ky < kernel[0]; ky++) for (let kx = 0; kx < kernel[1]; kx++) {
      const y = oy * stride[0] - padT + ky
      const xx = ox * stride[1] - padL + kx
      if (y >= 0 && y < H && xx >= 0 && xx < W) cells.push(x[(y * W + xx) * C + c])
    }
    let v: number
    if (average) {
      const sum = cells.reduce((a, b) => a + b, 0)
      const n = cells.length
      v = Math.sign(sum) * Math.floor((2 * Math.abs(sum) + n) / (2 * n))
    } else {
      v = Math.max(...cells)
    }
    out.push(clamp(v, actMin, actMax))
  }
  return out
}

/** TFLite int8 ADD reference (left shift 20, input and output multipliers derived here). */
export function referenceAdd(a: readonly number[], b: readonly number[], sa: number, za: number, sb: number, zb: number,
  so: number, zo: number, actMin: number, actMax: number, leftShift = 20): number[] {
  const twiceMax = 2 * Math.max(sa, sb)
  const ma = referenceMultiplier(sa / twiceMax)
  const mb = referenceMultiplier(sb / twiceMax)
  const mo = referenceMultiplier(twiceMax / (2 ** leftShift * so))
  return a.map((_, i) => {
    const xa = referenceRequantize((a[i] - za) * 2 ** leftShift, ma.m, ma.shift)
    const xb = referenceRequantize((b[i] - zb) * 2 ** leftShift, mb.m, mb.shift)
    return clamp(referenceRequantize(xa + xb, mo.m, mo.shift) + zo, actMin, actMax)
  })
}
