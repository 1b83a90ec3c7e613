/*
 * Float reference kernels for WebAssembly (SIMD128): Conv2D, DepthwiseConv2D and FullyConnected (as a 1×1
 * convolution of one pixel), computing EXACTLY what the TypeScript float references compute (ops/conv2d.ts,
 * ops/depthwise-conv2d.ts, ops/fully-connected.ts `evalFloat`):
 *   out = clamp(bias[oc] + Σ x·w, act_min, act_max), rounded once to float32,
 * the sum in double precision, in the same order: bias first, then the taps in (ky, kx) order skipping those in the
 * padding, then the input channels in order. float32 × float32 products are exact in double, wasm has no fused
 * multiply-add here (-ffp-contract=off), and the SIMD lanes hold DIFFERENT outputs (output channels side by side,
 * two pixels at a time), never parts of one sum, so every output sees the same sequence of double additions as the
 * TypeScript loop: identical bits, not merely close ones.
 *
 * Layouts: input NHWC float32 (batch 1); output NHWC float32.
 *   conv weights   double [KH][KW][C][OCp]   (OHWI transposed so that output channels are contiguous; OCp = OC
 *                                             rounded up to a multiple of 8, the padding lanes 0 and never stored)
 *   conv bias      double [OCp]              (zeros without a bias: 0 + p = p, as the TypeScript sum starting at 0)
 *   depthwise w    double [KH][KW][OCp]      (1HW(C·M) with OCp padding), bias double [OCp]
 *   scratch        double, where the kernel first widens its input (exactly): conv [H·W·C]; depthwise [H·W][OCp]
 *                                             (each output channel's input value in its lane, padding lanes 0)
 * Legal ranges: every dimension ≥ 1, strides and dilations ≥ 1, pads ≥ 0; act_min ≤ act_max (±infinity allowed).
 * No allocation, no libc, no imports.
 */
#ifndef TFF_FLOAT_H
#define TFF_FLOAT_H

#include <stdint.h>

void tff_conv_f64(const float *input, int32_t in_h, int32_t in_w, int32_t in_c,
                  const double *weights, const double *bias, int32_t out_h, int32_t out_w, int32_t out_c,
                  int32_t kernel_h, int32_t kernel_w, int32_t stride_h, int32_t stride_w,
                  int32_t dilation_h, int32_t dilation_w, int32_t pad_top, int32_t pad_left,
                  double act_min, double act_max, float *output, double *scratch);

void tff_depthwise_conv_f64(const float *input, int32_t in_h, int32_t in_w, int32_t in_c, int32_t depth_multiplier,
                            const double *weights, const double *bias, int32_t out_h, int32_t out_w,
                            int32_t kernel_h, int32_t kernel_w, int32_t stride_h, int32_t stride_w,
                            int32_t dilation_h, int32_t dilation_w, int32_t pad_top, int32_t pad_left,
                            double act_min, double act_max, float *output, double *scratch);

/*
 * Input preprocessing (ops/input.ts evalFloat): out[i] = (float)((raw[i] − mean[c]) · scale) in double, c = i mod
 * channels when mean_count > 1 (then mean_count == channels), else mean[0].
 */
void tff_input_f32(const float *raw, int32_t size, const double *mean, int32_t mean_count, int32_t channels, double scale,
                   float *output);

/*
 * Validation sums of int8 codes against their float reference (pipelines/validation.ts Accumulator.addCodes, the
 * same operations in the same order): with r = ref[i] and t = table[codes[i] + 128] (code q dequantized) as doubles,
 * d = r − t; sums[0] += r·r, sums[1] += d·d, sums[2] += r·t, sums[3] += t·t, sums[4] = max(sums[4], |d|).
 */
void tff_accumulate_codes(const float *ref, const int8_t *codes, const float *table, int32_t n, double *sums);

#endif
