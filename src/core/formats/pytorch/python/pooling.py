"""Pooling shared by the MaxPool2D, AvgPool2D and GlobalAveragePool twins: the twin of quant/pool-params.ts.

Windows start at (oy*sh - padT, ox*sw - padL) and are clipped to the input (border cells never take part).
  s8 average (arm_avgpool_s8): sum over the in-bounds cells, (sum > 0 ? sum + count/2 : sum - count/2) / count
     with C's truncating division (ties away from zero), then the activation clamp.
  pow2 average (arm_avepool_q7_HWC, DSP path): each input row's in-bounds window cells averaged first (C division),
     then those row averages over the in-bounds rows (C division again), then the clamp.
Pooling keeps the input's quantization.
int16 (16x8, arm_max_pool_s16 / arm_avgpool_s16): the same windows and averaging rule on symmetric int16 values (zero
point 0), the int16 clamp of the fused activation; the OpData says `int16`.
"""
import torch

from .fixed_point import clamp, trunc_div
from .int16 import activation_quant_s16, activation_range_s16, is_int16
from .kernel_params import (activation_frac_bits, activation_quant, activation_range_pow2, activation_range_s8,
                            require_same_quant, window_pad_before)
from .weighted import activate
from .window import nchw_to_nhwc, nhwc_to_nchw, pads, window_max, window_sums


def prepare_pool(ctx, attrs, op):
    scheme = ctx['scheme']
    input_shape = list(ctx['inputs'][0]['shape'])
    _, h, w, _ = input_shape
    int16 = scheme == 's8' and is_int16(ctx['output'])
    if int16:
        q_in = activation_quant_s16(ctx['inputs'][0], '%s input' % op)
        q_out = activation_quant_s16(ctx['output'], '%s output' % op)
        require_same_quant(q_in, q_out, op)
        act_min, act_max = activation_range_s16(attrs['activation'], q_out[0])
    elif scheme == 's8':
        q_in = activation_quant(ctx['inputs'][0], '%s input' % op)
        q_out = activation_quant(ctx['output'], '%s output' % op)
        require_same_quant(q_in, q_out, op)
        act_min, act_max = activation_range_s8(attrs['activation'], q_out[0], q_out[1])
    else:
        in_frac = activation_frac_bits(ctx['inputs'][0], '%s input' % op)
        out_frac = activation_frac_bits(ctx['output'], '%s output' % op)
        require_same_quant(in_frac, out_frac, op)
        act_min, act_max = activation_range_pow2(attrs['activation'], out_frac)
    d = {'scheme': scheme, 'inputShape': input_shape, 'outputShape': list(ctx['output']['shape']),
         'poolH': attrs['poolH'], 'poolW': attrs['poolW'], 'strideH': attrs['strideH'], 'strideW': attrs['strideW'],
         'padTop': window_pad_before(h, attrs['poolH'], attrs['strideH'], 1, attrs['padding']),
         'padLeft': window_pad_before(w, attrs['poolW'], attrs['strideW'], 1, attrs['padding']),
         'actMin': act_min, 'actMax': act_max}
    if int16:
        d['int16'] = True
    return d


def _pad_hw(d):
    _, h, w, _ = d['inputShape']
    _, oh, ow, _ = d['outputShape']
    bottom = max(0, (oh - 1) * d['strideH'] + d['poolH'] - h - d['padTop'])
    right = max(0, (ow - 1) * d['strideW'] + d['poolW'] - w - d['padLeft'])
    return (d['padTop'], bottom), (d['padLeft'], right)


def _crop(y, d):
    return y[:, :d['outputShape'][1], :d['outputShape'][2], :]


def average_pool_s8(d, x):
    sums, counts = window_sums(x.double(), (d['poolH'], d['poolW']), (d['strideH'], d['strideW']), _pad_hw(d))
    s = torch.round(_crop(sums, d)).long()
    n = torch.round(_crop(counts, d)).long()
    half = n // 2
    avg = trunc_div(torch.where(s > 0, s + half, s - half), n)
    return clamp(avg, d['actMin'], d['actMax'])


def average_pool_pow2(d, x):
    (top, bottom), (left, right) = _pad_hw(d)
    rows, counts_x = window_sums(x.double(), (1, d['poolW']), (1, d['strideW']), ((0, 0), (left, right)))
    rows = trunc_div(torch.round(rows).long(), torch.round(counts_x).long())[:, :, :d['outputShape'][2], :]
    sums, counts_y = window_sums(rows.double(), (d['poolH'], 1), (d['strideH'], 1), ((top, bottom), (0, 0)))
    out = trunc_div(torch.round(sums).long(), torch.round(counts_y).long())[:, :d['outputShape'][1], :, :]
    return clamp(out, d['actMin'], d['actMax'])


def max_pool_int(d, x):
    y = window_max(x.double(), (d['poolH'], d['poolW']), (d['strideH'], d['strideW']), _pad_hw(d))
    return clamp(torch.round(_crop(y, d)).long(), d['actMin'], d['actMax'])


class PoolTwin(torch.nn.Module):
    """Float max or average pooling of NHWC tensors (average over the in-bounds cells only)."""

    def __init__(self, node, kind):
        super().__init__()
        a = node['attrs']
        _, h, w, _ = node['inputShapes'][0]
        self.kind = kind
        self.kernel = (a['poolH'], a['poolW'])
        self.stride = (a['strideH'], a['strideW'])
        self.pad_hw = (pads(h, a['poolH'], a['strideH'], 1, a['padding']), pads(w, a['poolW'], a['strideW'], 1, a['padding']))
        self.out_hw = tuple(node['outputShape'][1:3])
        self.activation = a.get('activation', 'none')

    def forward(self, xs, q=None):
        x = xs[0]
        if self.kind == 'max':
            y = window_max(x, self.kernel, self.stride, self.pad_hw)
        else:
            sums, counts = window_sums(x, self.kernel, self.stride, self.pad_hw)
            y = sums / counts
        return activate(y[:, :self.out_hw[0], :self.out_hw[1], :], self.activation)


__all__ = ['prepare_pool', 'average_pool_s8', 'average_pool_pow2', 'max_pool_int', 'PoolTwin', 'nhwc_to_nchw',
           'nchw_to_nhwc']
