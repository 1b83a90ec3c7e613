"""Standalone int8 ReLU / ReLU6 shared by their twins: the twin of quant/relu-params.ts.
  s8: M, shift = QuantizeMultiplier(float32(in_scale / out_scale));
      y = clamp(out_zp + MultiplyByQuantizedMultiplier(x - in_zp, M, shift), lo, hi), lo = max(-128, out_zp),
      hi = 127 (ReLU) or min(127, out_zp + round(float32(6 / out_scale))) (ReLU6).
  pow2: arm_relu_q7 (max(0, x)) / arm_clip_q7 to [0, min(127, round(6 * 2**n))], same Q format.
"""
import math

from .fixed_point import clamp, fround, mbqm, quantize_multiplier
from .kernel_params import activation_quant, activation_range_pow2, quantize_value_f32, shape_size, shared_quant


def prepare_relu(ctx, op):
    scheme = ctx['scheme']
    size = shape_size(ctx['output']['shape'])
    if scheme == 's8':
        in_scale, in_zp = activation_quant(ctx['inputs'][0], '%s input' % op)
        out_scale, out_zp = activation_quant(ctx['output'], '%s output' % op)
        m, s = quantize_multiplier(fround(in_scale / out_scale))
        act_min = max(-128, quantize_value_f32(0, out_scale, out_zp))
        act_max = 127 if op == 'ReLU' else min(127, quantize_value_f32(6, out_scale, out_zp))
        return {'scheme': scheme, 'size': size, 'inputZeroPoint': in_zp,
                'outputZeroPoint': out_zp, 'multiplier': m, 'shift': s, 'actMin': act_min, 'actMax': act_max}
    scale, _ = shared_quant(scheme, ctx['inputs'][0], ctx['output'], op)
    act_min, act_max = activation_range_pow2('relu' if op == 'ReLU' else 'relu6', int(-math.log2(scale)))
    return {'scheme': scheme, 'size': size, 'actMin': act_min, 'actMax': act_max}


def relu_int(d, x, rounding):
    if d['scheme'] == 's8':
        x = d['outputZeroPoint'] + mbqm(x - d['inputZeroPoint'], d['multiplier'], d['shift'], rounding)
    return clamp(x, d['actMin'], d['actMax'])
