/*
 * TinyForge WebAssembly kernels: SIMD128 variants of the portable runtime's hot kernels (wasm build only). Each
 * `<name>_simd128` has the signature, contract and scratch of the portable `<name>` (codegen/c/runtime/<name>.h)
 * and computes the same bytes; shapes a variant does not specialise are handed to the portable kernel, which is
 * linked into the same module. The wasm engine calls a variant wherever the module exports one.
 */
#ifndef TF_KERNELS_SIMD128_H
#define TF_KERNELS_SIMD128_H

#include "tf_convolve_q7.h"
#include "tf_convolve_s8.h"
#include "tf_elementwise_add_s8.h"
#include "tf_fully_connected_q7.h"
#include "tf_fully_connected_s8.h"
#include "tf_nn_types.h"
#include "tf_pool_types.h"

void tf_convolve_s8_simd128(const tf_conv_s8_params *params, const int32_t *multipliers, const int32_t *shifts,
                            const int8_t *input, const int8_t *filter, const int32_t *bias, int8_t *output,
                            int16_t *buffer);

void tf_depthwise_conv_s8_simd128(const tf_conv_s8_params *params, const int32_t *multipliers, const int32_t *shifts,
                                  const int8_t *input, const int8_t *filter, const int32_t *bias, int8_t *output);

void tf_fully_connected_s8_simd128(const tf_fc_s8_params *params, const int32_t *multipliers, const int32_t *shifts,
                                   const int8_t *input, const int8_t *filter, const int32_t *bias, int8_t *output);

void tf_elementwise_add_s8_simd128(const tf_add_s8_params *params, const int8_t *input1, const int8_t *input2,
                                   int8_t *output);

void tf_avgpool_s8_simd128(const tf_pool_params *params, const int8_t *input, int8_t *output);

void tf_max_pool_s8_simd128(const tf_pool_params *params, const int8_t *input, int8_t *output);

void tf_convolve_q7_simd128(const tf_conv_q7_params *params, const int8_t *input, const int8_t *filter,
                            const int8_t *bias, int8_t *output, int8_t *buffer);

void tf_depthwise_conv_q7_simd128(const tf_conv_q7_params *params, const int8_t *input, const int8_t *filter,
                                  const int8_t *bias, int8_t *output);

void tf_fully_connected_q7_simd128(const tf_fc_q7_params *params, const int8_t *input, const int8_t *filter,
                                   const int8_t *bias, int8_t *output);

void tf_add_q7_simd128(const int8_t *input1, const int8_t *input2, int8_t *output, int32_t size, tf_clamp act);

#endif /* TF_KERNELS_SIMD128_H */
