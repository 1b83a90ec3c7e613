/**
 * Test oracle for the int16 (16x8) golden cases, not used by production code: plain BigInt re-derivations from the
 * case's scales, written without the engine's helpers.
 *   - FullyConnected s16 (arm_fully_connected_s16): Σ x·w + bias in BigInt; M from the float32 product of the scales;
 *     REDUCE_MULTIPLIER; ((acc·rm) >> (14 − shift)) kept to int32, then (r + 1) >> 1; clamp.
 *   - Quantize (TFLite Requantize): reference-kernels.ts's double-rounding BigInt requantization of x − zp.
 *   - Sigmoid / Tanh: TFLite's reference_integer_ops Logistic / Tanh for int16 restated with signed arithmetic (tanh's
 *     result kept as a signed int32, as TFLite does), the rescale re-derived from the scale, and the table rebuilt in
 *     BigInt-free doubles from its definition.
 */
import { referenceMultiplier, referenceRequantize } from './reference-kernels.ts'

export function referenceFullyConnectedS16(x: readonly number[], w: readonly number[], bias: readonly number[] | undefined, units: number,
  real: number, actMin: number, actMax: number): number[] {
  const K = x.length
  const { m, shift } = referenceMultiplier(real)
  const rm = m < 0x7fff0000n ? (m + (1n << 15n)) >> 16n : 0x7fffn
  return Array.from({ length: units }, (_, u) => {
    let acc = BigInt(bias?.[u] ?? 0)
    for (let k = 0; k < K; k++) acc += BigInt(x[k]) * BigInt(w[u * K + k])
    const r = Number(BigInt.asIntN(32, (acc * rm) >> BigInt(14 - shift)))
    return Math.min(actMax, Math.max(actMin, (r + 1) >> 1))
  })
}

export function referenceRequantizeTensor(x: readonly number[], inScale: number, inZp: number, outScale: number, outZp: number,
  lo: number, hi: number): number[] {
  const { m, shift } = referenceMultiplier(inScale / outScale)
  return x.map((v) => Math.min(hi, Math.max(lo, referenceRequantize(v - inZp, m, shift) + outZp)))
}

const table = (() => {
  const s = (v: number) => 1 / (1 + Math.exp(-v))
  return Array.from({ length: 256 }, (_, i) => {
    if (i === 255) return 65535
    const a = i / 24
    const b = (i + 1) / 24
    return Math.min(65535, Math.floor(65536 * (s(a) + (s((a + b) / 2) - (s(a) + s(b)) / 2) / 2) + 0.5))
  })
})()

export function referenceActivationS16(x: readonly number[], inScale: number, tanh: boolean): number[] {
  let multiplier: number
  let shift = 0
  const l2 = Math.round(Math.log2(inScale))
  if (2 ** l2 === inScale && (l2 + 12 === 0 || l2 + 12 === 1)) multiplier = 3 * 2 ** (l2 + 12)
  else {
    let mm = inScale * 4096 * 3
    while (mm <= 32767 / 2 && shift <= 30) { shift++; mm *= 2 }
    multiplier = Math.trunc(mm)
  }
  return x.map((v) => {
    const input = Math.floor((v * multiplier + (shift > 0 ? 2 ** (shift - 1) : 0)) / 2 ** shift)
    const abs = Math.abs(input)
    const fb = tanh ? 8 : 9
    const uh = Math.floor(abs / 2 ** fb)
    const result = uh >= 255 ? (tanh ? 0xffff * 256 : 0x7fff * 1024)
      : table[uh] * 2 ** fb + (abs % 2 ** fb) * (table[uh + 1] - table[uh])
    if (!tanh) {
      const r = input >= 0 ? result + 512 : 2 ** 25 - result + 512 - 1
      return Math.floor(r / 1024) > 32767 ? Math.floor(r / 1024) - 65536 : Math.floor(r / 1024)
    }
    const r = input >= 0 ? result - 2 ** 23 + 128 : -result + 2 ** 23 + 128 - 1
    return Math.floor(r / 256)
  })
}

/**
 * Conv2D / DepthwiseConv2D at int16 (arm_convolve_s16 / arm_depthwise_conv_s16): BigInt sums over the in-bounds taps
 * (padding reads 0: no offsets at int16), per-channel M from the double product of the scales, REDUCE_MULTIPLIER,
 * the 64 → 32 bit reduction, then (r + 1) >> 1 and the clamp. TFLite padding restated from the output size.
 */
export function referenceConvS16(c: { depthwise: boolean; input: readonly number[]; inputShape: readonly number[]; inScale: number;
  weights: readonly number[]; weightScales: readonly number[]; bias?: readonly number[]; outShape: readonly number[]; outScale: number;
  kernel: [number, number]; stride: [number, number]; dilation: [number, number]; padding: string; depthMultiplier: number;
  actMin: number; actMax: number }): number[] {
  const [, H, W, C] = c.inputShape
  const [, OH, OW, OC] = c.outShape
  const [KH, KW] = c.kernel
  const pad = (size: number, out: number, k: number, s: number, d: number) =>
    c.padding === 'same' ? Math.floor(Math.max(0, (out - 1) * s + (k - 1) * d + 1 - size) / 2) : 0
  const padT = pad(H, OH, KH, c.stride[0], c.dilation[0])
  const padL = pad(W, OW, KW, c.stride[1], c.dilation[1])
  const quant = Array.from({ length: OC }, (_, o) => {
    const { m, shift } = referenceMultiplier((c.inScale * c.weightScales[c.weightScales.length === 1 ? 0 : o]) / c.outScale)
    return { rm: m < 0x7fff0000n ? (m + (1n << 15n)) >> 16n : 0x7fffn, shift }
  })
  const out: number[] = []
  for (let oy = 0; oy < OH; oy++) {
    for (let ox = 0; ox < OW; ox++) {
      for (let o = 0; o < OC; o++) {
        let acc = BigInt(c.bias?.[o] ?? 0)
        for (let ky = 0; ky < KH; ky++) {
          for (let kx = 0; kx < KW; kx++) {
            const iy = oy * c.stride[0] - padT + ky * c.dilation[0]
            const ix = ox * c.stride[1] - padL + kx * c.dilation[1]
            if (iy < 0 || iy >= H || ix < 0 || ix >= W) continue
            if (c.depthwise) {
              const ic = Math.floor(o / c.depthMultiplier)
              acc += BigInt(c.input[(iy * W + ix) * C + ic]) * BigInt(c.weights[(ky * KW + kx) * OC + o])
            } else {
              for (let i = 0; i < C; i++) acc += BigInt(c.input[(iy * W + ix) * C + i]) * BigInt(c.weights[((o * KH + ky) * KW + kx) * C + i])
            }
          }
        }
        const r = Number(BigInt.asIntN(32, (acc * quant[o].rm) >> BigInt(14 - quant[o].shift)))
        out.push(Math.min(c.actMax, Math.max(c.actMin, (r + 1) >> 1)))
      }
    }
  }
  return out
}

/**
 * TFLite's reference SoftmaxInt16 (reference_ops::SoftmaxInt16) in BigInt, with the two tables rebuilt from TFLite
 * Micro's gen_lut definition in float32 (every operation rounded by Math.fround) and the multiplier from
 * double(s_in)·double(β) / (10/65535).
 */
function referenceGenLut(fn: (x: number) => number, lo: number, hi: number): number[] {
  const F = Math.fround
  const rnd = (v: number) => Math.sign(v) * Math.floor(Math.abs(v) + 0.5)
  const step = F(F(hi - lo) / 512)
  const t: number[] = []
  for (let i = 0; i < 512; i++) {
    const v = fn(F(lo + F(i * step)))
    const vNext = fn(F(lo + F((i + 1) * step)))
    const vMid = fn(F(F(lo + F(i * step)) + F(step / 2)))
    const interp = rnd(F(F(F(vNext * 32768) + rnd(F(v * 32768))) / 2))
    const err = interp - rnd(F(vMid * 32768))
    t.push(Math.max(-32768, Math.min(32767, rnd(F(v * 32768)) - rnd(F(err / 2)))))
  }
  t.push(Math.max(-32768, Math.min(32767, rnd(F(fn(F(hi)) * 32768)))))
  return t
}
const EXP_LUT = referenceGenLut((x) => Math.fround(Math.exp(x)), -10, 0)
const RECIP_LUT = referenceGenLut((x) => Math.fround(1 / Math.fround(1 + x)), 0, 1)

function lookup(v: bigint, t: readonly number[]): bigint {
  const index = 256n + (v >> 7n)
  const base = BigInt(t[Number(index)])
  const slope = BigInt.asIntN(16, BigInt(t[Number(index) + 1]) - base)
  return BigInt.asIntN(16, base + ((slope * (v & 127n) + 64n) >> 7n))
}

export function referenceSoftmaxS16(x: readonly number[], rowSize: number, inScale: number, beta: number): number[] {
  const { m, shift } = referenceMultiplier((inScale * Math.fround(beta)) / (10 / 65535))
  const sat = (v: bigint) => (v < -32768n ? -32768n : v > 32767n ? 32767n : v)
  const out: number[] = []
  for (let r = 0; r < x.length / rowSize; r++) {
    const row = x.slice(r * rowSize, (r + 1) * rowSize)
    const max = Math.max(...row)
    const e = row.map((v) => lookup(sat(BigInt(referenceRequantize(v - max, m, shift)) + 32767n), EXP_LUT))
    const sum = e.reduce((a, b) => a + b, 0n)
    const headroomPlusOne = BigInt(32 - sum.toString(2).length)
    const shifted = ((sum << (headroomPlusOne - 1n)) + (1n << 13n)) >> 14n
    const recip = lookup(sat(shifted - 98304n), RECIP_LUT)
    const k = 31n - headroomPlusOne
    for (const v of e) out.push(Number(sat((v * recip + (1n << (k - 1n))) >> k)))
  }
  return out
}
