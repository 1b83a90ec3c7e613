"""Reshape twin (PyTorch) of reshape.ts: the same values in the same (row-major NHWC) order under a new shape
(the graph gives the inferred output shape). int8 (both schemes): a copy; the output keeps the input's quantization.
"""
import torch

from ..kernel_params import shape_size, shared_quant

TYPE = 'Reshape'
# The integer forward takes int16 tensors (a copy, so an int16 tensor passes through as well).
INT16 = True


def prepare(ctx):
    shared_quant(ctx['scheme'], ctx['inputs'][0], ctx['output'], 'Reshape')
    return {'scheme': ctx['scheme'], 'size': shape_size(ctx['output']['shape'])}


def forward_int(d, xs, weights, rounding='double'):
    return xs[0].reshape(xs[0].shape[0], -1)


class Twin(torch.nn.Module):
    def __init__(self, node, params=None, batchnorm=False):
        super().__init__()
        self.shape = list(node['outputShape'][1:])

    def forward(self, xs, q=None):
        return xs[0].reshape([xs[0].shape[0]] + self.shape)
