/**
 * The int16 sigmoid and tanh of TFLite's integer LSTM (reference_integer_ops::Logistic / Tanh for int16, which CMSIS-NN's
 * arm_nn_activation_s16 reproduces): Q3.12 in (after an optional power-of-two rescale), Q0.15 out, by linear
 * interpolation in a 256-entry table of sigmoid(i/24) in 0.16 format; tanh(x) = 2·sigmoid(2x) − 1 reads the same table.
 * C twin: runtime/tf_nn_activation_s16.h (its table is written from SIGMOID_TABLE_U16 by scripts/gen-c-runtime.ts and
 * checked equal by a test).
 *
 * The table: entry i is the 0.16 value of sigmoid at x_i = i/24 raised by half of segment i's midpoint interpolation
 * error, so that linear interpolation errs as much above as below (sigmoid is concave on x ≥ 0):
 *   T[i] = round(65536 · (σ(x_i) + e_i / 2)),  e_i = σ(x_i + h/2) − (σ(x_i) + σ(x_i + h))/2,  h = 1/24,
 * and T[255] = 65535 (the saturation level the kernel returns from index 255 on). These 256 values equal TFLite's and
 * CMSIS-NN's sigmoid_table_uint16 (checked locally against CMSIS-NN v7.0.0 and main; docs/c-package.md).
 */

function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x))
}

function makeTable(): Uint16Array {
  const h = 1 / 24
  const t = new Uint16Array(256)
  for (let i = 0; i < 255; i++) {
    const x = i * h
    const error = sigmoid(x + h / 2) - (sigmoid(x) + sigmoid(x + h)) / 2
    t[i] = Math.min(65535, Math.floor(65536 * (sigmoid(x) + error / 2) + 0.5))
  }
  t[255] = 65535
  return t
}

/** sigmoid(i/24) in 0.16, midpoint-compensated (see the file comment). */
export const SIGMOID_TABLE_U16: Readonly<Uint16Array> = makeTable()

export type S16Activation = 'sigmoid' | 'tanh'

/**
 * One int16 activation: the input is multiplied by 3·2^leftShift (leftShift ≥ 0) or by 3 with a rounding right shift of
 * −leftShift (leftShift < 0), giving an index with 9 (sigmoid) or 8 (tanh) fractional bits into the table; the result
 * is Q0.15. Unsigned 32-bit arithmetic and the final int16 truncation are the C kernel's.
 */
export function activationS16(x: number, leftShift: number, type: S16Activation): number {
  const multiplier = leftShift < 0 ? 3 : 3 << leftShift
  const absLeft = leftShift < 0 ? -leftShift : 0
  const rounding = absLeft > 0 ? 1 << (absLeft - 1) : 0
  return lookupS16((x * multiplier + rounding) >> absLeft, type)
}

/**
 * TFLite's general int16 Logistic / Tanh (reference_integer_ops, the rescale TFLite Micro's LOGISTIC and TANH use for
 * any input scale): index = (x · multiplier + 2^(shift−1)) >> shift, then the same table. With a power-of-two input
 * scale it equals `activationS16` (CMSIS-NN's arm_nn_activation_s16) at left_shift = log2(scale) + 12.
 */
export function activationS16Rescaled(x: number, multiplier: number, shift: number, type: S16Activation): number {
  const rounding = shift > 0 ? 2 ** (shift - 1) : 0
  return lookupS16(Math.floor((x * multiplier + rounding) / 2 ** shift), type)
}

/** The table step on an index with 9 (sigmoid) or 8 (tanh) fractional bits; Q0.15 out. */
export function lookupS16(input: number, type: S16Activation): number {
  const sig = type === 'sigmoid'
  const absShift = sig ? 9 : 8
  const maxSaturation = sig ? 0x7fff * 1024 : 0xffff * 256
  const abs = Math.abs(input)
  const uh = abs >>> absShift
  let result: number
  if (uh >= 255) {
    result = maxSaturation
  } else {
    const ua = SIGMOID_TABLE_U16[uh]
    const ub = SIGMOID_TABLE_U16[uh + 1]
    const ut = abs & (sig ? 0x1ff : 0xff)
    result = ua * 2 ** absShift + ut * (ub - ua)
  }
  let u: number
  if (sig) u = (input >= 0 ? result + (1 << 9) : (1 << 25) - result + (1 << 9) - 1) >>> 0
  else u = (input >= 0 ? result - (1 << 23) + (1 << 7) : -result + (1 << 23) + (1 << 7) - 1) >>> 0
  const shifted = sig ? u >>> 10 : u >>> 8
  return (shifted << 16) >> 16
}
