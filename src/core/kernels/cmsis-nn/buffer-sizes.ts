/**
 * CMSIS-NN's `*_get_buffer_size` functions (CMSIS-NN v7.0.0, commit 22080c68d040), restated from their sources for the
 * bindings in this folder: the scratch each s8 kernel asks for on a code path ('c', 'dsp' = ARM_MATH_DSP, 'mve' =
 * ARM_MATH_MVEI), GCC builds (arm_convolve_1x1_s8_fast asks for 2·C int16 only under Arm Compiler 6; the depthwise
 * one-input-channel threshold is GCC's).
 *   Conv2D — arm_convolve_wrapper_s8_get_buffer_size (Source/ConvolutionFunctions/arm_convolve_get_buffer_sizes_s8.c):
 *     1×1, no padding, dilation 1 → 0 (stride 1: arm_convolve_1x1_s8_fast, 0 under GCC; else arm_convolve_1x1_s8);
 *     H = 1, kernel height 1, dilation width 1, strideW·C % 4 = 0 → arm_convolve_1_x_n_s8: on 'mve' the 1×n formula
 *       max(kw·C + padL·C, (kw−1)·C + padR·C), else as arm_convolve_s8;
 *     otherwise arm_convolve_s8_get_buffer_size: 'mve' 4·⌈C·kh·kw/16⌉·16, else 2·align4(C·kh·kw)·sizeof(int16).
 *   DepthwiseConv2D — arm_depthwise_conv_wrapper_s8_get_buffer_size (arm_depthwise_conv_get_buffer_sizes_s8.c):
 *     'mve', C = 1 and more than 1 output channel → the convolution formula for [outC, kh, kw, 1] + outC·kh·kw;
 *     depth multiplier 1 and dilation 1 → not 'mve' and 3×3 with padding ≤ 1: 0 (arm_depthwise_conv_3x3_s8);
 *       else arm_depthwise_conv_s8_opt: 'mve' 4·CH_IN_BLOCK_MVE(124)·kw·kh, 'dsp' C·kw·kh·sizeof(int16), 'c' 0;
 *     otherwise (arm_depthwise_conv_s8) 0.
 *   int4 weights (the _s4 kernels, arm_convolve_get_buffer_sizes_s4.c, arm_depthwise_conv_get_buffer_sizes_s4.c):
 *     Conv2D — arm_convolve_wrapper_s4_get_buffer_size: 1×1, no padding, dilation 1 → 0; otherwise
 *       arm_convolve_s4_get_buffer_size 2·C·kh·kw·sizeof(int16) (no alignment); 'mve': the s8 wrapper's MVE figure
 *       (arm_convolve_wrapper_s4_get_buffer_size calls arm_convolve_wrapper_s8_get_buffer_size_mve there).
 *     DepthwiseConv2D — arm_depthwise_conv_wrapper_s4_get_buffer_size: C = outC (multiplier 1) and dilation 1 →
 *       arm_depthwise_conv_s4_opt_get_buffer_size, which is the s8 _dsp figure C·kw·kh·sizeof(int16) on 'c' and 'dsp'
 *       (no plain-C case, unlike s8) and 4·CH_IN_BLOCK_MVE·kw·kh on 'mve'; otherwise 0.
 *     FullyConnected — arm_fully_connected_s4 takes no buffer.
 *   FullyConnected — arm_fully_connected_s8_get_buffer_size (arm_fully_connected_get_buffer_sizes_s8.c): 'mve'
 *     units·sizeof(int32) (the kernel sums), else 0.
 *   AvgPool2D, GlobalAveragePool — arm_avgpool_s8_get_buffer_size (arm_avgpool_get_buffer_sizes_s8.c): 'dsp'
 *     C·sizeof(int32), else 0.
 *   MaxPool2D (arm_max_pool_s8), Add, Softmax (arm_softmax_s8), Concat, Pad, Reshape, ReLU: no buffer.
 *   int16 activations (the _s16 kernels, arm_convolve_get_buffer_sizes_s16.c, arm_depthwise_conv_get_buffer_sizes_s16.c):
 *     Conv2D — arm_convolve_wrapper_s16_get_buffer_size = arm_convolve_s16_get_buffer_size: 'mve' 4·⌈C·kh·kw/8⌉·8·
 *       sizeof(int16), else 2·C·kh·kw·sizeof(int16) (arm_convolve_s16 refuses a NULL buffer on every path).
 *     DepthwiseConv2D — arm_depthwise_conv_wrapper_s16_get_buffer_size: USE_FAST_DW_CONV_S16_FUNCTION (multiplier 1,
 *       dilation 1, kh·kw < 512) → arm_depthwise_conv_fast_s16: 'dsp' C·kh·kw·sizeof(int16), 'mve' 4·C·kh·kw·
 *       sizeof(int16) + 8, 'c' 0; otherwise (arm_depthwise_conv_s16) 0.
 */
import type { Attrs, Shape } from '../../ir/types.ts'
import { windowPadBefore } from '../../ops/op-def.ts'
import type { KernelIsa } from '../../targets/cores.ts'
import type { KernelSite } from '../types.ts'

/** CMSIS-NN's CH_IN_BLOCK_MVE (Include/arm_nnsupportfunctions.h, v7.0.0). */
const CH_IN_BLOCK_MVE = 124

const align4 = (n: number): number => (n % 4 === 0 ? n : n + 4 - (n % 4))
/** C integer division (truncation towards zero), as the get_buffer_size functions compute. */
const div = (a: number, b: number): number => Math.trunc(a / b)

export interface ConvGeometry {
  h: number; w: number; c: number; outW: number; outC: number; kh: number; kw: number
  strideW: number; strideH: number; dilH: number; dilW: number; padTop: number; padLeft: number
}

export function geometry(attrs: Attrs, input: Shape, output: Shape, kh: number, kw: number): ConvGeometry {
  const [, h, w, c] = input
  const num = (k: string) => (typeof attrs[k] === 'number' ? (attrs[k] as number) : 1)
  const padding = String(attrs.padding)
  return {
    h, w, c, outW: output[2], outC: output[3], kh, kw, strideH: num('strideH'), strideW: num('strideW'),
    dilH: num('dilationH'), dilW: num('dilationW'),
    padTop: windowPadBefore(h, kh, num('strideH'), num('dilationH'), padding),
    padLeft: windowPadBefore(w, kw, num('strideW'), num('dilationW'), padding),
  }
}

/** arm_convolve_s8_get_buffer_size (per ISA). */
function convolveS8(isa: KernelIsa, c: number, kh: number, kw: number): number {
  const cols = c * kh * kw
  return isa === 'mve' ? 4 * div(cols + 15, 16) * 16 : 2 * align4(cols) * 2
}

/** arm_convolve_wrapper_s8_get_buffer_size (per ISA, GCC). */
export function convolveWrapperS8(isa: KernelIsa, g: ConvGeometry): number {
  if (g.padTop === 0 && g.padLeft === 0 && g.kh === 1 && g.kw === 1 && g.dilH === 1 && g.dilW === 1) return 0
  if (g.h === 1 && g.dilW === 1 && g.kh === 1 && (g.strideW * g.c) % 4 === 0) {
    return isa === 'mve' ? convolve1xNMve(g) : convolveS8(isa, g.c, g.kh, g.kw)
  }
  return convolveS8(isa, g.c, g.kh, g.kw)
}

/** arm_convolve_wrapper_s4_get_buffer_size (per ISA). */
export function convolveWrapperS4(isa: KernelIsa, g: ConvGeometry): number {
  if (isa === 'mve') return convolveWrapperS8('mve', g)
  if (g.padTop === 0 && g.padLeft === 0 && g.kh === 1 && g.kw === 1 && g.dilH === 1 && g.dilW === 1) return 0
  return 2 * g.c * g.kh * g.kw * 2
}

/** arm_depthwise_conv_wrapper_s4_get_buffer_size (per ISA). */
export function depthwiseWrapperS4(isa: KernelIsa, g: ConvGeometry): number {
  if (g.c !== g.outC || g.dilH !== 1 || g.dilW !== 1) return 0
  return isa === 'mve' ? 4 * CH_IN_BLOCK_MVE * g.kw * g.kh : g.c * g.kw * g.kh * 2
}

/** arm_convolve_wrapper_s16_get_buffer_size (per ISA). */
export function convolveWrapperS16(isa: KernelIsa, g: ConvGeometry): number {
  const cols = g.c * g.kh * g.kw
  return isa === 'mve' ? 4 * div(cols + 7, 8) * 8 * 2 : 2 * cols * 2
}

/** arm_depthwise_conv_wrapper_s16_get_buffer_size (per ISA). */
export function depthwiseWrapperS16(isa: KernelIsa, g: ConvGeometry): number {
  if (g.c !== g.outC || g.dilH !== 1 || g.dilW !== 1 || g.kh * g.kw >= 512) return 0
  return isa === 'mve' ? 4 * g.c * g.kw * g.kh * 2 + 8 : isa === 'dsp' ? g.c * g.kw * g.kh * 2 : 0
}

/** arm_convolve_1_x_n_s8_get_buffer_size_mve. */
function convolve1xNMve(g: ConvGeometry): number {
  const totalPad = (g.outW - 1) * g.strideW + g.kw - g.w
  const asymPad = totalPad % 2
  const padX = g.padLeft
  const rightPadNum = padX + asymPad !== 0 ? Math.max(1, div(padX + asymPad + g.strideW - 1, g.strideW)) : 0
  const leftPadNum = padX !== 0 ? Math.max(1, div(padX + g.strideW - 1, g.strideW)) : 0
  const noPadNum = Math.max(g.outW - (rightPadNum + leftPadNum), 0)
  if (rightPadNum + noPadNum + leftPadNum !== g.outW) return convolveS8('mve', g.c, g.kh, g.kw)
  const padSizeLeft = padX * g.c
  const padSizeRight = asymPad ? rightPadNum * g.c : padSizeLeft
  const numElemLeft = g.kw * g.c
  const numElemRight = numElemLeft - g.c
  return Math.max(numElemLeft + padSizeLeft, numElemRight + padSizeRight)
}

/** arm_depthwise_conv_wrapper_s8_get_buffer_size (per ISA, GCC). */
export function depthwiseWrapperS8(isa: KernelIsa, g: ConvGeometry): number {
  if (isa === 'mve' && g.c === 1 && g.outC > 1) {
    // arm_deptwise_conv_s8_one_in_ch_get_buffer_size_mve: run as a convolution with filter [outC, kh, kw, 1].
    return convolveWrapperS8('mve', g) + g.outC * g.kh * g.kw
  }
  if (g.c !== g.outC || g.dilH !== 1 || g.dilW !== 1) return 0
  if (isa !== 'mve' && g.kh === 3 && g.kw === 3 && g.padTop <= 1 && g.padLeft <= 1) return 0
  if (isa === 'mve') return 4 * CH_IN_BLOCK_MVE * g.kw * g.kh
  return isa === 'dsp' ? g.c * g.kw * g.kh * 2 : 0
}

/** The convolution geometry of a Conv2D / DepthwiseConv2D site, or undefined when its shapes are not NHWC. */
export function siteGeometry(site: KernelSite<'Conv2D'> | KernelSite<'DepthwiseConv2D'>): ConvGeometry | undefined {
  const input = site.inputs[0]?.shape
  const output = site.output.shape
  if (!input || input.length !== 4 || output.length !== 4) return undefined
  return geometry(site.attrs, input, output, site.attrs.kernelH, site.attrs.kernelW)
}

/** arm_avgpool_s8_get_buffer_size: C int32 sums on DSP cores. */
export function avgpoolS8(isa: KernelIsa, input: Shape | undefined): number {
  return isa === 'dsp' && input?.length === 4 ? input[3] * 4 : 0
}

/** CMSIS-NN's REVERSE_TCOL_EFFICIENT_THRESHOLD (Include/arm_nnsupportfunctions.h, v7.0.0). */
const REVERSE_TCOL_EFFICIENT_THRESHOLD = 16

/**
 * arm_transpose_conv_s8_get_buffer_size + _get_reverse_conv_buffer_size (arm_transpose_conv_get_buffer_sizes_s8.c,
 * v7.0.0), each rounded up to whole words as the call lays them out. Reverse path (both strides ≤ 2, more than 16 input
 * channels): arm_convolve_s8_get_buffer_size of the upsampled input, plus C·kh·kw·outC bytes for the reversed filter;
 * otherwise the rolling int32 row buffer ((W−1)·sw + max(kw, s))·outC × max(kh, sh), with max(kw, sw, sh) for the row
 * width because the size function takes the stride height where the kernel takes the width.
 */
export function transposeConvS8(isa: KernelIsa, site: KernelSite<'TransposeConv2D'>): { ctx: number; reverse: number; total: number } {
  const input = site.inputs[0]?.shape
  const output = site.output.shape
  if (!input || input.length !== 4 || output.length !== 4) return { ctx: 0, reverse: 0, total: 0 }
  const [, , w, c] = input
  const outC = output[3]
  const { kernelH: kh, kernelW: kw, strideH: sh, strideW: sw } = site.attrs
  const words = (n: number) => Math.ceil(n / 4) * 4
  if (sw <= 2 && sh <= 2 && c > REVERSE_TCOL_EFFICIENT_THRESHOLD) {
    const ctx = words(convolveS8(isa, c, kh, kw))
    const reverse = c * kh * kw * outC
    return { ctx, reverse, total: ctx + reverse }
  }
  const ctx = ((w - 1) * sw + Math.max(kw, sw, sh)) * outC * Math.max(kh, sh) * 4
  return { ctx, reverse: 0, total: ctx }
}

/**
 * arm_batch_matmul_s8: on Helium the column sums of b, N int32 (TFLite Micro sizes it with
 * arm_fully_connected_s8_get_buffer_size of the output dims); without transposeB, b transposed to [.., N, K] first
 * (Bb·K·N bytes, rounded to words).
 */
export function batchMatmulS8(isa: KernelIsa, site: KernelSite<'BatchMatMul'>): number {
  const b = site.inputs[1]?.shape
  const out = site.output.shape
  if (!b || b.length < 3) return 0
  const sums = isa === 'mve' ? out[out.length - 1] * 4 : 0
  const transposed = site.attrs.transposeB ? 0 : Math.ceil(b.reduce((p, x) => p * x, 1) / 4) * 4
  return transposed + sums
}
