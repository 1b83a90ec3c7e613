"""Exit twin (PyTorch) of exit.ts: the logits pass through (an early exit's prediction); the decision is an integer
rule on the int8 logits q with threshold t (0..256, 256 never fires):
  margin:  q_max - q_second >= t                         (raw int8 values; ties give 0)
  softmax: s8 max(arm_softmax_s8(q, beta 1)) + 128 >= t; pow2 2 * max(arm_softmax_q7(q)) >= t
float and QAT: identity; joint training adds lossWeight * cross-entropy(logits of this exit) (exits.py).
int8: a copy (the output keeps the input's quantization). Prepare: softmax multiplier/shift/diffMin as Softmax's with
beta 1 (s8, rule softmax), else zeros.
"""
import math

import torch

from ..fixed_point import quantize_multiplier
from ..kernel_params import QuantError, shape_size, shared_quant
from ..softmax_int8 import softmax_q7, softmax_s8

TYPE = 'Exit'
NEVER = 256


def prepare(ctx):
    scheme, a = ctx['scheme'], ctx['attrs']
    rule, threshold = a.get('rule', 'softmax'), a.get('threshold', 230)
    if not isinstance(threshold, int) or threshold < 0 or threshold > NEVER:
        raise QuantError('Exit threshold must be a whole number in 0..%d, got %r' % (NEVER, threshold))
    scale, _ = shared_quant(scheme, ctx['inputs'][0], ctx['output'], 'Exit')
    d = {'scheme': scheme, 'size': shape_size(ctx['output']['shape']), 'rule': rule, 'threshold': threshold}
    if scheme == 'pow2':
        return d
    if rule != 'softmax':
        return dict(d, multiplier=0, shift=0, diffMin=0)
    m, s = quantize_multiplier(min(scale * 2.0 ** 26, 2.0 ** 31 - 1))
    if s < 0:
        raise QuantError('Exit logits scale %r is too small for the int8 softmax rule; use the margin rule' % scale)
    return dict(d, multiplier=m, shift=s, diffMin=-math.floor((31 * 2.0 ** 26) / 2.0 ** s))


def forward_int(d, xs, weights, rounding='double'):
    return xs[0].clone()


def confidence(d, q):
    """The rule's confidence per row of int8 logits q [N, size] (int64): margin in LSBs or probability x 256."""
    q = q.reshape(q.shape[0], -1)
    if d['rule'] == 'margin':
        top = torch.topk(q, 2, dim=1).values
        return top[:, 0] - top[:, 1]
    if d['scheme'] == 's8':
        return softmax_s8(q, d['multiplier'], d['shift'], d['diffMin']).max(dim=1).values + 128
    return 2 * softmax_q7(q).max(dim=1).values


def confident(d, q):
    """Per row: whether the exit fires (the C kernel's return value)."""
    return confidence(d, q) >= d['threshold']


class Twin(torch.nn.Module):
    def __init__(self, node, params=None, batchnorm=False):
        super().__init__()
        self.loss_weight = float(node['attrs'].get('lossWeight', 0.5))

    def forward(self, xs, q=None):
        return xs[0]
