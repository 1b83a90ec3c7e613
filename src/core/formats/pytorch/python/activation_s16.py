"""The int16 sigmoid and tanh of TFLite's integer LSTM (CMSIS-NN arm_nn_activation_s16): the Python twin of
src/core/quant/activation-s16.ts on int64 tensors. Q3.12 in (after an optional power-of-two rescale), Q0.15 out, by
linear interpolation in a 256-entry table of sigmoid(i/24) in 0.16 format (midpoint-compensated; T[255] = 65535);
tanh(x) = 2 sigmoid(2x) - 1 reads the same table. Unsigned 32-bit arithmetic and the final int16 truncation are the
C kernel's."""
import math

import torch


def _table():
    h = 1 / 24
    sig = lambda x: 1 / (1 + math.exp(-x))  # noqa: E731
    t = []
    for i in range(255):
        x = i * h
        error = sig(x + h / 2) - (sig(x) + sig(x + h)) / 2
        t.append(min(65535, math.floor(65536 * (sig(x) + error / 2) + 0.5)))
    t.append(65535)
    return t


SIGMOID_TABLE_U16 = _table()
_TABLE = torch.tensor(SIGMOID_TABLE_U16 + [65535], dtype=torch.int64)


def lookup_s16(x, kind):
    """The table step on int64 indices with 9 (sigmoid) or 8 (tanh) fractional bits; Q0.15 out."""
    sig = kind == 'sigmoid'
    abs_shift = 9 if sig else 8
    max_saturation = 0x7fff * 1024 if sig else 0xffff * 256
    a = x.abs()
    uh = a >> abs_shift
    idx = torch.clamp(uh, max=255)
    ua = _TABLE[idx]
    ub = _TABLE[idx + 1]
    ut = a & ((1 << abs_shift) - 1)
    result = torch.where(uh >= 255, torch.full_like(a, max_saturation), ua * (1 << abs_shift) + ut * (ub - ua))
    if sig:
        u = torch.where(x >= 0, result + (1 << 9), (1 << 25) - result + (1 << 9) - 1)
    else:
        u = torch.where(x >= 0, result - (1 << 23) + (1 << 7), -result + (1 << 23) + (1 << 7) - 1)
    shifted = (u & 0xFFFFFFFF) >> (10 if sig else 8)
    return ((shifted & 0xFFFF) ^ 0x8000) - 0x8000


def activation_s16(x, left_shift, kind):
    """One int16 activation (activationS16): x * 3 * 2**left_shift, or * 3 with a rounding right shift of -left_shift."""
    multiplier = 3 if left_shift < 0 else 3 << left_shift
    abs_left = -left_shift if left_shift < 0 else 0
    rounding = (1 << (abs_left - 1)) if abs_left > 0 else 0
    return lookup_s16((x * multiplier + rounding) >> abs_left, kind)
