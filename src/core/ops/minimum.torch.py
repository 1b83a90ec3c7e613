"""Minimum twin (PyTorch) of minimum.ts: y = min(a, b), broadcasting as broadcast.ts. float and QAT: torch.minimum.
int8, both schemes (arm_minimum_s8): the raw int8 minimum; inputs and output share one quantization.
"""
import torch

from ..broadcast import apply, dims4
from ..kernel_params import shared_quant

TYPE = 'Minimum'


def prepare(ctx):
    shared_quant(ctx['scheme'], ctx['inputs'][0], ctx['output'], 'Minimum', ' 1')
    shared_quant(ctx['scheme'], ctx['inputs'][1], ctx['output'], 'Minimum', ' 2')
    return {'scheme': ctx['scheme'], 'input1Dims': dims4(ctx['inputs'][0]['shape']), 'input2Dims': dims4(ctx['inputs'][1]['shape']),
            'outputDims': dims4(ctx['output']['shape'])}


def forward_int(d, xs, weights, rounding='double'):
    return apply(torch.minimum, xs[0], xs[1], d['input1Dims'], d['input2Dims'], [1] + d['outputDims'])


class Twin(torch.nn.Module):
    def __init__(self, node, params=None, batchnorm=False):
        super().__init__()
        self.shapes = list(node['inputShapes']) + [node['outputShape']]

    def forward(self, xs, q=None):
        return apply(torch.minimum, xs[0], xs[1], *self.shapes)
