/** Golden specs of the weighted operators: Conv2D, DepthwiseConv2D, FullyConnected (both schemes). */
import type { GoldenSpec } from './golden-cases.ts'
import { int32, int8, ints, p2, perChannel, q, tensor, weights8 } from './spec-helpers.ts'

const conv = (a: Record<string, unknown>) => ({ strideH: 1, strideW: 1, dilationH: 1, dilationW: 1, useBias: true,
  activation: 'none', padding: 'valid', ...a }) as GoldenSpec['attrs']

export const DENSE_SPECS: GoldenSpec[] = [
  {
    name: 'conv2d-s8-same-asymmetric-padding', op: 'Conv2D', scheme: 's8',
    covers: "'same' padding with the odd cell at bottom/right (6×5 input, 3×3, stride 2), padding reads the input zero point −5",
    attrs: conv({ filters: 3, kernelH: 3, kernelW: 3, strideH: 2, strideW: 2, padding: 'same' }),
    inputs: [tensor([1, 6, 5, 2], q(0.05, -5), ints(101, 60))],
    weights: { weights: weights8(102, [3, 3, 3, 2], perChannel([0.01, 0.02, 0.004], 0)),
      bias: int32([3], perChannel([0.0005, 0.001, 0.0002], 0), [-300, 1200, 45]) },
    outputQuant: q(0.1, 7),
  },
  {
    name: 'conv2d-s8-dilation', op: 'Conv2D', scheme: 's8',
    covers: 'dilation 2×3 with a 2×2 kernel, valid padding, fused ReLU (clamp at the output zero point)',
    attrs: conv({ filters: 2, kernelH: 2, kernelW: 2, dilationH: 2, dilationW: 3, activation: 'relu' }),
    inputs: [tensor([1, 7, 7, 1], q(0.02, 10), ints(111, 49))],
    weights: { weights: weights8(112, [2, 2, 2, 1], perChannel([0.03, 0.05], 0)), bias: int32([2], perChannel([0.0006, 0.001], 0), [50, -80]) },
    outputQuant: q(0.04, -20),
  },
  {
    name: 'conv2d-s8-per-channel-extremes', op: 'Conv2D', scheme: 's8',
    covers: 'per-channel multipliers from 5e-4 (shift −10) to 150 (positive shift 8, left shift before the high multiply), saturating at both ends',
    attrs: conv({ filters: 4, kernelH: 1, kernelW: 1 }),
    inputs: [tensor([1, 2, 3, 1], q(0.5, 0), [-3, -1, 0, 1, 2, 5])],
    weights: { weights: int8([4, 1, 1, 1], perChannel([1e-5, 0.5, 3, 0.02], 0), [127, 3, -1, 1]),
      bias: int32([4], perChannel([5e-6, 0.25, 1.5, 0.01], 0), [0, 0, 0, 0]) },
    outputQuant: q(0.01, 0),
  },
  {
    name: 'conv2d-s8-rounding-ties', op: 'Conv2D', scheme: 's8',
    covers: 'multiplier 0.125 = (2^30, shift −2): double rounding (high multiply rounds half up, RoundingDivideByPOT half away) gives 3/8 → 1 but −3/8 → 0, ±4/8 → ±1, ±12/8 → ±2',
    attrs: conv({ filters: 1, kernelH: 1, kernelW: 1, useBias: false }),
    inputs: [tensor([1, 1, 13, 1], q(1, 0), [-12, -10, -7, -5, -4, -3, 0, 3, 4, 5, 7, 10, 12])],
    weights: { weights: int8([1, 1, 1, 1], perChannel([1], 0), [1]) },
    outputQuant: q(8, 0),
  },
  {
    name: 'conv2d-s8-saturation-relu6', op: 'Conv2D', scheme: 's8',
    covers: 'large biases saturate to 127 and −128 before the fused ReLU6 clamp [zp, zp + round(6/scale)]',
    attrs: conv({ filters: 2, kernelH: 2, kernelW: 2, activation: 'relu6' }),
    inputs: [tensor([1, 3, 3, 2], q(0.1, 3), ints(121, 18))],
    weights: { weights: weights8(122, [2, 2, 2, 2], perChannel([0.01, 0.01], 0)), bias: int32([2], perChannel([0.001, 0.001], 0), [90000, -90000]) },
    outputQuant: q(0.03, -100),
  },
  {
    name: 'conv2d-pow2-same-relu', op: 'Conv2D', scheme: 'pow2',
    covers: 'legacy q7: bias << 7, NN_ROUND, >> 8, ssat8, then ReLU; same padding with zero cells',
    attrs: conv({ filters: 2, kernelH: 3, kernelW: 3, padding: 'same', activation: 'relu' }),
    inputs: [tensor([1, 4, 4, 2], p2(5), ints(131, 32))],
    weights: { weights: weights8(132, [2, 3, 3, 2], p2(6)), bias: int8([2], p2(4), [-37, 90]) },
    outputQuant: p2(3),
  },
  {
    name: 'conv2d-pow2-negative-ties', op: 'Conv2D', scheme: 'pow2',
    covers: 'NN_ROUND adds 2^(s−1) then shifts arithmetically: negative ties round up (−3/2 → −1); the ×127 filter saturates',
    attrs: conv({ filters: 2, kernelH: 1, kernelW: 1, useBias: false }),
    inputs: [tensor([1, 1, 9, 1], p2(0), [-127, -5, -3, -1, 0, 1, 3, 5, 127])],
    weights: { weights: int8([2, 1, 1, 1], p2(0), [1, 127]) },
    outputQuant: p2(-1),
  },
  {
    name: 'depthwise-s8-multiplier3-same', op: 'DepthwiseConv2D', scheme: 's8',
    covers: 'depth multiplier 3 (output channel o reads input channel ⌊o/3⌋), 3×2 kernel, stride 2×1, same padding, ReLU',
    attrs: conv({ depthMultiplier: 3, kernelH: 3, kernelW: 2, strideH: 2, strideW: 1, padding: 'same', activation: 'relu' }),
    inputs: [tensor([1, 5, 4, 2], q(0.04, 3), ints(141, 40))],
    weights: { weights: weights8(142, [1, 3, 2, 6], perChannel([0.02, 0.01, 0.05, 0.002, 0.03, 0.04], 3)),
      bias: int32([6], perChannel([0.0008, 0.0004, 0.002, 0.00008, 0.0012, 0.0016], 3), [10, -20, 30, -40, 50, -60]) },
    outputQuant: q(0.05, -30),
  },
  {
    name: 'depthwise-s8-dilation-same', op: 'DepthwiseConv2D', scheme: 's8',
    covers: 'dilation 2 with same padding (border of 2), zero-point padding with zp 20',
    attrs: conv({ depthMultiplier: 1, kernelH: 3, kernelW: 3, dilationH: 2, dilationW: 2, padding: 'same' }),
    inputs: [tensor([1, 6, 6, 3], q(0.03, 20), ints(151, 108))],
    weights: { weights: weights8(152, [1, 3, 3, 3], perChannel([0.01, 0.02, 0.03], 3)),
      bias: int32([3], perChannel([0.0003, 0.0006, 0.0009], 3), [100, 0, -100]) },
    outputQuant: q(0.06, 4),
  },
  {
    name: 'depthwise-pow2-relu6', op: 'DepthwiseConv2D', scheme: 'pow2',
    covers: 'legacy q7 depthwise, same padding, ReLU6 clamp at round(6·2^4) = 96',
    attrs: conv({ depthMultiplier: 1, kernelH: 3, kernelW: 3, padding: 'same', activation: 'relu6' }),
    inputs: [tensor([1, 4, 4, 2], p2(6), ints(161, 32))],
    weights: { weights: weights8(162, [1, 3, 3, 2], p2(7)), bias: int8([2], p2(5), [40, -40]) },
    outputQuant: p2(4),
  },
  {
    name: 'fully-connected-s8-per-tensor', op: 'FullyConnected', scheme: 's8',
    covers: 'rank-4 input read as a flat vector, per-tensor weights (multiplier from the float32 product of the scales), ReLU',
    attrs: { units: 5, useBias: true, activation: 'relu' },
    inputs: [tensor([1, 2, 2, 3], q(0.07, -128), ints(171, 12))],
    weights: { weights: weights8(172, [5, 12], q(0.011)), bias: int32([5], q(0.00077), [1000, -1000, 0, 500, -7]) },
    outputQuant: q(0.09, -11),
  },
  {
    name: 'fully-connected-s8-per-channel', op: 'FullyConnected', scheme: 's8',
    covers: 'per-channel weights (arm_fully_connected_per_channel_s8) with scales 0.001..2',
    attrs: { units: 4, useBias: true, activation: 'none' },
    inputs: [tensor([1, 8], q(0.05, 9), ints(181, 8))],
    weights: { weights: weights8(182, [4, 8], perChannel([0.001, 0.01, 0.5, 2], 0)),
      bias: int32([4], perChannel([0.00005, 0.0005, 0.025, 0.1], 0), [2000, -300, 40, -5]) },
    outputQuant: q(0.5, 0),
  },
  {
    name: 'fully-connected-pow2', op: 'FullyConnected', scheme: 'pow2',
    covers: 'arm_fully_connected_q7: bias shift 3, output shift 6, saturation',
    attrs: { units: 3, useBias: true, activation: 'none' },
    inputs: [tensor([1, 6], p2(4), [127, -128, 64, -64, 3, -3])],
    weights: { weights: int8([3, 6], p2(5), [127, 127, 127, 127, 127, 127, 10, -20, 30, -40, 50, -60, -127, 0, 0, 0, 0, 127]),
      bias: int8([3], p2(6), [12, -100, 0]) },
    outputQuant: p2(3),
  },
]

/**
 * in 1, weights 0.0000720166863175109, out 0.05000219866633415 (float32 values): real = w / out, QuantizeMultiplier
 * → M = 1583594044, shift −9; x = [100, 4] · w = [79, 21] = 7984 (and −7984 on the second unit).
 */
export const WORKED_EXAMPLE_SPEC: GoldenSpec = {
  name: 'fully-connected-s8-worked-example', op: 'FullyConnected', scheme: 's8',
  covers: 'acc 7984 and −7984 with M = 1583594044, shift −9: 12 and −12 with double rounding, 11 and −11 with single rounding',
  attrs: { units: 2, useBias: false, activation: 'none' },
  inputs: [tensor([1, 2], q(1, 0), [100, 4])],
  weights: { weights: int8([2, 2], perChannel([0.0000720166863175109, 0.0000720166863175109], 0), [79, 21, -79, -21]) },
  outputQuant: q(0.05000219866633415, 0),
}
