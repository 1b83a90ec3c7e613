/**
 * Golden specs that drive the C runtime's DSP paths (runtime/tf_nn_dsp.h: Cortex-M4/M7/M33) through their edges:
 * channel counts and im2col lengths that are not multiples of 4 (the plain tails), odd filter and pixel counts (the
 * two-by-two blocking's remainders), 1×1 windows, stride 2, padding, dilation, a depth multiplier above 1 (which
 * leaves the depthwise DSP path), input zero points at both ends (x + offset reaching ±255 in the int16 lanes), and
 * pooling windows at and beyond the 256 cells whose sums fit an int16 lane. The same bytes are asserted on the host
 * (plain C99 path; and the DSP path over C twins of the instructions) and on qemu mps2-an386 (the instructions).
 */
import type { GoldenSpec } from './golden-cases.ts'
import { int32, int8, ints, p2, perChannel, q, tensor, weights8 } from './spec-helpers.ts'

const conv = (a: Record<string, unknown>) => ({ strideH: 1, strideW: 1, dilationH: 1, dilationW: 1, useBias: true,
  activation: 'none', padding: 'valid', ...a }) as GoldenSpec['attrs']
const pool = (a: Record<string, unknown>) => ({ strideH: 1, strideW: 1, padding: 'valid', activation: 'none', ...a }) as GoldenSpec['attrs']
/** 16×16 cells of 4 channels: −128 everywhere in channel 0 (the window sum −32768), 127 in channel 1, seeded values after. */
const extremes256 = Array.from({ length: 256 }, (_, i) => [-128, 127, ...ints(290 + i, 2)]).flat()

export const KERNEL_PATH_SPECS: GoldenSpec[] = [
  {
    name: 'conv2d-s8-odd-channels-stride2', op: 'Conv2D', scheme: 's8',
    covers: 'Cin 5 (im2col length 45: runs start off a multiple of 4, tail of 1), 3 filters and 9 output pixels (odd), stride 2 with same padding, input zero point −128 (x + offset up to 255)',
    attrs: conv({ filters: 3, kernelH: 3, kernelW: 3, strideH: 2, strideW: 2, padding: 'same' }),
    inputs: [tensor([1, 5, 6, 5], q(0.05, -128), ints(201, 150))],
    weights: { weights: weights8(202, [3, 3, 3, 5], perChannel([0.01, 0.004, 0.02], 0)),
      bias: int32([3], perChannel([0.0005, 0.0002, 0.001], 0), [4000, -2500, 100]) },
    outputQuant: q(0.4, 3),
  },
  {
    name: 'conv2d-s8-1x1-odd-filters', op: 'Conv2D', scheme: 's8',
    covers: '1×1 window over Cin 8 (whole words, no tail), 5 filters and 7 pixels (both odd), input zero point 127 (x + offset down to −255)',
    attrs: conv({ filters: 5, kernelH: 1, kernelW: 1 }),
    inputs: [tensor([1, 1, 7, 8], q(0.1, 127), ints(211, 56))],
    weights: { weights: weights8(212, [5, 1, 1, 8], perChannel([0.01, 0.02, 0.005, 0.03, 0.008], 0)),
      bias: int32([5], perChannel([0.001, 0.002, 0.0005, 0.003, 0.0008], 0), [-700, 300, 0, 1500, -20]) },
    outputQuant: q(2, -10),
  },
  {
    name: 'conv2d-s8-1x1-stride2-tail', op: 'Conv2D', scheme: 's8',
    covers: '1×1 window at stride 2 over Cin 6 (one word and a tail of 2 per pixel), 4 filters, 9 pixels, fused ReLU',
    attrs: conv({ filters: 4, kernelH: 1, kernelW: 1, strideH: 2, strideW: 2, activation: 'relu' }),
    inputs: [tensor([1, 5, 5, 6], q(0.05, 10), ints(221, 150))],
    weights: { weights: weights8(222, [4, 1, 1, 6], perChannel([0.02, 0.01, 0.04, 0.005], 0)),
      bias: int32([4], perChannel([0.001, 0.0005, 0.002, 0.00025], 0), [50, -50, 500, 0]) },
    outputQuant: q(0.25, -40),
  },
  {
    name: 'conv2d-s8-dilated-words', op: 'Conv2D', scheme: 's8',
    covers: 'Cin 4 (one word per cell) with dilation 2 and same padding: im2col cell by cell, padding rows and columns of zeros, 49 pixels',
    attrs: conv({ filters: 2, kernelH: 3, kernelW: 3, dilationH: 2, dilationW: 2, padding: 'same' }),
    inputs: [tensor([1, 7, 7, 4], q(0.03, -3), ints(231, 196))],
    weights: { weights: weights8(232, [2, 3, 3, 4], perChannel([0.01, 0.02], 0)), bias: int32([2], perChannel([0.0003, 0.0006], 0), [900, -900]) },
    outputQuant: q(0.3, 0),
  },
  {
    name: 'depthwise-s8-channels7-stride2', op: 'DepthwiseConv2D', scheme: 's8',
    covers: '7 channels (one group of 4 and a tail of 3), 3×3 at stride 2 with same padding (clipped windows at every border), input zero point −128',
    attrs: conv({ depthMultiplier: 1, kernelH: 3, kernelW: 3, strideH: 2, strideW: 2, padding: 'same' }),
    inputs: [tensor([1, 6, 5, 7], q(0.05, -128), ints(241, 210))],
    weights: { weights: weights8(242, [1, 3, 3, 7], perChannel([0.01, 0.02, 0.03, 0.005, 0.015, 0.025, 0.04], 3)),
      bias: int32([7], perChannel([0.0005, 0.001, 0.0015, 0.00025, 0.00075, 0.00125, 0.002], 3), [100, -200, 300, -400, 500, -600, 700]) },
    outputQuant: q(0.6, 5),
  },
  {
    name: 'depthwise-s8-dilated-valid', op: 'DepthwiseConv2D', scheme: 's8',
    covers: '8 channels (two groups of 4), 3×3 with dilation 2 and valid padding, no bias, input zero point 127, ReLU6',
    attrs: conv({ depthMultiplier: 1, kernelH: 3, kernelW: 3, dilationH: 2, dilationW: 2, activation: 'relu6', useBias: false }),
    inputs: [tensor([1, 7, 6, 8], q(0.04, 127), ints(251, 336))],
    weights: { weights: weights8(252, [1, 3, 3, 8], perChannel([0.001, 0.002, 0.001, 0.002, 0.003, 0.001, 0.002, 0.003], 3)) },
    outputQuant: q(0.05, -100),
  },
  {
    name: 'depthwise-s8-multiplier2-stride2', op: 'DepthwiseConv2D', scheme: 's8',
    covers: 'depth multiplier 2 over 4 input channels (8 outputs; the DSP path handles multiplier 1 only), 3×3 at stride 2, same padding',
    attrs: conv({ depthMultiplier: 2, kernelH: 3, kernelW: 3, strideH: 2, strideW: 2, padding: 'same' }),
    inputs: [tensor([1, 5, 5, 4], q(0.05, 0), ints(261, 100))],
    weights: { weights: weights8(262, [1, 3, 3, 8], perChannel([0.01, 0.02, 0.03, 0.04, 0.01, 0.02, 0.03, 0.04], 3)),
      bias: int32([8], perChannel([0.0005, 0.001, 0.0015, 0.002, 0.0005, 0.001, 0.0015, 0.002], 3), [1, 2, 3, 4, -1, -2, -3, -4]) },
    outputQuant: q(0.4, 0),
  },
  {
    name: 'fully-connected-s8-tails', op: 'FullyConnected', scheme: 's8',
    covers: '13 inputs (three words and a tail of 1) and 7 units (one group of 4 rows and 3 single rows), per-channel, input zero point −128',
    attrs: { units: 7, useBias: true, activation: 'none' },
    inputs: [tensor([1, 13], q(0.05, -128), ints(271, 13))],
    weights: { weights: weights8(272, [7, 13], perChannel([0.01, 0.02, 0.005, 0.03, 0.008, 0.015, 0.04], 0)),
      bias: int32([7], perChannel([0.0005, 0.001, 0.00025, 0.0015, 0.0004, 0.00075, 0.002], 0), [100, -100, 2000, -2000, 0, 50, -50]) },
    outputQuant: q(0.3, 2),
  },
  {
    name: 'conv2d-pow2-channels5-stride2', op: 'Conv2D', scheme: 'pow2',
    covers: 'the q7 convolution over Cin 5 (im2col length 45, tail of 1), 3 filters and 9 pixels (odd), stride 2, same padding, bias << 7',
    attrs: conv({ filters: 3, kernelH: 3, kernelW: 3, strideH: 2, strideW: 2, padding: 'same' }),
    inputs: [tensor([1, 5, 6, 5], p2(5), ints(301, 150))],
    weights: { weights: weights8(302, [3, 3, 3, 5], p2(6)), bias: int8([3], p2(4), [-100, 50, 127]) },
    outputQuant: p2(1),
  },
  {
    name: 'conv2d-pow2-1x1-channels8', op: 'Conv2D', scheme: 'pow2',
    covers: 'the q7 convolution, 1×1 over Cin 8 (whole words), 5 filters, 7 pixels, ReLU',
    attrs: conv({ filters: 5, kernelH: 1, kernelW: 1, activation: 'relu' }),
    inputs: [tensor([1, 1, 7, 8], p2(4), ints(303, 56))],
    weights: { weights: weights8(304, [5, 1, 1, 8], p2(7)), bias: int8([5], p2(5), [10, -20, 30, -40, 50]) },
    outputQuant: p2(3),
  },
  {
    name: 'depthwise-pow2-channels6-stride2', op: 'DepthwiseConv2D', scheme: 'pow2',
    covers: 'the q7 depthwise over 6 channels (one group of 4 and a tail of 2), 3×3 at stride 2, same padding',
    attrs: conv({ depthMultiplier: 1, kernelH: 3, kernelW: 3, strideH: 2, strideW: 2, padding: 'same' }),
    inputs: [tensor([1, 5, 6, 6], p2(5), ints(305, 180))],
    weights: { weights: weights8(306, [1, 3, 3, 6], p2(6)), bias: int8([6], p2(5), [1, -2, 3, -4, 5, -6]) },
    outputQuant: p2(2),
  },
  {
    name: 'fully-connected-pow2-tails', op: 'FullyConnected', scheme: 'pow2',
    covers: 'the q7 dense layer over 13 inputs (three words and a tail of 1) and 6 units (a group of 4 rows and 2 single rows)',
    attrs: { units: 6, useBias: true, activation: 'none' },
    inputs: [tensor([1, 13], p2(4), ints(307, 13))],
    weights: { weights: weights8(308, [6, 13], p2(7)), bias: int8([6], p2(3), [5, -5, 50, -50, 127, -128]) },
    outputQuant: p2(1),
  },
  {
    name: 'add-s8-extreme-offsets', op: 'Add', scheme: 's8',
    covers: 'x + offset at ±255 on both inputs (zero points −128 and 127, scales 3:1), the inputs\' high multiply (SMMULR on the DSP path) at its widest',
    attrs: { activation: 'none' },
    inputs: [tensor([1, 2, 2, 5], q(0.03, -128), [127, -128, 0, 1, -1, ...ints(285, 15)]),
      tensor([1, 2, 2, 5], q(0.01, 127), [-128, 127, 0, -1, 1, ...ints(286, 15)])],
    outputQuant: q(0.06, 5),
  },
  {
    name: 'maxpool-s8-channels6-relu6', op: 'MaxPool2D', scheme: 's8',
    covers: '6 channels (one group of 4 and a tail of 2), 3×3 at stride 2 with same padding, ReLU6 clamping at both ends [−20, 100]',
    attrs: pool({ poolH: 3, poolW: 3, strideH: 2, strideW: 2, padding: 'same', activation: 'relu6' }),
    inputs: [tensor([1, 5, 5, 6], q(0.05, -20), ints(281, 150))],
    outputQuant: q(0.05, -20),
  },
  {
    name: 'maxpool-pow2-channels5-relu', op: 'MaxPool2D', scheme: 'pow2',
    covers: 'the q7 max pool (the same kernel) over 5 channels, 2×2 valid at stride 2, ReLU',
    attrs: pool({ poolH: 2, poolW: 2, strideH: 2, strideW: 2, activation: 'relu' }),
    inputs: [tensor([1, 4, 6, 5], p2(4), ints(282, 120))],
    outputQuant: p2(4),
  },
  {
    name: 'avgpool-s8-channels7-same', op: 'AvgPool2D', scheme: 's8',
    covers: '7 channels (one group of 4 and a tail of 3), 3×3 at stride 2 with same padding (4, 6 or 9 cells)',
    attrs: pool({ poolH: 3, poolW: 3, strideH: 2, strideW: 2, padding: 'same' }),
    inputs: [tensor([1, 5, 6, 7], q(0.05, 3), ints(283, 210))],
    outputQuant: q(0.05, 3),
  },
  {
    name: 'global-average-pool-s8-256-cells', op: 'GlobalAveragePool', scheme: 's8',
    covers: 'a 16×16 window, the largest whose sums fit the DSP path\'s int16 lanes: −128 · 256 = −32768 and 127 · 256 in channels 0 and 1',
    attrs: {},
    inputs: [tensor([1, 16, 16, 4], q(0.02, 1), extremes256)],
    outputQuant: q(0.02, 1),
  },
  {
    name: 'global-average-pool-s8-289-cells', op: 'GlobalAveragePool', scheme: 's8',
    covers: 'a 17×17 window: sums up to 127 · 289 overflow an int16 lane, so the DSP build takes the plain loop',
    attrs: {},
    inputs: [tensor([1, 17, 17, 4], q(0.02, 1), ints(284, 1156, 100, 127))],
    outputQuant: q(0.02, 1),
  },
]
