"""Quantization-aware training on the vendor's integer grid: fake quantization with straight-through gradients.

Forward: x is clipped to the representable range of the int8 grid and rounded onto it; backward: the gradient
passes unchanged inside the range and is 0 outside (the clipped straight-through estimator, as PyTorch's
FakeQuantize). The grids are those of the int8 model that quantize.py derives at the end, so the QAT forward sees
(up to rounding ties) the values the integer forward computes:
  s8   activations: asymmetric, scale and zero point from the group's moving min/max (quantize.asymmetric_quant);
       weights: symmetric per output channel, scale = max|w_c| / 127, values in -127..127;
       bias: int32 with scale s_in * s_w[c].
  pow2 activations, weights and bias: symmetric 2**-n, values in -128..127 (bias with its own n).
  int16 activations (16x8 layers): symmetric, scale max(|min|, |max|) / 32767, codes -32768..32767 (Sigmoid and Tanh
       outputs Q0.15); int4 weights (weightBits 4): symmetric, scale max|w_c| / 7, values -7..7.
Range observers keep a moving average of each quantization group's batch min/max (averaging constant 0.01, the
first batch initialises it); under torch.distributed the batch extremes are all-reduced first, so every rank keeps
identical ranges.
"""
import numpy as np
import torch
import torch.distributed as dist


def _ste(x_clipped, y):
    return x_clipped + (y - x_clipped).detach()


def fake_quant(x, scale, zero_point, qmin=-128, qmax=127):
    """Per-tensor affine fake quantization (scale a float, zero point an int)."""
    lo = (qmin - zero_point) * scale
    hi = (qmax - zero_point) * scale
    s = float(np.float32(scale))
    xc = torch.clamp(x, lo, hi)
    y = torch.round(xc / s) * s
    return _ste(xc, y)


def fake_quant_symmetric_per_channel(w, axis, qmax=127):
    """Symmetric per-channel fake quantization along `axis`, scale = max|w_c| / qmax (1 for an all-zero channel)."""
    dims = [d for d in range(w.dim()) if d != axis]
    amax = w.detach().abs().amax(dim=dims, keepdim=True) if dims else w.detach().abs()
    scale = torch.where(amax > 0, amax / qmax, torch.ones_like(amax))
    wc = torch.max(torch.min(w, qmax * scale), -qmax * scale)
    return _ste(wc, torch.round(wc / scale) * scale), scale


def fake_quant_symmetric_per_tensor(w, qmax=127):
    amax = w.detach().abs().max()
    scale = amax / qmax if float(amax) > 0 else torch.ones_like(amax)
    wc = torch.max(torch.min(w, qmax * scale), -qmax * scale)
    return _ste(wc, torch.round(wc / scale) * scale), scale


def fake_quant_pow2(x, frac):
    """Symmetric power-of-two fake quantization with `frac` fractional bits (scale 2**-frac), q in -128..127."""
    return fake_quant(x, 2.0 ** -frac, 0)


def fake_quant_bias(b, scale):
    """int32 bias on the grid `scale` (a tensor of per-channel scales or a float); no clipping in practice."""
    return b + (torch.round(b / scale) * scale - b).detach()


class RangeObservers(torch.nn.Module):
    """Moving min/max per quantization group (buffers, saved in checkpoints, float64)."""

    def __init__(self, groups, averaging=0.01):
        super().__init__()
        self.groups = list(groups)
        self.index = {g: i for i, g in enumerate(self.groups)}
        self.averaging = averaging
        n = len(self.groups)
        self.register_buffer('min_val', torch.zeros(n, dtype=torch.float64))
        self.register_buffer('max_val', torch.zeros(n, dtype=torch.float64))
        # uint8, not bool: DistributedDataParallel broadcasts buffers and gloo has no bool tensors.
        self.register_buffer('seen', torch.zeros(n, dtype=torch.uint8))

    def update(self, group, x):
        i = self.index[group]
        detached = x.detach()
        batch = torch.stack([-detached.min().double(), detached.max().double()]).cpu()
        if dist.is_available() and dist.is_initialized() and dist.get_world_size() > 1:
            batch = batch.to(self.min_val.device) if dist.get_backend() == 'nccl' else batch
            dist.all_reduce(batch, op=dist.ReduceOp.MAX)
            batch = batch.cpu()
        lo, hi = -float(batch[0]), float(batch[1])
        with torch.no_grad():
            if not bool(self.seen[i]):
                self.min_val[i] = lo
                self.max_val[i] = hi
                self.seen[i] = 1
            else:
                c = self.averaging
                mn = float(self.min_val[i])
                mx = float(self.max_val[i])
                self.min_val[i] = mn + c * (lo - mn)
                self.max_val[i] = mx + c * (hi - mx)

    def ready(self):
        return bool((self.seen != 0).all()) if len(self.groups) else True

    def ranges(self):
        """{group: (min, max)} as Python floats (exactly the float64 buffer values)."""
        return {g: (float(self.min_val[i]), float(self.max_val[i])) for g, i in self.index.items() if bool(self.seen[i])}

    def set_ranges(self, ranges):
        with torch.no_grad():
            for g, (lo, hi) in ranges.items():
                if g in self.index:
                    i = self.index[g]
                    self.min_val[i] = float(lo)
                    self.max_val[i] = float(hi)
                    self.seen[i] = 1
