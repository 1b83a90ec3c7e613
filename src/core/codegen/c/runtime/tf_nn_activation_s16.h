/*
 * TinyForge C runtime: the int16 sigmoid and tanh of TFLite's integer LSTM (twin of src/core/quant/activation-s16.ts;
 * counterpart: CMSIS-NN arm_nn_activation_s16, TFLite reference_integer_ops::Logistic / Tanh for int16).
 *
 * Input int16, multiplied by 3 * 2^left_shift (left_shift >= 0) or by 3 with a rounding right shift of -left_shift,
 * is an index with 9 (sigmoid) or 8 (tanh) fractional bits into a 256-entry table of sigmoid(i/24) in 0.16 format;
 * linear interpolation, saturation from index 255 on; tanh(x) = 2 sigmoid(2x) - 1 reads the same table. Output Q0.15.
 * Unsigned 32-bit intermediate arithmetic; the result is truncated to int16 (wrapping through uint32, no
 * implementation-defined conversion).
 *
 * The table entries are T[i] = round(65536 (s(x_i) + e_i / 2)), s the logistic function, x_i = i/24, e_i the midpoint
 * interpolation error s(x_i + 1/48) - (s(x_i) + s(x_i + 1/24)) / 2 of segment i, and T[255] = 65535 (the saturation
 * level). Generated from activation-s16.ts (a test checks they agree).
 */
#ifndef TF_NN_ACTIVATION_S16_H
#define TF_NN_ACTIVATION_S16_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

static const uint16_t tf_nn_sigmoid_table_u16[256] = {
    32768u, 33451u, 34133u, 34813u, 35493u, 36169u, 36843u, 37513u, 38180u, 38841u, 39498u, 40149u, 40794u, 41432u, 42064u, 42688u,
    43304u, 43912u, 44511u, 45102u, 45683u, 46255u, 46817u, 47369u, 47911u, 48443u, 48964u, 49475u, 49975u, 50464u, 50942u, 51409u,
    51865u, 52311u, 52745u, 53169u, 53581u, 53983u, 54374u, 54755u, 55125u, 55485u, 55834u, 56174u, 56503u, 56823u, 57133u, 57433u,
    57724u, 58007u, 58280u, 58544u, 58800u, 59048u, 59288u, 59519u, 59743u, 59959u, 60168u, 60370u, 60565u, 60753u, 60935u, 61110u,
    61279u, 61441u, 61599u, 61750u, 61896u, 62036u, 62172u, 62302u, 62428u, 62549u, 62666u, 62778u, 62886u, 62990u, 63090u, 63186u,
    63279u, 63368u, 63454u, 63536u, 63615u, 63691u, 63765u, 63835u, 63903u, 63968u, 64030u, 64090u, 64148u, 64204u, 64257u, 64308u,
    64357u, 64405u, 64450u, 64494u, 64536u, 64576u, 64614u, 64652u, 64687u, 64721u, 64754u, 64786u, 64816u, 64845u, 64873u, 64900u,
    64926u, 64950u, 64974u, 64997u, 65019u, 65039u, 65060u, 65079u, 65097u, 65115u, 65132u, 65149u, 65164u, 65179u, 65194u, 65208u,
    65221u, 65234u, 65246u, 65258u, 65269u, 65280u, 65291u, 65301u, 65310u, 65319u, 65328u, 65337u, 65345u, 65352u, 65360u, 65367u,
    65374u, 65381u, 65387u, 65393u, 65399u, 65404u, 65410u, 65415u, 65420u, 65425u, 65429u, 65433u, 65438u, 65442u, 65445u, 65449u,
    65453u, 65456u, 65459u, 65462u, 65465u, 65468u, 65471u, 65474u, 65476u, 65479u, 65481u, 65483u, 65485u, 65488u, 65489u, 65491u,
    65493u, 65495u, 65497u, 65498u, 65500u, 65501u, 65503u, 65504u, 65505u, 65507u, 65508u, 65509u, 65510u, 65511u, 65512u, 65513u,
    65514u, 65515u, 65516u, 65517u, 65517u, 65518u, 65519u, 65520u, 65520u, 65521u, 65522u, 65522u, 65523u, 65523u, 65524u, 65524u,
    65525u, 65525u, 65526u, 65526u, 65526u, 65527u, 65527u, 65528u, 65528u, 65528u, 65529u, 65529u, 65529u, 65529u, 65530u, 65530u,
    65530u, 65530u, 65531u, 65531u, 65531u, 65531u, 65531u, 65532u, 65532u, 65532u, 65532u, 65532u, 65532u, 65533u, 65533u, 65533u,
    65533u, 65533u, 65533u, 65533u, 65533u, 65534u, 65534u, 65534u, 65534u, 65534u, 65534u, 65534u, 65534u, 65534u, 65534u, 65535u,
};

/** Which activation tf_nn_activation_s16 computes. */
typedef enum
{
    TF_NN_SIGMOID = 0,
    TF_NN_TANH = 1
} tf_nn_activation_type;

/** The table step on an index with 9 (sigmoid) or 8 (tanh) fractional bits; Q0.15 out. */
static inline int16_t tf_nn_activation_s16_lookup(int32_t input, tf_nn_activation_type type)
{
    const uint32_t abs_shift = type == TF_NN_SIGMOID ? 9u : 8u;
    const uint32_t max_saturation = type == TF_NN_SIGMOID ? (0x7FFFu << 10) : (0xFFFFu << 8);
    const uint32_t abs_input = input >= 0 ? (uint32_t)input : 0u - (uint32_t)input;
    const uint32_t uh = abs_input >> abs_shift;
    uint32_t result;
    if (uh >= 255u)
    {
        result = max_saturation;
    }
    else
    {
        const uint32_t ua = tf_nn_sigmoid_table_u16[uh];
        const uint32_t ub = tf_nn_sigmoid_table_u16[uh + 1u];
        const uint32_t ut = abs_input & (type == TF_NN_SIGMOID ? 0x1FFu : 0xFFu);
        result = (ua << abs_shift) + ut * (ub - ua);
    }
    if (type == TF_NN_SIGMOID)
    {
        result = input >= 0 ? result + (1u << 9) : (1u << 25) - result + (1u << 9) - 1u;
        result >>= 10;
    }
    else
    {
        result = input >= 0 ? (result - (1u << 23)) + (1u << 7) : ((0u - result) + (1u << 23)) + (1u << 7) - 1u;
        result >>= 8;
    }
    /* The low 16 bits as a signed value. */
    result &= 0xFFFFu;
    return (int16_t)(result >= 0x8000u ? (int32_t)result - 0x10000 : (int32_t)result);
}

/** One value: see the file comment; left_shift in [-15, 15]. */
static inline int16_t tf_nn_activation_s16(int16_t x, int32_t left_shift, tf_nn_activation_type type)
{
    const int32_t multiplier = left_shift < 0 ? 3 : 3 * ((int32_t)1 << left_shift);
    const int32_t abs_left = left_shift < 0 ? -left_shift : 0;
    const int32_t rounding = abs_left > 0 ? ((int32_t)1 << (abs_left - 1)) : 0;
    return tf_nn_activation_s16_lookup((x * multiplier + rounding) >> abs_left, type);
}

#ifdef __cplusplus
}
#endif

#endif /* TF_NN_ACTIVATION_S16_H */
