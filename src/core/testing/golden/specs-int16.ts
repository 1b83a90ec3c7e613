/**
 * Golden specs of TFLite's 16x8 scheme (int16 activations): Sigmoid and Tanh (power-of-two input scales, which CMSIS-NN's
 * arm_nn_activation_s16 takes, and a general scale, which only the portable kernel takes), Quantize between int8 and
 * int16 (both ways, saturating), and FullyConnected at int16 (arm_fully_connected_s16: per-tensor weights, 64-bit bias).
 */
import type { GoldenSpec, GoldenTensor } from './golden-cases.ts'
import { int32, ints, q, tensor, weights8 } from './spec-helpers.ts'

const s16 = (shape: number[], scale: number, data: number[]): GoldenTensor => ({ ...tensor(shape, q(scale, 0), data), dtype: 'int16' })
/** Edges of the int16 range and of the table's index, then seeded values. */
const EDGES = [0, 1, -1, 32767, -32768, -32767, 255, 256, 511, 512, -512, 4096, -4096, 21845, -21846, 130560 >> 3, -(130560 >> 3)]
const values = (seed: number, n: number) => [...EDGES, ...ints(seed, n - EDGES.length, -32768, 32767)]
const Q15 = q(1 / 32768, 0)

function activation(op: 'Sigmoid' | 'Tanh', name: string, scale: number, seed: number, covers: string): GoldenSpec {
  return { name, op, scheme: 's8', covers, attrs: {}, inputs: [s16([1, 4, 12], scale, values(seed, 48))], outputQuant: Q15, outputDType: 'int16' }
}

export const INT16_SPECS: readonly GoldenSpec[] = [
  activation('Sigmoid', 'sigmoid-s16-q3.12', 2 ** -12, 401, 'input Q3.12 (left shift 0: TFLite power-of-two path, arm_nn_activation_s16), table edges and saturation'),
  activation('Sigmoid', 'sigmoid-s16-pow2-2^-14', 2 ** -14, 402, 'input 2^-14: TFLite general rescale (multiplier 24576, shift 16) = arm_nn_activation_s16 left shift -2'),
  activation('Sigmoid', 'sigmoid-s16-general-scale', 0.00037, 403, 'a non-power-of-two input scale: TFLite general rescale only (CMSIS-NN builds keep the portable kernel)'),
  activation('Tanh', 'tanh-s16-pow2-2^-11', 2 ** -11, 404, 'input 2^-11 (left shift 1: TFLite power-of-two path), 8 fractional index bits'),
  activation('Tanh', 'tanh-s16-pow2-2^-9', 2 ** -9, 405, 'input 2^-9: general rescale = arm_nn_activation_s16 left shift 3, mostly saturated'),
  activation('Tanh', 'tanh-s16-general-scale', 0.0011, 406, 'a non-power-of-two input scale (portable kernel in both builds)'),
  {
    name: 'quantize-s8-to-s16', op: 'Quantize', scheme: 's8', covers: 'int8 (zero point -7) to int16: effective scale above 1 (positive shift)',
    attrs: {}, inputs: [tensor([1, 20], q(0.05, -7), [-128, 127, -7, 0, ...ints(411, 16)])], outputQuant: q(0.05 / 200.3, 0), outputDType: 'int16',
  },
  {
    name: 'quantize-s16-to-s8', op: 'Quantize', scheme: 's8', covers: 'int16 to int8 (zero point 5), saturating both ends',
    attrs: {}, inputs: [s16([1, 20], 0.0004, [-32768, 32767, 0, 1, -1, ...ints(412, 15, -32768, 32767)])], outputQuant: q(0.03, 5),
  },
  {
    name: 'quantize-s8-to-s8', op: 'Quantize', scheme: 's8', covers: 'int8 requantization (TFLite QUANTIZE int8 → int8)',
    attrs: {}, inputs: [tensor([1, 12], q(0.1, 3), ints(413, 12))], outputQuant: q(0.07, -20),
  },
  {
    name: 'quantize-s16-to-s16', op: 'Quantize', scheme: 's8', covers: 'int16 rescale, saturating at ±32767/−32768',
    attrs: {}, inputs: [s16([1, 12], 0.001, [32767, -32768, ...ints(414, 10, -32768, 32767)])], outputQuant: q(0.0007, 0), outputDType: 'int16',
  },
  {
    name: 'fully-connected-s16-per-tensor', op: 'FullyConnected', scheme: 's8',
    covers: 'arm_fully_connected_s16: int16 in/out, per-tensor int8 weights, 64-bit bias, reduced multiplier, ReLU',
    attrs: { units: 6, useBias: true, activation: 'relu' },
    inputs: [s16([1, 2, 2, 5], 0.0003, ints(421, 20, -32768, 32767))],
    weights: { weights: weights8(422, [6, 20], q(0.004)), bias: int32([6], q(0.0003 * 0.004), [100000, -100000, 0, 2500000, -7, 123456]) },
    outputQuant: q(0.0009, 0), outputDType: 'int16',
  },
  {
    name: 'fully-connected-s16-saturating', op: 'FullyConnected', scheme: 's8',
    covers: 'K 37, 9 units, no bias, an output scale small enough to saturate both int16 ends',
    attrs: { units: 9, useBias: false, activation: 'none' },
    inputs: [s16([1, 37], 0.001, ints(431, 37, -32768, 32767))],
    weights: { weights: weights8(432, [9, 37], q(0.02)) },
    outputQuant: q(0.0005, 0), outputDType: 'int16',
  },
]
