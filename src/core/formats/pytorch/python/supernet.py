"""A family's supernet in PyTorch (weight sharing; the TypeScript side is core/pipelines/explore/supernet.ts).

supernet.json (written by `tinyforge supernet`): {format: 'tinyforge-supernet-spec', version: 1, family: {id, name,
fingerprint}, library, scheme, params: {node id: {op, weights: {name: largest shape}}}, variants: [{key, values,
macs, graph}], largest, smallest}. Shared tensors are keyed by the variant node id (a family node, or copy k of a
repeat group as `<id>_<k>`), so fewer copies = a prefix of the blocks. A variant reads slices of them:
  Conv2D OHWI [O, KH, KW, I] / DepthwiseConv2D [1, KH, KW, C]: first O (C) and I channels, centred kh x kw window;
  FullyConnected [units, K]: first units and first K inputs;  bias: first O.
Resolution changes no weight: each variant's inputs are the samples resized to its Input (`resize_grey`).

BatchNorm (`batchnorm=True`, train_supernet.py --batchnorm): a BatchNorm after every convolution (the twins' own,
weighted.py) whose affine gamma/beta are shared like a bias (`<node>/bn_gamma`, `<node>/bn_beta`, first C channels),
while the running statistics belong to each variant: after training, `recalibrate` measures them per variant on
training images (Once-for-All's BatchNorm recalibration; sliced channels see a different scale in each variant) and
stores each variant's fold  scale = gamma / sqrt(var + eps),  shift = beta - mean * scale  (float32, numpy). A
variant's weights are its slices folded by exactly  w' = w * scale[c],  b' = b * scale[c] + shift[c]  (float32, one
rounding per operation), which the TypeScript extraction repeats bit for bit (supernet.ts `foldBatchnorm`).

The supernet weights file (`.npz`, like the weights file): super/<node id>/<name> float32 arrays and `metadata`
(UTF-8 JSON {format: 'tinyforge-supernet', version: 1, family: {id, fingerprint}, scheme, training}); with
BatchNorm also bn/<variant key>/<node id>/scale and /shift, the recalibrated fold of every variant it holds.
"""
import io
import json
import os
import zipfile

import numpy as np
import torch

from .graph_model import Int8Model, TinyForgeModel
from .quantize import derive_int8

SPEC_FORMAT = 'tinyforge-supernet-spec'
SUPERNET_FORMAT = 'tinyforge-supernet'
_EPOCH = (1980, 1, 1, 0, 0, 0)


class SupernetError(Exception):
    pass


def load_spec(path):
    with open(path, 'r', encoding='utf-8') as f:
        spec = json.load(f)
    if spec.get('format') != SPEC_FORMAT or spec.get('version') != 1:
        raise SupernetError('%s is not a TinyForge supernet spec (format %r)' % (path, spec.get('format')))
    return spec


def slice_weight(op, name, full, shape):
    """The slice of shared tensor `full` that a constant of `shape` reads (a view: gradients flow to the slice)."""
    if op in ('Conv2D', 'DepthwiseConv2D') and name == 'weights':
        top = (full.shape[1] - shape[1]) // 2
        left = (full.shape[2] - shape[2]) // 2
        return full[:shape[0], top:top + shape[1], left:left + shape[2], :shape[3]]
    if len(shape) == 2:
        return full[:shape[0], :shape[1]]
    return full[:shape[0]]


def resize_grey(x, shape):
    """[N, h, w, 1] raw values -> [N, H, W, C] as TinyForge's pixelsToSample (bilinear, half-pixel centres, rounded
    half up to whole numbers 0..255; a grey plane repeated over C), vectorised over N."""
    H, W, C = shape
    n, h, w = x.shape[0], x.shape[1], x.shape[2]
    if (h, w) == (H, W) and x.shape[3] == C:
        return x.astype(np.float32)
    p = x[:, :, :, 0].astype(np.float64)
    fy = np.minimum(h - 1, np.maximum(0, (np.arange(H) + 0.5) * (h / H) - 0.5))
    fx = np.minimum(w - 1, np.maximum(0, (np.arange(W) + 0.5) * (w / W) - 0.5))
    y0, x0 = np.floor(fy).astype(np.int64), np.floor(fx).astype(np.int64)
    y1, x1 = np.minimum(h - 1, y0 + 1), np.minimum(w - 1, x0 + 1)
    wy, wx = (fy - y0)[None, :, None], (fx - x0)[None, None, :]
    a, b = p[:, y0][:, :, x0], p[:, y0][:, :, x1]
    c, d = p[:, y1][:, :, x0], p[:, y1][:, :, x1]
    v = (a * (1 - wx) + b * wx) * (1 - wy) + (c * (1 - wx) + d * wx) * wy
    f = np.floor(v)
    v = np.minimum(255, np.maximum(0, np.where(v - f >= 0.5, f + 1, f)))
    return np.repeat(v[:, :, :, None], C, axis=3).astype(np.float32)


BN_OPS = ('Conv2D', 'DepthwiseConv2D')


def channels_of(op, shape):
    return shape[3] if op == 'DepthwiseConv2D' else shape[0]


def fold_weights(op, weights, scale, shift):
    """A variant's float32 weights with its BatchNorm fold applied (one float32 rounding per operation)."""
    w = np.asarray(weights['weights'], dtype=np.float32)
    s = np.asarray(scale, dtype=np.float32)
    w = w * (s.reshape(1, 1, 1, -1) if op == 'DepthwiseConv2D' else s.reshape(-1, *([1] * (w.ndim - 1))))
    b = np.asarray(weights['bias'], dtype=np.float32) * s
    return {'weights': w.astype(np.float32), 'bias': (b.astype(np.float32) + np.asarray(shift, dtype=np.float32)).astype(np.float32)}


class SuperNet(torch.nn.Module):
    """The shared tensors (nn.Parameters) and, per variant, a TinyForgeModel whose weighted twins read slices of
    them at every forward. With `batchnorm`, each variant's model keeps its own BatchNorm statistics and `folds`
    {variant key: {node id: (scale, shift)}} the recalibrated folds."""

    def __init__(self, spec, tensors=None, seed=1, batchnorm=False, folds=None):
        super().__init__()
        self.spec = spec
        self.batchnorm = bool(batchnorm or folds)
        self.folds = dict(folds or {})
        self.keys = {}
        params = {}
        g = torch.Generator()
        g.manual_seed(seed)
        for i, node_id in enumerate(sorted(spec['params'])):
            p = spec['params'][node_id]
            for name in sorted(p['weights']):
                shape = p['weights'][name]
                key = 'p%d_%s' % (i, name)
                self.keys[(node_id, name)] = key
                if tensors is not None:
                    value = torch.from_numpy(np.asarray(tensors['%s/%s' % (node_id, name)], dtype=np.float32).copy())
                elif name == 'bias':
                    value = torch.zeros(shape)
                else:
                    fan_in = int(np.prod(shape[1:])) if p['op'] != 'DepthwiseConv2D' else shape[1] * shape[2]
                    bound = float(np.sqrt(6.0 / fan_in))  # He uniform over the largest fan-in
                    value = (torch.rand(shape, generator=g) * 2 - 1) * bound
                params[key] = torch.nn.Parameter(value)
            if self.batchnorm and p['op'] in BN_OPS and 'bias' in p['weights']:
                c = channels_of(p['op'], p['weights']['weights'])
                for name, init in (('bn_gamma', torch.ones), ('bn_beta', torch.zeros)):
                    key = 'p%d_%s' % (i, name)
                    self.keys[(node_id, name)] = key
                    saved = None if tensors is None else tensors.get('%s/%s' % (node_id, name))
                    value = torch.from_numpy(np.asarray(saved, dtype=np.float32).copy()) if saved is not None else init(c)
                    params[key] = torch.nn.Parameter(value)
        self.shared = torch.nn.ParameterDict(params)
        self._models = {}

    def variant(self, index):
        return self.spec['variants'][index]

    def model(self, index):
        """The variant's TinyForgeModel, its weighted twins stripped of their own parameters."""
        if index not in self._models:
            graph = self.variant(index)['graph']
            zeros = {n['id']: {w['name']: np.zeros(w['shape'], dtype=np.float32) for w in n['weights']}
                     for n in graph['nodes'] if n['weights']}
            m = TinyForgeModel(graph, zeros, batchnorm=self.batchnorm)
            for _, t in m.weighted_twins():
                for owner in (t, t.bn):
                    for attr in ('weight', 'bias'):
                        if owner is not None and attr in owner._parameters:
                            del owner._parameters[attr]
                            setattr(owner, attr, None)
            self._models[index] = m
        return self._models[index]

    def sliced(self, index):
        """{node id: {name: tensor slice}} of a variant."""
        out = {}
        for n in self.variant(index)['graph']['nodes']:
            if not n['weights']:
                continue
            op = self.spec['params'][n['id']]['op']
            out[n['id']] = {w['name']: slice_weight(op, w['name'], self.shared[self.keys[(n['id'], w['name'])]], w['shape'])
                            for w in n['weights']}
        return out

    def forward(self, index, x):
        """(outputs, logits) of variant `index` on raw inputs already at its resolution."""
        m = self.model(index)
        m.train(self.training)
        weights = self.sliced(index)
        for node, t in m.weighted_twins():
            t.weight = weights[node['id']]['weights']
            t.bias = weights[node['id']].get('bias')
            if t.bn is not None:
                c = t.bn.running_mean.shape[0]
                t.bn.weight = self.shared[self.keys[(node['id'], 'bn_gamma')]][:c]
                t.bn.bias = self.shared[self.keys[(node['id'], 'bn_beta')]][:c]
        return m([x])

    def recalibrate(self, index, x, batch=500):
        """Variant `index`'s BatchNorm statistics measured afresh (cumulative over `x`, raw inputs at its
        resolution, in batches) and its fold {node id: (scale, shift)} stored in `folds`."""
        if not self.batchnorm:
            return
        m = self.model(index)
        bns = [(n['id'], t.bn) for n, t in m.weighted_twins() if t.bn is not None]
        for _, bn in bns:
            bn.reset_running_stats()
            bn.momentum = None
        was = self.training
        self.train()
        with torch.no_grad():
            for s in range(0, x.shape[0], batch):
                self.forward(index, torch.from_numpy(x[s:s + batch]))
        self.train(was)
        fold = {}
        for node_id, bn in bns:
            c = bn.running_mean.shape[0]
            gamma = self.shared[self.keys[(node_id, 'bn_gamma')]][:c].detach().cpu().numpy().astype(np.float32)
            beta = self.shared[self.keys[(node_id, 'bn_beta')]][:c].detach().cpu().numpy().astype(np.float32)
            mean = bn.running_mean.cpu().numpy().astype(np.float32)
            var = bn.running_var.cpu().numpy().astype(np.float32)
            scale = (gamma / np.sqrt((var + np.float32(bn.eps)).astype(np.float32))).astype(np.float32)
            fold[node_id] = (scale, (beta - (mean * scale).astype(np.float32)).astype(np.float32))
        self.folds[self.variant(index)['key']] = fold

    def float_weights(self, index):
        """The variant's float32 weights: its slices, folded with its recalibrated BatchNorm when it has one."""
        out = {i: {k: v.detach().cpu().numpy().astype(np.float32) for k, v in ws.items()} for i, ws in self.sliced(index).items()}
        if not self.batchnorm:
            return out
        key = self.variant(index)['key']
        if key not in self.folds:
            raise SupernetError('variant %s has no recalibrated BatchNorm statistics' % key)
        for node_id, (scale, shift) in self.folds[key].items():
            out[node_id] = fold_weights(self.spec['params'][node_id]['op'], out[node_id], scale, shift)
        return out

    def int8_model(self, index, ranges):
        """The integer forward of variant `index` with its slices quantized from the activation `ranges`
        {node id: (min, max)} by exactly TinyForge's rules (quantize.derive_int8 = quantizeGraphFromRanges)."""
        graph = self.variant(index)['graph']
        int8 = derive_int8(graph['nodes'], graph['scheme'], self.float_weights(index), ranges, graph.get('denseWeights', 'per-tensor'))
        return Int8Model(graph, int8)


def write_supernet(path, net, training=None):
    arrays = {}
    for (node_id, name), key in net.keys.items():
        arrays['super/%s/%s' % (node_id, name)] = net.shared[key].detach().cpu().numpy().astype(np.float32)
    for vkey, fold in net.folds.items():
        for node_id, (scale, shift) in fold.items():
            arrays['bn/%s/%s/scale' % (vkey, node_id)] = np.asarray(scale, dtype=np.float32)
            arrays['bn/%s/%s/shift' % (vkey, node_id)] = np.asarray(shift, dtype=np.float32)
    meta = {'format': SUPERNET_FORMAT, 'version': 1,
            'family': {'id': net.spec['family']['id'], 'fingerprint': net.spec['family']['fingerprint']},
            'scheme': net.spec['scheme'], 'training': training}
    arrays['metadata'] = np.frombuffer(json.dumps(meta, sort_keys=True, separators=(',', ':')).encode('utf-8'), dtype=np.uint8)
    tmp = path + '.tmp'
    with zipfile.ZipFile(tmp, 'w', compression=zipfile.ZIP_STORED) as z:
        for key in sorted(arrays):
            info = zipfile.ZipInfo(key + '.npy', date_time=_EPOCH)
            info.external_attr = 0o644 << 16
            buf = io.BytesIO()
            np.lib.format.write_array(buf, np.ascontiguousarray(arrays[key]), version=(1, 0), allow_pickle=False)
            z.writestr(info, buf.getvalue())
    os.replace(tmp, path)


def read_supernet(path, spec):
    """(meta, {node/name: array}, folds {variant key: {node id: (scale, shift)}}) of a supernet file; refuses one
    from another family with one sentence."""
    name = os.path.basename(path)
    try:
        data = np.load(path, allow_pickle=False)
        arrays = {k: data[k] for k in data.files}
        meta = json.loads(arrays['metadata'].tobytes().decode('utf-8'))
    except FileNotFoundError:
        raise SupernetError('%s: no such file' % path)
    except Exception:
        raise SupernetError('%s is not a readable supernet file' % name)
    if meta.get('format') != SUPERNET_FORMAT:
        raise SupernetError("%s is not a TinyForge supernet file (format %r)" % (name, meta.get('format')))
    fam, want = meta.get('family') or {}, spec['family']
    if fam.get('id') != want['id'] or fam.get('fingerprint') != want['fingerprint']:
        raise SupernetError("%s was trained for family '%s' (fingerprint %s), not for '%s' (%s)" % (
            name, fam.get('id'), fam.get('fingerprint'), want['id'], want['fingerprint']))
    folds = {}
    for k, v in arrays.items():
        parts = k.split('/')
        if parts[0] == 'bn' and len(parts) == 4 and parts[3] == 'scale':
            shift = arrays.get('bn/%s/%s/shift' % (parts[1], parts[2]))
            if shift is None:
                raise SupernetError('%s: %s has no shift' % (name, k))
            folds.setdefault(parts[1], {})[parts[2]] = (v, shift)
    return meta, {k[len('super/'):]: v for k, v in arrays.items() if k.startswith('super/')}, folds
