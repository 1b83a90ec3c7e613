"""Fixed-point arithmetic of the int8 kernels: the Python twin of src/core/quant/fixed-point.ts.

Every function exists twice: on Python ints (``*_int``, exact, used by prepare and the tests) and on int64
torch tensors (vectorised, used by the integer forward). Values are int32 quantities held in int64, so every
64-bit product of two int32 values is exact (|a * b| < 2**62) and C's int32 wrap-around is reproduced
explicitly with ``wrap32`` exactly where the C code (and the TypeScript engine) wraps.

Requantization rounding, selected by the graph's ``rounding`` field:
  'double' (default): TFLite reference / CMSIS-NN's arm_nn_requantize without CMSIS_NN_USE_SINGLE_ROUNDING:
           SaturatingRoundingDoublingHighMul(x * 2**left, M), then RoundingDivideByPOT(., right).
  'single': CMSIS_NN_USE_SINGLE_ROUNDING: r = (x * M) >> (30 - shift) (as int32), then (r + 1) >> 1.
Example: x = 7984, M = 1583594044, shift = -9 gives 12 ('double') and 11 ('single').
"""
import math

import numpy as np
import torch

INT32_MIN = -2147483648
INT32_MAX = 2147483647
ROUNDING_MODES = ('double', 'single')


# --- scalars (Python ints, exact) ---

def wrap32_int(x):
    """x modulo 2**32 as a signed int32 (C's two's-complement wrap)."""
    return ((x + 2147483648) & 0xFFFFFFFF) - 2147483648


def trunc_div_int(a, b):
    """C integer division: the quotient truncated toward zero."""
    q = abs(a) // abs(b)
    return q if (a >= 0) == (b > 0) else -q


def srdhm_int(a, b):
    """SaturatingRoundingDoublingHighMul(a, b): (a*b + nudge) / 2**31 truncated; INT32_MIN**2 saturates."""
    if a == INT32_MIN and b == INT32_MIN:
        return INT32_MAX
    ab = a * b
    nudge = (1 << 30) if ab >= 0 else 1 - (1 << 30)
    return trunc_div_int(ab + nudge, 1 << 31)


def rdbpot_int(x, exponent):
    """RoundingDivideByPOT(x, exponent): x / 2**exponent rounded half away from zero, 0 <= exponent <= 31."""
    if exponent < 0 or exponent > 31:
        raise ValueError('rounding_divide_by_pot: exponent %d outside [0, 31]' % exponent)
    mask = (1 << exponent) - 1
    remainder = x & mask
    threshold = (mask >> 1) + (1 if x < 0 else 0)
    return (x >> exponent) + (1 if remainder > threshold else 0)


def mbqm_int(x, multiplier, shift, rounding='double'):
    """MultiplyByQuantizedMultiplier(x, M, shift) ~ x * M * 2**(shift - 31) in the given rounding mode."""
    if rounding == 'single':
        total_shift = 31 - shift
        result = wrap32_int((x * multiplier) >> (total_shift - 1))
        return wrap32_int(result + 1) >> 1
    if rounding != 'double':
        raise ValueError("rounding must be 'double' or 'single', not %r" % (rounding,))
    left = shift if shift > 0 else 0
    right = -shift if shift < 0 else 0
    return rdbpot_int(srdhm_int(wrap32_int(x * (1 << left)), multiplier), right)


def rounding_right_shift_int(x, shift):
    """pow2 NN_ROUND: (x + 2**(shift-1)) >> shift in int32; a negative shift multiplies by 2**-shift."""
    if shift == 0:
        return x
    if shift < 0:
        return wrap32_int(x * (1 << -shift))
    return wrap32_int(x + (1 << (shift - 1))) >> shift


def round_half_away(x):
    """std::round / the TypeScript roundHalfAwayFromZero on a Python float (exact, no x + 0.5 pitfall)."""
    a = abs(x)
    f = math.floor(a)
    r = f + 1 if a - f >= 0.5 else f
    return -r if x < 0 else r


def fround(x):
    """Math.fround: the nearest float32, as a Python float."""
    return float(np.float32(x))


def quantize_multiplier(real):
    """QuantizeMultiplier(real) -> (multiplier, shift), real ~ multiplier * 2**(shift - 31) (TFLite, frexp)."""
    if not math.isfinite(real):
        raise ValueError('quantize_multiplier: %r is not finite' % (real,))
    if real == 0:
        return 0, 0
    mantissa, exponent = math.frexp(real)
    q = round_half_away(mantissa * 2147483648.0)
    if abs(q) == 2147483648:
        q //= 2
        exponent += 1
    if exponent < -31:
        return 0, 0
    if exponent > 30:
        exponent = 30
        q = INT32_MAX if q > 0 else INT32_MIN
    return int(q), int(exponent)


def saturate_int8_int(x):
    return -128 if x < -128 else 127 if x > 127 else x


# --- int64 tensors (vectorised twins of the scalar functions above) ---

def wrap32(x):
    return ((x + 2147483648) & 0xFFFFFFFF) - 2147483648


def _as_long(v, like):
    return v if torch.is_tensor(v) else torch.tensor(v, dtype=torch.int64, device=like.device)


def trunc_div_pow2(x, bits):
    """x / 2**bits truncated toward zero (bits a Python int)."""
    return torch.where(x >= 0, x >> bits, -((-x) >> bits))


def trunc_div(a, b):
    """C division of int64 tensors by positive divisors, truncating toward zero."""
    q = torch.div(a.abs(), b, rounding_mode='floor')
    return torch.where(a >= 0, q, -q)


def srdhm(a, b):
    b = _as_long(b, a)
    ab = a * b
    nudge = torch.where(ab >= 0, torch.full_like(ab, 1 << 30), torch.full_like(ab, 1 - (1 << 30)))
    out = trunc_div_pow2(ab + nudge, 31)
    both_min = (a == INT32_MIN) & (b == INT32_MIN)
    return torch.where(both_min, torch.full_like(out, INT32_MAX), out)


def rdbpot(x, exponent):
    """RoundingDivideByPOT with a Python int or an int64 tensor exponent (each in 0..31)."""
    e = _as_long(exponent, x)
    mask = (torch.ones_like(e) << e) - 1
    remainder = x & mask
    threshold = (mask >> 1) + (x < 0).to(torch.int64)
    return (x >> e) + (remainder > threshold).to(torch.int64)


def mbqm(x, multiplier, shift, rounding='double'):
    """MultiplyByQuantizedMultiplier on int64 tensors; multiplier and shift are ints or tensors broadcasting to x."""
    m = _as_long(multiplier, x)
    s = _as_long(shift, x)
    if rounding == 'single':
        total_shift = 31 - s
        result = wrap32((x * m) >> (total_shift - 1))
        return wrap32(result + 1) >> 1
    if rounding != 'double':
        raise ValueError("rounding must be 'double' or 'single', not %r" % (rounding,))
    left = torch.clamp(s, min=0)
    right = torch.clamp(-s, min=0)
    return rdbpot(srdhm(wrap32(x * (torch.ones_like(left) << left)), m), right)


def rounding_right_shift(x, shift):
    """pow2 rounding right shift by a Python int (negative: left shift), int32 wrap as the C code."""
    if shift == 0:
        return x
    if shift < 0:
        return wrap32(x * (1 << -shift))
    return wrap32(x + (1 << (shift - 1))) >> shift


def clamp(x, lo, hi):
    return torch.clamp(x, min=int(lo), max=int(hi))


def saturate_int8(x):
    return torch.clamp(x, min=-128, max=127)
