/* tf_convolve_s8_sparse — see tf_convolve_s8_sparse.h for the contract. */
#include "tf_convolve_s8_sparse.h"

#include "tf_nn_fixed_point.h"
#include "tf_sparse_weights.h"

static void im2col_s16(const tf_conv_s8_params *p, const int8_t *input, int32_t oy, int32_t ox, int16_t *column)
{
    const tf_window *win = &p->window;
    const int32_t channels = p->input.c;
    const int32_t iy0 = oy * win->stride_h - win->pad_top;
    const int32_t ix0 = ox * win->stride_w - win->pad_left;
    for (int32_t ky = 0; ky < win->kernel_h; ky++)
    {
        const int32_t iy = iy0 + ky * win->dilation_h;
        for (int32_t kx = 0; kx < win->kernel_w; kx++)
        {
            const int32_t ix = ix0 + kx * win->dilation_w;
            if (iy < 0 || iy >= p->input.h || ix < 0 || ix >= p->input.w)
            {
                for (int32_t c = 0; c < channels; c++)
                {
                    *column++ = 0;
                }
            }
            else
            {
                const int8_t *src = input + (iy * p->input.w + ix) * channels;
                for (int32_t c = 0; c < channels; c++)
                {
                    *column++ = (int16_t)(src[c] + p->input_offset);
                }
            }
        }
    }
}

#define TF_SPARSE_MAC(k, w) acc += (int32_t)buffer[(k)] * (w)

void tf_convolve_s8_sparse(const tf_conv_s8_params *params,
                           const int32_t *multipliers,
                           const int32_t *shifts,
                           const int8_t *input,
                           const uint8_t *bitmap,
                           const int8_t *values,
                           const int32_t *bias,
                           int8_t *output,
                           int16_t *buffer)
{
    const int32_t cols = params->window.kernel_h * params->window.kernel_w * params->input.c;
    const int32_t out_c = params->output.c;
    for (int32_t oy = 0; oy < params->output.h; oy++)
    {
        for (int32_t ox = 0; ox < params->output.w; ox++)
        {
            im2col_s16(params, input, oy, ox, buffer);
            const int8_t *v = values;
            for (int32_t o = 0; o < out_c; o++)
            {
                int32_t acc = bias != NULL ? bias[o] : 0;
                TF_SPARSE_ROW(bitmap, o * cols, cols, v, TF_SPARSE_MAC);
                acc = tf_nn_requantize(acc, multipliers[o], shifts[o]) + params->output_offset;
                output[o] = (int8_t)tf_nn_clamp(acc, params->act.min, params->act.max);
            }
            output += out_c;
        }
    }
}
