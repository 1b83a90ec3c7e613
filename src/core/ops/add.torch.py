"""Add twin (PyTorch) of add.ts: y = act(a + b), both inputs of the same shape. float and QAT: the formula.
int8, s8 (arm_elementwise_add_s8): left_shift = 20, twice_max = 2 * max(s_a, s_b);
    a' = MBQM((a - zp_a) * 2**20, M_a, shift_a), b' likewise, y = clamp(MBQM(a' + b', M_out, shift_out) + zp_out).
int16 (16x8, arm_elementwise_add_s16): the same arithmetic with zero points 0 (no offsets), left_shift = 15 (TFLite
    add_common) and the int16 clamp; MultiplyByQuantizedMultiplier, so the rounding mode applies as at int8.
int8, pow2 (arm_add_q7): one shared Q format, y = clamp(ssat8(a + b)).
"""
import torch

from ..fixed_point import clamp, mbqm, quantize_multiplier, saturate_int8, wrap32
from ..int16 import activation_quant_s16, activation_range_s16, is_int16
from ..kernel_params import (QuantError, activation_frac_bits, activation_quant, activation_range_pow2,
                             activation_range_s8, shape_size)
from ..weighted import activate

TYPE = 'Add'
# The integer forward takes int16 tensors (the arm_elementwise_add_s16 path above).
INT16 = True


def _below_one(real, what):
    m, s = quantize_multiplier(real)
    if s > 0:
        raise QuantError('Add: the %s rescale factor %r must be below 1; give the output a larger scale' % (what, real))
    return m, s


def prepare(ctx):
    scheme, a = ctx['scheme'], ctx['attrs']
    size = shape_size(ctx['output']['shape'])
    if scheme == 's8':
        int16 = is_int16(ctx['output'])
        quant_of = activation_quant_s16 if int16 else activation_quant
        sa, za = quant_of(ctx['inputs'][0], 'Add input 1')
        sb, zb = quant_of(ctx['inputs'][1], 'Add input 2')
        so, zo = quant_of(ctx['output'], 'Add output')
        left = 15 if int16 else 20
        twice_max = 2 * max(sa, sb)
        m1, s1 = _below_one(sa / twice_max, 'input 1')
        m2, s2 = _below_one(sb / twice_max, 'input 2')
        mo, s_o = _below_one(twice_max / ((1 << left) * so), 'output')
        act_min, act_max = (activation_range_s16(a['activation'], so) if int16
                            else activation_range_s8(a['activation'], so, zo))
        d = {'scheme': scheme, 'size': size, 'input1Offset': -za, 'input2Offset': -zb, 'leftShift': left,
             'input1Multiplier': m1, 'input1Shift': s1, 'input2Multiplier': m2, 'input2Shift': s2,
             'outputMultiplier': mo, 'outputShift': s_o, 'outputOffset': zo, 'actMin': act_min, 'actMax': act_max}
        if int16:
            d['int16'] = True
        return d
    fa = activation_frac_bits(ctx['inputs'][0], 'Add input 1')
    fb = activation_frac_bits(ctx['inputs'][1], 'Add input 2')
    fo = activation_frac_bits(ctx['output'], 'Add output')
    if fa != fo or fb != fo:
        raise QuantError('Add in the pow2 scheme adds raw q7 values (arm_add_q7), so both inputs and the output need '
                         'the same Q format; got 2^-%d, 2^-%d and 2^-%d' % (fa, fb, fo))
    act_min, act_max = activation_range_pow2(a['activation'], fo)
    return {'scheme': scheme, 'size': size, 'actMin': act_min, 'actMax': act_max}


def forward_int(d, xs, weights, rounding='double'):
    a, b = xs
    if d['scheme'] == 's8':
        sa = mbqm(wrap32((a + d['input1Offset']) << d['leftShift']), d['input1Multiplier'], d['input1Shift'], rounding)
        sb = mbqm(wrap32((b + d['input2Offset']) << d['leftShift']), d['input2Multiplier'], d['input2Shift'], rounding)
        v = mbqm(wrap32(sa + sb), d['outputMultiplier'], d['outputShift'], rounding) + d['outputOffset']
    else:
        v = saturate_int8(a + b)
    return clamp(v, d['actMin'], d['actMax'])


class Twin(torch.nn.Module):
    def __init__(self, node, params=None, batchnorm=False):
        super().__init__()
        self.activation = node['attrs'].get('activation', 'none')

    def forward(self, xs, q=None):
        return activate(xs[0] + xs[1], self.activation)
