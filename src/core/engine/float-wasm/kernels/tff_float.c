/* Float reference kernels (see tff_float.h for the exactness contract and layouts). */
#include <wasm_simd128.h>
#include "tff_float.h"

/* a += s · w, lane by lane: one double multiply (exact for float32 operands) and one rounded double add. */
#define TFF_MAC(a, s, w) ((a) = wasm_f64x2_add((a), wasm_f64x2_mul((s), (w))))

static inline float tff_clamp(double a, double lo, double hi) {
  return (float)(a < lo ? lo : a > hi ? hi : a);
}

/* Stores lanes [0, n) of four accumulators (8 output channels) through the activation clamp. */
static inline void tff_store8(float *out, int32_t n, v128_t a0, v128_t a1, v128_t a2, v128_t a3, double lo, double hi) {
  double t[8];
  wasm_v128_store(t, a0);
  wasm_v128_store(t + 2, a1);
  wasm_v128_store(t + 4, a2);
  wasm_v128_store(t + 6, a3);
  for (int32_t j = 0; j < n; j++) out[j] = tff_clamp(t[j], lo, hi);
}

void tff_conv_f64(const float *input_f32, int32_t in_h, int32_t in_w, int32_t in_c,
                  const double *weights, const double *bias, int32_t out_h, int32_t out_w, int32_t out_c,
                  int32_t kernel_h, int32_t kernel_w, int32_t stride_h, int32_t stride_w,
                  int32_t dilation_h, int32_t dilation_w, int32_t pad_top, int32_t pad_left,
                  double act_min, double act_max, float *output, double *scratch) {
  const int32_t ocp = (out_c + 7) & ~7;
  /* The input widened to double once (exact), so that the inner loop splats it with one load. */
  const int32_t in_size = in_h * in_w * in_c;
  for (int32_t i = 0; i < in_size; i++) scratch[i] = (double)input_f32[i];
  const double *input = scratch;
  const int32_t tap_stride = in_c * ocp;
  for (int32_t oy = 0; oy < out_h; oy++) {
    const int32_t iy0 = oy * stride_h - pad_top;
    /* Two pixels of the row at a time (p0 at ox, p1 at ox + 1); a tap valid for one pixel only runs for it alone. */
    for (int32_t ox = 0; ox < out_w; ox += 2) {
      const int32_t pair = ox + 1 < out_w;
      const int32_t ix00 = ox * stride_w - pad_left;
      const int32_t ix10 = ix00 + stride_w;
      float *out0 = output + (oy * out_w + ox) * out_c;
      float *out1 = out0 + out_c;
      for (int32_t oc = 0; oc < out_c; oc += 8) {
        const v128_t b0 = wasm_v128_load(bias + oc), b1 = wasm_v128_load(bias + oc + 2);
        const v128_t b2 = wasm_v128_load(bias + oc + 4), b3 = wasm_v128_load(bias + oc + 6);
        v128_t a00 = b0, a01 = b1, a02 = b2, a03 = b3;
        v128_t a10 = b0, a11 = b1, a12 = b2, a13 = b3;
        for (int32_t ky = 0; ky < kernel_h; ky++) {
          const int32_t iy = iy0 + ky * dilation_h;
          if (iy < 0 || iy >= in_h) continue;
          for (int32_t kx = 0; kx < kernel_w; kx++) {
            const int32_t ix0 = ix00 + kx * dilation_w;
            const int32_t ix1 = ix10 + kx * dilation_w;
            const int32_t valid0 = ix0 >= 0 && ix0 < in_w;
            const int32_t valid1 = pair && ix1 >= 0 && ix1 < in_w;
            const double *wp = weights + (ky * kernel_w + kx) * tap_stride + oc;
            const double *x0 = input + (iy * in_w + ix0) * in_c;
            const double *x1 = input + (iy * in_w + ix1) * in_c;
            if (valid0 && valid1) {
              for (int32_t ic = 0; ic < in_c; ic++, wp += ocp) {
                const v128_t w0 = wasm_v128_load(wp), w1 = wasm_v128_load(wp + 2);
                const v128_t w2 = wasm_v128_load(wp + 4), w3 = wasm_v128_load(wp + 6);
                const v128_t s0 = wasm_v128_load64_splat(x0 + ic);
                const v128_t s1 = wasm_v128_load64_splat(x1 + ic);
                TFF_MAC(a00, s0, w0); TFF_MAC(a01, s0, w1); TFF_MAC(a02, s0, w2); TFF_MAC(a03, s0, w3);
                TFF_MAC(a10, s1, w0); TFF_MAC(a11, s1, w1); TFF_MAC(a12, s1, w2); TFF_MAC(a13, s1, w3);
              }
            } else if (valid0) {
              for (int32_t ic = 0; ic < in_c; ic++, wp += ocp) {
                const v128_t s0 = wasm_v128_load64_splat(x0 + ic);
                TFF_MAC(a00, s0, wasm_v128_load(wp)); TFF_MAC(a01, s0, wasm_v128_load(wp + 2));
                TFF_MAC(a02, s0, wasm_v128_load(wp + 4)); TFF_MAC(a03, s0, wasm_v128_load(wp + 6));
              }
            } else if (valid1) {
              for (int32_t ic = 0; ic < in_c; ic++, wp += ocp) {
                const v128_t s1 = wasm_v128_load64_splat(x1 + ic);
                TFF_MAC(a10, s1, wasm_v128_load(wp)); TFF_MAC(a11, s1, wasm_v128_load(wp + 2));
                TFF_MAC(a12, s1, wasm_v128_load(wp + 4)); TFF_MAC(a13, s1, wasm_v128_load(wp + 6));
              }
            }
          }
        }
        const int32_t n = out_c - oc < 8 ? out_c - oc : 8;
        tff_store8(out0 + oc, n, a00, a01, a02, a03, act_min, act_max);
        if (pair) tff_store8(out1 + oc, n, a10, a11, a12, a13, act_min, act_max);
      }
    }
  }
}

void tff_depthwise_conv_f64(const float *input, int32_t in_h, int32_t in_w, int32_t in_c, int32_t depth_multiplier,
                            const double *weights, const double *bias, int32_t out_h, int32_t out_w,
                            int32_t kernel_h, int32_t kernel_w, int32_t stride_h, int32_t stride_w,
                            int32_t dilation_h, int32_t dilation_w, int32_t pad_top, int32_t pad_left,
                            double act_min, double act_max, float *output, double *scratch) {
  const int32_t out_c = in_c * depth_multiplier;
  const int32_t ocp = (out_c + 7) & ~7;
  /* The input widened to double once (exact), each output channel's value in its lane (channel oc reads input
     channel oc / M), each pixel padded to OCp lanes with zeros (their weights are 0 too, and they are never stored). */
  for (int32_t p = 0; p < in_h * in_w; p++) {
    const float *x = input + p * in_c;
    double *d = scratch + p * ocp;
    if (depth_multiplier == 1) {
      for (int32_t c = 0; c < in_c; c++) d[c] = (double)x[c];
    } else {
      for (int32_t oc = 0; oc < out_c; oc++) d[oc] = (double)x[oc / depth_multiplier];
    }
    for (int32_t oc = out_c; oc < ocp; oc++) d[oc] = 0.0;
  }
  for (int32_t oy = 0; oy < out_h; oy++) {
    const int32_t iy0 = oy * stride_h - pad_top;
    /* Two pixels of the row at a time sharing each weight load; a tap valid for one pixel only runs for it alone. */
    for (int32_t ox = 0; ox < out_w; ox += 2) {
      const int32_t pair = ox + 1 < out_w;
      const int32_t ix00 = ox * stride_w - pad_left;
      const int32_t ix10 = ix00 + stride_w;
      float *out0 = output + (oy * out_w + ox) * out_c;
      float *out1 = out0 + out_c;
      for (int32_t oc = 0; oc < out_c; oc += 8) {
        const int32_t n = out_c - oc < 8 ? out_c - oc : 8;
        const v128_t b0 = wasm_v128_load(bias + oc), b1 = wasm_v128_load(bias + oc + 2);
        const v128_t b2 = wasm_v128_load(bias + oc + 4), b3 = wasm_v128_load(bias + oc + 6);
        v128_t a00 = b0, a01 = b1, a02 = b2, a03 = b3;
        v128_t a10 = b0, a11 = b1, a12 = b2, a13 = b3;
        for (int32_t ky = 0; ky < kernel_h; ky++) {
          const int32_t iy = iy0 + ky * dilation_h;
          if (iy < 0 || iy >= in_h) continue;
          for (int32_t kx = 0; kx < kernel_w; kx++) {
            const int32_t ix0 = ix00 + kx * dilation_w;
            const int32_t ix1 = ix10 + kx * dilation_w;
            const int32_t valid0 = ix0 >= 0 && ix0 < in_w;
            const int32_t valid1 = pair && ix1 >= 0 && ix1 < in_w;
            const double *wp = weights + (ky * kernel_w + kx) * ocp + oc;
            const v128_t w0 = wasm_v128_load(wp), w1 = wasm_v128_load(wp + 2);
            const v128_t w2 = wasm_v128_load(wp + 4), w3 = wasm_v128_load(wp + 6);
            if (valid0) {
              const double *x = scratch + (iy * in_w + ix0) * ocp + oc;
              TFF_MAC(a00, wasm_v128_load(x), w0); TFF_MAC(a01, wasm_v128_load(x + 2), w1);
              TFF_MAC(a02, wasm_v128_load(x + 4), w2); TFF_MAC(a03, wasm_v128_load(x + 6), w3);
            }
            if (valid1) {
              const double *x = scratch + (iy * in_w + ix1) * ocp + oc;
              TFF_MAC(a10, wasm_v128_load(x), w0); TFF_MAC(a11, wasm_v128_load(x + 2), w1);
              TFF_MAC(a12, wasm_v128_load(x + 4), w2); TFF_MAC(a13, wasm_v128_load(x + 6), w3);
            }
          }
        }
        tff_store8(out0 + oc, n, a00, a01, a02, a03, act_min, act_max);
        if (pair) tff_store8(out1 + oc, n, a10, a11, a12, a13, act_min, act_max);
      }
    }
  }
}

void tff_input_f32(const float *raw, int32_t size, const double *mean, int32_t mean_count, int32_t channels, double scale,
                   float *output) {
  if (mean_count == 1) {
    const double m = mean[0];
    for (int32_t i = 0; i < size; i++) output[i] = (float)(((double)raw[i] - m) * scale);
  } else {
    for (int32_t i = 0, c = 0; i < size; i++) {
      output[i] = (float)(((double)raw[i] - mean[c]) * scale);
      if (++c == channels) c = 0;
    }
  }
}

void tff_accumulate_codes(const float *ref, const int8_t *codes, const float *table, int32_t n, double *sums) {
  double signal = sums[0], noise = sums[1], dot = sums[2], energy = sums[3], max_abs = sums[4];
  for (int32_t i = 0; i < n; i++) {
    const double r = ref[i];
    const double t = table[codes[i] + 128];
    const double d = r - t;
    signal += r * r;
    noise += d * d;
    dot += r * t;
    energy += t * t;
    const double a = __builtin_fabs(d);
    if (a > max_abs) max_abs = a;
  }
  sums[0] = signal;
  sums[1] = noise;
  sums[2] = dot;
  sums[3] = energy;
  sums[4] = max_abs;
}
