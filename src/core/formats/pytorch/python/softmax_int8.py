"""int8 softmax kernels on int64 tensors, the twin of quant/softmax-int8.ts (and so of the C runtime).

s8 (arm_softmax_s8): per row, diff = x - max; values with diff >= diff_min add exp(diff * beta * s_in) (gemmlowp
exp_on_negative_values of a Q5.26 argument) to a Q12.19 sum; the reciprocal of the sum (one_over_one_plus_x after
normalising it to [1, 2)) scales each exp to the output (scale 1/256, zero point -128).
pow2 (arm_softmax_q7): base = max - 8, sum = sum 2**clamp(x - base, 0, 7), y = ssat8((2**20 // sum) >> clamp(13 +
base - x, 0, 31)), output Q0.7. Every `| 0` of the TypeScript is a wrap32 here.
"""
import torch

from .fixed_point import INT32_MAX, INT32_MIN, rdbpot, srdhm, trunc_div_pow2, wrap32

ACCUM_BITS = 12
_EXP_FACTORS = [1672461947, 1302514674, 790015084, 290630308, 39332535, 720401, 242]


def _mul_pow2(val, exp):
    """arm_nn_mult_by_power_of_two: saturating val * 2**exp for 0 < exp < 31 (exp a Python int)."""
    thresh = (1 << (31 - exp)) - 1
    out = val << exp
    out = torch.where(val > thresh, torch.full_like(val, INT32_MAX), out)
    return torch.where(val < -thresh, torch.full_like(val, INT32_MIN), out)


def exp_on_negative_values(val):
    mod = wrap32((val & ((1 << 24) - 1)) - (1 << 24))
    remainder = wrap32(mod - val)
    x = wrap32((wrap32(mod << 5)) + (1 << 28))
    x2 = srdhm(x, x)
    inner = wrap32(rdbpot(srdhm(x2, x2), 2) + srdhm(x2, x))
    poly = wrap32(x + rdbpot(wrap32(srdhm(inner, 715827883) + x2), 1))
    result = wrap32(1895147668 + srdhm(torch.full_like(poly, 1895147668), poly))
    for i, factor in enumerate(_EXP_FACTORS):
        hit = (remainder & (1 << (24 + i))) != 0
        result = torch.where(hit, srdhm(result, factor), result)
    return torch.where(val == 0, torch.full_like(result, INT32_MAX), result)


def one_over_one_plus_x(val):
    total = val + INT32_MAX
    half = trunc_div_pow2(total + torch.where(total >= 0, torch.ones_like(total), -torch.ones_like(total)), 1)
    x = wrap32(1515870810 + srdhm(half, -1010580540))
    one = 1 << 29
    for _ in range(3):
        x = wrap32(x + _mul_pow2(srdhm(x, wrap32(one - srdhm(half, x))), 2))
    return _mul_pow2(x, 1)


def _clz32(v):
    """Leading zeros of non-negative int32 values (32 for 0); negative values give 0."""
    bits = torch.zeros_like(v)
    for b in range(32):
        bits += (v >= (1 << b)).to(torch.int64)
    return torch.where(v < 0, torch.zeros_like(v), 32 - bits)


def softmax_s8(x, mult, shift, diff_min):
    """x: int64 [rows, row_size]."""
    mx = x.max(dim=1, keepdim=True).values
    diff = x - mx
    ok = diff >= diff_min
    scaled = exp_on_negative_values(srdhm(wrap32(diff * (2 ** shift)), mult))
    contrib = torch.where(ok, rdbpot(scaled, ACCUM_BITS), torch.zeros_like(scaled))
    total = torch.zeros(x.shape[0], 1, dtype=torch.int64)
    for c in range(x.shape[1]):
        total = wrap32(total + contrib[:, c:c + 1])
    headroom = _clz32(total)
    normalised = torch.where(total > 0, wrap32(wrap32(total << headroom) - INT32_MIN),
                             torch.full_like(total, wrap32(-INT32_MIN)))
    shifted_scale = one_over_one_plus_x(normalised)
    bits_over_unit = ACCUM_BITS - headroom + 23
    if int(bits_over_unit.max()) > 31:
        raise ValueError('rounding_divide_by_pot: exponent %d outside [0, 31]' % int(bits_over_unit.max()))
    res = rdbpot(srdhm(shifted_scale, scaled), bits_over_unit) - 128
    return torch.where(ok, torch.clamp(res, -128, 127), torch.full_like(res, -128))


def softmax_q7(x):
    mx = x.max(dim=1, keepdim=True).values
    base = mx - 8
    total = (torch.ones_like(x) << torch.clamp(x - base, 0, 7)).sum(dim=1, keepdim=True)
    output_base = (1 << 20) // total
    v = output_base >> torch.clamp(13 + base - x, 0, 31)
    return torch.clamp(v, -128, 127)
