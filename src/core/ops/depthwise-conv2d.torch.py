"""DepthwiseConv2D twin (PyTorch) of depthwise-conv2d.ts: NHWC input [N, H, W, C], weights 1HW(C*M)
[1, kh, kw, C*mult], bias [C*mult]; output channel o = c*mult + m reads input channel c = o // mult:
    y[oy, ox, o] = act(bias[o] + sum_{ky, kx} x[oy*sh - padT + ky*dh, ox*sw - padL + kx*dw, o // mult] * w[0, ky, kx, o])
(a grouped convolution with groups = C, which is exactly torch's channel-to-group rule). Padding as Conv2D.

float / QAT as Conv2D (per-channel weight scales along axis 3 in s8).
int8, s8 (arm_depthwise_conv_wrapper_s8): acc[o] = bias[o] + sum (x[o // mult] + input_offset) * w[o];
    y = clamp(MultiplyByQuantizedMultiplier(acc, M[o], shift[o]) + out_zp, act_min, act_max).
int16 (16x8, arm_depthwise_conv_wrapper_s16): int16 input and output, zero points 0, int8 weights per channel,
    acc[o] = bias[o] + sum x[o // mult] * w[o] in 64 bits, y = clamp(arm_nn_requantize_s64(acc, REDUCE_MULTIPLIER(M[o]),
    shift[o])) as Conv2D's int16 path (int16.py). QAT: weights per channel, the output on the symmetric int16 grid.
int8, pow2 (arm_depthwise_separable_conv_HWC_q7_nonsquare): acc = (bias << bias_shift) + sum x * w;
    y = clamp(ssat8((acc + NN_ROUND) >> out_shift)).
"""
from ..int16 import conv_s16_requant, is_int16, requantize_s64_channels
from ..kernel_params import pow2_weighted_requant, s8_weighted_requant, window_pad_before
from ..weighted import WeightedTwin, add_bias_int, requantize_int
from ..window import conv_nhwc, int_conv_nhwc, pads
from .conv2d import geometry

TYPE = 'DepthwiseConv2D'
# The integer forward takes int16 tensors (the arm_depthwise_conv_wrapper_s16 path above).
INT16 = True


def prepare(ctx):
    scheme, a = ctx['scheme'], ctx['attrs']
    input_shape = list(ctx['inputs'][0]['shape'])
    output_shape = list(ctx['output']['shape'])
    _, h, w, _ = input_shape
    oc = output_shape[3]
    common = {
        'scheme': scheme, 'inputShape': input_shape, 'outputShape': output_shape,
        'depthMultiplier': a['depthMultiplier'], 'kernelH': a['kernelH'], 'kernelW': a['kernelW'],
        'strideH': a['strideH'], 'strideW': a['strideW'], 'dilationH': a['dilationH'], 'dilationW': a['dilationW'],
        'padTop': window_pad_before(h, a['kernelH'], a['strideH'], a['dilationH'], a['padding']),
        'padLeft': window_pad_before(w, a['kernelW'], a['strideW'], a['dilationW'], a['padding']),
    }
    if scheme == 's8' and is_int16(ctx['output']):
        return dict(common, **conv_s16_requant('DepthwiseConv2D', ctx, a['useBias'], oc, 3, a['activation']))
    args = ('DepthwiseConv2D', ctx['inputs'][0], ctx['output'], ctx['weights'], a['useBias'], oc, 3, a['activation'])
    requant = s8_weighted_requant if scheme == 's8' else pow2_weighted_requant
    return dict(common, **requant(*args))


def forward_int(d, xs, weights, rounding='double'):
    stride, dilation, pad_hw = geometry(d)
    channels = d['inputShape'][3]
    w = weights['weights'].permute(3, 0, 1, 2)
    acc = int_conv_nhwc(xs[0] + d.get('inputOffset', 0), w, stride, dilation, pad_hw, groups=channels)
    if d.get('int16'):
        return requantize_s64_channels(add_bias_int(acc, d, weights), d)
    return requantize_int(add_bias_int(acc, d, weights), d, rounding)


class Twin(WeightedTwin):
    def __init__(self, node, params, batchnorm=False):
        super().__init__(node, params, channel_axis=3, batchnorm=batchnorm)
        a = node['attrs']
        _, h, w, c = node['inputShapes'][0]
        self.groups = c
        self.stride = (a['strideH'], a['strideW'])
        self.dilation = (a['dilationH'], a['dilationW'])
        self.pad_hw = (pads(h, a['kernelH'], a['strideH'], a['dilationH'], a['padding']),
                       pads(w, a['kernelW'], a['strideW'], a['dilationW'], a['padding']))

    def forward(self, xs, q=None):
        w, b = self.quantized_weights(q)
        y = conv_nhwc(xs[0], w.permute(3, 0, 1, 2), self.stride, self.dilation, self.pad_hw, groups=self.groups)
        return self.finish(y, b)
