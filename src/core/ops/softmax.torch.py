"""Softmax twin (PyTorch) of softmax.ts: over the last axis, y[i] = exp(beta*(x[i] - max)) / sum_j exp(beta*(x[j] - max)).
float and QAT: torch.softmax(beta * x); training uses the logits beta * x with cross-entropy (train.py), so the
output fake quantization (fixed: s8 scale 1/256, zero point -128; pow2 Q0.7) only matters for evaluation.
int8: softmax_int8.py (s8 arm_softmax_s8; pow2 arm_softmax_q7). Prepare (TFLite PreprocessSoftmaxScaling):
multiplier, shift = QuantizeMultiplier(min(float32(beta) * s_in * 2**26, 2**31 - 1)), diff_min = -floor(31 * 2**26 / 2**shift).
int16 (16x8, arm_softmax_s16): softmax_int16.py; int16 symmetric input, output 1/32768 with zero point 0;
multiplier, shift = QuantizeMultiplier(s_in * float32(beta) / (10 / 65535)), MultiplyByQuantizedMultiplier (rounding applies).
"""
import math

import torch

from ..fixed_point import fround, quantize_multiplier
from ..kernel_params import QuantError, activation_frac_bits, activation_quant, shape_size
from ..int16 import activation_quant_s16, is_int16
from ..softmax_int16 import softmax_s16
from ..softmax_int8 import softmax_q7, softmax_s8

TYPE = 'Softmax'
OUTPUT_QUANT = {'s8': {'scale': [1 / 256], 'zeroPoint': [-128]}, 'pow2': {'scale': [1 / 128], 'zeroPoint': [0]}}
# The integer forward takes int16 tensors (the arm_softmax_s16 path above).
INT16 = True


def prepare(ctx):
    scheme, a = ctx['scheme'], ctx['attrs']
    shape = ctx['output']['shape']
    row_size = shape[-1]
    rows = shape_size(shape) // row_size
    if scheme == 's8' and is_int16(ctx['output']):
        in_scale, _ = activation_quant_s16(ctx['inputs'][0], 'Softmax input')
        out_scale, _ = activation_quant_s16(ctx['output'], 'Softmax output')
        if out_scale != 1 / 32768:
            raise QuantError('Softmax int16 output must have scale 1/32768 and zero point 0 (TFLite int16 softmax)')
        if row_size > 65535:
            raise QuantError("Softmax int16 rows of %d values overflow the kernel's int32 sum (at most 65,535)" % row_size)
        m, s = quantize_multiplier(in_scale * fround(a['beta']) / (10 / 65535))
        if s > 15:
            raise QuantError('Softmax int16 input scale %r is too large for the kernel' % in_scale)
        return {'scheme': scheme, 'int16': True, 'rows': rows, 'rowSize': row_size, 'multiplier': m, 'shift': s}
    if scheme == 's8':
        in_scale, _ = activation_quant(ctx['inputs'][0], 'Softmax input')
        out_scale, out_zp = activation_quant(ctx['output'], 'Softmax output')
        if out_scale != 1 / 256 or out_zp != -128:
            raise QuantError('Softmax int8 output must have scale 1/256 and zero point -128 (TFLite int8 softmax)')
        real = min(fround(a['beta']) * in_scale * 2.0 ** 26, 2.0 ** 31 - 1)
        m, s = quantize_multiplier(real)
        if s < 0:
            raise QuantError('Softmax input scale %r is too small for the int8 kernel' % in_scale)
        diff_min = -math.floor((31 * 2.0 ** 26) / 2.0 ** s)
        return {'scheme': scheme, 'rows': rows, 'rowSize': row_size, 'multiplier': m,
                'shift': s, 'diffMin': diff_min}
    activation_frac_bits(ctx['inputs'][0], 'Softmax input')
    if activation_frac_bits(ctx['output'], 'Softmax output') != 7:
        raise QuantError("Softmax in the pow2 scheme writes Q0.7 (arm_softmax_q7): its output scale must be 2^-7")
    return {'scheme': scheme, 'rows': rows, 'rowSize': row_size}


def forward_int(d, xs, weights, rounding='double'):
    x = xs[0]
    flat = x.reshape(-1, d['rowSize'])
    if d.get('int16'):
        return softmax_s16(flat, d['multiplier'], d['shift'], rounding).reshape(x.shape)
    y = softmax_s8(flat, d['multiplier'], d['shift'], d['diffMin']) if d['scheme'] == 's8' else softmax_q7(flat)
    return y.reshape(x.shape)


class Twin(torch.nn.Module):
    def __init__(self, node, params=None, batchnorm=False):
        super().__init__()
        self.beta = float(node['attrs'].get('beta', 1.0))

    def logits(self, x):
        return self.beta * x

    def forward(self, xs, q=None):
        return torch.softmax(self.beta * xs[0], dim=-1)
