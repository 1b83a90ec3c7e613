"""The weights file: a standard numpy `.npz` (a zip of `.npy` arrays, readable with numpy.load) holding
  float/<node id>/<name>  float32   the float weights in TinyForge layouts (BatchNorm folded)
  int8/<node id>/<name>   int8/int16/int32 the int8 model derived from them and the ranges (a self-check for the importer)
  metadata                uint8     UTF-8 JSON: {format: 'tinyforge-weights', version: 1, graph: {name, fingerprint,
                                    scheme, rounding, denseWeights}, tensors: [{key, node, name, kind}], ranges:
                                    {node id: [min, max]}, internal: {node id: {name: [min, max]}} (the ranges
                                    inside SVDF ('state') and LSTM ('cell') nodes), int8: {node id: {output: quant,
                                    weights: {name: quant}, state?: {name: quant}}} or null, training: the training
                                    record or null}
Written deterministically (fixed zip timestamps, sorted entries, no compression), so the same content gives the
same bytes.
"""
import io
import json
import math
import os
import zipfile

import numpy as np

WEIGHTS_FORMAT = 'tinyforge-weights'
_EPOCH = (1980, 1, 1, 0, 0, 0)


class WeightsFileError(Exception):
    pass


def _npy_bytes(array):
    buf = io.BytesIO()
    np.lib.format.write_array(buf, np.ascontiguousarray(array), version=(1, 0), allow_pickle=False)
    return buf.getvalue()


def _finite(value, what):
    if not math.isfinite(value):
        raise WeightsFileError('%s is %r; ranges must be finite' % (what, value))
    return value


_INT_DTYPES = {'int32': np.int32, 'int16': np.int16, 'int8': np.int8}


def write_weights_file(path, graph, float_weights, ranges, int8=None, training=None, internal=None):
    """float_weights {id: {name: array}}, ranges {id: (min, max)}, int8 (quantize.derive_int8 form) or None, internal
    {id: {name: (min, max)}} (SVDF / LSTM nodes) or None."""
    arrays = {}
    tensors = []
    for n in graph['nodes']:
        for name, value in sorted((float_weights.get(n['id']) or {}).items()):
            a = np.asarray(value, dtype=np.float32)
            if not np.all(np.isfinite(a)):
                raise WeightsFileError("%s %s holds NaN or infinite values" % (n['name'], name))
            key = 'float/%s/%s' % (n['id'], name)
            arrays[key] = a
            tensors.append({'key': key, 'node': n['id'], 'name': name, 'kind': 'float'})
    int8_meta = None
    if int8 is not None:
        int8_meta = {}
        for n in graph['nodes']:
            entry = int8[n['id']]
            wq = {}
            for name, t in sorted(entry['weights'].items()):
                key = 'int8/%s/%s' % (n['id'], name)
                arrays[key] = np.asarray(t['data'], dtype=_INT_DTYPES[t['dtype']])
                tensors.append({'key': key, 'node': n['id'], 'name': name, 'kind': 'int8'})
                wq[name] = t['quant']
            int8_meta[n['id']] = {'output': entry['output'], 'weights': wq}
            if entry.get('state'):
                int8_meta[n['id']]['state'] = entry['state']
    meta = {
        'format': WEIGHTS_FORMAT, 'version': 1,
        'graph': {k: graph.get(k) for k in ('name', 'fingerprint', 'scheme', 'rounding', 'denseWeights')},
        'tensors': tensors,
        'ranges': {i: [_finite(float(lo), '%s range min' % i), _finite(float(hi), '%s range max' % i)]
                   for i, (lo, hi) in ranges.items()},
        'internal': {i: {k: [_finite(float(lo), '%s %s range min' % (i, k)), _finite(float(hi), '%s %s range max' % (i, k))]
                         for k, (lo, hi) in sorted(r.items())} for i, r in sorted((internal or {}).items())},
        'int8': int8_meta,
        'training': training,
    }
    text = json.dumps(meta, sort_keys=True, allow_nan=False, separators=(',', ':'))
    arrays['metadata'] = np.frombuffer(text.encode('utf-8'), dtype=np.uint8)
    tmp = path + '.tmp'
    with zipfile.ZipFile(tmp, 'w', compression=zipfile.ZIP_STORED) as z:
        for key in sorted(arrays):
            info = zipfile.ZipInfo(key + '.npy', date_time=_EPOCH)
            info.external_attr = 0o644 << 16
            z.writestr(info, _npy_bytes(arrays[key]))
    os.replace(tmp, path)


def read_weights_file(path):
    """(meta, float_weights, ranges, int8) of a weights file (meta['internal']: the SVDF / LSTM inner ranges);
    WeightsFileError with one sentence when unreadable."""
    name = path.replace('\\', '/').split('/')[-1]
    try:
        with open(path, 'rb') as f:
            head = f.read(4)
    except FileNotFoundError:
        raise WeightsFileError('%s: no such file' % path)
    if head[:2] != b'PK':
        raise WeightsFileError('%s is not a .npz file (not a zip archive)' % name)
    try:
        data = np.load(path, allow_pickle=False)
        arrays = {k: data[k] for k in data.files}
    except Exception:  # zip, npy and format errors alike
        raise WeightsFileError('%s is a truncated or corrupt .npz file' % name)
    if 'metadata' not in arrays:
        raise WeightsFileError('%s has no metadata entry, so it is not a TinyForge weights file' % name)
    try:
        meta = json.loads(arrays['metadata'].tobytes().decode('utf-8'))
    except ValueError:
        raise WeightsFileError('%s has corrupt metadata (not UTF-8 JSON)' % name)
    if not isinstance(meta, dict) or meta.get('format') != WEIGHTS_FORMAT:
        raise WeightsFileError("%s is not a TinyForge weights file (metadata format is not '%s')" % (name, WEIGHTS_FORMAT))
    float_weights, int8_arrays = {}, {}
    for t in meta.get('tensors', []):
        if t['key'] not in arrays:
            raise WeightsFileError('%s lists tensor %s but does not hold it (truncated or corrupt)' % (name, t['key']))
        target = float_weights if t['kind'] == 'float' else int8_arrays
        target.setdefault(t['node'], {})[t['name']] = arrays[t['key']]
    ranges = {i: (float(r[0]), float(r[1])) for i, r in (meta.get('ranges') or {}).items()}
    int8 = None
    if meta.get('int8'):
        int8 = {}
        for node_id, entry in meta['int8'].items():
            weights = {}
            for name, q in entry['weights'].items():
                a = int8_arrays[node_id][name]
                weights[name] = {'dtype': str(a.dtype), 'shape': list(a.shape),
                                 'data': a, 'quant': q}
            int8[node_id] = {'output': entry['output'], 'weights': weights}
            if entry.get('state'):
                int8[node_id]['state'] = entry['state']
    return meta, float_weights, ranges, int8


def internal_of(meta):
    """{node id: {name: (min, max)}}: the ranges inside SVDF / LSTM nodes a weights file carries."""
    return {i: {k: (float(r[0]), float(r[1])) for k, r in names.items()} for i, names in (meta.get('internal') or {}).items()}
