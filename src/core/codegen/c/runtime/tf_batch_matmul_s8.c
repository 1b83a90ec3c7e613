/* tf_batch_matmul_s8 — see tf_batch_matmul_s8.h for the contract. */
#include "tf_batch_matmul_s8.h"

#include "tf_nn_fixed_point.h"

void tf_batch_matmul_s8(const tf_batch_matmul_s8_params *params, const int8_t *lhs, const int8_t *rhs, int8_t *output)
{
    const int32_t rows = params->rows;
    const int32_t depth = params->depth;
    const int32_t cols = params->cols;
    /* Step between columns of b along k, and between k of one column. */
    const int32_t k_step = params->transpose_b ? 1 : cols;
    const int32_t n_step = params->transpose_b ? depth : 1;
    for (int32_t bt = 0; bt < params->batches; bt++)
    {
        const int8_t *a = lhs + (params->lhs_batches == 1 ? 0 : bt) * rows * depth;
        const int8_t *b = rhs + (params->rhs_batches == 1 ? 0 : bt) * depth * cols;
        for (int32_t m = 0; m < rows; m++)
        {
            const int8_t *a_row = a + m * depth;
            for (int32_t n = 0; n < cols; n++)
            {
                const int8_t *b_col = b + n * n_step;
                int32_t acc = 0;
                for (int32_t k = 0; k < depth; k++)
                {
                    acc += (a_row[k] + params->lhs_offset) * (b_col[k * k_step] + params->rhs_offset);
                }
                const int32_t y = tf_nn_requantize(acc, params->multiplier, params->shift) + params->output_offset;
                *output++ = (int8_t)tf_nn_clamp(y, params->act.min, params->act.max);
            }
        }
    }
}
