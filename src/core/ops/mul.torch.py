"""Mul twin (PyTorch) of mul.ts: y = act(a * b), broadcasting as broadcast.ts. float and QAT: the formula.
int8, s8 (arm_elementwise_mul_s8): y = clamp(MBQM((a - zp_a) * (b - zp_b), M, shift) + zp_out), M ~ s_a * s_b / s_out.
int16 (16x8, arm_elementwise_mul_s16 / tf_mul_s16): the same arithmetic with zero points 0 (no offsets) and the int16
    clamp; a multiplier of 1 or more is refused (the 2^30 products would overflow int32 when shifted left).
int8, pow2 (arm_nn_mult_q7): out_shift = frac_a + frac_b - frac_out in 0..15, y = ssat8(int16(a*b + round) >> out_shift),
    then the ReLU/ReLU6 clamp; same-length vectors only.
"""
import torch

from ..broadcast import apply, dims4
from ..fixed_point import clamp, mbqm, quantize_multiplier, saturate_int8
from ..int16 import activation_quant_s16, activation_range_s16, is_int16
from ..kernel_params import (QuantError, activation_frac_bits, activation_quant, activation_range_pow2,
                             activation_range_s8)
from ..weighted import activate

TYPE = 'Mul'
# The integer forward takes int16 tensors (the arm_elementwise_mul_s16 path above).
INT16 = True


def _dims(ctx):
    return {'input1Dims': dims4(ctx['inputs'][0]['shape']), 'input2Dims': dims4(ctx['inputs'][1]['shape']),
            'outputDims': dims4(ctx['output']['shape'])}


def prepare(ctx):
    scheme, a = ctx['scheme'], ctx['attrs']
    d = dict(_dims(ctx), scheme=scheme)
    if scheme == 's8':
        int16 = is_int16(ctx['output'])
        quant_of = activation_quant_s16 if int16 else activation_quant
        sa, za = quant_of(ctx['inputs'][0], 'Mul input 1')
        sb, zb = quant_of(ctx['inputs'][1], 'Mul input 2')
        so, zo = quant_of(ctx['output'], 'Mul output')
        m, s = quantize_multiplier((sa * sb) / so)
        if int16 and s > 0:
            raise QuantError('Mul at int16: s_a·s_b / s_out = %r is 1 or more; products up to 2^30 shifted left would '
                             'overflow int32 in arm_nn_requantize (widen the output range or keep the layer at int8)'
                             % ((sa * sb) / so))
        act_min, act_max = (activation_range_s16(a['activation'], so) if int16
                            else activation_range_s8(a['activation'], so, zo))
        if int16:
            d['int16'] = True
        return dict(d, input1Offset=-za, input2Offset=-zb, outputOffset=zo, multiplier=m, shift=s, actMin=act_min, actMax=act_max)
    if d['input1Dims'] != d['outputDims'] or d['input2Dims'] != d['outputDims']:
        raise QuantError('Mul in the pow2 scheme multiplies two vectors of the same length (arm_nn_mult_q7); got %s and %s' % (
            '×'.join(map(str, ctx['inputs'][0]['shape'])), '×'.join(map(str, ctx['inputs'][1]['shape']))))
    fa = activation_frac_bits(ctx['inputs'][0], 'Mul input 1')
    fb = activation_frac_bits(ctx['inputs'][1], 'Mul input 2')
    fo = activation_frac_bits(ctx['output'], 'Mul output')
    out_shift = fa + fb - fo
    if out_shift < 0 or out_shift > 15:
        raise QuantError('Mul in the pow2 scheme shifts the q7 product right by frac_a + frac_b − frac_out = %d; '
                         'arm_nn_mult_q7 needs 0..15 (re-quantize the graph with the pow2 scheme)' % out_shift)
    act_min, act_max = activation_range_pow2(a['activation'], fo)
    return dict(d, outShift=out_shift, actMin=act_min, actMax=act_max)


def forward_int(d, xs, weights, rounding='double'):
    a, b = xs
    n = a.shape[0]
    if d['scheme'] == 'pow2':
        s = d['outShift']
        v = a.reshape(n, -1) * b.reshape(n, -1) + ((1 << (s - 1)) if s > 0 else 0)
        q15 = ((v + 32768) & 0xFFFF) - 32768
        return clamp(saturate_int8(q15 >> s), d['actMin'], d['actMax'])
    prod = apply(lambda x, y: (x + d['input1Offset']) * (y + d['input2Offset']), a, b,
                 d['input1Dims'], d['input2Dims'], [1] + d['outputDims'])
    return clamp(mbqm(prod, d['multiplier'], d['shift'], rounding) + d['outputOffset'], d['actMin'], d['actMax'])


class Twin(torch.nn.Module):
    def __init__(self, node, params=None, batchnorm=False):
        super().__init__()
        self.activation = node['attrs'].get('activation', 'none')
        self.shapes = list(node['inputShapes']) + [node['outputShape']]

    def forward(self, xs, q=None):
        a, b, out = self.shapes
        return activate(apply(lambda x, y: x * y, xs[0], xs[1], a, b, out), self.activation)
