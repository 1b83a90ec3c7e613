"""FullyConnected twin (PyTorch) of fully-connected.ts: the input of each sample is read as the flat vector x[K]
(NHWC row-major, as TFLite), weights [units, K], bias [units]:
    y[u] = act(bias[u] + sum_k w[u, k] * x[k])      -> output [N, units]

float / QAT: s8 weights fake-quantized per tensor (the TFLite converter's choice and the TypeScript quantizer's
default) or per unit when the graph asks for it; pow2 to 2**-n.
int8, s8 (arm_fully_connected_s8 / _per_channel_s8): acc[u] = bias[u] + sum_k (x[k] + input_offset) * w[u, k];
    y = clamp(MultiplyByQuantizedMultiplier(acc, M, shift) + out_zp, act_min, act_max); per tensor, M comes from
    float32(in_scale * w_scale) / out_scale, per channel from double products (as Conv2D).
int16 (16x8, arm_fully_connected_s16): int16 input and output, zero points 0, int8 weights per tensor; acc = bias[u] +
    sum_k x[k] * w[u, k] in 64 bits; y = clamp(arm_nn_requantize_s64(acc, REDUCE_MULTIPLIER(M), shift)), M and shift from
    float32(in_scale * w_scale) / out_scale (int16.py). QAT: weights per tensor, the output on the int16 grid.
int8, pow2 (arm_fully_connected_q7): acc = (bias << bias_shift) + sum x * w; y = clamp(ssat8((acc + NN_ROUND) >> out_shift)).
"""
from ..fixed_point import clamp, fround, quantize_multiplier
from ..int16 import activation_quant_s16, activation_range_s16, is_int16, reduce_multiplier, requantize_s64
from ..kernel_params import (QuantError, activation_quant, activation_range_s8, check_bias, per_channel_multipliers,
                             pow2_weighted_requant, shape_size, symmetric_weights)
from ..weighted import WeightedTwin, add_bias_int, requantize_int
from ..window import int_matmul

TYPE = 'FullyConnected'
# The integer forward takes int16 tensors (the arm_fully_connected_s16 path above).
INT16 = True


def prepare(ctx):
    scheme, a = ctx['scheme'], ctx['attrs']
    k = shape_size(ctx['inputs'][0]['shape'])
    u = a['units']
    if scheme == 's8' and is_int16(ctx['output']):
        in_scale, _ = activation_quant_s16(ctx['inputs'][0], 'FullyConnected input')
        out_scale, _ = activation_quant_s16(ctx['output'], 'FullyConnected output')
        w_scales = symmetric_weights(ctx['weights'].get('weights'), 'FullyConnected weights', 0)
        if len(w_scales) > 1:
            raise QuantError('an int16 FullyConnected needs per-tensor weights (arm_fully_connected_s16 takes one multiplier)')
        check_bias(ctx['weights'].get('bias'), a['useBias'], u, 'FullyConnected bias', 'int32')
        m, s = quantize_multiplier(fround(in_scale * w_scales[0]) / out_scale)
        if s > 14:
            raise QuantError("FullyConnected int16 rescale 2^%d is out of the s16 kernel's range (shift at most 14)" % s)
        act_min, act_max = activation_range_s16(a['activation'], out_scale)
        return {'scheme': scheme, 'int16': True, 'inputLength': k, 'units': u, 'multiplier': m, 'shift': s,
                'actMin': act_min, 'actMax': act_max}
    if scheme == 's8':
        in_scale, in_zp = activation_quant(ctx['inputs'][0], 'FullyConnected input')
        out_scale, out_zp = activation_quant(ctx['output'], 'FullyConnected output')
        w_scales = symmetric_weights(ctx['weights'].get('weights'), 'FullyConnected weights', 0)
        check_bias(ctx['weights'].get('bias'), a['useBias'], u, 'FullyConnected bias', 'int32')
        per_channel = len(w_scales) > 1
        if per_channel:
            multipliers, shifts = per_channel_multipliers(in_scale, w_scales, out_scale, u)
        else:
            m, s = quantize_multiplier(fround(in_scale * w_scales[0]) / out_scale)
            multipliers, shifts = [m], [s]
        act_min, act_max = activation_range_s8(a['activation'], out_scale, out_zp)
        return {'scheme': scheme, 'inputLength': k, 'units': u, 'inputOffset': -in_zp, 'outputOffset': out_zp,
                'multipliers': multipliers, 'shifts': shifts, 'actMin': act_min, 'actMax': act_max}
    req = pow2_weighted_requant('FullyConnected', ctx['inputs'][0], ctx['output'], ctx['weights'], a['useBias'], u, 0,
                                a['activation'])
    return dict({'scheme': scheme, 'inputLength': k, 'units': u}, **req)


def forward_int(d, xs, weights, rounding='double'):
    if d.get('int16'):
        acc = int_matmul(xs[0].reshape(xs[0].shape[0], -1), weights['weights'])
        if 'bias' in weights:
            acc = acc + weights['bias']
        return clamp(requantize_s64(acc, reduce_multiplier(d['multiplier']), d['shift']), d['actMin'], d['actMax'])
    x = xs[0].reshape(xs[0].shape[0], -1) + d.get('inputOffset', 0)
    acc = int_matmul(x, weights['weights'])
    return requantize_int(add_bias_int(acc, d, weights), d, rounding)


class Twin(WeightedTwin):
    def __init__(self, node, params, batchnorm=False):
        super().__init__(node, params, channel_axis=None, batchnorm=batchnorm, allow_batchnorm=False)
        self.dense_per_channel = node.get('denseWeights') == 'per-channel'

    def forward(self, xs, q=None):
        w, b = self.quantized_weights(q)
        x = xs[0].reshape(xs[0].shape[0], -1)
        return self.finish(x @ w.t(), b)
