"""Checks the Python fixed-point twin (tinyforge_twins/fixed_point.py) against the shared golden rounding cases
(src/core/quant/requantize-rounding.golden.json, both modes and QuantizeMultiplier), and its int64-tensor functions
against its exact Python-int ones on random and boundary values. Usage: python3 check_fixed_point.py <golden.json>"""
import json
import random
import sys

import torch

from tinyforge_twins import fixed_point as fp


def fail(message):
    print('FAIL ' + message)
    sys.exit(1)


def main(path):
    with open(path) as f:
        golden = json.load(f)
    cases = golden['requantize']
    x = torch.tensor([c['x'] for c in cases], dtype=torch.int64)
    m = torch.tensor([c['multiplier'] for c in cases], dtype=torch.int64)
    s = torch.tensor([c['shift'] for c in cases], dtype=torch.int64)
    for mode in fp.ROUNDING_MODES:
        tensor = fp.mbqm(x, m, s, mode).tolist()
        for c, t in zip(cases, tensor):
            scalar = fp.mbqm_int(c['x'], c['multiplier'], c['shift'], mode)
            if scalar != c[mode] or t != c[mode]:
                fail('%s rounding of %r: scalar %d, tensor %d, golden %d' % (mode, c, scalar, t, c[mode]))
    for c in golden['quantizeMultiplier']:
        got = fp.quantize_multiplier(c['real'])
        if got != (c['multiplier'], c['shift']):
            fail('quantize_multiplier(%r) = %r, golden %r' % (c['real'], got, (c['multiplier'], c['shift'])))
    print('ok golden: %d requantize cases x 2 modes, %d multipliers' % (len(cases), len(golden['quantizeMultiplier'])))

    rng = random.Random(5)
    specials = [0, 1, -1, 2, -2, 32767, -32768, 65535, 65536, 1 << 30, -(1 << 30), fp.INT32_MAX, fp.INT32_MIN,
                fp.INT32_MAX - 1, fp.INT32_MIN + 1]
    def r32():
        return rng.choice(specials) if rng.random() < 0.1 else rng.randint(fp.INT32_MIN, fp.INT32_MAX)
    n = 20000
    a = [r32() for _ in range(n)]
    b = [r32() for _ in range(n)]
    e = [rng.randint(0, 31) for _ in range(n)]
    ta, tb, te = (torch.tensor(v, dtype=torch.int64) for v in (a, b, e))
    if fp.srdhm(ta, tb).tolist() != [fp.srdhm_int(p, q) for p, q in zip(a, b)]:
        fail('srdhm tensor != scalar')
    if fp.rdbpot(ta, te).tolist() != [fp.rdbpot_int(p, q) for p, q in zip(a, e)]:
        fail('rdbpot tensor != scalar')
    xs = [rng.randint(-(1 << 20), 1 << 20) for _ in range(n)]
    ms = [rng.randint(1 << 30, (1 << 31) - 1) for _ in range(n)]
    ss = [rng.randint(-31, 8) for _ in range(n)]
    tx, tm, ts = (torch.tensor(v, dtype=torch.int64) for v in (xs, ms, ss))
    for mode in fp.ROUNDING_MODES:
        if fp.mbqm(tx, tm, ts, mode).tolist() != [fp.mbqm_int(p, q, r, mode) for p, q, r in zip(xs, ms, ss)]:
            fail('mbqm %s tensor != scalar' % mode)
    for shift in range(-4, 32):
        if fp.rounding_right_shift(ta, shift).tolist() != [fp.rounding_right_shift_int(p, shift) for p in a]:
            fail('rounding_right_shift(%d) tensor != scalar' % shift)
    print('ok tensors: srdhm, rdbpot, mbqm (both modes), rounding_right_shift agree with the exact ints on %d values' % n)


if __name__ == '__main__':
    main(sys.argv[1])
