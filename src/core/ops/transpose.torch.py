"""Transpose twin (PyTorch) of transpose.ts: output axis k is input axis perm[k] (perm[0] = 0, the batch axis, so a
batch of N permutes sample by sample). int8 (both schemes): a byte permutation; the output keeps the input's
quantization. float and QAT: the same permutation.
"""
import torch

from ..kernel_params import shared_quant

TYPE = 'Transpose'


def prepare(ctx):
    shared_quant(ctx['scheme'], ctx['inputs'][0], ctx['output'], 'Transpose')
    return {'scheme': ctx['scheme'], 'inputShape': list(ctx['inputs'][0]['shape']), 'outputShape': list(ctx['output']['shape']),
            'perm': list(ctx['attrs']['perm'])}


def forward_int(d, xs, weights, rounding='double'):
    x = xs[0].reshape([xs[0].shape[0]] + d['inputShape'][1:])
    return x.permute(*d['perm'])


class Twin(torch.nn.Module):
    def __init__(self, node, params=None, batchnorm=False):
        super().__init__()
        self.perm = list(node['attrs']['perm'])

    def forward(self, xs, q=None):
        return xs[0].permute(*self.perm)
