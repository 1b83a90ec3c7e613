"""The int8 model from float weights and activation ranges: the Python twin of pipelines/ptq.ts (with the min/max
rule of quant/observers.ts and the constant rules of quant/weight-quant.ts). Given the same float32 weights and
the same float64 ranges, `derive_int8` returns exactly what TinyForge's quantizer (pipelines/ptq-ranges.ts) computes:
the same scales (float32 values), zero points and integer tensors, byte for byte.

Groups: tensors the int8 kernels cannot rescale share one quantization. Pooling, Reshape, Flatten, Pad, Transpose and
Exit outputs join their input's group; Concat, Maximum and Minimum inputs and output are one group; in pow2 also
ReLU/ReLU6 and Add. Ops with s8 kernels only (TransposeConv2D, BatchMatMul, SVDF, LSTM, Sigmoid, Tanh, Quantize) refuse pow2. A group's
range is the union of its members' ranges. Softmax outputs are fixed (s8: 1/256, -128; pow2: Q0.7).
Activations: s8 asymmetric (asymmetric_quant); pow2 2**-n with n = 7 - ceil(log2 max|range|), lowered where a
weighted layer would need a shift outside 0..31 (a pow2 Mul: 0..15). Constants: s8 per-channel symmetric int8 weights (Conv2D axis 0,
DepthwiseConv2D axis 3, FullyConnected per tensor unless 'per-channel'), int32 bias with scale float32(s_in *
s_w[c]); pow2 per-tensor int8 weights and int8 bias. Rounding is half away from zero everywhere.
int16 activations (TFLite's 16x8 scheme; graph.json nodes with outputDType 'int16'): a group holding an int16 tensor
is symmetric, scale max(|min|, |max|) / 32767, zero point 0; Sigmoid and Tanh outputs are fixed at Q0.15 (2**-15); an
int16 FullyConnected keeps per-tensor weights (arm_fully_connected_s16 takes one multiplier).
int4 weights (nodes with weightBits 4; s8 only): TFLite's int4 rule, symmetric, scale max|w_c| / 7, values -7..7 (held as
int8), per output channel for Conv2D and DepthwiseConv2D, per tensor for FullyConnected (their `int4` facet).
"""
import math

import numpy as np

from .fixed_point import fround, round_half_away
from .kernel_params import QuantError

SHARES_INPUT_QUANT = {'MaxPool2D', 'AvgPool2D', 'GlobalAveragePool', 'Reshape', 'Flatten', 'Pad', 'Maximum', 'Minimum', 'Transpose',
                      'Exit'}
POW2_SHARES_INPUT_QUANT = {'ReLU', 'ReLU6', 'Add'}
WEIGHTED = {'Conv2D', 'DepthwiseConv2D', 'FullyConnected', 'TransposeConv2D'}
# Ops that quantize their constants by their own rule, from ranges inside the op (their `quantizeConstants`).
OWN_RULE = {'SVDF', 'LSTM'}
# Ops whose kernels exist in the s8 scheme only (their `schemes` facet).
S8_ONLY = {'TransposeConv2D', 'BatchMatMul', 'SVDF', 'LSTM', 'Sigmoid', 'Tanh', 'Quantize'}
# pow2 ops whose output shift is frac_a + frac_b - frac_out, bounded like a weighted layer's (their `pow2Product`).
POW2_PRODUCT_MAX_SHIFT = {'Mul': 15}
SOFTMAX_OUTPUT = {'s8': ([1 / 256], [-128]), 'pow2': ([1 / 128], [0])}
# Ops whose output quantization the kernel fixes (their `outputQuant` 'fixed' rule), by scheme.
FIXED_OUTPUT = {'Softmax': SOFTMAX_OUTPUT, 'Sigmoid': {'s8': ([1 / 32768], [0])}, 'Tanh': {'s8': ([1 / 32768], [0])}}
# A Softmax kept at int16 (arm_softmax_s16) writes 1/32768 with zero point 0 (ptq.ts: the rule follows the element type).
FIXED_OUTPUT_INT16 = {'Softmax': ([1 / 32768], [0])}
# The int4 weight granularity of the ops that have `_s4` kernels (ops' weightQuant.int4): the channel axis or None.
INT4_AXIS = {'Conv2D': 0, 'DepthwiseConv2D': 3, 'FullyConnected': None}


def is_int16_node(n):
    return n.get('outputDType') == 'int16'


def is_int4_node(n):
    return n.get('weightBits') == 4


def quant_groups(nodes, scheme):
    """{node id: group representative} by the rule above (nodes in execution order, each with 'inputs')."""
    parent = {n['id']: n['id'] for n in nodes}

    def find(i):
        r = i
        while parent[r] != r:
            r = parent[r]
        parent[i] = r
        return r

    for n in nodes:
        op = n['op']
        if op in SHARES_INPUT_QUANT or (scheme == 'pow2' and op in POW2_SHARES_INPUT_QUANT) or op == 'Concat':
            for src in n['inputs']:
                parent[find(src)] = find(n['id'])
    return {n['id']: find(n['id']) for n in nodes}


def asymmetric_quant(lo, hi):
    """s8 activation quantization of a range: (float32 scale, zero point), 0 exactly representable."""
    mn = min(lo, 0)
    mx = max(hi, 0)
    if not (mx > mn):
        mn, mx = 0, 1
    scale = fround((mx - mn) / 255)
    zp = round_half_away(-128 - mn / scale)
    return scale, int(max(-128, min(127, zp)))


def pow2_frac_bits(max_abs):
    if not (max_abs > 0) or not math.isfinite(max_abs):
        return 7
    return 7 - math.ceil(math.log2(max_abs))


def from_range(lo, hi, scheme, int16=False):
    """(scale list, zero point list) of a group range."""
    if int16:
        m = max(abs(lo), abs(hi))
        return [m / 32767 if m > 0 else 1 / 32767], [0]
    if scheme == 's8':
        s, z = asymmetric_quant(lo, hi)
        return [s], [z]
    n = pow2_frac_bits(max(abs(min(lo, 0)), abs(max(hi, 0))))
    return [2.0 ** -n], [0]


def _round_half_away_array(x):
    a = np.abs(x)
    f = np.floor(a)
    r = np.where(a - f >= 0.5, f + 1, f)
    return np.where(x < 0, -r, r)


def _max_abs(values):
    return float(np.max(np.abs(values))) if values.size else 0.0


def quantize_weights_s8(real, axis, qmax=127):
    real = np.asarray(real, dtype=np.float32)
    shape = list(real.shape)
    r64 = real.astype(np.float64)
    if axis is None:
        per = r64.reshape(1, -1)
        channel = np.zeros(real.size, dtype=np.int64)
    else:
        moved = np.moveaxis(r64, axis, 0)
        per = moved.reshape(shape[axis], -1)
        inner = int(np.prod(shape[axis + 1:])) if axis + 1 < len(shape) else 1
        channel = (np.arange(real.size) // inner) % shape[axis]
    abs_max = np.max(np.abs(per), axis=1) if per.shape[1] else np.zeros(per.shape[0])
    scales = [fround(m / qmax) if m > 0 else 1.0 for m in abs_max.tolist()]
    q = _round_half_away_array(r64.reshape(-1) / np.array(scales, dtype=np.float64)[channel])
    data = np.clip(q, -qmax, qmax).astype(np.int8).reshape(shape)
    quant = {'scale': scales, 'zeroPoint': [0]} if axis is None else {'scale': scales, 'zeroPoint': [0] * len(scales), 'axis': axis}
    return {'dtype': 'int8', 'shape': shape, 'data': data, 'quant': quant}


def quantize_bias_s8(real, in_scale, w_scales):
    real = np.asarray(real, dtype=np.float32).astype(np.float64)
    scales = [fround(in_scale * w_scales[0 if len(w_scales) == 1 else c]) for c in range(real.size)]
    q = _round_half_away_array(real / np.array(scales, dtype=np.float64))
    data = np.clip(q, -2147483648, 2147483647).astype(np.int32)
    if len(w_scales) == 1:
        quant = {'scale': [fround(in_scale * w_scales[0])], 'zeroPoint': [0]}
    else:
        quant = {'scale': scales, 'zeroPoint': [0] * len(scales), 'axis': 0}
    return {'dtype': 'int32', 'shape': [int(real.size)], 'data': data, 'quant': quant}


def quantize_symmetric_int16(real):
    """weight-quant.ts quantizeSymmetricInt16: per tensor, scale float32(max|w| / 32767) (1 when all zero), -32767..32767."""
    real = np.asarray(real, dtype=np.float32)
    m = _max_abs(real)
    scale = fround(m / 32767) if m > 0 else 1.0
    q = _round_half_away_array(real.astype(np.float64) / scale)
    data = np.clip(q, -32767, 32767).astype(np.int16)
    return {'dtype': 'int16', 'shape': list(real.shape), 'data': data, 'quant': {'scale': [scale], 'zeroPoint': [0]}}


def quantize_pow2(real, frac=None):
    real = np.asarray(real, dtype=np.float32)
    if frac is None:
        frac = pow2_frac_bits(_max_abs(real))
    q = _round_half_away_array(real.astype(np.float64) * (2.0 ** frac))
    data = np.clip(q, -128, 127).astype(np.int8)
    return {'dtype': 'int8', 'shape': list(real.shape), 'data': data, 'quant': {'scale': [2.0 ** -frac], 'zeroPoint': [0]}}


def quantize_bias_pow2(real, acc_frac):
    natural = pow2_frac_bits(_max_abs(np.asarray(real, dtype=np.float32)))
    frac = max(acc_frac - 31, min(acc_frac, natural))
    return quantize_pow2(real, frac)


def group_ranges(nodes, groups, ranges):
    """{group: (min, max)}: the union of the members' ranges; every node needs one."""
    out = {}
    for n in nodes:
        if n['id'] not in ranges:
            raise QuantError("no activation range for node '%s'" % n['name'])
        lo, hi = ranges[n['id']]
        g = groups[n['id']]
        if g in out:
            out[g] = (min(out[g][0], lo), max(out[g][1], hi))
        else:
            out[g] = (lo, hi)
    return out


def activation_plan(nodes, scheme, ranges, weight_max_abs):
    """{node id: (scale list, zero point list)} of every activation, pow2 formats bounded (ptq.ts order)."""
    groups = quant_groups(nodes, scheme)
    g_ranges = group_ranges(nodes, groups, ranges)
    group_quant = {}
    fixed = set()
    for n in nodes:
        if n['op'] in FIXED_OUTPUT and scheme in FIXED_OUTPUT[n['op']]:
            g = groups[n['id']]
            s, z = (FIXED_OUTPUT_INT16[n['op']] if is_int16_node(n) and n['op'] in FIXED_OUTPUT_INT16
                    else FIXED_OUTPUT[n['op']][scheme])
            group_quant[g] = (list(s), list(z))
            fixed.add(g)
    int16 = {groups[n['id']] for n in nodes if is_int16_node(n)}
    for g, (lo, hi) in g_ranges.items():
        if g not in fixed:
            group_quant[g] = from_range(lo, hi, scheme, g in int16)
    if scheme == 'pow2':
        _bound_pow2(nodes, groups, fixed, group_quant, weight_max_abs)
    return {n['id']: group_quant[groups[n['id']]] for n in nodes}


def _bound_pow2(nodes, groups, fixed, group_quant, weight_max_abs):
    frac_of = lambda i: -math.log2(group_quant[groups[i]][0][0])  # noqa: E731
    for _ in range(64):
        changed = False
        for n in nodes:
            product = n['op'] in POW2_PRODUCT_MAX_SHIFT
            if n['op'] not in WEIGHTED and not product:
                continue
            if product:
                acc = sum(frac_of(s) for s in n['inputs'])
                max_shift = POW2_PRODUCT_MAX_SHIFT[n['op']]
            else:
                acc = frac_of(n['inputs'][0]) + pow2_frac_bits(weight_max_abs[n['id']])
                max_shift = 31
            out = frac_of(n['id'])
            want = acc if out > acc else acc - max_shift if out < acc - max_shift else out
            if want == out:
                continue
            g = groups[n['id']]
            if g in fixed:
                raise QuantError('%s: its output format is fixed by a Softmax but needs 2^-%d for the q7 kernel' % (n['name'], want))
            group_quant[g] = ([2.0 ** -want], [0])
            changed = True
        if not changed:
            return
    raise QuantError('pow2 formats did not settle; the graph has layers whose shifts cannot all fit 0..31')


def weight_axis(op, dense_weights, node=None):
    """The weights' scale axis (None: per tensor) and their largest value: 127, or 7 for int4 weights."""
    if node is not None and is_int4_node(node):
        return INT4_AXIS[op], 7
    if node is not None and is_int16_node(node) and op == 'FullyConnected':
        return None, 127
    return _int8_axis(op, dense_weights), 127


def _int8_axis(op, dense_weights):
    if op in ('Conv2D', 'TransposeConv2D'):
        return 0
    if op == 'DepthwiseConv2D':
        return 3
    return 0 if dense_weights == 'per-channel' else None


def derive_int8(nodes, scheme, float_weights, ranges, dense_weights='per-tensor', internal=None):
    """The int8 model: {node id: {'output': quant, 'weights': {name: int tensor dict}}, 'state'?: {name: quant}}} (see
    module doc). float_weights: {node id: {name: float32 array}}; ranges: {node id: (min, max)} (floats); internal:
    {node id: {name: (min, max)}}, the ranges inside the ops with their own rule (OWN_RULE: SVDF, LSTM)."""
    for n in nodes:
        if scheme != 's8' and n['op'] in S8_ONLY:
            raise QuantError('%s (%s) has s8 kernels only; quantize with that scheme' % (n['name'], n['op']))
        if is_int4_node(n) and n['op'] not in INT4_AXIS:
            raise QuantError('%s (%s) has no int4 weight kernel; int4 weights are for Conv2D, DepthwiseConv2D and FullyConnected '
                             '- set it to int8' % (n['name'], n['op']))
        if is_int4_node(n) and scheme != 's8':
            raise QuantError("%s is set to int4 weights, which need the s8 scheme (CMSIS-NN's _s4 kernels); pow2-q7 has no s4 "
                             'kernels - set it to int8' % n['name'])
    if scheme == 'pow2':
        for n in nodes:
            if n['op'] == 'Input' and not float(math.log2(n['attrs']['scale'])).is_integer():
                raise QuantError("Input '%s': the pow2 scheme preprocesses with a shift, so its scale must be a power of two" % n['name'])
    max_abs = {n['id']: _max_abs(np.asarray(float_weights[n['id']]['weights'], dtype=np.float32))
               for n in nodes if n['op'] in WEIGHTED}
    plan = activation_plan(nodes, scheme, ranges, max_abs)
    out = {}
    for n in nodes:
        scale, zp = plan[n['id']]
        entry = {'output': {'scale': list(scale), 'zeroPoint': list(zp)}, 'weights': {}}
        if n['op'] in WEIGHTED:
            fw = float_weights[n['id']]
            in_scale = plan[n['inputs'][0]][0][0]
            if scheme == 's8':
                w = quantize_weights_s8(fw['weights'], *weight_axis(n['op'], dense_weights, n))
                entry['weights']['weights'] = w
                if 'bias' in fw:
                    entry['weights']['bias'] = quantize_bias_s8(fw['bias'], in_scale, w['quant']['scale'])
            else:
                w_frac = pow2_frac_bits(max_abs[n['id']])
                entry['weights']['weights'] = quantize_pow2(fw['weights'], w_frac)
                if 'bias' in fw:
                    entry['weights']['bias'] = quantize_bias_pow2(fw['bias'], -math.log2(in_scale) + w_frac)
        if n['op'] in OWN_RULE:
            from .ops import op_module
            module = op_module(n['op'])
            inner = (internal or {}).get(n['id'], {})
            missing = [k for k in module.INTERNAL if k not in inner]
            if missing:
                raise QuantError('%s (%s) has no %s range (tracked during training); its int8 constants depend on it' % (
                    n['name'], n['op'], ', '.join(missing)))
            in_q = {'scale': plan[n['inputs'][0]][0], 'zeroPoint': plan[n['inputs'][0]][1]}
            weights, state = module.quantize_constants(float_weights[n['id']], in_q, entry['output'], inner)
            entry['weights'], entry['state'] = weights, state
        out[n['id']] = entry
    return out
