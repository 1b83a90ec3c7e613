"""Input twin (PyTorch) of input.ts: raw sensor/pixel values [N, *shape] (NHWC) with integer preprocessing
    y[..., c] = (raw[..., c] - mean[c]) * scale           (mean: one value, or one per channel = last dim)

float / QAT: the formula in float32 (QAT then fake-quantizes the output like every activation).
int8 (`preprocess`, the twin of input.ts preprocessRaw and of the generated C preprocessing), per sample:
  every raw value a whole number, s8:  q = clamp(zp + MultiplyByQuantizedMultiplier(raw - mean[c], M, shift));
                                 pow2: q = ssat8(e >= 0 ? (raw - mean[c]) * 2**e : (raw - mean[c] + 2**(-e-1)) >> -e);
  otherwise (float features):          q = clamp(zp + round_half_away((raw - mean[c]) * scale / out_scale)).
The integer forward (forward_int) takes the Input's int8 output tensor, as the C `invoke`, and passes it through.
"""
import math

import numpy as np
import torch

from ..fixed_point import mbqm, quantize_multiplier, rounding_right_shift
from ..kernel_params import QuantError, activation_frac_bits, activation_quant, shape_size

TYPE = 'Input'


def prepare(ctx):
    scheme, a, output = ctx['scheme'], ctx['attrs'], ctx['output']
    common = {'scheme': scheme, 'size': shape_size(output['shape']),
              'channels': output['shape'][-1], 'mean': list(a['mean']), 'scale': a['scale']}
    if scheme == 's8':
        out_scale, zp = activation_quant(output, 'Input tensor')
        m, s = quantize_multiplier(a['scale'] / out_scale)
        return dict(common, outputScale=out_scale, outputZeroPoint=zp, multiplier=m, shift=s)
    frac = activation_frac_bits(output, 'Input tensor')
    e = frac + math.log2(a['scale'])
    if e != int(e):
        raise QuantError("Input scale %r is not a power of two, which the pow2 scheme's shift preprocessing needs" % a['scale'])
    return dict(common, outputScale=2.0 ** -frac, outputZeroPoint=0, leftShift=int(e))


def _centred(d, raw):
    mean = np.array(d['mean'], dtype=np.float64)
    flat = raw.reshape(raw.shape[0], -1, d['channels']) if raw.ndim > 1 else raw.reshape(1, -1, d['channels'])
    return flat - (mean[0] if mean.size == 1 else mean)


def preprocess(d, raw, rounding='double'):
    """int8 tensors [N, *shape] (int64) from raw values [N, *shape] (numpy or tensor)."""
    raw = raw.detach().cpu().numpy() if torch.is_tensor(raw) else np.asarray(raw)
    raw = raw.astype(np.float64).reshape(raw.shape[0], -1)
    if raw.shape[1] != d['size']:
        raise ValueError('Input expects %d raw values per sample, got %d' % (d['size'], raw.shape[1]))
    centred = _centred(d, raw).reshape(raw.shape[0], -1)
    out = np.zeros(centred.shape, dtype=np.int64)
    integer = np.all(np.isfinite(raw) & (raw == np.floor(raw)), axis=1)
    if integer.any():
        c = torch.from_numpy(centred[integer].astype(np.int64))
        if d['scheme'] == 's8':
            q = mbqm(c, d['multiplier'], d['shift'], rounding) + d['outputZeroPoint']
        elif d['leftShift'] >= 0:
            q = c * (2 ** d['leftShift'])
        else:
            q = rounding_right_shift(c, -d['leftShift'])
        out[integer] = torch.clamp(q, -128, 127).numpy()
    if (~integer).any():
        v = centred[~integer] * d['scale'] / d['outputScale']
        a = np.abs(v)
        f = np.floor(a)
        r = np.where(a - f >= 0.5, f + 1, f) * np.sign(v)
        out[~integer] = np.clip(d['outputZeroPoint'] + r, -128, 127).astype(np.int64)
    return torch.from_numpy(out)


def forward_int(d, xs, weights, rounding='double'):
    return xs[0]


class Twin(torch.nn.Module):
    def __init__(self, node, params=None, batchnorm=False):
        super().__init__()
        a = node['attrs']
        mean = torch.tensor([float(m) for m in a['mean']], dtype=torch.float32)
        self.register_buffer('mean', mean if mean.numel() > 1 else mean[0])
        self.scale = float(a['scale'])
        self.shape = list(node['outputShape'][1:])

    def forward(self, xs, q=None):
        raw = xs[0].reshape([xs[0].shape[0]] + self.shape).float()
        return (raw - self.mean) * self.scale
