"""Broadcasting of the binary element-wise twins (Mul, Maximum, Minimum), as ops/broadcast.ts: each operand seen as
4-D [n, h, w, c] (leading 1s added to TinyForge's shape, batch 1 first), axes of size 1 read against larger ones.
A batch of N samples is [N, ...shape[1:]]; `apply` views each operand as [N, n, h, w, c], so torch broadcasts the
last four axes exactly as the kernels do and never mixes samples, and returns [N, ...output shape[1:]]."""


def dims4(shape):
    d = [1, 1, 1] + list(shape)
    return d[-4:]


def apply(f, a, b, shape_a, shape_b, shape_out):
    n = a.shape[0]
    return f(a.reshape([n] + dims4(shape_a)), b.reshape([n] + dims4(shape_b))).reshape([n] + list(shape_out[1:]))
