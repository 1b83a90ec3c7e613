/*
 * tf_palette_decode — see tf_palette_decode.h for the contract.
 *
 * 8-bit indices are one byte each; 4-bit (2-bit) ones two (four) per byte once the stream is byte-aligned; other widths
 * (3, 6) go through a bit reservoir that takes the next byte when it holds fewer bits than an index (bits <= 8, so one byte suffices).
 */
#include "tf_palette_decode.h"

void tf_palette_decode(const uint8_t *indices, int32_t bits, int32_t first, int32_t count, const int8_t *codebook, int8_t *out)
{
    if (bits == 8)
    {
        const uint8_t *p = indices + first;
        for (int32_t i = 0; i < count; i++)
        {
            out[i] = codebook[p[i]];
        }
        return;
    }
    const uint32_t pos = (uint32_t)first * (uint32_t)bits;
    const uint8_t *p = indices + (pos >> 3);
    const uint32_t skip = pos & 7u;
    uint32_t acc = 0;
    int32_t have = 0;
    if (skip != 0 && count > 0)
    {
        acc = (uint32_t)(*p++) >> skip;
        have = 8 - (int32_t)skip;
    }
    if (bits == 2)
    {
        /* The rest of a partial first byte, then four indices per byte. */
        for (; have > 0 && count > 0; have -= 2, count--)
        {
            *out++ = codebook[acc & 3u];
            acc >>= 2;
        }
        for (; count >= 4; count -= 4)
        {
            const uint32_t b = *p++;
            out[0] = codebook[b & 3u];
            out[1] = codebook[(b >> 2) & 3u];
            out[2] = codebook[(b >> 4) & 3u];
            out[3] = codebook[b >> 6];
            out += 4;
        }
        for (uint32_t b = count > 0 ? *p : 0u; count > 0; count--, b >>= 2)
        {
            *out++ = codebook[b & 3u];
        }
        return;
    }
    if (bits == 4)
    {
        if (have == 4 && count > 0)
        {
            *out++ = codebook[acc];
            count--;
        }
        for (; count >= 2; count -= 2)
        {
            const uint32_t b = *p++;
            out[0] = codebook[b & 15u];
            out[1] = codebook[b >> 4];
            out += 2;
        }
        if (count > 0)
        {
            out[0] = codebook[*p & 15u];
        }
        return;
    }
    const uint32_t mask = (1u << bits) - 1u;
    for (int32_t i = 0; i < count; i++)
    {
        if (have < bits)
        {
            acc |= (uint32_t)(*p++) << have;
            have += 8;
        }
        out[i] = codebook[acc & mask];
        acc >>= bits;
        have -= bits;
    }
}
