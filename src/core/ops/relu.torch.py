"""ReLU twin (PyTorch) of relu.ts: y = max(0, x), any shape. float and QAT: the formula.
int8: relu_params.py (s8: TFLite reference requantize + clamp; pow2: arm_relu_q7).
"""
import torch

from ..relu_params import prepare_relu, relu_int

TYPE = 'ReLU'


def prepare(ctx):
    return prepare_relu(ctx, 'ReLU')


def forward_int(d, xs, weights, rounding='double'):
    return relu_int(d, xs[0], rounding)


class Twin(torch.nn.Module):
    def __init__(self, node, params=None, batchnorm=False):
        super().__init__()

    def forward(self, xs, q=None):
        return torch.clamp(xs[0], min=0.0)
