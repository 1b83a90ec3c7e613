"""SVDF twin (PyTorch) of svdf.ts: one frame x [N, F] per invocation, filters = units * rank, memory M:
    state[f, :M-1] <- state[f, 1:];  state[f, M-1] <- sum_c wf[f, c] * x[c]
    y[u] = act(bias[u] + sum_r sum_j state[u*rank + r, j] * wt[u*rank + r, j])      -> output [N, units]

Training: every sample is one invocation from the reset (zero) state, as the int8 engine runs each validation input
(runInt8 with a fresh state) and as the integer forward here does by default; a streaming deployment, whose memory
carries the previous frames, is not what is trained (the memory's older columns are 0 in training).
The range of the new state column (sum wf * x, what svdf.ts reports to calibration as 'state') is tracked during
training as a moving min/max (`internal`, fake_quant.RangeObservers) and sets the int16 state scale max|range| / 32767.
QAT: wf fake-quantized per tensor on int8, wt per tensor on int16 (-32767..32767), the state column on int16 with the
state scale, the bias on int32 with scale float32(s_state * s_wt).
int8, s8 (arm_svdf_state_s16_s8): state column = clamp(MBQM(sum wf * (x + input_offset), M1, sh1), int16);
    acc[u] = bias[u] + sum state * wt (int32, wrapping); y = clamp(MBQM(acc, M2, sh2) + out_zp, -128, 127).
`prepare` returns the same OpData as svdf.ts prepare, key for key; `quantize_constants` is its quantizeConstants.
"""
import numpy as np
import torch

from ..fake_quant import RangeObservers, fake_quant, fake_quant_bias, fake_quant_symmetric_per_tensor
from ..fixed_point import clamp, fround, mbqm, quantize_multiplier, wrap32
from ..kernel_params import QuantError, activation_quant
from ..quantize import quantize_bias_s8, quantize_symmetric_int16, quantize_weights_s8

TYPE = 'SVDF'
INTERNAL = ('state',)


def _tensor_scale(t, what):
    q = (t or {}).get('quant')
    if not q or len(q['scale']) != 1 or (q['zeroPoint'][0] if q['zeroPoint'] else 0) != 0:
        raise QuantError('SVDF %s must be quantized per tensor, symmetric' % what)
    return fround(q['scale'][0])


def _state_scale(state_quant):
    s = (state_quant or {}).get('state')
    if not s or len(s['scale']) != 1 or (s['zeroPoint'][0] if s['zeroPoint'] else 0) != 0 or not (s['scale'][0] > 0):
        raise QuantError('SVDF state has no symmetric int16 quantization; quantize the graph first')
    return fround(s['scale'][0])


def prepare(ctx):
    a, w = ctx['attrs'], ctx['weights']
    if ctx['scheme'] != 's8':
        raise QuantError('SVDF has s8 kernels only')
    shape = ctx['inputs'][0]['shape']
    if len(shape) != 2 or shape[0] != 1:
        raise QuantError('SVDF takes one frame [1, features] per invocation')
    in_scale, in_zp = activation_quant(ctx['inputs'][0], 'SVDF input')
    out_scale, out_zp = activation_quant(ctx['output'], 'SVDF output')
    s_state = _state_scale(ctx.get('state'))
    s_wf = _tensor_scale(w.get('weightsFeature'), 'feature weights')
    s_wt = _tensor_scale(w.get('weightsTime'), 'time weights')
    if w['weightsFeature']['dtype'] != 'int8':
        raise QuantError('SVDF feature weights must be int8')
    if w['weightsTime']['dtype'] != 'int16':
        raise QuantError('SVDF time weights must be int16 (TFLite int8 SVDF with int16 state)')
    if a['useBias'] and (w.get('bias') or {}).get('dtype') != 'int32':
        raise QuantError('SVDF bias must be int32')
    m1, s1 = quantize_multiplier(fround(fround(in_scale * s_wf) / s_state))
    m2, s2 = quantize_multiplier(fround(fround(s_state * s_wt) / out_scale))
    return {'scheme': 's8', 'inputSize': shape[1], 'units': a['units'], 'rank': a['rank'], 'memory': a['memory'],
            'inputOffset': -in_zp, 'outputOffset': out_zp, 'featureMultiplier': m1, 'featureShift': s1,
            'outputMultiplier': m2, 'outputShift': s2}


def init_state(d, n):
    return {'state': torch.zeros(n, d['units'] * d['rank'], d['memory'], dtype=torch.int64)}


def forward_int(d, xs, weights, rounding='double', state=None):
    """int8 output [N, units]; `state` ({'state': int64 [N, filters, M]}) is read and updated in place, else the
    invocation starts from the reset state."""
    x = xs[0].reshape(xs[0].shape[0], -1)
    n = x.shape[0]
    st = state if state is not None else init_state(d, n)
    acc = wrap32((x + d['inputOffset']) @ weights['weightsFeature'].t())
    column = clamp(mbqm(acc, d['featureMultiplier'], d['featureShift'], rounding), -32768, 32767)
    s = torch.cat([st['state'][:, :, 1:], column.unsqueeze(2)], dim=2)
    st['state'] = s
    prod = (s * weights['weightsTime'].unsqueeze(0)).reshape(n, d['units'], -1).sum(dim=2)
    if 'bias' in weights:
        prod = prod + weights['bias']
    y = mbqm(wrap32(prod), d['outputMultiplier'], d['outputShift'], rounding) + d['outputOffset']
    return clamp(y, -128, 127)


def quantize_constants(float_weights, input_quant, output_quant, internal):
    """svdf.ts quantizeConstants: (int weights {name: tensor dict}, state quant {name: quant})."""
    lo, hi = internal.get('state', (0.0, 0.0))
    r = max(abs(lo), abs(hi))
    s_state = fround(r / 32767) if r > 0 else 1.0
    out = {'weightsFeature': quantize_weights_s8(float_weights['weightsFeature'], None),
           'weightsTime': quantize_symmetric_int16(float_weights['weightsTime'])}
    if 'bias' in float_weights:
        out['bias'] = quantize_bias_s8(float_weights['bias'], s_state, out['weightsTime']['quant']['scale'])
    return out, {'state': {'scale': [s_state], 'zeroPoint': [0]}}


def _int16_scale(lo, hi):
    r = max(abs(lo), abs(hi))
    return fround(r / 32767) if r > 0 else 1.0


class Twin(torch.nn.Module):
    def __init__(self, node, params, batchnorm=False):
        super().__init__()
        self.node_id = node['id']
        self.attrs = node['attrs']
        p = lambda k: torch.nn.Parameter(torch.from_numpy(np.array(params[k], dtype=np.float32)))  # noqa: E731
        self.weights_feature = p('weightsFeature')
        self.weights_time = p('weightsTime')
        self.bias = p('bias') if self.attrs.get('useBias', True) else None
        self.internal = RangeObservers(INTERNAL)

    def qat_constants(self, q):
        """{name: tensor}: the constants as the QAT forward uses them."""
        s_state = _int16_scale(*self.internal.ranges()['state'])
        wt, s_wt = fake_quant_symmetric_per_tensor(self.weights_time, 32767)
        out = {'weightsFeature': fake_quant_symmetric_per_tensor(self.weights_feature)[0], 'weightsTime': wt}
        if self.bias is not None:
            out['bias'] = fake_quant_bias(self.bias, fround(s_state * fround(float(s_wt))))
        return out

    def forward(self, xs, q=None):
        a = self.attrs
        x = xs[0].reshape(xs[0].shape[0], -1)
        wf, wt, b = self.weights_feature, self.weights_time, self.bias
        column = x @ wf.t()
        if self.training:
            self.internal.update('state', column)
        if q is not None:
            c = self.qat_constants(q)
            wf, wt, b = c['weightsFeature'], c['weightsTime'], c.get('bias')
            column = fake_quant(x @ wf.t(), _int16_scale(*self.internal.ranges()['state']), 0, -32768, 32767)
        # From the reset state only the newest column (j = M-1) is non-zero.
        y = (column * wt[:, -1]).reshape(x.shape[0], a['units'], a['rank']).sum(dim=2)
        if b is not None:
            y = y + b
        return torch.clamp(y, min=0.0) if a.get('activation') == 'relu' else y

    def internal_ranges(self):
        return self.internal.ranges()

    def set_internal_ranges(self, ranges):
        self.internal.set_ranges(ranges)

    def fold_batchnorm(self):
        pass

    def float_weights(self):
        out = {'weightsFeature': self.weights_feature.detach().cpu().numpy().astype(np.float32),
               'weightsTime': self.weights_time.detach().cpu().numpy().astype(np.float32)}
        if self.bias is not None:
            out['bias'] = self.bias.detach().cpu().numpy().astype(np.float32)
        return out

    def load_float_weights(self, params):
        with torch.no_grad():
            self.weights_feature.copy_(torch.from_numpy(np.array(params['weightsFeature'], dtype=np.float32)))
            self.weights_time.copy_(torch.from_numpy(np.array(params['weightsTime'], dtype=np.float32)))
            if self.bias is not None:
                self.bias.copy_(torch.from_numpy(np.array(params['bias'], dtype=np.float32)))
