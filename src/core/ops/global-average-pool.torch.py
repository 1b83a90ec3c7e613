"""GlobalAveragePool twin (PyTorch) of global-average-pool.ts: NHWC [N, H, W, C] -> [N, 1, 1, C],
    y[c] = (1 / (H*W)) * sum_{y, x} x[y, x, c]

int8, s8: when the output keeps the input's quantization, arm_avgpool_s8 over the full H x W window (ties away
  from zero). When an imported model gives the output its own quantization (TFLite MEAN): M, shift =
  QuantizeMultiplier(in_scale / out_scale) folded with 1/(H*W) (M * 2**s / (H*W), s = min(floor(log2(H*W)), 32,
  31 + shift)), y = clamp(MultiplyByQuantizedMultiplier(sum - in_zp*H*W, M', shift - s) + out_zp, -128, 127).
int8, pow2: arm_avepool_q7_HWC over the full window (rows, then columns, truncating).
"""
import torch

from ..fixed_point import clamp, mbqm, quantize_multiplier, trunc_div_int, wrap32
from ..kernel_params import activation_quant
from ..pooling import average_pool_pow2, average_pool_s8, prepare_pool

TYPE = 'GlobalAveragePool'


def prepare(ctx):
    _, h, w, _ = ctx['inputs'][0]['shape']
    window = {'poolH': h, 'poolW': w, 'strideH': 1, 'strideW': 1, 'padding': 'valid', 'activation': 'none'}
    if ctx['scheme'] == 's8':
        q_in = activation_quant(ctx['inputs'][0], 'GlobalAveragePool input')
        q_out = activation_quant(ctx['output'], 'GlobalAveragePool output')
        if q_in != q_out:
            multiplier, shift = quantize_multiplier(q_in[0] / q_out[0])
            count = h * w
            s = min(count.bit_length() - 1, 32, 31 + shift)
            folded = trunc_div_int(multiplier << s, count) if s >= 0 else trunc_div_int(multiplier >> -s, count)
            return {'scheme': 's8', 'inputShape': list(ctx['inputs'][0]['shape']),
                    'outputShape': list(ctx['output']['shape']), 'poolH': h, 'poolW': w, 'strideH': 1, 'strideW': 1,
                    'padTop': 0, 'padLeft': 0, 'actMin': -128, 'actMax': 127, 'mode': 'mean',
                    'inputOffset': -q_in[1], 'outputOffset': q_out[1], 'multiplier': folded, 'shift': shift - s}
    return dict(prepare_pool(ctx, window, 'GlobalAveragePool'), mode='pool')


def forward_int(d, xs, weights, rounding='double'):
    x = xs[0]
    if d['mode'] == 'pool':
        return average_pool_s8(d, x) if d['scheme'] == 's8' else average_pool_pow2(d, x)
    count = x.shape[1] * x.shape[2]
    total = x.sum(dim=(1, 2), keepdim=True)
    y = mbqm(wrap32(total + d['inputOffset'] * count), d['multiplier'], d['shift'], rounding) + d['outputOffset']
    return clamp(y, -128, 127)


class Twin(torch.nn.Module):
    def __init__(self, node, params=None, batchnorm=False):
        super().__init__()

    def forward(self, xs, q=None):
        return xs[0].mean(dim=(1, 2), keepdim=True)
