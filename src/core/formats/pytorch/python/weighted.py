"""What the weighted twins (Conv2D, DepthwiseConv2D, FullyConnected) share: trainable float weights in the
TinyForge layouts (OHWI, 1HW(C*M), [units, K]), their fake quantization for QAT, optional BatchNorm folding, the
fused activation and the integer requantization of an accumulator.

BatchNorm (training only, `--batchnorm`): a BatchNorm over the output channels between the layer (with its bias)
and its fused activation. It is folded into the weights and bias before QAT and before export, as TFLite and
PyTorch's QAT do:  w'[c] = w[c] * g[c] / sqrt(var[c] + eps),  b'[c] = (b[c] - mean[c]) * g[c] / sqrt(var[c] + eps)
+ beta[c], with the running statistics. The deployed graph has no BatchNorm node.
"""
import numpy as np
import torch

from .fake_quant import fake_quant_bias, fake_quant_pow2, fake_quant_symmetric_per_channel, fake_quant_symmetric_per_tensor
from .fixed_point import clamp, mbqm, saturate_int8, wrap32


def activate(y, activation):
    if activation == 'relu':
        return torch.clamp(y, min=0.0)
    if activation == 'relu6':
        return torch.clamp(y, min=0.0, max=6.0)
    return y


class WeightedTwin(torch.nn.Module):
    """Float weights + bias of one node; `channel_axis` is the output-channel axis of the weights tensor."""

    def __init__(self, node, params, channel_axis, batchnorm=False, allow_batchnorm=True):
        super().__init__()
        self.node_id = node['id']
        self.attrs = node['attrs']
        self.channel_axis = channel_axis
        self.weight = torch.nn.Parameter(torch.from_numpy(np.array(params['weights'], dtype=np.float32)))
        use_bias = bool(self.attrs.get('useBias', True))
        self.bias = torch.nn.Parameter(torch.from_numpy(np.array(params['bias'], dtype=np.float32))) if use_bias else None
        channels = self.weight.shape[channel_axis if channel_axis is not None else 0]
        self.bn = torch.nn.BatchNorm1d(channels) if batchnorm and allow_batchnorm and use_bias else None
        self.dense_per_channel = False

    def quantized_weights(self, q):
        """(weights, bias) for the forward: as they are (float), or fake-quantized onto the int8 (or int4) grid (QAT)."""
        w, b = self.weight, self.bias
        if q is None:
            return w, b
        if q['scheme'] == 's8':
            in_scale = q['inputs'][0][0]
            # int4 weights: [-7, 7], per channel where the op's _s4 kernel takes it (Conv2D, DepthwiseConv2D), per tensor
            # for FullyConnected; an int16 FullyConnected (arm_fully_connected_s16) takes per-tensor weights.
            qmax = 7 if q.get('int4') else 127
            dense_per_channel = self.dense_per_channel and not q.get('int4') and not q.get('int16')
            if self.channel_axis is None and not dense_per_channel:
                wq, scale = fake_quant_symmetric_per_tensor(w, qmax)
                bias_scale = in_scale * scale
            else:
                axis = 0 if self.channel_axis is None else self.channel_axis
                wq, scale = fake_quant_symmetric_per_channel(w, axis, qmax)
                bias_scale = in_scale * scale.reshape(-1)
            return wq, (fake_quant_bias(b, bias_scale) if b is not None else None)
        wq = fake_quant_pow2(w, q['weight_frac'])
        return wq, (fake_quant_pow2(b, q['bias_frac']) if b is not None else None)

    def finish(self, y, b):
        """Bias, BatchNorm (channels last) and the fused activation of a float output."""
        if b is not None:
            y = y + b
        if self.bn is not None:
            shape = y.shape
            y = self.bn(y.reshape(-1, shape[-1])).reshape(shape)
        return activate(y, self.attrs.get('activation', 'none'))

    def fold_batchnorm(self):
        """Folds the BatchNorm (running statistics) into weights and bias and removes it."""
        if self.bn is None:
            return
        with torch.no_grad():
            bn = self.bn
            factor = bn.weight / torch.sqrt(bn.running_var + bn.eps)
            shape = [1] * self.weight.dim()
            shape[self.channel_axis if self.channel_axis is not None else 0] = -1
            self.weight.mul_(factor.reshape(shape))
            self.bias.copy_((self.bias - bn.running_mean) * factor + bn.bias)
        self.bn = None

    def float_weights(self):
        """{name: float32 numpy array} in the TinyForge layout (BatchNorm must be folded first)."""
        if self.bn is not None:
            raise RuntimeError('fold the BatchNorm of %s before exporting its weights' % self.node_id)
        out = {'weights': self.weight.detach().cpu().numpy().astype(np.float32)}
        if self.bias is not None:
            out['bias'] = self.bias.detach().cpu().numpy().astype(np.float32)
        return out

    def load_float_weights(self, params):
        with torch.no_grad():
            self.weight.copy_(torch.from_numpy(np.array(params['weights'], dtype=np.float32)))
            if self.bias is not None:
                self.bias.copy_(torch.from_numpy(np.array(params['bias'], dtype=np.float32)))


def add_bias_int(acc, d, weights):
    """acc + bias: int32 bias (s8), or the int8 bias shifted left by bias_shift in int32 (pow2)."""
    bias = weights.get('bias')
    if bias is None:
        return acc
    if d['scheme'] == 's8':
        return acc + bias
    return acc + wrap32(bias << d['biasShift'])


def requantize_int(acc, d, rounding, per_channel=True):
    """The output int8 of int32 accumulators [..., C]: s8 MultiplyByQuantizedMultiplier per channel + offset and
    the clamp; pow2 (acc + NN_ROUND) >> out_shift, saturated to int8, then the clamp."""
    if d['scheme'] == 's8':
        m = torch.tensor(d['multipliers'], dtype=torch.int64)
        s = torch.tensor(d['shifts'], dtype=torch.int64)
        if not per_channel or len(d['multipliers']) == 1:
            m, s = m[0], s[0]
        y = mbqm(wrap32(acc), m, s, rounding) + d['outputOffset']
        return clamp(y, d['actMin'], d['actMax'])
    shift = d['outShift']
    shifted = wrap32(acc) if shift == 0 else wrap32(acc + (1 << (shift - 1))) >> shift
    return clamp(saturate_int8(shifted), d['actMin'], d['actMax'])
