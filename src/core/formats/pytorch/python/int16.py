"""TFLite's 16x8 scheme (int16 activations, int8 weights) as CMSIS-NN's `_s16` kernels run it: the Python twin of
src/core/quant/int16-params.ts, quant/activation-s16.ts and ops/s16-activation.ts.

Activations are symmetric int16 (zero point 0, -32768..32767). The s16 FullyConnected accumulates in 64 bits and
requantizes with a reduced (Q15) multiplier:
    REDUCE_MULTIPLIER(m) = m < 0x7FFF0000 ? (m + 2**15) >> 16 : 0x7FFF
    arm_nn_requantize_s64(v, rm, shift) = ((int32)((v * rm) >> (14 - shift)) + 1) >> 1
Sigmoid and Tanh (TFLite's int16 LOGISTIC / TANH, arm_nn_activation_s16): the input is rescaled to a table index,
    index = (x * multiplier + 2**(shift - 1)) >> shift
then linear interpolation in the 256-entry table of sigmoid(i/24) in 0.16 (midpoint-compensated), Q0.15 out;
tanh(x) = 2 sigmoid(2x) - 1 reads the same table. Every step is integer arithmetic on int64 tensors, so the output
equals the TypeScript engine and the C package value for value.
"""
import math

import numpy as np
import torch

from .fixed_point import fround, round_half_away
from .kernel_params import QuantError, check_bias, per_channel_multipliers, shape_size, symmetric_weights

INT16_MIN = -32768
INT16_MAX = 32767
Q15_SCALE = 1 / 32768


def activation_quant_s16(info, what):
    q = (info or {}).get('quant')
    if not q or len(q['scale']) == 0:
        raise QuantError('%s has no quantization parameters; quantize the graph first' % what)
    if len(q['scale']) != 1:
        raise QuantError('%s must be quantized per tensor, not per channel' % what)
    scale = fround(q['scale'][0])
    if not (scale > 0) or not math.isfinite(scale):
        raise QuantError('%s has scale %r; it must be a positive number' % (what, q['scale'][0]))
    zp = q['zeroPoint'][0] if len(q['zeroPoint']) else 0
    if zp != 0:
        raise QuantError('%s is int16 with zero point %r; int16 tensors are symmetric (zero point 0)' % (what, zp))
    return scale, 0


def is_int16(info):
    return (info or {}).get('dtype') == 'int16'


def symmetric_int16_quant(lo, hi):
    """The symmetric int16 quantization of a range: scale max(|lo|, |hi|) / 32767, zero point 0 (not rounded to float32,
    as symmetricInt16Quant)."""
    m = max(abs(lo), abs(hi))
    return [m / INT16_MAX if m > 0 else 1 / INT16_MAX], [0]


def reduce_multiplier(m):
    return (m + (1 << 15)) >> 16 if m < 0x7FFF0000 else 0x7FFF


def requantize_s64(acc, reduced_multiplier, shift):
    """arm_nn_requantize_s64 on int64 tensors (|acc * rm| < 2**63)."""
    wide = (acc * reduced_multiplier) >> (14 - shift)
    result = ((wide + 2147483648) & 0xFFFFFFFF) - 2147483648
    return (result + 1) >> 1


def activation_range_s16(activation, scale):
    zero = round_half_away(fround(0 / scale))
    if activation == 'relu':
        return max(INT16_MIN, zero), INT16_MAX
    if activation == 'relu6':
        return max(INT16_MIN, zero), min(INT16_MAX, round_half_away(fround(6 / scale)))
    return INT16_MIN, INT16_MAX


def conv_s16_requant(op, ctx, use_bias, channels, weight_axis, activation):
    """The s16 requantization of a Conv2D / DepthwiseConv2D (ops/conv-s16.ts convS16Requant): per-channel multipliers
    from double(in_scale) * double(w_scale_c) / double(out_scale), shift at most 14, the int16 clamp."""
    in_scale, _ = activation_quant_s16(ctx['inputs'][0], '%s input' % op)
    out_scale, _ = activation_quant_s16(ctx['output'], '%s output' % op)
    w_scales = symmetric_weights(ctx['weights'].get('weights'), '%s weights' % op, weight_axis)
    check_bias(ctx['weights'].get('bias'), use_bias, channels, '%s bias' % op, 'int32')
    multipliers, shifts = per_channel_multipliers(in_scale, w_scales, out_scale, channels)
    for c, s in enumerate(shifts):
        if s > 14:
            raise QuantError("%s int16 rescale 2^%d (channel %d) is out of the s16 kernel's range (shift at most 14)" % (op, s, c))
    act_min, act_max = activation_range_s16(activation, out_scale)
    return {'scheme': 's8', 'int16': True, 'multipliers': multipliers, 'shifts': shifts, 'actMin': act_min, 'actMax': act_max}


def requantize_s64_channels(acc, d):
    """The int16 output of 64-bit accumulators [..., C]: arm_nn_requantize_s64 per channel, then the clamp."""
    m = torch.tensor([reduce_multiplier(v) for v in d['multipliers']], dtype=torch.int64)
    s = torch.tensor(d['shifts'], dtype=torch.int64)
    y = requantize_s64(acc, m, s)
    return torch.clamp(y, d['actMin'], d['actMax'])


# --- Sigmoid / Tanh ---

def _sigmoid(x):
    return 1 / (1 + math.exp(-x))


def _table():
    h = 1 / 24
    t = []
    for i in range(255):
        x = i * h
        error = _sigmoid(x + h / 2) - (_sigmoid(x) + _sigmoid(x + h)) / 2
        t.append(min(65535, math.floor(65536 * (_sigmoid(x) + error / 2) + 0.5)))
    t.append(65535)
    return t


SIGMOID_TABLE_U16 = _table()
_TABLE = torch.tensor(SIGMOID_TABLE_U16 + [65535], dtype=torch.int64)


def _checked_log2(x):
    """TFLite's CheckedLog2 in float32 (Math.fround as the TypeScript prepare)."""
    lg = fround(fround(math.log(x)) * fround(1 / math.log(2)))
    r = math.floor(lg + 0.5)
    return r, abs(lg - r) < 1e-3


def power_of_two_left_shift(scale):
    if not (scale > 0):
        return None
    s = fround(scale)
    k = math.floor(math.log2(s) + 0.5) + 12
    return k if 2.0 ** (k - 12) == s and -15 <= k <= 14 else None


def prepare_s16_activation(op, ctx):
    in_scale, _ = activation_quant_s16(ctx['inputs'][0], '%s input' % op)
    out_scale, _ = activation_quant_s16(ctx['output'], '%s output' % op)
    if out_scale != Q15_SCALE:
        raise QuantError('%s int16 output must have scale 2^-15 (Q0.15, TFLite int16 %s); got %r' % (op, op, out_scale))
    log2, pot = _checked_log2(in_scale)
    shift = 0
    left = 12 + log2
    if pot and left in (0, 1):
        multiplier = 3 << left
    else:
        m = in_scale * 4096 * 3
        while m <= 32767 / 2 and shift <= 30:
            shift += 1
            m *= 2
        multiplier = int(m)
        if multiplier > 65535:
            raise QuantError('%s input scale %r is too large for the int16 kernel (at most 16/3)' % (op, in_scale))
    return {'scheme': 's8', 'size': shape_size(ctx['output']['shape']), 'inputMultiplier': multiplier,
            'inputShift': shift, 'cmsisLeftShift': power_of_two_left_shift(in_scale)}


def lookup_s16(index, kind):
    """The table step on an index with 9 (sigmoid) or 8 (tanh) fractional bits (int64 tensor); Q0.15 out."""
    sig = kind == 'sigmoid'
    abs_shift = 9 if sig else 8
    max_saturation = 0x7FFF * 1024 if sig else 0xFFFF * 256
    a = index.abs()
    uh = a >> abs_shift
    safe = torch.clamp(uh, max=254)
    ua = _TABLE[safe]
    ub = _TABLE[safe + 1]
    ut = a & (0x1FF if sig else 0xFF)
    result = torch.where(uh >= 255, torch.full_like(a, max_saturation), ua * (1 << abs_shift) + ut * (ub - ua))
    if sig:
        u = torch.where(index >= 0, result + (1 << 9), (1 << 25) - result + (1 << 9) - 1)
    else:
        u = torch.where(index >= 0, result - (1 << 23) + (1 << 7), -result + (1 << 23) + (1 << 7) - 1)
    u = u & 0xFFFFFFFF
    shifted = u >> (10 if sig else 8)
    return ((shifted & 0xFFFF) ^ 0x8000) - 0x8000


def s16_activation_int(d, x, kind):
    shift = d['inputShift']
    rounding = (1 << (shift - 1)) if shift > 0 else 0
    return lookup_s16((x * d['inputMultiplier'] + rounding) >> shift, kind)


def int_range(dtype):
    return (INT16_MIN, INT16_MAX) if dtype == 'int16' else (-128, 127)


def random_ints(rng, size, dtype):
    lo, hi = int_range(dtype)
    return list(rng.randint(lo, hi + 1, size=size).astype(np.int64))
