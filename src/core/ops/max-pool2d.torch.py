"""MaxPool2D twin (PyTorch) of max-pool2d.ts: NHWC [N, H, W, C] -> [N, Hout, Wout, C], per channel
    y[oy, ox, c] = act(max over the in-bounds cells of the poolH x poolW window at (oy*sh - padT, ox*sw - padL))
Padding cells never take part (TFLite). float and QAT: the formula (the maximum of values on the input's int8 grid
stays on it, so QAT's output fake quantization with the shared group parameters changes nothing).
int8 (s8 arm_max_pool_s8, pow2 arm_maxpool_q7_HWC + arm_relu_q7/arm_clip_q7): the same window maximum of the int8
values, then the fused activation clamp; the output keeps the input's quantization.
int16 (16x8, arm_max_pool_s16): the same on symmetric int16 values, the int16 clamp.
"""
from ..pooling import PoolTwin, max_pool_int, prepare_pool

TYPE = 'MaxPool2D'
# The integer forward takes int16 tensors (arm_max_pool_s16: the same arithmetic on int16 values, pooling.py).
INT16 = True


def prepare(ctx):
    return prepare_pool(ctx, ctx['attrs'], 'MaxPool2D')


def forward_int(d, xs, weights, rounding='double'):
    return max_pool_int(d, xs[0])


class Twin(PoolTwin):
    def __init__(self, node, params=None, batchnorm=False):
        super().__init__(node, 'max')
