"""The PyTorch QAT forward on given activation ranges: reads an exported project's graph.json and weights.npz
(float weights), sets every node's range from ranges.json ({node id: [min, max]}), and runs the quantization-aware
forward (fake-quantized weights and activations) on x.npy in eval mode. Writes logits.npy; nodes.npz (key = node id):
every node's output as int8 (int16 for 16x8 layers) codes on its grid (before the fake quantization rounds it);
plan.json: every node's grid {id: [scale, zero point]}; fq.npz: each weighted node's fake-quantized constants (key
'<id>/weights', '<id>/bias'; SVDF / LSTM: '<id>/<name>' of every constant).
The TF.js trainer's QAT forward must agree.
SVDF / LSTM inner ranges ({node id: {name: [min, max]}}) come from an optional internal.json.
Usage (in the exported project folder): python3 check_qat.py x.npy ranges.json [internal.json]"""
import json
import sys

import numpy as np
import torch

from tinyforge_twins.graph_model import TinyForgeModel
from tinyforge_twins.weights_file import read_weights_file


def main(x_path, ranges_path, internal_path=None):
    with open('graph.json') as f:
        graph = json.load(f)
    _, floats, _, _ = read_weights_file('weights.npz')
    with open(ranges_path) as f:
        ranges = {k: tuple(v) for k, v in json.load(f).items()}
    model = TinyForgeModel(graph, floats)
    model.set_node_ranges(ranges)
    if internal_path:
        with open(internal_path) as f:
            model.set_internal_ranges({i: {k: tuple(r) for k, r in names.items()} for i, names in json.load(f).items()})
    model.qat = True
    model.eval()
    captured = {}
    for n in graph['nodes']:
        twin = model.twin(n['id'])
        twin.register_forward_hook(lambda _m, _i, out, nid=n['id']: captured.__setitem__(nid, out.detach()))
    with torch.no_grad():
        _, logits = model([torch.from_numpy(np.load(x_path).astype(np.float32))])
    np.save('logits.npy', logits.numpy().astype(np.float32))
    plan, _ = model._plan()
    out = {}
    for n in graph['nodes']:
        scale, zp = plan[n['id']]
        lo, hi = model.code_range(n)
        q = torch.clamp(torch.round(captured[n['id']] / float(np.float32(scale[0]))) + zp[0], lo, hi)
        out[n['id']] = q.numpy().astype(np.int32)
    np.savez('nodes.npz', **out)
    with open('plan.json', 'w') as f:
        json.dump({i: [float(sc[0]), int(z[0])] for i, (sc, z) in plan.items()}, f)
    plan_full, max_abs = model._plan()
    fq = {}
    for n, twin in model.weighted_twins():
        w, b = twin.quantized_weights(model._qat_context(n, plan_full, max_abs))
        fq['%s/weights' % n['id']] = w.detach().numpy().astype(np.float32)
        if b is not None:
            fq['%s/bias' % n['id']] = b.detach().numpy().astype(np.float32)
    for n, twin in model.trainable_twins():
        if hasattr(twin, 'qat_constants'):
            for name, t in twin.qat_constants(model._qat_context(n, plan_full, max_abs)).items():
                fq['%s/%s' % (n['id'], name)] = t.detach().numpy().astype(np.float32)
    np.savez('fq.npz', **fq)
    print('ok %d nodes' % len(out))


if __name__ == '__main__':
    main(*sys.argv[1:4])
