"""LSTM twin (PyTorch) of lstm.ts: x [N, T, F], hidden size H; per step, gates i, f, o = sigmoid, g = tanh (or sigmoid)
of W_k x_t + R_k h_{t-1} + b_k; c_t = f * c_{t-1} + i * g (clipped to +-cellClip when > 0); h_t = o * tanh(c_t).
Output every h_t [N, T, H] (returnSequences) or the last [N, H].

Training: every sample is one invocation from the reset state (h = 0, c = 0), as the int8 engine runs a non-stateful
LSTM and each validation input; a stateful (streaming) LSTM is trained the same way, on whole windows, without the state
carried from one window to the next.
The range of the cell state over all steps (what lstm.ts reports to calibration as 'cell') is tracked during training
as a moving min/max (`internal`) and sets the int16 cell scale 2**p, p = clamp(ceil(log2 max|range|) - 15, -15, 0).
QAT: the eight weight matrices fake-quantized per tensor on int8, biases on int32 with scale float32(s_x * s_W); the
gate pre-activations on Q3.12 (the input part and the sum saturated to int16, as the kernel), gates on Q0.15, the
cell on int16 at 2**p, h on the output's grid (it is the output).
int8, s8 (arm_lstm_unidirectional_s8), exactly lstm.ts evalInt8:
    gx = sat16(MBQM(bx + sum W x, M_x, s_x)); gate = act16(sat16(gx + MBQM(bh + sum R h, M_h, s_h)))
    c = clamp(sat16(MBQM(f c, 2^-15)) + MBQM(i g, 2^-30 / 2^p), -clip, clip)
    h = clamp(MBQM(o tanh16(c, p + 12), 2^-30 / s_h) + zp_h, -128, 127)
int16 (16x8, arm_lstm_unidirectional_s16 / tf_lstm_unidirectional_s16): int16 x, h (zero points 0), the same weights
    and multipliers (shift at most 14), 64-bit sums requantized by arm_nn_requantize_s64 (no rounding mode there):
    gx = sat16(requantize_s64(b + sum W x, M_x, s_x)); gate = act16(sat16(gx + requantize_s64(sum R h, M_h, s_h)));
    the cell as above; h = sat16(MBQM(o tanh16(c, p + 12), 2^-30 / s_h)).
`prepare` returns the same OpData as lstm.ts prepare, key for key; `quantize_constants` is its quantizeConstants.
"""
import math

import numpy as np
import torch

from ..activation_s16 import activation_s16
from ..fake_quant import RangeObservers, fake_quant, fake_quant_bias, fake_quant_symmetric_per_tensor
from ..fixed_point import clamp, fround, mbqm, quantize_multiplier, wrap32
from ..int16 import activation_quant_s16, is_int16, reduce_multiplier, requantize_s64
from ..kernel_params import QuantError, activation_quant
from ..quantize import quantize_bias_s8, quantize_weights_s8

TYPE = 'LSTM'
# The integer forward takes int16 tensors (the arm_lstm_unidirectional_s16 path above).
INT16 = True
INTERNAL = ('cell',)
SUFFIX = ('Input', 'Forget', 'Cell', 'Output')
GATES = ('input', 'forget', 'cell', 'output')
W_NAMES = ['weights' + s for s in SUFFIX]
R_NAMES = ['recurrent' + s for s in SUFFIX]
B_NAMES = ['bias' + s for s in SUFFIX]


def _int8_scale(t, what):
    if t is None or t['dtype'] != 'int8':
        raise QuantError('LSTM %s must be int8' % what)
    q = t.get('quant')
    if not q or len(q['scale']) != 1 or (q['zeroPoint'][0] if q['zeroPoint'] else 0) != 0:
        raise QuantError('LSTM %s must be quantized per tensor, symmetric' % what)
    return fround(q['scale'][0])


def _cell_power(state_quant):
    c = (state_quant or {}).get('cell')
    p = math.log2(c['scale'][0]) if c and c['scale'] and c['scale'][0] > 0 else float('nan')
    if not float(p).is_integer() or (c['zeroPoint'][0] if c['zeroPoint'] else 0) != 0:
        raise QuantError('LSTM cell state needs a symmetric int16 quantization with a power-of-two scale; quantize the graph first')
    return int(p)


def _effective_bias(w, offset, bias):
    sums = np.asarray(w, dtype=np.int64).sum(axis=1) * offset
    if bias is not None:
        sums = sums + np.asarray(bias, dtype=np.int64).reshape(-1)
    return [int(v) for v in ((sums + 2147483648) % 4294967296 - 2147483648)]


def prepare(ctx):
    a, w = ctx['attrs'], ctx['weights']
    if ctx['scheme'] != 's8':
        raise QuantError('LSTM has s8 kernels only')
    shape = ctx['inputs'][0]['shape']
    if len(shape) != 3 or shape[0] != 1:
        raise QuantError('LSTM takes a sequence [1, frames, features]')
    t_steps, f = shape[1], shape[2]
    h = a['units']
    int16 = is_int16(ctx['output'])
    if int16 != is_int16(ctx['inputs'][0]):
        raise QuantError('LSTM takes int8 → int8 or int16 → int16')
    quant_of = activation_quant_s16 if int16 else activation_quant
    x_scale, x_zp = quant_of(ctx['inputs'][0], 'LSTM input')
    h_scale, h_zp = quant_of(ctx['output'], 'LSTM output')
    hq = (ctx.get('state') or {}).get('hidden')
    if hq and (fround(hq['scale'][0]) != h_scale or (hq['zeroPoint'][0] if hq['zeroPoint'] else 0) != h_zp):
        raise QuantError("LSTM hidden state must have the output's quantization (it is the output)")
    p = _cell_power(ctx.get('state'))
    gates = []
    for g in range(4):
        sw = _int8_scale(w.get(W_NAMES[g]), '%s gate input weights' % GATES[g])
        sr = _int8_scale(w.get(R_NAMES[g]), '%s gate recurrent weights' % GATES[g])
        b = w.get(B_NAMES[g])
        if a['useBias'] and (b is None or b['dtype'] != 'int32' or int(b['data'].size) != h):
            raise QuantError('LSTM %s gate bias must be int32 [%d]' % (GATES[g], h))
        mi, si = quantize_multiplier(fround(x_scale * sw) / 2 ** -12)
        mh, sh = quantize_multiplier(fround(h_scale * sr) / 2 ** -12)
        if int16 and max(si, sh) > 14:
            raise QuantError("LSTM at int16: the %s gate's rescale needs shift %d; arm_nn_requantize_s64 takes at most 14" % (GATES[g], max(si, sh)))
        gates.append({'inputMultiplier': mi, 'inputShift': si, 'hiddenMultiplier': mh, 'hiddenShift': sh,
                      'inputEffectiveBias': _effective_bias(w[W_NAMES[g]]['data'], -x_zp, b['data'] if a['useBias'] else None),
                      'hiddenEffectiveBias': _effective_bias(w[R_NAMES[g]]['data'], -h_zp, None)})
    fc = quantize_multiplier(2 ** -15)
    ic = quantize_multiplier(2 ** -30 / 2 ** p)
    hm = quantize_multiplier(2 ** -30 / h_scale)
    clip = int(math.trunc(min(max(fround(a['cellClip']) / 2 ** p, -32768), 32767))) if a['cellClip'] > 0 else 32767
    return {'scheme': 's8', **({'int16': True} if int16 else {}), 'timeSteps': t_steps, 'inputSize': f, 'units': h, 'returnSequences': a['returnSequences'],
            'stateful': a['stateful'], 'cellActivation': a['activation'], 'gates': gates,
            'forgetToCellMultiplier': fc[0], 'forgetToCellShift': fc[1], 'inputToCellMultiplier': ic[0],
            'inputToCellShift': ic[1], 'cellClip': clip, 'cellScalePower': p, 'hiddenMultiplier': hm[0],
            'hiddenShift': hm[1], 'hiddenZeroPoint': h_zp, 'inputOffset': -x_zp}


def init_state(d, n):
    return {'hidden': torch.full((n, d['units']), d['hiddenZeroPoint'], dtype=torch.int64),
            'cell': torch.zeros(n, d['units'], dtype=torch.int64)}


def _sat16(x):
    return clamp(x, -32768, 32767)


def forward_int(d, xs, weights, rounding='double', state=None):
    """int8 (int16 when d['int16']) output [N, T, H] or [N, H]; `state` ({'hidden', 'cell'}: int64 [N, H]) is read (when stateful) and
    updated in place; without it every invocation starts from the reset state."""
    t_steps, f, hn = d['timeSteps'], d['inputSize'], d['units']
    x = xs[0].reshape(xs[0].shape[0], t_steps, f)
    n = x.shape[0]
    st = state if state is not None and d['stateful'] else init_state(d, n)
    h, c = st['hidden'], st['cell']
    gp = d['gates']
    w = [weights[k] for k in W_NAMES]
    r = [weights[k] for k in R_NAMES]
    bx = [torch.tensor(g['inputEffectiveBias'], dtype=torch.int64) for g in gp]
    bh = [torch.tensor(g['hiddenEffectiveBias'], dtype=torch.int64) for g in gp]
    int16 = bool(d.get('int16'))
    lo, hi = (-32768, 32767) if int16 else (-128, 127)
    outs = []
    for t in range(t_steps):
        gate = []
        for g in range(4):
            if int16:
                ax = bx[g] + x[:, t, :] @ w[g].t()
                ah = h @ r[g].t()
                gx = _sat16(requantize_s64(ax, reduce_multiplier(gp[g]['inputMultiplier']), gp[g]['inputShift']))
                s = _sat16(gx + requantize_s64(ah, reduce_multiplier(gp[g]['hiddenMultiplier']), gp[g]['hiddenShift']))
            else:
                ax = wrap32(bx[g] + x[:, t, :] @ w[g].t())
                ah = wrap32(bh[g] + h @ r[g].t())
                gx = _sat16(mbqm(ax, gp[g]['inputMultiplier'], gp[g]['inputShift'], rounding))
                s = _sat16(gx + mbqm(ah, gp[g]['hiddenMultiplier'], gp[g]['hiddenShift'], rounding))
            gate.append(activation_s16(s, 0, d['cellActivation'] if g == 2 else 'sigmoid'))
        kept = _sat16(mbqm(gate[1] * c, d['forgetToCellMultiplier'], d['forgetToCellShift'], rounding))
        added = mbqm(gate[0] * gate[2], d['inputToCellMultiplier'], d['inputToCellShift'], rounding)
        c = clamp(kept + added, -d['cellClip'], d['cellClip'])
        tanh = activation_s16(c, d['cellScalePower'] + 12, 'tanh')
        v = mbqm(gate[3] * tanh, d['hiddenMultiplier'], d['hiddenShift'], rounding) + d['hiddenZeroPoint']
        h = clamp(v, lo, hi)
        outs.append(h)
    if state is not None:
        state['hidden'], state['cell'] = h, c
    return torch.stack(outs, dim=1) if d['returnSequences'] else h


def cell_power(lo, hi):
    r = max(abs(lo), abs(hi), 2 ** -15)
    return min(0, max(-15, math.ceil(math.log2(r)) - 15))


def quantize_constants(float_weights, input_quant, output_quant, internal):
    """lstm.ts quantizeConstants: (int weights {name: tensor dict}, state quant {name: quant})."""
    in_scale = fround(input_quant['scale'][0])
    out = {}
    for g in range(4):
        wq = quantize_weights_s8(float_weights[W_NAMES[g]], None)
        out[W_NAMES[g]] = wq
        out[R_NAMES[g]] = quantize_weights_s8(float_weights[R_NAMES[g]], None)
        if B_NAMES[g] in float_weights:
            out[B_NAMES[g]] = quantize_bias_s8(float_weights[B_NAMES[g]], in_scale, wq['quant']['scale'])
    p = cell_power(*internal.get('cell', (0.0, 0.0)))
    return out, {'hidden': {'scale': list(output_quant['scale']), 'zeroPoint': list(output_quant['zeroPoint'])},
                 'cell': {'scale': [2.0 ** p], 'zeroPoint': [0]}}


def _act(x, kind):
    return torch.tanh(x) if kind == 'tanh' else torch.sigmoid(x)


class Twin(torch.nn.Module):
    def __init__(self, node, params, batchnorm=False):
        super().__init__()
        self.node_id = node['id']
        self.attrs = node['attrs']
        self.names = W_NAMES + R_NAMES + (B_NAMES if self.attrs.get('useBias', True) else [])
        self.params = torch.nn.ParameterDict({k: torch.nn.Parameter(torch.from_numpy(np.array(params[k], dtype=np.float32)))
                                              for k in self.names})
        self.internal = RangeObservers(INTERNAL)

    def forward(self, xs, q=None):
        a = self.attrs
        hn = a['units']
        x = xs[0]
        n, t_steps = x.shape[0], x.shape[1]
        w = [self.params[k] for k in W_NAMES]
        r = [self.params[k] for k in R_NAMES]
        b = [self.params[k] if k in self.params else None for k in B_NAMES]
        clip = float(a.get('cellClip', 0) or 0)
        if q is not None:
            h_scale, h_zp = q['output']
            p = cell_power(*self.internal.ranges()['cell'])
            c = self.qat_constants(q)
            w, r, b = [c[k] for k in W_NAMES], [c[k] for k in R_NAMES], [c.get(k) for k in B_NAMES]
        h = x.new_zeros(n, hn)
        c = x.new_zeros(n, hn)
        outs, cells = [], []
        for t in range(t_steps):
            gates = []
            for g in range(4):
                gx = x[:, t, :] @ w[g].t()
                if b[g] is not None:
                    gx = gx + b[g]
                gh = h @ r[g].t()
                if q is not None:
                    gx = fake_quant(gx, 2.0 ** -12, 0, -32768, 32767)
                    gh = gh + (torch.round(gh * 4096) / 4096 - gh).detach()
                    pre = fake_quant(gx + gh, 2.0 ** -12, 0, -32768, 32767)
                    gates.append(fake_quant(_act(pre, a['activation'] if g == 2 else 'sigmoid'), 2.0 ** -15, 0, -32768, 32767))
                else:
                    gates.append(_act(gx + gh, a['activation'] if g == 2 else 'sigmoid'))
            c = gates[1] * c + gates[0] * gates[2]
            if clip > 0:
                c = torch.clamp(c, -clip, clip)
            if q is not None:
                c = fake_quant(c, 2.0 ** p, 0, -32767, 32767)
            cells.append(c)
            h = gates[3] * torch.tanh(c)
            if q is not None:
                h = fake_quant(h, h_scale, h_zp)
            outs.append(h)
        if self.training:
            self.internal.update('cell', torch.stack(cells))
        return torch.stack(outs, dim=1) if a.get('returnSequences', True) else h

    def qat_constants(self, q):
        """{name: tensor}: the constants as the QAT forward uses them (per tensor int8; biases at s_x * s_W)."""
        x_scale = q['inputs'][0][0]
        out = {}
        for g in range(4):
            wg, sw = fake_quant_symmetric_per_tensor(self.params[W_NAMES[g]])
            out[W_NAMES[g]] = wg
            out[R_NAMES[g]] = fake_quant_symmetric_per_tensor(self.params[R_NAMES[g]])[0]
            if B_NAMES[g] in self.params:
                out[B_NAMES[g]] = fake_quant_bias(self.params[B_NAMES[g]], fround(x_scale * fround(float(sw))))
        return out

    def internal_ranges(self):
        return self.internal.ranges()

    def set_internal_ranges(self, ranges):
        self.internal.set_ranges(ranges)

    def fold_batchnorm(self):
        pass

    def float_weights(self):
        return {k: self.params[k].detach().cpu().numpy().astype(np.float32) for k in self.names}

    def load_float_weights(self, params):
        with torch.no_grad():
            for k in self.names:
                self.params[k].copy_(torch.from_numpy(np.array(params[k], dtype=np.float32)))
