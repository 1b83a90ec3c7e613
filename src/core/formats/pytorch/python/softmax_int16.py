"""TFLite's int16 softmax (CMSIS-NN v7.0.0 arm_softmax_s16): the Python twin of src/core/quant/softmax-int16.ts.

Input int16 symmetric, output int16 with scale 1/32768 and zero point 0. Two 513-entry Q0.15 tables from TFLite
Micro's gen_lut in float32 (numpy float32 here, Math.fround in TypeScript): exp(x) on [-10, 0] and 1/(1+x) on [0, 1].
Per row: diff = x - max; e = lut(exp, clamp(MBQM(diff, M, shift) + 32767)); sum = sum(e); h = clz32(sum);
r = lut(1/(1+x), clamp((((sum << (h - 1)) + 2**13) >> 14) - 98304)); y = clamp((e * r + 2**(30 - h)) >> (31 - h)).
Integer steps on int64 tensors, so the output equals the engine's and the C package's value for value.
"""
import numpy as np
import torch

from .fixed_point import mbqm

F = np.float32


def _roundf(v):
    return F(np.sign(v) * np.floor(np.abs(v) + F(0.5))) if abs(v) % 1 == 0.5 else F(np.round(v))


def gen_lut(func, lo, hi):
    """TFLite Micro gen_lut(func, lo, hi, table, 513), every step in float32."""
    step = F(F(F(hi) - F(lo)) / F(512))
    half = F(step / F(2))
    t = []
    for i in range(512):
        x = F(F(lo) + F(F(i) * step))
        val = func(x)
        sample = _roundf(F(val * F(32768)))
        nxt = func(F(F(lo) + F(F(i + 1) * step)))
        interp = _roundf(F(F(F(nxt * F(32768)) + sample) / F(2)))
        mid = _roundf(F(func(F(x + half)) * F(32768)))
        bias = _roundf(F(F(interp - mid) / F(2)))
        t.append(int(min(max(sample - bias, -32768), 32767)))
    t.append(int(min(max(_roundf(F(func(F(hi)) * F(32768))), -32768), 32767)))
    return t


with np.errstate(all='ignore'):
    EXP_LUT = gen_lut(lambda x: F(np.exp(F(x))), -10.0, 0.0)
    ONE_BY_ONE_LUT = gen_lut(lambda x: F(F(1) / F(F(1) + x)), 0.0, 1.0)
_EXP = torch.tensor(EXP_LUT, dtype=torch.int64)
_RECIP = torch.tensor(ONE_BY_ONE_LUT, dtype=torch.int64)


def _wrap16(v):
    return ((v + 32768) & 0xFFFF) - 32768


def _sat16(v):
    return torch.clamp(v, -32768, 32767)


def lookup(v, lut):
    index = 256 + (v >> 7)
    base = lut[index]
    slope = _wrap16(lut[index + 1] - base)
    return _wrap16(base + ((slope * (v & 0x7F) + 64) >> 7))


def softmax_s16(flat, multiplier, shift, rounding='double'):
    """flat: int64 [rows, row_size] of int16 values; returns int64 [rows, row_size]."""
    x = flat.to(torch.int64)
    diff = x - x.max(dim=1, keepdim=True).values
    e = lookup(_sat16(mbqm(diff, multiplier, shift, rounding) + 32767), _EXP)
    total = e.sum(dim=1, keepdim=True)
    bits = sum((total >= (1 << k)).to(torch.int64) for k in range(32))
    h = 32 - bits
    shifted = ((total * (torch.ones_like(h) << (h - 1))) + (1 << 13)) >> 14
    recip = lookup(_sat16(shifted - 98304), _RECIP)
    k = 31 - h
    return _sat16((e * recip + (torch.ones_like(k) << (k - 1))) >> k)
