/**
 * Golden specs of the 16x8 convolutions (int16 activations, per-channel int8 weights, 64-bit bias): Conv2D as
 * arm_convolve_wrapper_s16 runs it (two-pixel matrix kernel, the odd-pixel leftover, an odd filter count, more than
 * MAX_COL_COUNT = 512 columns) and DepthwiseConv2D on both arm_depthwise_conv_wrapper_s16 paths (fast_s16: multiplier 1,
 * dilation 1; depthwise_conv_s16: multiplier 2 with dilation), Add at int16 (arm_elementwise_add_s16: left shift 15) and
 * the int16 pools (arm_max_pool_s16, arm_avgpool_s16) and Mul (arm_elementwise_mul_s16 for equal shapes, tf_mul_s16 when it
 * broadcasts) and BatchMatMul (arm_batch_matmul_s16 with b transposed, tf_batch_matmul_s16 otherwise).
 */
import type { GoldenSpec, GoldenTensor } from './golden-cases.ts'
import { int32, ints, perChannel, q, tensor, weights8 } from './spec-helpers.ts'

const s16 = (shape: number[], scale: number, seed: number, data: number[] = []): GoldenTensor =>
  ({ ...tensor(shape, q(scale, 0), [...data, ...ints(seed, shape.reduce((a, b) => a * b, 1) - data.length, -32768, 32767)]), dtype: 'int16' })
const conv = (a: Record<string, unknown>) => ({ strideH: 1, strideW: 1, dilationH: 1, dilationW: 1, useBias: true,
  padding: 'valid', activation: 'none', ...a })
const scales = (n: number, base: number) => Array.from({ length: n }, (_, i) => base * (1 + 0.37 * i))

export const INT16_LAYER_SPECS: readonly GoldenSpec[] = [
  {
    name: 'conv2d-s16-same-relu', op: 'Conv2D', scheme: 's8',
    covers: "arm_convolve_s16: 'same' padding (zero cells), stride 2, 3×3 over 3 channels, 4 filters, 3×3 = 9 output pixels (the odd last pixel takes the leftover path), int64 bias beyond the products, ReLU",
    attrs: conv({ filters: 4, kernelH: 3, kernelW: 3, strideH: 2, strideW: 2, padding: 'same', activation: 'relu' }),
    inputs: [s16([1, 5, 6, 3], 0.0005, 501, [32767, -32768, -32767])],
    weights: { weights: weights8(502, [4, 3, 3, 3], perChannel(scales(4, 0.004), 0)),
      bias: int32([4], perChannel(scales(4, 0.004 * 0.0005), 0), [2000000, -2000000, 0, 123456789]) },
    outputQuant: q(0.002, 0), outputDType: 'int16',
  },
  {
    name: 'conv2d-s16-dilation-odd-filters', op: 'Conv2D', scheme: 's8',
    covers: 'dilation 2×1, 2×2 kernel, 3 filters (the odd filter row of arm_nn_mat_mult_kernel_s16), 2 channels, ReLU6 (6 quantized at the output scale), saturating',
    attrs: conv({ filters: 3, kernelH: 2, kernelW: 2, dilationH: 2, activation: 'relu6' }),
    inputs: [s16([1, 6, 5, 2], 0.001, 511)],
    weights: { weights: weights8(512, [3, 2, 2, 2], perChannel([0.02, 0.005, 0.01], 0)),
      bias: int32([3], perChannel([0.00002, 0.000005, 0.00001], 0), [-50000, 70000, 0]) },
    outputQuant: q(0.0004, 0), outputDType: 'int16',
  },
  {
    name: 'conv2d-s16-long-columns', op: 'Conv2D', scheme: 's8',
    covers: '3×3 over 64 channels = 576 columns (> MAX_COL_COUNT 512: the int64 tail of arm_nn_mat_mult_kernel_s16), two output pixels, no bias, per-channel shifts −11 and −15',
    attrs: conv({ filters: 2, kernelH: 3, kernelW: 3, useBias: false }),
    inputs: [s16([1, 3, 4, 64], 0.0002, 521)],
    weights: { weights: weights8(522, [2, 3, 3, 64], perChannel([0.01, 0.0004], 0)) },
    outputQuant: q(0.005, 0), outputDType: 'int16',
  },
  {
    name: 'depthwise-s16-fast-same', op: 'DepthwiseConv2D', scheme: 's8',
    covers: 'arm_depthwise_conv_fast_s16 (multiplier 1, dilation 1): 3×3 same padding, 5 channels (a block of 4 and a remainder), int64 bias, ReLU',
    attrs: conv({ depthMultiplier: 1, kernelH: 3, kernelW: 3, padding: 'same', activation: 'relu' }),
    inputs: [s16([1, 4, 5, 5], 0.0004, 531, [-32768, 32767])],
    weights: { weights: weights8(532, [1, 3, 3, 5], perChannel(scales(5, 0.006), 3)),
      bias: int32([5], perChannel(scales(5, 0.006 * 0.0004), 3), [900000, -900000, 5, -5, 40000000]) },
    outputQuant: q(0.0008, 0), outputDType: 'int16',
  },
  {
    name: 'depthwise-s16-multiplier2-dilation', op: 'DepthwiseConv2D', scheme: 's8',
    covers: 'arm_depthwise_conv_s16 (the generic kernel): depth multiplier 2 over 3 channels, dilation 2, 2×3 kernel, same padding',
    attrs: conv({ depthMultiplier: 2, kernelH: 2, kernelW: 3, dilationH: 2, dilationW: 2, padding: 'same' }),
    inputs: [s16([1, 5, 6, 3], 0.0008, 541)],
    weights: { weights: weights8(542, [1, 2, 3, 6], perChannel(scales(6, 0.01), 3)),
      bias: int32([6], perChannel(scales(6, 0.01 * 0.0008), 3), [100, -100, 1000, -1000, 10000, -10000]) },
    outputQuant: q(0.002, 0), outputDType: 'int16',
  },
  {
    name: 'depthwise-s16-stride2-no-bias', op: 'DepthwiseConv2D', scheme: 's8',
    covers: 'arm_depthwise_conv_fast_s16: stride 2, valid 2×2, 4 channels, no bias, an output scale small enough to saturate both int16 ends',
    attrs: conv({ depthMultiplier: 1, kernelH: 2, kernelW: 2, strideH: 2, strideW: 2, useBias: false }),
    inputs: [s16([1, 4, 6, 4], 0.001, 551)],
    weights: { weights: weights8(552, [1, 2, 2, 4], perChannel([0.02, 0.03, 0.01, 0.05], 3)) },
    outputQuant: q(0.0003, 0), outputDType: 'int16',
  },
  {
    name: 'add-s16-relu', op: 'Add', scheme: 's8',
    covers: 'arm_elementwise_add_s16: inputs of scales 0.0004 and 0.0011 (the larger sets twice_max), left shift 15, ReLU, int16 edges',
    attrs: { activation: 'relu' },
    inputs: [s16([1, 4, 5, 3], 0.0004, 561, [32767, -32768, 0, 1, -1]), s16([1, 4, 5, 3], 0.0011, 562, [32767, -32768, 0, -1, 1])],
    outputQuant: q(0.0012, 0), outputDType: 'int16',
  },
  {
    name: 'add-s16-saturating-odd', op: 'Add', scheme: 's8',
    covers: '37 values (the odd tail of the two-halfword loop), equal input scales, an output scale small enough to saturate both int16 ends',
    attrs: { activation: 'none' },
    inputs: [s16([1, 37], 0.002, 571), s16([1, 37], 0.002, 572)],
    outputQuant: q(0.0015, 0), outputDType: 'int16',
  },
  {
    name: 'max-pool-s16-same-relu', op: 'MaxPool2D', scheme: 's8',
    covers: "arm_max_pool_s16: 3×3 stride 2 'same' (clipped windows at the bottom/right), 5 channels, ReLU at the int16 zero",
    attrs: { poolH: 3, poolW: 3, strideH: 2, strideW: 2, padding: 'same', activation: 'relu' },
    inputs: [s16([1, 5, 6, 5], 0.0007, 581, [-32768, 32767])],
    outputQuant: q(0.0007, 0), outputDType: 'int16',
  },
  {
    name: 'avg-pool-s16-same-relu6', op: 'AvgPool2D', scheme: 's8',
    covers: "arm_avgpool_s16: 3×3 stride 2 'same' (in-bounds counts 4, 6, 9), halves away from zero, ReLU6 at round(6 / 0.0003) = 20000",
    attrs: { poolH: 3, poolW: 3, strideH: 2, strideW: 2, padding: 'same', activation: 'relu6' },
    inputs: [s16([1, 5, 5, 3], 0.0003, 591, [32767, 32767, 32767])],
    outputQuant: q(0.0003, 0), outputDType: 'int16',
  },
  {
    name: 'avg-pool-s16-valid-ties', op: 'AvgPool2D', scheme: 's8',
    covers: 'arm_avgpool_s16: 2×2 stride 2 valid; the first window sums ±2 over 4 cells (±0.5 rounds away to ±1) and the int16 ends, 4 channels',
    attrs: { poolH: 2, poolW: 2, strideH: 2, strideW: 2, padding: 'valid', activation: 'none' },
    inputs: [s16([1, 4, 4, 4], 0.001, 601, [1, -1, -32768, 32767, 0, 0, -32768, 32767, 2, -2, 3, -3, 0, 0, 0, 0,
      1, -1, -32768, 32767, 0, 0, -32768, 32767])],
    outputQuant: q(0.001, 0), outputDType: 'int16',
  },
  {
    name: 'mul-s16-flat-odd-relu', op: 'Mul', scheme: 's8',
    covers: 'arm_elementwise_mul_s16: equal shapes, 37 values (the odd tail of the two-halfword loop), (−32768)·(−32768) = 2^30, multiplier float(0.0004)·float(0.0011)/float(0.011) ≈ 4e-5 (right shift 14), ReLU, saturating at 32767',
    attrs: { activation: 'relu' },
    inputs: [s16([1, 37], 0.0004, 611, [-32768, 32767, -32768, 0, 1, -1, 32767]), s16([1, 37], 0.0011, 612, [-32768, -32768, 32767, 5, -1, -1, 1])],
    outputQuant: q(0.011, 0), outputDType: 'int16',
  },
  {
    name: 'mul-s16-broadcast', op: 'Mul', scheme: 's8',
    covers: 'per-channel broadcast [1,2,3,4]·[1,1,1,4] (no CMSIS-NN kernel: tf_mul_s16 in both builds), multiplier ≈ 1.6e-4, both int16 ends',
    attrs: { activation: 'none' },
    inputs: [s16([1, 2, 3, 4], 0.0008, 621, [-32768, 32767]), s16([1, 1, 1, 4], 0.0006, 622, [32767, 32767, -32768, 100])],
    outputQuant: q(0.003, 0), outputDType: 'int16',
  },
  {
    name: 'batch-matmul-s16-transposed', op: 'BatchMatMul', scheme: 's8',
    covers: 'arm_batch_matmul_s16: a [1,3,300] · b [1,5,300]ᵀ (adj_y): an odd row count (the DSP leftover row), K = 300 (a 4-column tail; acc·rm beyond 2^53), a first row of −32768·−32768 products saturating, REDUCE_MULTIPLIER',
    attrs: { transposeB: true },
    inputs: [s16([1, 3, 300], 0.0005, 631, new Array<number>(300).fill(-32768)), s16([1, 5, 300], 0.0004, 632, new Array<number>(300).fill(-32768))],
    outputQuant: q(0.05, 0), outputDType: 'int16',
  },
  {
    name: 'batch-matmul-s16-rank4-broadcast', op: 'BatchMatMul', scheme: 's8',
    covers: 'a [1,2,3,6] · b [1,1,6,4] (b untransposed: no arm_transpose_s16 in v7.0.0, tf_batch_matmul_s16 in both builds), b broadcast over 2 batches, int16 ends',
    attrs: { transposeB: false },
    inputs: [s16([1, 2, 3, 6], 0.001, 641, [32767, -32768]), s16([1, 1, 6, 4], 0.002, 642, [32767, -32768])],
    outputQuant: q(0.05, 0), outputDType: 'int16',
  },
]
