"""Window arithmetic shared by the convolution and pooling twins, on NHWC tensors [N, H, W, C].

Padding follows TFLite: 'same' gives ceil(H / stride) rows with the odd border cell at the bottom/right, 'valid' no
border. Convolutions read cells outside the input as 0 (after the input offset, i.e. the input zero point) and
pooling windows skip them, as the TypeScript engine and the C runtime do.

Exactness of the integer convolutions: they run as float64 convolutions / matrix products of integers. Each
product |(x + offset) * w| <= 255 * 128 < 2**15 and an accumulator sums K = kh * kw * Cin of them, so every partial
sum, in any summation order, FMA or not, is an integer below K * 2**15; with K < 2**38 all of them are exactly
representable in float64 (53-bit significand) and no addition ever rounds. `exact_float64_bound` checks the bound
for the actual operands and the caller falls back to int64 arithmetic (unfold + integer matmul) when it would not
hold. The integer forward always runs on the CPU (convolution kernels on other devices may use transforms such
as Winograd or FFT that leave the integers).
"""
import torch
import torch.nn.functional as F

from .kernel_params import window_pad_before

FLOAT64_EXACT = 2 ** 53


def out_size(size, kernel, stride, dilation, padding):
    effective = (kernel - 1) * dilation + 1
    if padding == 'same':
        return -(-size // stride)
    return (size - effective) // stride + 1


def pads(size, kernel, stride, dilation, padding):
    """(before, after) border of one axis that gives exactly out_size outputs of an unpadded window walk."""
    before = window_pad_before(size, kernel, stride, dilation, padding)
    out = out_size(size, kernel, stride, dilation, padding)
    effective = (kernel - 1) * dilation + 1
    after = max(0, (out - 1) * stride + effective - size - before)
    return before, after


def nhwc_to_nchw(x):
    return x.permute(0, 3, 1, 2)


def nchw_to_nhwc(x):
    return x.permute(0, 2, 3, 1)


def conv_nhwc(x, weight_oihw, stride, dilation, pad_hw, groups=1, value=0.0):
    """Convolution of an NHWC tensor with explicit (top, bottom, left, right) padding; returns NHWC."""
    (top, bottom), (left, right) = pad_hw
    xc = nhwc_to_nchw(x)
    if top or bottom or left or right:
        xc = F.pad(xc, (left, right, top, bottom), value=value)
    y = F.conv2d(xc, weight_oihw, stride=stride, dilation=dilation, groups=groups)
    return nchw_to_nhwc(y)


def exact_float64_bound(x_abs_max, w_abs_max, terms):
    return x_abs_max * w_abs_max * terms < FLOAT64_EXACT


def int_conv_nhwc(x, weight_oihw, stride, dilation, pad_hw, groups=1):
    """Exact integer convolution of int64 NHWC x with int64 OIHW weights (zero border); returns int64 NHWC sums."""
    terms = weight_oihw.shape[1] * weight_oihw.shape[2] * weight_oihw.shape[3]
    x_max = int(x.abs().max()) if x.numel() else 0
    w_max = int(weight_oihw.abs().max()) if weight_oihw.numel() else 0
    if exact_float64_bound(x_max, w_max, terms):
        y = conv_nhwc(x.double(), weight_oihw.double(), stride, dilation, pad_hw, groups)
        return torch.round(y).long()
    return _int_conv_unfold(x, weight_oihw, stride, dilation, pad_hw, groups)


def _int_conv_unfold(x, w, stride, dilation, pad_hw, groups):
    (top, bottom), (left, right) = pad_hw
    xc = F.pad(nhwc_to_nchw(x), (left, right, top, bottom))
    n, c, h, wd = xc.shape
    o, cg, kh, kw = w.shape
    oh = (h - ((kh - 1) * dilation[0] + 1)) // stride[0] + 1
    ow = (wd - ((kw - 1) * dilation[1] + 1)) // stride[1] + 1
    out = torch.zeros(n, o, oh, ow, dtype=torch.int64)
    per_group = o // groups
    for g in range(groups):
        part = xc[:, g * cg:(g + 1) * cg]
        for ky in range(kh):
            for kx in range(kw):
                y0, x0 = ky * dilation[0], kx * dilation[1]
                patch = part[:, :, y0:y0 + (oh - 1) * stride[0] + 1:stride[0], x0:x0 + (ow - 1) * stride[1] + 1:stride[1]]
                wk = w[g * per_group:(g + 1) * per_group, :, ky, kx]
                out[:, g * per_group:(g + 1) * per_group] += torch.einsum('nchw,oc->nohw', patch, wk)
    return nchw_to_nhwc(out)


def int_matmul(x, w):
    """x [N, K] int64 times w [U, K] int64 transposed, exactly (float64 when the bound allows)."""
    x_max = int(x.abs().max()) if x.numel() else 0
    w_max = int(w.abs().max()) if w.numel() else 0
    if exact_float64_bound(x_max, w_max, x.shape[1]):
        return torch.round(x.double() @ w.double().t()).long()
    return x @ w.t()


def window_sums(x, kernel, stride, pad_hw):
    """Sums (in x's float dtype; exact in float64 for integer x) over each window with the border cells excluded, and the cell counts."""
    (top, bottom), (left, right) = pad_hw
    xc = F.pad(nhwc_to_nchw(x), (left, right, top, bottom))
    ones = F.pad(torch.ones(1, 1, x.shape[1], x.shape[2], dtype=x.dtype, device=x.device), (left, right, top, bottom))
    sums = F.avg_pool2d(xc, kernel, stride, divisor_override=1)
    counts = F.avg_pool2d(ones, kernel, stride, divisor_override=1)
    return nchw_to_nhwc(sums), nchw_to_nhwc(counts)


def window_max(x, kernel, stride, pad_hw):
    """Max over each window; border cells never win (every window holds an in-bounds cell)."""
    (top, bottom), (left, right) = pad_hw
    xc = nhwc_to_nchw(x)
    if top or bottom or left or right:
        xc = F.pad(xc, (left, right, top, bottom), value=float('-inf'))
    return nchw_to_nhwc(F.max_pool2d(xc, kernel, stride))
