/*
 * TinyForge C runtime: the packed 16-bit multiply-accumulate of the Arm DSP extension (Armv7E-M: Cortex-M4, M7;
 * Armv8-M Mainline with the DSP extension: Cortex-M33, M55, M85), used by the weighted s8 kernels when TF_NN_DSP is 1.
 *
 * TF_NN_DSP is 1 when the compiler targets the DSP extension (__ARM_FEATURE_DSP), little-endian, and speaks GNU C
 * (gcc, clang, Arm Compiler 6): the plain forms come from <arm_acle.h>, the rotated and flag-using forms are inline
 * assembly. It is 0 otherwise (Cortex-M0+, M3, RISC-V, Xtensa, the host, big-endian Arm, compilers without GNU C),
 * and the kernels take their plain C99 paths.
 *   -DTF_NN_NO_DSP       forces the plain C99 paths on a DSP core;
 *   -DTF_NN_DSP_EMULATE  (tests) compiles the DSP paths on any GNU C compiler over the C twins below, so that the
 *                        host's AddressSanitizer and UBSan check the DSP paths' indexing too.
 * The DSP paths use integer arithmetic only, with the very rounding of the plain paths, so both give the same bytes.
 *
 * Lanes: a 32-bit word holds two int16 lanes, lo = bits 0..15 and hi = bits 16..31, or four int8 bytes b0..b3
 * (b0 at the lowest address: little-endian, as every Cortex-M core here runs).
 *   tf_dsp_sxtb16(x)           = [b0, b2], each sign-extended to 16 bits          (SXTB16)
 *   tf_dsp_sxtb16_ror8(x)      = [b1, b3]                                          (SXTB16 ..., ROR #8)
 *   tf_dsp_sxtab16(a, x)       = [a.lo + b0, a.hi + b2], 16-bit lanes, wrapping     (SXTAB16)
 *   tf_dsp_sxtab16_ror8(a, x)  = [a.lo + b1, a.hi + b3]                            (SXTAB16 ..., ROR #8)
 *   tf_dsp_smlad(a, b, acc)    = acc + a.lo * b.lo + a.hi * b.hi                    (SMLAD)
 *   tf_dsp_smlabb(a, b, acc)   = acc + a.lo * b.lo                                  (SMLABB)
 *   tf_dsp_smlatt(a, b, acc)   = acc + a.hi * b.hi                                  (SMLATT)
 *   tf_dsp_smmulr(a, b)        = (a * b + 2^31) >> 32, the rounded high word        (SMMULR)
 *   tf_dsp_max8(a, b), tf_dsp_min8(a, b) = the bytewise signed maximum / minimum      (SSUB8, then SEL)
 * The accumulations wrap modulo 2^32 (the instructions only set the Q flag), so a sum is exact whenever its total
 * fits int32, whatever the order of the partial sums; every kernel requires |acc| < 2^31, as TFLite does.
 * A pair of words w = (sxtb16(x), sxtb16_ror8(x)) holds the bytes in the order b0, b2, b1, b3: a kernel multiplies
 * two such pairs lane by lane (SMLAD), or stores an int16 copy of its data in that order (tf_dsp_pos).
 *
 * Memory: tf_dsp_read_s8x4 / tf_dsp_write_s8x4 read and write 4 bytes at any address (unaligned LDR/STR: Armv7-M
 * and Armv8-M Mainline allow them on normal memory); tf_dsp_word reads and writes 4-byte-aligned words of int16
 * scratch. Both may alias any type.
 */
#ifndef TF_NN_DSP_H
#define TF_NN_DSP_H

#include <stdint.h>

#if !defined(TF_NN_NO_DSP) && defined(__GNUC__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ && \
    (defined(TF_NN_DSP_EMULATE) || (defined(__ARM_FEATURE_DSP) && __ARM_FEATURE_DSP == 1 && defined(__ARM_FEATURE_SIMD32)))
#define TF_NN_DSP 1
#else
#define TF_NN_DSP 0
#endif

#if TF_NN_DSP

#if !defined(TF_NN_DSP_EMULATE)
#include <arm_acle.h>
#endif

#ifdef __cplusplus
extern "C" {
#endif

/** A word that may alias anything: 4-byte aligned (int16 scratch), or at any address (int8 tensors). */
typedef int32_t tf_dsp_word __attribute__((__may_alias__));
typedef int32_t tf_dsp_word_u __attribute__((__may_alias__, __aligned__(1)));

/** Bytes p[0..3] as one word (b0 = p[0]); p needs no alignment. */
static inline int32_t tf_dsp_read_s8x4(const int8_t *p)
{
    return *(const tf_dsp_word_u *)(const void *)p;
}

/** Stores v as bytes p[0..3] (p[0] = b0); p needs no alignment. */
static inline void tf_dsp_write_s8x4(int8_t *p, int32_t v)
{
    *(tf_dsp_word_u *)(void *)p = v;
}

/** Position of element k of an int16 copy stored in SXTB16 order: within each group of 4, 0 2 1 3 -> 0 1 2 3. */
static inline int32_t tf_dsp_pos(int32_t k)
{
    return (k & ~3) | ((k & 1) << 1) | ((k >> 1) & 1);
}

#if defined(TF_NN_DSP_EMULATE)

static inline int32_t tf_dsp_lo(int32_t x)
{
    return (int16_t)(uint16_t)((uint32_t)x & 0xFFFFu);
}

static inline int32_t tf_dsp_hi(int32_t x)
{
    return (int16_t)(uint16_t)((uint32_t)x >> 16);
}

static inline int32_t tf_dsp_byte(int32_t x, int32_t k)
{
    return (int8_t)(uint8_t)(((uint32_t)x >> (8 * k)) & 0xFFu);
}

static inline int32_t tf_dsp_pack(int32_t lo, int32_t hi)
{
    return (int32_t)(((uint32_t)hi << 16) | ((uint32_t)lo & 0xFFFFu));
}

static inline int32_t tf_dsp_sxtb16(int32_t x)
{
    return tf_dsp_pack(tf_dsp_byte(x, 0), tf_dsp_byte(x, 2));
}

static inline int32_t tf_dsp_sxtb16_ror8(int32_t x)
{
    return tf_dsp_pack(tf_dsp_byte(x, 1), tf_dsp_byte(x, 3));
}

static inline int32_t tf_dsp_sxtab16(int32_t a, int32_t x)
{
    return tf_dsp_pack(tf_dsp_lo(a) + tf_dsp_byte(x, 0), tf_dsp_hi(a) + tf_dsp_byte(x, 2));
}

static inline int32_t tf_dsp_sxtab16_ror8(int32_t a, int32_t x)
{
    return tf_dsp_pack(tf_dsp_lo(a) + tf_dsp_byte(x, 1), tf_dsp_hi(a) + tf_dsp_byte(x, 3));
}

static inline int32_t tf_dsp_smlad(int32_t a, int32_t b, int32_t acc)
{
    return (int32_t)((uint32_t)acc + (uint32_t)(tf_dsp_lo(a) * tf_dsp_lo(b)) + (uint32_t)(tf_dsp_hi(a) * tf_dsp_hi(b)));
}

static inline int32_t tf_dsp_smlabb(int32_t a, int32_t b, int32_t acc)
{
    return (int32_t)((uint32_t)acc + (uint32_t)(tf_dsp_lo(a) * tf_dsp_lo(b)));
}

static inline int32_t tf_dsp_smlatt(int32_t a, int32_t b, int32_t acc)
{
    return (int32_t)((uint32_t)acc + (uint32_t)(tf_dsp_hi(a) * tf_dsp_hi(b)));
}

static inline int32_t tf_dsp_smmulr(int32_t a, int32_t b)
{
    return (int32_t)(((int64_t)a * b + ((int64_t)1 << 31)) >> 32);
}

static inline int32_t tf_dsp_pick8(int32_t a, int32_t b, int32_t want_max)
{
    uint32_t r = 0;
    for (int32_t k = 0; k < 4; k++)
    {
        const int32_t x = tf_dsp_byte(a, k);
        const int32_t y = tf_dsp_byte(b, k);
        const int32_t v = (x >= y) == (want_max != 0) ? x : y;
        r |= ((uint32_t)v & 0xFFu) << (8 * k);
    }
    return (int32_t)r;
}

static inline int32_t tf_dsp_max8(int32_t a, int32_t b)
{
    return tf_dsp_pick8(a, b, 1);
}

static inline int32_t tf_dsp_min8(int32_t a, int32_t b)
{
    return tf_dsp_pick8(a, b, 0);
}

#else /* the instructions */

static inline int32_t tf_dsp_sxtb16(int32_t x)
{
    return __sxtb16(x);
}

static inline int32_t tf_dsp_sxtb16_ror8(int32_t x)
{
    int32_t r;
    __asm__("sxtb16 %0, %1, ror #8" : "=r"(r) : "r"(x));
    return r;
}

static inline int32_t tf_dsp_sxtab16(int32_t a, int32_t x)
{
    return __sxtab16(a, x);
}

static inline int32_t tf_dsp_sxtab16_ror8(int32_t a, int32_t x)
{
    int32_t r;
    __asm__("sxtab16 %0, %1, %2, ror #8" : "=r"(r) : "r"(a), "r"(x));
    return r;
}

static inline int32_t tf_dsp_smlad(int32_t a, int32_t b, int32_t acc)
{
    return __smlad(a, b, acc);
}

static inline int32_t tf_dsp_smlabb(int32_t a, int32_t b, int32_t acc)
{
    return __smlabb(a, b, acc);
}

static inline int32_t tf_dsp_smlatt(int32_t a, int32_t b, int32_t acc)
{
    return __smlatt(a, b, acc);
}

static inline int32_t tf_dsp_smmulr(int32_t a, int32_t b)
{
    int32_t r;
    __asm__("smmulr %0, %1, %2" : "=r"(r) : "r"(a), "r"(b));
    return r;
}

/* SSUB8 sets the GE flag of each byte where a >= b; SEL then takes a's bytes there and b's elsewhere. */
static inline int32_t tf_dsp_max8(int32_t a, int32_t b)
{
    int32_t r;
    __asm__("ssub8 %0, %1, %2\n\tsel %0, %1, %2" : "=&r"(r) : "r"(a), "r"(b) : "cc");
    return r;
}

static inline int32_t tf_dsp_min8(int32_t a, int32_t b)
{
    int32_t r;
    __asm__("ssub8 %0, %1, %2\n\tsel %0, %2, %1" : "=&r"(r) : "r"(a), "r"(b) : "cc");
    return r;
}

#endif /* TF_NN_DSP_EMULATE */

/** Both int16 lanes set to v (v in int16). */
static inline int32_t tf_dsp_dup16(int32_t v)
{
    return (int32_t)(((uint32_t)v << 16) | ((uint32_t)v & 0xFFFFu));
}

/** All four bytes set to v (v in int8). */
static inline int32_t tf_dsp_dup8(int32_t v)
{
    return (int32_t)(((uint32_t)v & 0xFFu) * 0x01010101u);
}

#ifdef __cplusplus
}
#endif

#endif /* TF_NN_DSP */

#endif /* TF_NN_DSP_H */
