"""Quantize twin (PyTorch) of quantize.ts: y = x, any shape, requantized between int8 and int16 (TFLite's QUANTIZE with
an integer input). float and QAT: the identity (the QAT forward fake-quantizes the output on its own grid: int16
symmetric when the node is int16, else int8).
int (s8 scheme; TFLite Micro's reference Requantize):
    M, shift = QuantizeMultiplier(double(in_scale) / double(out_scale))
    y = clamp(MultiplyByQuantizedMultiplier(x - in_zp, M, shift) + out_zp, out_min, out_max)
with the output type's limits (-128..127 or -32768..32767); int16 tensors have zero point 0.
"""
import torch

from ..fixed_point import clamp, mbqm, quantize_multiplier
from ..int16 import activation_quant_s16, int_range, is_int16
from ..kernel_params import activation_quant, shape_size

TYPE = 'Quantize'
# The integer forward takes int16 tensors (int8 <-> int16).
INT16 = True


def _quant_of(info, what):
    return activation_quant_s16(info, what) if is_int16(info) else activation_quant(info, what)


def prepare(ctx):
    in_scale, in_zp = _quant_of(ctx['inputs'][0], 'Quantize input')
    out_scale, out_zp = _quant_of(ctx['output'], 'Quantize output')
    m, s = quantize_multiplier(in_scale / out_scale)
    return {'scheme': 's8', 'size': shape_size(ctx['output']['shape']),
            'input': 'int16' if is_int16(ctx['inputs'][0]) else 'int8', 'output': 'int16' if is_int16(ctx['output']) else 'int8',
            'inputZeroPoint': in_zp, 'outputZeroPoint': out_zp, 'multiplier': m, 'shift': s}


def forward_int(d, xs, weights, rounding='double'):
    lo, hi = int_range(d['output'])
    return clamp(mbqm(xs[0] - d['inputZeroPoint'], d['multiplier'], d['shift'], rounding) + d['outputZeroPoint'], lo, hi)


class Twin(torch.nn.Module):
    def __init__(self, node, params=None, batchnorm=False):
        super().__init__()

    def forward(self, xs, q=None):
        return xs[0]
