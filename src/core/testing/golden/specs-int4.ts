/**
 * Golden specs of int4 packed weights (the `_s4` kernels): Conv2D, DepthwiseConv2D and FullyConnected with weights in
 * [−8, 7] marked `encoding: int4`. The int8 engine runs the values; the C driver stores them packed two per byte
 * (CMSIS-NN's s4 format) and calls tf_*_s4 — or, with -DTINYFORGE_USE_CMSIS_NN, arm_convolve_wrapper_s4,
 * arm_depthwise_conv_wrapper_s4 and arm_fully_connected_s4. Shapes pick the CMSIS-NN code paths and the packing's
 * edges: odd filter rows (a nibble carried into the next row's byte), odd element counts (a last half byte), odd
 * channel counts in the depthwise kernels.
 */
import type { GoldenSpec } from './golden-cases.ts'
import { int32, ints, perChannel, q, tensor, weights4 } from './spec-helpers.ts'

const conv = (a: Record<string, unknown>) => ({ strideH: 1, strideW: 1, dilationH: 1, dilationW: 1, useBias: true,
  activation: 'none', padding: 'valid', ...a }) as GoldenSpec['attrs']

export const INT4_SPECS: GoldenSpec[] = [
  {
    name: 'conv2d-s4-odd-rows-same', op: 'Conv2D', scheme: 's8',
    covers: 'int4 weights, 3×3×3 filters (27 nibbles: each odd row ends mid-byte), 5 filters, same padding with zp −3 (arm_convolve_s4)',
    attrs: conv({ filters: 5, kernelH: 3, kernelW: 3, padding: 'same' }),
    inputs: [tensor([1, 5, 4, 3], q(0.05, -3), ints(401, 60))],
    weights: { weights: weights4(402, [5, 3, 3, 3], perChannel([0.1, 0.2, 0.05, 0.3, 0.15], 0)),
      bias: int32([5], perChannel([0.005, 0.01, 0.0025, 0.015, 0.0075], 0), [40, -120, 7, 300, -3]) },
    outputQuant: q(0.2, 4),
  },
  {
    name: 'conv2d-s4-1x1-stride1', op: 'Conv2D', scheme: 's8',
    covers: 'int4 1×1 convolution, stride 1, no padding, 5 input channels (arm_convolve_1x1_s4_fast), ReLU',
    attrs: conv({ filters: 4, kernelH: 1, kernelW: 1, activation: 'relu' }),
    inputs: [tensor([1, 3, 3, 5], q(0.04, 10), ints(411, 45))],
    weights: { weights: weights4(412, [4, 1, 1, 5], perChannel([0.08, 0.02, 0.12, 0.05], 0)),
      bias: int32([4], perChannel([0.0032, 0.0008, 0.0048, 0.002], 0), [-50, 25, 0, 90]) },
    outputQuant: q(0.06, -40),
  },
  {
    name: 'conv2d-s4-1x1-stride2', op: 'Conv2D', scheme: 's8',
    covers: 'int4 1×1 convolution with stride 2 (arm_convolve_1x1_s4), 3 filters of 7 nibbles',
    attrs: conv({ filters: 3, kernelH: 1, kernelW: 1, strideH: 2, strideW: 2 }),
    inputs: [tensor([1, 5, 5, 7], q(0.03, -8), ints(421, 175))],
    weights: { weights: weights4(422, [3, 1, 1, 7], perChannel([0.07, 0.11, 0.04], 0)),
      bias: int32([3], perChannel([0.0021, 0.0033, 0.0012], 0), [11, -22, 33]) },
    outputQuant: q(0.1, 2),
  },
  {
    name: 'conv2d-s4-1xn', op: 'Conv2D', scheme: 's8',
    covers: 'int4 1×3 convolution on a 1-row input, strideW·Cin % 4 = 0 (arm_convolve_1_x_n_s4), same padding, 3 filters',
    attrs: conv({ filters: 3, kernelH: 1, kernelW: 3, padding: 'same' }),
    inputs: [tensor([1, 1, 9, 4], q(0.05, 6), ints(431, 36))],
    weights: { weights: weights4(432, [3, 1, 3, 4], perChannel([0.09, 0.06, 0.1], 0)),
      bias: int32([3], perChannel([0.0045, 0.003, 0.005], 0), [100, -100, 0]) },
    outputQuant: q(0.12, -5),
  },
  {
    name: 'conv2d-s4-dilation', op: 'Conv2D', scheme: 's8',
    covers: 'int4 2×2 dilated (2×2) convolution, 1 input channel, 3 filters (4 nibbles each), ReLU6',
    attrs: conv({ filters: 3, kernelH: 2, kernelW: 2, dilationH: 2, dilationW: 2, activation: 'relu6' }),
    inputs: [tensor([1, 7, 8, 1], q(0.05, 0), ints(441, 56))],
    weights: { weights: weights4(442, [3, 2, 2, 1], perChannel([0.2, 0.1, 0.3], 0)),
      bias: int32([3], perChannel([0.01, 0.005, 0.015], 0), [5, -5, 50]) },
    outputQuant: q(0.03, -128),
  },
  {
    name: 'depthwise-s4-multiplier1-odd-channels', op: 'DepthwiseConv2D', scheme: 's8',
    covers: 'int4 depthwise, multiplier 1, 5 channels (odd: pixels straddle bytes), 3×3 same padding (arm_depthwise_conv_s4_opt)',
    attrs: conv({ depthMultiplier: 1, kernelH: 3, kernelW: 3, padding: 'same' }),
    inputs: [tensor([1, 4, 4, 5], q(0.04, 12), ints(451, 80))],
    weights: { weights: weights4(452, [1, 3, 3, 5], perChannel([0.1, 0.05, 0.2, 0.07, 0.12], 3)),
      bias: int32([5], perChannel([0.004, 0.002, 0.008, 0.0028, 0.0048], 3), [30, -30, 60, -60, 0]) },
    outputQuant: q(0.08, 3),
  },
  {
    name: 'depthwise-s4-multiplier2-dilation', op: 'DepthwiseConv2D', scheme: 's8',
    covers: 'int4 depthwise, multiplier 2, dilation 2, 3 input channels (odd), valid; CMSIS-NN v7.0.0 arm_depthwise_conv_s4 misreads odd channels × multiplier > 1, so both builds run tf_depthwise_conv_s4',
    attrs: conv({ depthMultiplier: 2, kernelH: 2, kernelW: 3, dilationH: 2, dilationW: 2 }),
    inputs: [tensor([1, 6, 7, 3], q(0.03, -20), ints(461, 126))],
    weights: { weights: weights4(462, [1, 2, 3, 6], perChannel([0.05, 0.1, 0.15, 0.2, 0.25, 0.3], 3)),
      bias: int32([6], perChannel([0.0015, 0.003, 0.0045, 0.006, 0.0075, 0.009], 3), [1, 2, 3, -4, -5, -6]) },
    outputQuant: q(0.05, 0),
  },
  {
    name: 'depthwise-s4-multiplier3-stride', op: 'DepthwiseConv2D', scheme: 's8',
    covers: 'int4 depthwise, multiplier 3 (odd: a nibble at a time), 2 input channels, 3×2 kernel, stride 2, same, ReLU (arm_depthwise_conv_s4)',
    attrs: conv({ depthMultiplier: 3, kernelH: 3, kernelW: 2, strideH: 2, strideW: 2, padding: 'same', activation: 'relu' }),
    inputs: [tensor([1, 5, 5, 2], q(0.05, 5), ints(471, 50))],
    weights: { weights: weights4(472, [1, 3, 2, 6], perChannel([0.1, 0.1, 0.2, 0.2, 0.05, 0.05], 3)),
      bias: int32([6], perChannel([0.005, 0.005, 0.01, 0.01, 0.0025, 0.0025], 3), [10, 20, -30, -40, 50, 60]) },
    outputQuant: q(0.07, -60),
  },
  {
    name: 'depthwise-s4-multiplier2-even-channels', op: 'DepthwiseConv2D', scheme: 's8',
    covers: 'int4 depthwise, multiplier 2 with 4 input channels (even: two outputs per byte), 3×3 valid (arm_depthwise_conv_s4)',
    attrs: conv({ depthMultiplier: 2, kernelH: 3, kernelW: 3 }),
    inputs: [tensor([1, 4, 5, 4], q(0.04, -7), ints(476, 80))],
    weights: { weights: weights4(477, [1, 3, 3, 8], perChannel([0.1, 0.2, 0.3, 0.1, 0.2, 0.3, 0.1, 0.2], 3)),
      bias: int32([8], perChannel([0.004, 0.008, 0.012, 0.004, 0.008, 0.012, 0.004, 0.008], 3), [0, 10, -10, 20, -20, 30, -30, 40]) },
    outputQuant: q(0.1, 0),
  },
  {
    name: 'fully-connected-s4-odd', op: 'FullyConnected', scheme: 's8',
    covers: 'int4 fully connected, K = 7 (odd rows), 5 units, per-tensor scale (arm_fully_connected_s4)',
    attrs: { units: 5, useBias: true, activation: 'none' },
    inputs: [tensor([1, 7], q(0.05, -9), ints(481, 7))],
    weights: { weights: weights4(482, [5, 7], q(0.15)), bias: int32([5], q(0.0075), [-200, 100, 0, 50, 300]) },
    outputQuant: q(0.1, 1),
  },
  {
    name: 'fully-connected-s4-relu', op: 'FullyConnected', scheme: 's8',
    covers: 'int4 fully connected, K = 40 from a 1×2×4×5 input, 3 units, fused ReLU, no bias',
    attrs: { units: 3, useBias: false, activation: 'relu' },
    inputs: [tensor([1, 2, 4, 5], q(0.02, 3), ints(491, 40))],
    weights: { weights: weights4(492, [3, 40], q(0.05)) },
    outputQuant: q(0.04, -50),
  },
]
