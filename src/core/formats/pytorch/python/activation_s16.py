"""The int16 sigmoid and tanh of TFLite's integer LSTM (CMSIS-NN arm_nn_activation_s16 with a left shift): the Python
twin of src/core/quant/activation-s16.ts's activationS16 on int64 tensors. Q3.12 in (after an optional power-of-two
rescale), Q0.15 out; the table step is int16.py's lookup_s16 (the one table of the int16 Sigmoid/Tanh twins)."""
from .int16 import lookup_s16


def activation_s16(x, left_shift, kind):
    """One int16 activation (activationS16): x * 3 * 2**left_shift, or * 3 with a rounding right shift of -left_shift."""
    multiplier = 3 if left_shift < 0 else 3 << left_shift
    abs_left = -left_shift if left_shift < 0 else 0
    rounding = (1 << (abs_left - 1)) if abs_left > 0 else 0
    return lookup_s16((x * multiplier + rounding) >> abs_left, kind)
