"""Shared prepare arithmetic of the int8 operators: the Python twin of src/core/quant/kernel-params.ts.

A tensor description ("info") is a dict {'shape': [...], 'quant': {'scale': [...], 'zeroPoint': [...], 'axis'?}};
a constant is a dict {'dtype', 'shape', 'data' (numpy array), 'quant'}. Scales are read as float32 (fround), as
the TypeScript prepare does, and every multiplier is computed in the same double-precision expression order, so
the frozen OpData here equals the TypeScript OpData key for key (tests compare them on the golden cases).
"""
import math

from .fixed_point import fround, quantize_multiplier, round_half_away


class QuantError(Exception):
    """A node cannot run in int8 as quantized (missing or inconsistent parameters)."""


def window_pad_before(size, kernel, stride, dilation, padding):
    if padding != 'same':
        return 0
    effective = (kernel - 1) * dilation + 1
    out = -(-size // stride)
    total = max(0, (out - 1) * stride + effective - size)
    return total // 2


def activation_quant(info, what):
    q = (info or {}).get('quant')
    if not q or len(q['scale']) == 0:
        raise QuantError('%s has no quantization parameters; quantize the graph first' % what)
    if len(q['scale']) != 1:
        raise QuantError('%s must be quantized per tensor, not per channel' % what)
    scale = fround(q['scale'][0])
    if not (scale > 0) or not math.isfinite(scale):
        raise QuantError('%s has scale %r; it must be a positive number' % (what, q['scale'][0]))
    zp = q['zeroPoint'][0] if len(q['zeroPoint']) else 0
    if zp != int(zp) or zp < -128 or zp > 127:
        raise QuantError('%s has zero point %r; int8 tensors need a whole number in -128..127' % (what, zp))
    return scale, int(zp)


def require_same_quant(a, b, op):
    if a != b:
        raise QuantError('%s copies int8 values, so its output must keep the input\'s quantization' % op)


def symmetric_weights(tensor, what, axis):
    if tensor is None:
        raise QuantError('%s are missing' % what)
    if tensor['dtype'] != 'int8':
        raise QuantError('%s are %s; quantize the graph to int8 first' % (what, tensor['dtype']))
    q = tensor.get('quant')
    if not q or len(q['scale']) == 0:
        raise QuantError('%s have no quantization parameters' % what)
    channels = tensor['shape'][axis]
    if len(q['scale']) not in (1, channels):
        raise QuantError('%s have %d scales; expected 1 or %d' % (what, len(q['scale']), channels))
    if len(q['scale']) > 1 and q.get('axis', 0) != axis:
        raise QuantError('%s are quantized per channel along axis %r; the kernel needs axis %d' % (what, q.get('axis', 0), axis))
    if any(z != 0 for z in q['zeroPoint']):
        raise QuantError('%s must be symmetric (zero point 0)' % what)
    return [fround(s) for s in q['scale']]


def check_bias(tensor, use_bias, length, what, dtype):
    if not use_bias:
        return
    if tensor is None:
        raise QuantError('%s is missing' % what)
    if tensor['dtype'] != dtype:
        raise QuantError('%s is %s; this scheme needs an %s bias' % (what, tensor['dtype'], dtype))
    if int(tensor['data'].size) != length:
        raise QuantError('%s has %d values; expected %d' % (what, tensor['data'].size, length))


def per_channel_multipliers(in_scale, w_scales, out_scale, channels):
    multipliers, shifts = [], []
    for c in range(channels):
        real = (in_scale * w_scales[0 if len(w_scales) == 1 else c]) / out_scale
        m, s = quantize_multiplier(real)
        multipliers.append(m)
        shifts.append(s)
    return multipliers, shifts


def quantize_value_f32(value, scale, zero_point):
    return zero_point + round_half_away(fround(value / scale))


def activation_range_s8(activation, scale, zp):
    if activation == 'relu':
        return max(-128, quantize_value_f32(0, scale, zp)), 127
    if activation == 'relu6':
        return max(-128, quantize_value_f32(0, scale, zp)), min(127, quantize_value_f32(6, scale, zp))
    return -128, 127


def frac_bits(scales, zero_points, what):
    if not scales:
        raise QuantError('%s has no quantization parameters; quantize the graph first' % what)
    if len(scales) != 1:
        raise QuantError('%s must be quantized per tensor in the pow2 scheme' % what)
    if any(z != 0 for z in (zero_points or [])):
        raise QuantError('%s must have zero point 0 in the pow2 scheme' % what)
    n = -math.log2(scales[0])
    if n != int(n):
        raise QuantError('%s has scale %r, not a power of two as the pow2 scheme needs' % (what, scales[0]))
    return int(n)


def activation_frac_bits(info, what):
    q = (info or {}).get('quant') or {}
    return frac_bits(q.get('scale'), q.get('zeroPoint'), what)


def tensor_frac_bits(tensor, what):
    if tensor is None:
        raise QuantError('%s are missing' % what)
    q = tensor.get('quant') or {}
    return frac_bits(q.get('scale'), q.get('zeroPoint'), what)


def activation_range_pow2(activation, frac):
    if activation == 'relu':
        return 0, 127
    if activation == 'relu6':
        return 0, min(127, round_half_away(6 * 2.0 ** frac))
    return -128, 127


def kernel_shift(value, name, op):
    if value < 0 or value > 31:
        raise QuantError('%s: %s would be %d; the q7 kernels need 0..31' % (op, name, value))
    return value


def s8_weighted_requant(op, input_info, output_info, weights, use_bias, channels, weight_axis, activation):
    in_scale, in_zp = activation_quant(input_info, '%s input' % op)
    out_scale, out_zp = activation_quant(output_info, '%s output' % op)
    w_scales = symmetric_weights(weights.get('weights'), '%s weights' % op, weight_axis)
    check_bias(weights.get('bias'), use_bias, channels, '%s bias' % op, 'int32')
    multipliers, shifts = per_channel_multipliers(in_scale, w_scales, out_scale, channels)
    act_min, act_max = activation_range_s8(activation, out_scale, out_zp)
    return {'inputOffset': -in_zp, 'outputOffset': out_zp, 'multipliers': multipliers, 'shifts': shifts,
            'actMin': act_min, 'actMax': act_max}


def pow2_weighted_requant(op, input_info, output_info, weights, use_bias, channels, weight_axis, activation):
    in_frac = activation_frac_bits(input_info, '%s input' % op)
    out_frac = activation_frac_bits(output_info, '%s output' % op)
    w_frac = tensor_frac_bits(weights.get('weights'), '%s weights' % op)
    symmetric_weights(weights.get('weights'), '%s weights' % op, weight_axis)
    check_bias(weights.get('bias'), use_bias, channels, '%s bias' % op, 'int8')
    bias_frac = tensor_frac_bits(weights.get('bias'), '%s bias' % op) if use_bias else in_frac + w_frac
    act_min, act_max = activation_range_pow2(activation, out_frac)
    return {'biasShift': kernel_shift(in_frac + w_frac - bias_frac, 'bias shift', op),
            'outShift': kernel_shift(in_frac + w_frac - out_frac, 'output shift', op),
            'actMin': act_min, 'actMax': act_max}


def shared_quant(scheme, input_info, output_info, op, port=''):
    """Input and output share one quantization; returns (scale, zero point)."""
    if scheme == 's8':
        q_in = activation_quant(input_info, '%s input%s' % (op, port))
        require_same_quant(q_in, activation_quant(output_info, '%s output' % op), op)
        return q_in
    in_frac = activation_frac_bits(input_info, '%s input%s' % (op, port))
    require_same_quant(in_frac, activation_frac_bits(output_info, '%s output' % op), op)
    return 2.0 ** -in_frac, 0


def shape_size(shape):
    n = 1
    for d in shape:
        n *= d
    return n
