/*
 * Stand-in for the standalone int8 ReLU / ReLU6 that TinyForge runs next to CMSIS-NN (CMSIS-NN has no s8 ReLU that
 * honours scale and zero point): TFLite Micro's reference ReluQuantized / Relu6Quantized, i.e. requantize every
 * value to the output scale with arm_nn_requantize, add the output zero point and clamp to [act_min, act_max].
 * Used only to measure the code size of such a loop (bench/code-sizes/measure.ts).
 */
#include "arm_nnsupportfunctions.h"

void tinyforge_relu_s8(const int8_t *input, int8_t *output, int32_t size, int32_t input_offset, int32_t multiplier,
                       int32_t shift, int32_t output_offset, int32_t act_min, int32_t act_max)
{
    for (int32_t i = 0; i < size; i++)
    {
        int32_t value = arm_nn_requantize(input[i] + input_offset, multiplier, shift) + output_offset;
        value = MAX(value, act_min);
        value = MIN(value, act_max);
        output[i] = (int8_t)value;
    }
}
