"""Sigmoid twin (PyTorch) of sigmoid.ts: y = 1 / (1 + exp(-x)), any shape. float and QAT: the formula (the QAT
forward fake-quantizes the output on its fixed Q0.15 grid, scale 2^-15).
int (int16 only, TFLite's int16 LOGISTIC / arm_nn_activation_s16): int16 in, Q0.15 out, the input rescaled to a table
index and interpolated in the 256-entry sigmoid table (int16.py, the twin of ops/s16-activation.ts).
"""
import torch

from ..int16 import prepare_s16_activation, s16_activation_int

TYPE = 'Sigmoid'
# The integer forward takes int16 tensors (int16 only).
INT16 = True


def prepare(ctx):
    return prepare_s16_activation('Sigmoid', ctx)


def forward_int(d, xs, weights, rounding='double'):
    return s16_activation_int(d, xs[0], 'sigmoid')


class Twin(torch.nn.Module):
    def __init__(self, node, params=None, batchnorm=False):
        super().__init__()

    def forward(self, xs, q=None):
        return torch.sigmoid(xs[0])
