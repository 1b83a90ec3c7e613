"""Conv2D twin (PyTorch) of conv2d.ts: NHWC input [N, H, W, Cin], weights OHWI [filters, kh, kw, Cin], bias [filters]:
    y[oy, ox, o] = act(bias[o] + sum_{ky, kx, i} x[oy*sh - padT + ky*dh, ox*sw - padL + kx*dw, i] * w[o, ky, kx, i])
TFLite padding ('same': ceil(H / sh) rows, odd border cell at the bottom/right); cells outside the input read as 0.

float: the formula (optionally with a training-only BatchNorm, folded before QAT and export).
QAT: weights fake-quantized per output channel (s8) or to 2**-n (pow2), int32/int8 bias likewise.
int8, s8 (arm_convolve_wrapper_s8): acc[o] = bias[o] + sum (x + input_offset) * w;
    y = clamp(MultiplyByQuantizedMultiplier(acc, M[o], shift[o]) + out_zp, act_min, act_max).
int16 (16x8, arm_convolve_wrapper_s16): int16 input and output, zero points 0 (the border reads 0), int8 weights per
    channel, acc[o] = bias[o] + sum x * w in 64 bits; y = clamp(arm_nn_requantize_s64(acc, REDUCE_MULTIPLIER(M[o]),
    shift[o]), act_min, act_max), M from double(in_scale * w_scale[o]) / out_scale, shift at most 14 (int16.py, the twin
    of ops/conv-s16.ts). QAT: weights per channel, the output on the symmetric int16 grid.
int8, pow2 (arm_convolve_HWC_q7_basic_nonsquare): acc = (bias << bias_shift) + sum x * w;
    y = clamp(ssat8((acc + NN_ROUND(out_shift)) >> out_shift)).
`prepare` returns the same OpData as conv2d.ts prepare, key for key.
"""
from ..int16 import conv_s16_requant, is_int16, requantize_s64_channels
from ..kernel_params import pow2_weighted_requant, s8_weighted_requant, window_pad_before
from ..weighted import WeightedTwin, add_bias_int, requantize_int
from ..window import conv_nhwc, int_conv_nhwc, pads

TYPE = 'Conv2D'
# The integer forward takes int16 tensors (the arm_convolve_wrapper_s16 path above).
INT16 = True


def prepare(ctx):
    scheme, a = ctx['scheme'], ctx['attrs']
    input_shape = list(ctx['inputs'][0]['shape'])
    output_shape = list(ctx['output']['shape'])
    _, h, w, _ = input_shape
    common = {
        'scheme': scheme, 'inputShape': input_shape, 'outputShape': output_shape, 'kernelH': a['kernelH'],
        'kernelW': a['kernelW'], 'strideH': a['strideH'], 'strideW': a['strideW'], 'dilationH': a['dilationH'],
        'dilationW': a['dilationW'],
        'padTop': window_pad_before(h, a['kernelH'], a['strideH'], a['dilationH'], a['padding']),
        'padLeft': window_pad_before(w, a['kernelW'], a['strideW'], a['dilationW'], a['padding']),
    }
    if scheme == 's8' and is_int16(ctx['output']):
        return dict(common, **conv_s16_requant('Conv2D', ctx, a['useBias'], a['filters'], 0, a['activation']))
    args = ('Conv2D', ctx['inputs'][0], ctx['output'], ctx['weights'], a['useBias'], a['filters'], 0, a['activation'])
    requant = s8_weighted_requant if scheme == 's8' else pow2_weighted_requant
    return dict(common, **requant(*args))


def geometry(d):
    """(stride, dilation, ((top, bottom), (left, right))) of the OpData's window."""
    _, h, w, _ = d['inputShape']
    _, oh, ow, _ = d['outputShape']
    bottom = max(0, (oh - 1) * d['strideH'] + (d['kernelH'] - 1) * d['dilationH'] + 1 - h - d['padTop'])
    right = max(0, (ow - 1) * d['strideW'] + (d['kernelW'] - 1) * d['dilationW'] + 1 - w - d['padLeft'])
    return (d['strideH'], d['strideW']), (d['dilationH'], d['dilationW']), ((d['padTop'], bottom), (d['padLeft'], right))


def forward_int(d, xs, weights, rounding='double'):
    stride, dilation, pad_hw = geometry(d)
    w = weights['weights'].permute(0, 3, 1, 2)
    acc = int_conv_nhwc(xs[0] + d.get('inputOffset', 0), w, stride, dilation, pad_hw)
    if d.get('int16'):
        return requantize_s64_channels(add_bias_int(acc, d, weights), d)
    return requantize_int(add_bias_int(acc, d, weights), d, rounding)


class Twin(WeightedTwin):
    def __init__(self, node, params, batchnorm=False):
        super().__init__(node, params, channel_axis=0, batchnorm=batchnorm)
        a = node['attrs']
        _, h, w, _ = node['inputShapes'][0]
        self.stride = (a['strideH'], a['strideW'])
        self.dilation = (a['dilationH'], a['dilationW'])
        self.pad_hw = (pads(h, a['kernelH'], a['strideH'], a['dilationH'], a['padding']),
                       pads(w, a['kernelW'], a['strideW'], a['dilationW'], a['padding']))

    def forward(self, xs, q=None):
        w, b = self.quantized_weights(q)
        y = conv_nhwc(xs[0], w.permute(0, 3, 1, 2), self.stride, self.dilation, self.pad_hw)
        return self.finish(y, b)
