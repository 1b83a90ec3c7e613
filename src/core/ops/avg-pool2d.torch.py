"""AvgPool2D twin (PyTorch) of avg-pool2d.ts: NHWC [N, H, W, C] -> [N, Hout, Wout, C], per channel
    y[oy, ox, c] = act(sum of x over the in-bounds cells of the window / (number of in-bounds cells))
As TFLite, 'same' padding does not count border cells in the divisor. float and QAT: the formula.
int8, s8 (arm_avgpool_s8): (sum > 0 ? sum + count/2 : sum - count/2) / count, C division (ties away from zero).
int8, pow2 (arm_avepool_q7_HWC, DSP path): rows first, then columns, each a truncating C division.
int16 (16x8, arm_avgpool_s16): the s8 rule on symmetric int16 values (32-bit sums), the int16 clamp.
The output keeps the input's quantization.
"""
from ..pooling import PoolTwin, average_pool_pow2, average_pool_s8, prepare_pool

TYPE = 'AvgPool2D'
# The integer forward takes int16 tensors (arm_avgpool_s16: the same arithmetic on int16 values, pooling.py).
INT16 = True


def prepare(ctx):
    a = ctx['attrs']
    return prepare_pool(ctx, a, 'AvgPool2D')


def forward_int(d, xs, weights, rounding='double'):
    return average_pool_s8(d, xs[0]) if d['scheme'] == 's8' else average_pool_pow2(d, xs[0])


class Twin(PoolTwin):
    def __init__(self, node, params=None, batchnorm=False):
        super().__init__(node, 'avg')
