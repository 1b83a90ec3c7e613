/* tf_batch_matmul_s16 — see tf_batch_matmul_s16.h for the contract. */
#include "tf_batch_matmul_s16.h"

#include "tf_nn_fixed_point.h"

void tf_batch_matmul_s16(const tf_batch_matmul_s8_params *params, const int16_t *lhs, const int16_t *rhs, int16_t *output)
{
    const int32_t rows = params->rows;
    const int32_t depth = params->depth;
    const int32_t cols = params->cols;
    const int32_t m = params->multiplier;
    const int64_t reduced = m < 0x7FFF0000 ? (m + (1 << 15)) >> 16 : 0x7FFF;
    /* Step between columns of b along k, and between k of one column. */
    const int32_t k_step = params->transpose_b ? 1 : cols;
    const int32_t n_step = params->transpose_b ? depth : 1;
    for (int32_t bt = 0; bt < params->batches; bt++)
    {
        const int16_t *a = lhs + (params->lhs_batches == 1 ? 0 : bt) * rows * depth;
        const int16_t *b = rhs + (params->rhs_batches == 1 ? 0 : bt) * depth * cols;
        for (int32_t i = 0; i < rows; i++)
        {
            const int16_t *a_row = a + i * depth;
            for (int32_t n = 0; n < cols; n++)
            {
                const int16_t *b_col = b + n * n_step;
                int64_t acc = 0;
                for (int32_t k = 0; k < depth; k++)
                {
                    acc += (int32_t)a_row[k] * (int32_t)b_col[k * k_step];
                }
                /* arm_nn_requantize_s64: the 64 -> 32 bit reduction keeps the low 32 bits, then the last rounding shift. */
                const int64_t wide = (acc * reduced) >> (14 - params->shift);
                int32_t r = (int32_t)(uint32_t)(uint64_t)wide;
                r = (r + 1) >> 1;
                *output++ = (int16_t)tf_nn_clamp(r, params->act.min, params->act.max);
            }
        }
    }
}
