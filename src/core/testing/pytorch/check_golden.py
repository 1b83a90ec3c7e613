"""Checks the PyTorch twins against TinyForge's golden int8 cases (src/core/testing/golden/*.json): for every case,
`prepare` must give the stored OpData key for key and `forward_int` the stored bytes, also inside a batch; ops with state
(SVDF, LSTM) start from the case's state and must leave its expected state.
Usage: python3 check_golden.py <golden dir>   (run with the exported package on sys.path). Prints one line per
operator and scheme ('ok', or 'skip' for an operator without a twin: ops/twin-gaps.ts, or for int16 cases of a twin
without INT16 = True: formats/pytorch/graph-json.ts INT16_TWINS), and exits 1 on the first
difference. A case with "rounding": "single" (golden/single-rounding/) runs the twins with that rounding, as
graph.json's `rounding` makes the exported model do; its OpData carries the field, which the twins take as an argument
instead, so it is left out of the comparison."""
import json
import os
import sys

import numpy as np
import torch

from tinyforge_twins.int16 import random_ints
from tinyforge_twins.ops import op_module


def ctx_of(case):
    inputs = [] if case['op'] == 'Input' else [{'shape': t['shape'], 'quant': t['quant'], 'dtype': t.get('dtype', 'int8')}
                                               for t in case['inputs']]
    weights = {}
    for name, t in (case.get('weights') or {}).items():
        dtype = {'int32': np.int32, 'int16': np.int16}.get(t['dtype'], np.int8)
        weights[name] = {'dtype': t['dtype'], 'shape': t['shape'], 'data': np.array(t['data'], dtype=dtype).reshape(t['shape']),
                         'quant': t['quant']}
    return {'scheme': case['scheme'], 'attrs': case['attrs'], 'inputs': inputs,
            'output': {'shape': case['output']['shape'], 'quant': case['output']['quant'], 'dtype': case['output'].get('dtype', 'int8')},
            'weights': weights, 'state': case.get('stateQuant')}


def initial_state(case, op, d, n):
    """The case's initial state (seeded, or the reset state) for a batch of n, for ops with state (SVDF, LSTM)."""
    if not hasattr(op, 'init_state'):
        return None
    state = op.init_state(d, n)
    for name, values in (case.get('state') or {}).items():
        one = torch.tensor(values, dtype=torch.int64).reshape(state[name].shape[1:])
        state[name] = one.unsqueeze(0).repeat([n] + [1] * one.dim())
    return state


def run(case, op, d, ctx, batch, state=None):
    w = {k: torch.from_numpy(v['data'].astype(np.int64)) for k, v in ctx['weights'].items()}
    rounding = case.get('rounding', 'double')
    if case['op'] == 'Input':
        raw = np.array([t for t in batch], dtype=np.float64)
        return op.preprocess(d, raw, rounding).reshape(len(batch), -1)
    # Shapes carry TinyForge's batch 1 first; a case of another leading dimension (softmax rows) is one sample.
    sample_shape = lambda s: list(s[1:]) if s[0] == 1 else list(s)  # noqa: E731
    xs = [torch.tensor(np.array(ports), dtype=torch.int64).reshape([len(batch)] + sample_shape(t['shape']))
          for ports, t in zip(zip(*batch), case['inputs'])]
    if state is not None:
        return op.forward_int(d, xs, w, rounding, state).reshape(len(batch), -1)
    return op.forward_int(d, xs, w, rounding).reshape(len(batch), -1)


def main(folder):
    rng = np.random.RandomState(7)
    counts = {}
    skipped = {}
    no_int16 = {}
    for name in sorted(os.listdir(folder)):
        if not name.endswith('.json'):
            continue
        with open(os.path.join(folder, name)) as f:
            cases = json.load(f)['cases']
        for case in cases:
            key = '%s %s' % (case['op'], case['scheme'])
            # int16 activations (16x8 layers) get their own key.
            if case['output'].get('dtype') == 'int16' or any(t.get('dtype') == 'int16' for t in case['inputs']):
                key += ' int16'
            try:
                op = op_module(case['op'])
            except KeyError:
                skipped[key] = skipped.get(key, 0) + 1
                continue
            if key.endswith(' int16') and not getattr(op, 'INT16', False):
                no_int16[key] = no_int16.get(key, 0) + 1
                continue
            ctx = ctx_of(case)
            d = op.prepare(ctx)
            got = json.loads(json.dumps(d))
            want = {k: v for k, v in case['opData'].items() if k != 'rounding'}
            if got != want:
                diff = {k: (got.get(k), want.get(k)) for k in set(got) | set(want) if got.get(k) != want.get(k)}
                print('FAIL %s: OpData differs: %s' % (case['name'], diff))
                sys.exit(1)
            if case['op'] == 'Input':
                sample = case['inputs'][0]['data']
                other = list(rng.randint(0, 256, size=len(sample)).astype(float))
                batch = [sample, other, sample]
            else:
                sample = [t['data'] for t in case['inputs']]
                other = [random_ints(rng, len(t['data']), t.get('dtype', 'int8')) for t in case['inputs']]
                batch = [sample, other, sample]
            state = initial_state(case, op, d, len(batch))
            out = run(case, op, d, ctx, batch, state)
            single = run(case, op, d, ctx, [batch[1]], initial_state(case, op, d, 1))
            expected = np.array(case['expected'], dtype=np.int64)
            for row in (0, 2):
                if not np.array_equal(out[row].numpy(), expected):
                    bad = int(np.nonzero(out[row].numpy() != expected)[0][0])
                    print('FAIL %s: byte %d is %d, expected %d' % (case['name'], bad, int(out[row][bad]), int(expected[bad])))
                    sys.exit(1)
            for name, want_state in (case.get('expectedState') or {}).items():
                for row in (0, 2):
                    got_state = state[name][row].reshape(-1).numpy()
                    if not np.array_equal(got_state, np.array(want_state, dtype=np.int64)):
                        print('FAIL %s: state %s after the call differs' % (case['name'], name))
                        sys.exit(1)
            if not np.array_equal(out[1].numpy(), single[0].numpy()):
                print('FAIL %s: a batch of 3 differs from single runs' % case['name'])
                sys.exit(1)
            counts[key] = counts.get(key, 0) + 1
    for key in sorted(counts):
        print('ok %s: %d cases' % (key, counts[key]))
    for key in sorted(skipped):
        print('skip %s: %d cases (no twin)' % (key, skipped[key]))
    for key in sorted(no_int16):
        print('skip %s: %d cases (no int16 twin)' % (key, no_int16[key]))


if __name__ == '__main__':
    main(sys.argv[1])
