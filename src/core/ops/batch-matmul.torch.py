"""BatchMatMul twin (PyTorch) of batch-matmul.ts: y[b] = a[b] @ B[b], B = b or b transposed per batch (transposeB);
rank 3 [N, M, K] or rank 4 [N, B, M, K] with the inner batch of one operand broadcast. float and QAT: torch.matmul.
int8, s8 only (arm_batch_matmul_s8): acc = sum (a - zp_a)(b - zp_b), int32;
    y = clamp(MBQM(acc, M, shift) + zp_out, -128, 127), M ~ float32(s_a * s_b) / s_out.
int16 (16x8, arm_batch_matmul_s16 / tf_batch_matmul_s16): zero points 0, the same multiplier, int64 sums,
    y = clamp(arm_nn_requantize_s64(acc, REDUCE_MULTIPLIER(M), shift), -32768, 32767); shift at most 14; no rounding mode.
"""
import torch

from ..fixed_point import clamp, fround, mbqm, quantize_multiplier, wrap32
from ..int16 import activation_quant_s16, is_int16, reduce_multiplier, requantize_s64
from ..kernel_params import QuantError, activation_quant

TYPE = 'BatchMatMul'
# The integer forward takes int16 tensors (the arm_batch_matmul_s16 path above).
INT16 = True


def prepare(ctx):
    if ctx['scheme'] != 's8':
        raise QuantError('BatchMatMul has s8 kernels only; the %s scheme has none (quantize the graph with the s8 scheme)' % ctx['scheme'])
    a_shape, b_shape = ctx['inputs'][0]['shape'], ctx['inputs'][1]['shape']
    transpose_b = bool(ctx['attrs']['transposeB'])
    rank = len(a_shape)
    lhs = a_shape[1] if rank == 4 else 1
    rhs = b_shape[1] if rank == 4 else 1
    rows, depth = a_shape[-2:]
    cols = b_shape[-2] if transpose_b else b_shape[-1]
    int16 = is_int16(ctx['output'])
    quant_of = activation_quant_s16 if int16 else activation_quant
    sa, za = quant_of(ctx['inputs'][0], 'BatchMatMul input a')
    sb, zb = quant_of(ctx['inputs'][1], 'BatchMatMul input b')
    so, zo = quant_of(ctx['output'], 'BatchMatMul output')
    m, s = quantize_multiplier(fround(sa * sb) / so)
    if int16:
        if s > 14:
            raise QuantError('BatchMatMul at int16: the rescale s_a·s_b / s_out needs shift %d; arm_nn_requantize_s64 takes at most 14' % s)
        return {'scheme': 's8', 'int16': True, 'lhsBatches': lhs, 'rhsBatches': rhs, 'batches': max(lhs, rhs), 'rows': rows,
                'depth': depth, 'cols': cols, 'transposeB': transpose_b, 'lhsOffset': 0, 'rhsOffset': 0, 'outputOffset': 0,
                'multiplier': m, 'shift': s, 'actMin': -32768, 'actMax': 32767}
    return {'scheme': 's8', 'lhsBatches': lhs, 'rhsBatches': rhs, 'batches': max(lhs, rhs), 'rows': rows, 'depth': depth,
            'cols': cols, 'transposeB': transpose_b, 'lhsOffset': -za, 'rhsOffset': -zb, 'outputOffset': zo,
            'multiplier': m, 'shift': s, 'actMin': -128, 'actMax': 127}


def _product(a, b, transpose_b):
    if transpose_b:
        b = b.transpose(-1, -2)
    return torch.matmul(a, b)


def forward_int(d, xs, weights, rounding='double'):
    n = xs[0].shape[0]
    a = xs[0].reshape(n, d['lhsBatches'], d['rows'], d['depth']) + d['lhsOffset']
    rhs_shape = [d['cols'], d['depth']] if d['transposeB'] else [d['depth'], d['cols']]
    b = xs[1].reshape([n, d['rhsBatches']] + rhs_shape) + d['rhsOffset']
    if d.get('int16'):
        # |a|, |b| <= 2^15 and K < 2^22: every partial float64 sum is an exact integer; int64 as the C sums.
        acc = torch.round(_product(a.double(), b.double(), d['transposeB'])).long()
        return clamp(requantize_s64(acc, reduce_multiplier(d['multiplier']), d['shift']), d['actMin'], d['actMax'])
    # |a|, |b| <= 255 and K < 2^20: the float64 product is exact, then int32 wrapping as the C sums.
    acc = wrap32(torch.round(_product(a.double(), b.double(), d['transposeB'])).long())
    return clamp(mbqm(acc, d['multiplier'], d['shift'], rounding) + d['outputOffset'], d['actMin'], d['actMax'])


class Twin(torch.nn.Module):
    def __init__(self, node, params=None, batchnorm=False):
        super().__init__()
        self.transpose_b = bool(node['attrs']['transposeB'])

    def forward(self, xs, q=None):
        return _product(xs[0], xs[1], self.transpose_b)
