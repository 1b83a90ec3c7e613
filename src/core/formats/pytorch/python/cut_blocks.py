"""Cut training's models and pipeline (train_cut.py; docs/cut-training.md).

cut-plan.json (written by TinyForge beside graph.json, which is the *combined* graph: the network plus one head per
cut): {format: 'tinyforge-cut-plan', version: 1, fingerprint (of graph.json), classes, blocks: [{index, nodes: [trunk
node ids], entry: node id | null, cut: node id | null, cutShape, template, head: [head node ids], output: node id}]}.

`BlockModel` is block k + head k as an nn.Module: it takes the entry tensor (block 0: the raw input) and returns
(the cut tensor, the logits of its head — the last block's are the network's own). Each block observes the range of
every node it runs on its own rank (no all-reduce: the ranks run different nodes); the weights file stores one range
per node and the quantizer takes the union over each quantization group, as for any weights file.

`CutNetwork` is the whole combined graph (every block and head) for end-to-end fine-tuning: its forward returns the
logits of every block output, and the loss is their sum.

The pipeline (`Pipeline`): rank k receives (count, activations, labels) from rank k-1, trains its block on them and
sends its cut tensor (detached: no gradient crosses a cut) and the labels on to rank k+1 — torch.distributed
point-to-point, asynchronous sends with at most `depth` batches in flight. A count of 0 ends the pass.
"""
import time

import numpy as np
import torch
import torch.distributed as dist

from .fake_quant import RangeObservers, fake_quant
from .graph_model import TinyForgeModel
from .kernel_params import QuantError
from .ops import op_module

PLAN_FORMAT = 'tinyforge-cut-plan'


class CutPlanError(Exception):
    pass


def check_plan(plan, graph):
    if plan.get('format') != PLAN_FORMAT or plan.get('version') != 1:
        raise CutPlanError('cut-plan.json is not a TinyForge cut plan (version 1)')
    if plan.get('fingerprint') != graph['fingerprint']:
        raise CutPlanError('cut-plan.json was written for another graph.json (fingerprints %s and %s)' % (plan.get('fingerprint'), graph['fingerprint']))
    ids = {n['id'] for n in graph['nodes']}
    for b in plan['blocks']:
        missing = [i for i in b['nodes'] + b['head'] + [b['output']] if i not in ids]
        if missing:
            raise CutPlanError('block %d names nodes graph.json does not have: %s' % (b['index'] + 1, ', '.join(missing[:5])))
    return plan


class LocalRangeObservers(RangeObservers):
    """Moving min/max per node of one block, observed on this rank only."""

    def update(self, group, x):
        i = self.index[group]
        detached = x.detach()
        lo, hi = float(detached.min()), float(detached.max())
        with torch.no_grad():
            if not bool(self.seen[i]):
                self.min_val[i], self.max_val[i], self.seen[i] = lo, hi, 1
            else:
                c = self.averaging
                self.min_val[i] = float(self.min_val[i]) + c * (lo - float(self.min_val[i]))
                self.max_val[i] = float(self.max_val[i]) + c * (hi - float(self.max_val[i]))


def _logits(twin, node, values):
    if node['op'] == 'Softmax':
        return twin.logits(values[node['inputs'][0]])
    out = values[node['id']]
    return out.reshape(out.shape[0], -1)


class BlockModel(torch.nn.Module):
    def __init__(self, graph, block, float_weights):
        super().__init__()
        members = set(block['nodes']) | set(block['head'])
        self.block = block
        self.nodes = [n for n in graph['nodes'] if n['id'] in members]
        self.keys = {n['id']: 'node%d' % i for i, n in enumerate(self.nodes)}
        dense = graph.get('denseWeights', 'per-tensor')
        self.twins = torch.nn.ModuleDict({self.keys[n['id']]: op_module(n['op']).Twin(dict(n, denseWeights=dense), float_weights.get(n['id']))
                                          for n in self.nodes})
        self.observers = LocalRangeObservers([n['id'] for n in self.nodes])
        self.output = next(n for n in self.nodes if n['id'] == block['output'])

    def twin(self, node_id):
        return self.twins[self.keys[node_id]]

    def forward(self, x):
        values = {}
        if self.block['entry'] is not None:
            values[self.block['entry']] = x
        for n in self.nodes:
            inputs = [x] if n['op'] == 'Input' else [values[s] for s in n['inputs']]
            out = self.twin(n['id'])(inputs, None)
            if self.training:
                self.observers.update(n['id'], out)
            values[n['id']] = out
        cut = values[self.block['cut']] if self.block['cut'] is not None else None
        return cut, _logits(self.twin(self.output['id']), self.output, values)

    def float_weights(self):
        return {n['id']: self.twin(n['id']).float_weights() for n in self.nodes if hasattr(self.twin(n['id']), 'float_weights')}

    def node_ranges(self):
        return self.observers.ranges()

    def set_node_ranges(self, ranges):
        self.observers.set_ranges({k: v for k, v in ranges.items() if k in self.keys})


class CutNetwork(TinyForgeModel):
    """The combined graph; forward(xs) → [logits of each block output] (float or QAT, as TinyForgeModel)."""

    def __init__(self, graph, plan, float_weights):
        super().__init__(graph, float_weights)
        self.block_outputs = [b['output'] for b in plan['blocks']]

    def forward(self, xs):
        if self.qat and not self.observers.ready():
            raise QuantError('QAT needs every activation range; run a float forward in training mode first')
        plan, max_abs = self._plan() if self.qat else (None, None)
        values = {}
        raw = iter(xs)
        for n in self.nodes:
            inputs = [next(raw)] if n['op'] == 'Input' else [values[s] for s in n['inputs']]
            out = self.twin(n['id'])(inputs, self._qat_context(n, plan, max_abs) if self.qat else None)
            if self.training:
                self.observers.update(self.groups[n['id']], out)
            if self.qat:
                scale, zp = plan[n['id']]
                out = fake_quant(out, scale[0], zp[0])
            values[n['id']] = out
        by_id = {n['id']: n for n in self.nodes}
        return [_logits(self.twin(i), by_id[i], values) for i in self.block_outputs]


def calibrate_ranges(net, data, batch=64, batches=32):
    """Re-observes every node's range on the trained float network: the mean of the batch min/max over the first
    `batches` batches of `data` (a short block-wise run leaves the moving averages near their first batches)."""
    net.eval()
    sums = {}
    count = 0
    with torch.no_grad():
        for start in range(0, min(len(data), batch * batches), batch):
            values = {}
            raw = iter([torch.from_numpy(data.x[start:start + batch])])
            for n in net.nodes:
                inputs = [next(raw)] if n['op'] == 'Input' else [values[s] for s in n['inputs']]
                out = net.twin(n['id'])(inputs, None)
                values[n['id']] = out
                lo, hi = float(out.min()), float(out.max())
                a, b = sums.get(n['id'], (0.0, 0.0))
                sums[n['id']] = (a + lo, b + hi)
            count += 1
    return {k: (a / count, b / count) for k, (a, b) in sums.items()}


def sub_graph(graph, block_list):
    """graph.json of the cut model 'blocks 1..k + head k' (k = len(block_list)): its nodes, one output."""
    members = set()
    for b in block_list:
        members |= set(b['nodes'])
    members |= set(block_list[-1]['head'])
    return dict(graph, nodes=[n for n in graph['nodes'] if n['id'] in members], outputs=[block_list[-1]['output']])


class Pipeline(object):
    """Point-to-point streaming between consecutive ranks (see the module docstring)."""

    def __init__(self, rank, world, cut_shape_in, device, depth=4):
        self.rank, self.world, self.device, self.depth = rank, world, device, depth
        self.cut_shape_in = cut_shape_in
        self.pending = []
        self.send_seconds = 0.0
        self.wait_seconds = 0.0

    def recv(self):
        """(activations, labels) from the previous rank, or None at the end of a pass."""
        t0 = time.time()
        header = torch.zeros(1, dtype=torch.int64)
        dist.recv(header, self.rank - 1)
        count = int(header[0])
        if count == 0:
            self.wait_seconds += time.time() - t0
            return None
        x = torch.empty([count] + list(self.cut_shape_in[1:]), dtype=torch.float32)
        y = torch.empty(count, dtype=torch.int64)
        dist.recv(x, self.rank - 1)
        dist.recv(y, self.rank - 1)
        self.wait_seconds += time.time() - t0
        return x.to(self.device), y.to(self.device)

    def send(self, x, y):
        t0 = time.time()
        tensors = [torch.tensor([x.shape[0]], dtype=torch.int64), x.detach().cpu().contiguous(), y.cpu().contiguous()]
        self.pending.append([dist.isend(t, self.rank + 1) for t in tensors] + [tensors])
        while len(self.pending) > self.depth:
            self._wait(self.pending.pop(0))
        self.send_seconds += time.time() - t0

    def end(self):
        t0 = time.time()
        if self.rank + 1 < self.world:
            zero = torch.zeros(1, dtype=torch.int64)
            self.pending.append([dist.isend(zero, self.rank + 1), zero])
        for p in self.pending:
            self._wait(p)
        self.pending = []
        self.send_seconds += time.time() - t0

    @staticmethod
    def _wait(entry):
        for work in entry[:-1]:
            work.wait()


def run_pass(model, pipe, batches, optimizer=None):
    """One pass of this rank's block over the stream: rank 0 reads `batches` (an iterator of (x, y) tensors), the others
    receive. Trains when `optimizer` is given. Returns (loss sum, correct, seen, compute seconds)."""
    loss_fn = torch.nn.CrossEntropyLoss(reduction='sum')
    model.train(optimizer is not None)
    loss_sum, correct, seen, compute = 0.0, 0, 0, 0.0
    last = pipe.rank + 1 == pipe.world
    while True:
        item = next(batches, None) if pipe.rank == 0 else pipe.recv()
        if item is None:
            break
        x, y = item
        t0 = time.time()
        if optimizer is not None:
            optimizer.zero_grad()
            cut, logits = model(x)
            loss = loss_fn(logits, y)
            (loss / len(y)).backward()
            optimizer.step()
        else:
            with torch.no_grad():
                cut, logits = model(x)
                loss = loss_fn(logits, y)
        compute += time.time() - t0
        loss_sum += float(loss.detach())
        correct += int((logits.detach().argmax(dim=1) == y).sum())
        seen += len(y)
        if not last:
            pipe.send(cut, y)
    pipe.end()
    return loss_sum, correct, seen, compute


def batch_iter(data, order, batch_size, device):
    for start in range(0, len(order), batch_size):
        idx = np.asarray(order[start:start + batch_size])
        yield torch.from_numpy(data.x[idx]).to(device), torch.from_numpy(data.labels[idx]).to(device)
