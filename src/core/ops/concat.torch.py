"""Concat twin (PyTorch) of concat.ts: joins 2..8 tensors along the last (channel) axis, all other dims equal.
float and QAT: torch.cat. int8 (both schemes, arm_concatenation_s8_x): a byte copy; every input already carries
the output's quantization (the quantizer gives inputs and output one group).
"""
import torch

from ..kernel_params import shared_quant, shape_size

TYPE = 'Concat'


def prepare(ctx):
    for port, info in enumerate(ctx['inputs']):
        shared_quant(ctx['scheme'], info, ctx['output'], 'Concat', ' %d' % (port + 1))
    shape = ctx['output']['shape']
    return {'scheme': ctx['scheme'], 'rows': shape_size(shape[:-1]),
            'inputChannels': [info['shape'][-1] for info in ctx['inputs']], 'outputChannels': shape[-1]}


def forward_int(d, xs, weights, rounding='double'):
    return torch.cat(xs, dim=-1)


class Twin(torch.nn.Module):
    def __init__(self, node, params=None, batchnorm=False):
        super().__init__()

    def forward(self, xs, q=None):
        return torch.cat(xs, dim=-1)
