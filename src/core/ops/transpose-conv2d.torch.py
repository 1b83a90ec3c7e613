"""TransposeConv2D twin (PyTorch) of transpose-conv2d.ts: NHWC input, OHWI weights [filters, kh, kw, Cin], bias:
every input cell scatters its window, acc[y*sh - padT + ky, x*sw - padL + kx, o] += x[y, x, i] * w[o, ky, kx, i]
(cells outside the output dropped); 'same' output H*sh, 'valid' (H-1)*sh + kh; padT = floor(max(0, (H-1)*sh + kh - OH)/2).
Computed as the full transposed convolution (conv_transpose2d, (H-1)*sh + kh rows), then the output window.
float / QAT: the formula, weights fake-quantized per output channel (s8). int8, s8 only (arm_transpose_conv_s8):
    y = clamp(MBQM(bias[o] + sum (x - zp_in) * w, M[o], shift[o]) + zp_out, act_min, act_max).
"""
import torch
import torch.nn.functional as F

from ..kernel_params import QuantError, s8_weighted_requant
from ..weighted import WeightedTwin, add_bias_int, requantize_int
from ..window import exact_float64_bound

TYPE = 'TransposeConv2D'


def pad_before(size, kernel, stride, output):
    return max(0, (size - 1) * stride + kernel - output) // 2


def prepare(ctx):
    if ctx['scheme'] != 's8':
        raise QuantError('TransposeConv2D has s8 kernels only; the %s scheme has none (quantize the graph with the s8 scheme)' % ctx['scheme'])
    a = ctx['attrs']
    input_shape = list(ctx['inputs'][0]['shape'])
    output_shape = list(ctx['output']['shape'])
    _, h, w, _ = input_shape
    _, oh, ow, _ = output_shape
    requant = s8_weighted_requant('TransposeConv2D', ctx['inputs'][0], ctx['output'], ctx['weights'], a['useBias'],
                                  a['filters'], 0, a['activation'])
    return dict({'scheme': 's8', 'inputShape': input_shape, 'outputShape': output_shape, 'kernelH': a['kernelH'],
                 'kernelW': a['kernelW'], 'strideH': a['strideH'], 'strideW': a['strideW'],
                 'padTop': pad_before(h, a['kernelH'], a['strideH'], oh), 'padLeft': pad_before(w, a['kernelW'], a['strideW'], ow)},
                **requant)


def scatter(x, w_ohwi, stride, out_hw, pad_tl):
    """The transposed convolution of NHWC x with OHWI weights, cut to out_hw at (padT, padL); returns NHWC."""
    full = F.conv_transpose2d(x.permute(0, 3, 1, 2), w_ohwi.permute(3, 0, 1, 2), stride=stride)
    (oh, ow), (top, left) = out_hw, pad_tl
    full = F.pad(full, (0, max(0, left + ow - full.shape[3]), 0, max(0, top + oh - full.shape[2])))
    return full[:, :, top:top + oh, left:left + ow].permute(0, 2, 3, 1)


def forward_int(d, xs, weights, rounding='double'):
    _, h, w, c = d['inputShape']
    x = xs[0].reshape(-1, h, w, c) + d['inputOffset']
    wt = weights['weights']
    terms = wt.shape[1] * wt.shape[2] * c
    if not exact_float64_bound(int(x.abs().max()), int(wt.abs().max()), terms):
        raise QuantError('TransposeConv2D: the accumulator exceeds the exact float64 range')
    acc = torch.round(scatter(x.double(), wt.double(), (d['strideH'], d['strideW']), d['outputShape'][1:3],
                              (d['padTop'], d['padLeft']))).long()
    return requantize_int(add_bias_int(acc, d, weights), d, rounding)


class Twin(WeightedTwin):
    def __init__(self, node, params, batchnorm=False):
        super().__init__(node, params, channel_axis=0, batchnorm=batchnorm)
        a = node['attrs']
        _, h, w, _ = node['inputShapes'][0]
        _, oh, ow, _ = node['outputShape']
        self.stride = (a['strideH'], a['strideW'])
        self.out_hw = (oh, ow)
        self.pad_tl = (pad_before(h, a['kernelH'], a['strideH'], oh), pad_before(w, a['kernelW'], a['strideW'], ow))

    def forward(self, xs, q=None):
        w, b = self.quantized_weights(q)
        return self.finish(scatter(xs[0], w, self.stride, self.out_hw, self.pad_tl), b)
