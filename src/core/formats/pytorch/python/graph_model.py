"""The TinyForge graph as PyTorch: `TinyForgeModel` (float and quantization-aware training forward, an nn.Module
built from the operator twins) and `Int8Model` (the integer forward, byte for byte the TinyForge int8 engine and
the C package).

graph.json (written by `tinyforge export --pytorch`): {format: 'tinyforge-pytorch-graph', version: 1, name, library,
scheme: 's8' | 'pow2', rounding: 'double' | 'single', denseWeights: 'per-tensor' | 'per-channel', fingerprint,
inputs: [node id], outputs: [node id], nodes: [{id, name, op, attrs (defaults filled in), inputs: [source node id
per port], inputShapes, outputShape, weights: [{name, shape, dtype}], outputDType?: 'int16' (the node's output is int16,
TFLite's 16x8 scheme; absent: int8), weightBits?: 4 (int4 weights)}] in execution order}. Shapes include the batch
dimension 1 of TinyForge; tensors here carry the batch N in its place (NHWC).
"""
import json

import numpy as np
import torch

from .fake_quant import RangeObservers, fake_quant
from .kernel_params import QuantError
from .ops import op_module
from .quantize import OWN_RULE, WEIGHTED, activation_plan, is_int16_node, is_int4_node, pow2_frac_bits, quant_groups

GRAPH_FORMAT = 'tinyforge-pytorch-graph'


def load_graph(path):
    with open(path, 'r', encoding='utf-8') as f:
        graph = json.load(f)
    if graph.get('format') != GRAPH_FORMAT:
        raise ValueError('%s is not a TinyForge PyTorch graph (format %r)' % (path, graph.get('format')))
    if graph.get('version') != 1:
        raise ValueError('%s has graph version %r; this code reads version 1' % (path, graph.get('version')))
    return graph


def input_nodes(graph):
    return [n for n in graph['nodes'] if n['op'] == 'Input']


class TinyForgeModel(torch.nn.Module):
    """Float / QAT forward of the graph. `forward(raw_inputs)` takes one raw tensor [N, *shape] per Input (graph
    order) and returns (outputs, logits): the graph outputs, and the classification logits of the first output
    (beta times the input of a final Softmax, else the output itself)."""

    def __init__(self, graph, float_weights, batchnorm=False):
        super().__init__()
        self.graph = graph
        self.scheme = graph['scheme']
        self.nodes = graph['nodes']
        self.keys = {n['id']: 'node%d' % i for i, n in enumerate(self.nodes)}
        twins = {}
        for n in self.nodes:
            node = dict(n, denseWeights=graph.get('denseWeights', 'per-tensor'))
            twins[self.keys[n['id']]] = op_module(n['op']).Twin(node, float_weights.get(n['id']), batchnorm=batchnorm)
        self.twins = torch.nn.ModuleDict(twins)
        self.groups = quant_groups(self.nodes, self.scheme)
        self.observers = RangeObservers(sorted(set(self.groups.values())))
        self.qat = False

    @staticmethod
    def code_range(n):
        """The integer range of a node's output: int16 (16x8 layers) or int8."""
        return (-32768, 32767) if is_int16_node(n) else (-128, 127)

    def twin(self, node_id):
        return self.twins[self.keys[node_id]]

    def weighted_twins(self):
        return [(n, self.twin(n['id'])) for n in self.nodes if n['op'] in WEIGHTED]

    def trainable_twins(self):
        """The twins with constants: the weighted ones and those that quantize their own (SVDF, LSTM)."""
        return [(n, self.twin(n['id'])) for n in self.nodes if n['op'] in WEIGHTED or n['op'] in OWN_RULE]

    def fold_batchnorm(self):
        for _, t in self.weighted_twins():
            t.fold_batchnorm()

    def internal_ranges(self):
        """{node id: {name: (min, max)}}: the ranges inside the ops with their own constant rule (SVDF 'state', LSTM
        'cell'), tracked during training like the activations."""
        return {n['id']: t.internal_ranges() for n, t in self.trainable_twins() if n['op'] in OWN_RULE}

    def ranges_ready(self):
        """Every activation range and every SVDF / LSTM inner range has been observed (or set)."""
        return self.observers.ready() and all(t.internal.ready() for n, t in self.trainable_twins() if n['op'] in OWN_RULE)

    def set_internal_ranges(self, internal):
        for n, t in self.trainable_twins():
            if n['op'] in OWN_RULE and n['id'] in (internal or {}):
                t.set_internal_ranges(internal[n['id']])

    def node_ranges(self):
        """{node id: (min, max)}: each node's group range (what the weights file stores)."""
        g = self.observers.ranges()
        return {n['id']: g[self.groups[n['id']]] for n in self.nodes if self.groups[n['id']] in g}

    def set_node_ranges(self, ranges):
        merged = {}
        for node_id, (lo, hi) in ranges.items():
            g = self.groups[node_id]
            merged[g] = (min(merged[g][0], lo), max(merged[g][1], hi)) if g in merged else (lo, hi)
        self.observers.set_ranges(merged)

    def float_weights(self):
        return {n['id']: t.float_weights() for n, t in self.trainable_twins()}

    def _plan(self):
        max_abs = {}
        if self.scheme == 'pow2':
            for n, t in self.weighted_twins():
                max_abs[n['id']] = float(t.weight.detach().abs().max())
        return activation_plan(self.nodes, self.scheme, self.node_ranges(), max_abs), max_abs

    def _qat_context(self, n, plan, max_abs):
        q = {'scheme': self.scheme, 'inputs': [(plan[s][0][0], plan[s][1][0]) for s in n['inputs']],
             'output': (plan[n['id']][0][0], plan[n['id']][1][0]), 'int16': is_int16_node(n), 'int4': is_int4_node(n)}
        if self.scheme == 'pow2' and n['op'] in WEIGHTED:
            t = self.twin(n['id'])
            w_frac = pow2_frac_bits(max_abs[n['id']])
            acc = -int(round(np.log2(q['inputs'][0][0]))) + w_frac
            q['weight_frac'] = w_frac
            if t.bias is not None:
                natural = pow2_frac_bits(float(t.bias.detach().abs().max()))
                q['bias_frac'] = max(acc - 31, min(acc, natural))
        return q

    def forward(self, xs):
        if self.qat and not self.ranges_ready():
            raise QuantError('QAT needs every activation range; run a float forward in training mode first')
        plan, max_abs = self._plan() if self.qat else (None, None)
        values = {}
        raw = iter(xs)
        for n in self.nodes:
            twin = self.twin(n['id'])
            inputs = [next(raw)] if n['op'] == 'Input' else [values[s] for s in n['inputs']]
            q = self._qat_context(n, plan, max_abs) if self.qat else None
            out = twin(inputs, q)
            if self.training:
                self.observers.update(self.groups[n['id']], out)
            if self.qat:
                scale, zp = plan[n['id']]
                out = fake_quant(out, scale[0], zp[0], *self.code_range(n))
            values[n['id']] = out
        outputs = [values[i] for i in self.graph['outputs']]
        first = next(n for n in self.nodes if n['id'] == self.graph['outputs'][0])
        logits = self.twin(first['id']).logits(values[first['inputs'][0]]) if first['op'] == 'Softmax' else outputs[0]
        return outputs, logits


def _tensor_dict(t):
    return {'dtype': t['dtype'], 'shape': list(t['shape']), 'data': np.asarray(t['data']), 'quant': t.get('quant')}



class Int8Model:
    """The integer forward of an int8 model {node id: {'output': quant, 'weights': {name: int tensor}}}: every node
    prepared once (the OpData of the TypeScript prepare), then run blindly on int64 tensors, in chunks."""

    def __init__(self, graph, int8, rounding=None):
        self.graph = graph
        self.scheme = graph['scheme']
        self.rounding = rounding or graph.get('rounding', 'double')
        self.prepared = {}
        quant = {i: e['output'] for i, e in int8.items()}
        dtype = {n['id']: n.get('outputDType', 'int8') for n in graph['nodes']}
        for n in graph['nodes']:
            entry = int8.get(n['id'])
            if entry is None:
                raise QuantError("%s (%s) has no int8 quantization" % (n['name'], n['op']))
            weights = {k: _tensor_dict(t) for k, t in entry['weights'].items()}
            ctx = {'scheme': self.scheme, 'attrs': n['attrs'], 'state': entry.get('state'),
                   'inputs': [{'shape': shape, 'quant': quant[s], 'dtype': dtype[s]} for s, shape in zip(n['inputs'], n['inputShapes'])],
                   'output': {'shape': n['outputShape'], 'quant': entry['output'], 'dtype': dtype[n['id']]}, 'weights': weights}
            module = op_module(n['op'])
            if not getattr(module, 'INT16', False) and any(t['dtype'] == 'int16' for t in ctx['inputs'] + [ctx['output']]):
                raise QuantError('%s (%s) runs on int16 activations, which its PyTorch twin does not compute yet' % (n['name'], n['op']))
            try:
                op_data = module.prepare(ctx)
            except QuantError as err:
                raise QuantError('%s (%s): %s' % (n['name'], n['op'], err))
            int_weights = {k: torch.from_numpy(np.asarray(t['data']).astype(np.int64)) for k, t in weights.items()}
            self.prepared[n['id']] = (op_data, int_weights)

    def op_data(self, node_id):
        return self.prepared[node_id][0]

    def preprocess(self, raws):
        """The Inputs' int8 tensors from raw values (one array [N, *shape] per Input, graph order)."""
        ins = input_nodes(self.graph)
        return [op_module('Input').preprocess(self.op_data(n['id']), r, self.rounding) for n, r in zip(ins, raws)]

    def run(self, int8_inputs, chunk=256, keep=None):
        """{node id: int64 tensor [N, ...]} for the graph outputs (and the ids in `keep`)."""
        want = set(self.graph['outputs']) | set(keep or [])
        total = int8_inputs[0].shape[0]
        parts = {i: [] for i in want}
        for start in range(0, total, chunk):
            values = {}
            ins = iter([x[start:start + chunk] for x in int8_inputs])
            for n in self.graph['nodes']:
                d, w = self.prepared[n['id']]
                xs = [next(ins).long()] if n['op'] == 'Input' else [values[s] for s in n['inputs']]
                out = op_module(n['op']).forward_int(d, xs, w, self.rounding)
                values[n['id']] = out.reshape([out.shape[0]] + list(n['outputShape'][1:]))
            for i in want:
                parts[i].append(values[i])
        return {i: torch.cat(p) for i, p in parts.items()}
