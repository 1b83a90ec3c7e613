"""Pad twin (PyTorch) of pad.ts: a constant zero (real 0) border around H and W of an NHWC tensor,
    [N, H, W, C] -> [N, top + H + bottom, left + W + right, C].
int8 (s8 arm_pad_s8, pow2 the same copy): the border holds the output zero point; the quantization is kept.
"""
import torch
import torch.nn.functional as F

from ..kernel_params import shared_quant

TYPE = 'Pad'


def prepare(ctx):
    a = ctx['attrs']
    _, zp = shared_quant(ctx['scheme'], ctx['inputs'][0], ctx['output'], 'Pad')
    return {'scheme': ctx['scheme'], 'inputShape': list(ctx['inputs'][0]['shape']),
            'outputShape': list(ctx['output']['shape']), 'top': a['top'], 'left': a['left'], 'padValue': zp}


def forward_int(d, xs, weights, rounding='double'):
    _, h, w, _ = d['inputShape']
    _, oh, ow, _ = d['outputShape']
    bottom = oh - h - d['top']
    right = ow - w - d['left']
    return F.pad(xs[0], (0, 0, d['left'], right, d['top'], bottom), value=d['padValue'])


class Twin(torch.nn.Module):
    def __init__(self, node, params=None, batchnorm=False):
        super().__init__()
        a = node['attrs']
        self.pad = (0, 0, a['left'], a['right'], a['top'], a['bottom'])

    def forward(self, xs, q=None):
        return F.pad(xs[0], self.pad)
