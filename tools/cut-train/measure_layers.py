"""Times one training step (zero_grad, forward, backward, Adam step) of every layer of exported cut-training projects,
one layer at a time, as train_cut.py runs it (cut_blocks.BlockModel), and fits the per-layer cost model of
pipelines/cut/train-cost.ts:
    seconds per batch = overhead + B * (denseMacs / dense + depthwiseMacs / depthwise + 4 * elements / bandwidth)
with elements = input + output elements of the layer (memory-bound work: activations, pooling, range observers).
Usage: python3 measure_layers.py BATCH PROJECT_DIR... > layers.json   (run with one thread: OMP_NUM_THREADS=1)
Prints the rows and the fitted coefficients as JSON.
"""
import json
import os
import sys
import time

import numpy as np
import torch


def measure(project, batch, reps=12):
    sys.path.insert(0, project)
    from tinyforge_twins.cut_blocks import BlockModel
    from tinyforge_twins.weights_file import read_weights_file
    graph = json.load(open(os.path.join(project, 'graph.json')))
    _, floats, _, _ = read_weights_file(os.path.join(project, 'weights.npz'))
    plan = json.load(open(os.path.join(project, 'cut-plan.json')))
    by_id = {n['id']: n for n in graph['nodes']}
    units = [[n['id']] for n in graph['nodes'] if n['op'] != 'Input']
    units += [b['nodes'][1:] if b['entry'] is None else b['nodes'] for b in plan['blocks']]
    units += [b['nodes'][1:] + b['head'] if b['entry'] is None else b['nodes'] + b['head'] for b in plan['blocks']]
    rows = []
    for ids in units:
        first = by_id[ids[0]]
        entry = first['inputs'][0]
        block = {'nodes': ids, 'head': [], 'entry': entry, 'cut': None, 'output': ids[-1]}
        model = BlockModel(graph, block, floats)
        x = torch.randn([batch] + first['inputShapes'][0][1:])
        grad_in = by_id[entry]['op'] != 'Input' and len(ids) == 1
        params = list(model.parameters())
        opt = torch.optim.Adam(params, lr=1e-4) if params else None
        times = []
        for r in range(reps + 3):
            t0 = time.perf_counter()
            if opt:
                opt.zero_grad()
            xi = x.clone().requires_grad_(grad_in)
            _, out = model(xi)
            out.float().sum().backward()
            if opt:
                opt.step()
            times.append(time.perf_counter() - t0)
        t = float(np.median(times[3:]))
        rows.append({'nodes': ids, 'seconds': t})
    sys.path.pop(0)
    for k in [k for k in sys.modules if k.startswith('tinyforge_twins')]:
        del sys.modules[k]
    return graph, rows


if __name__ == '__main__':
    torch.set_num_threads(1)
    batch = int(sys.argv[1])
    out = []
    for project in sys.argv[2:]:
        graph, rows = measure(project, batch)
        out.append({'project': project, 'rows': rows})
    json.dump({'batch': batch, 'threads': torch.get_num_threads(), 'torch': torch.__version__, 'projects': out}, sys.stdout, indent=1)
