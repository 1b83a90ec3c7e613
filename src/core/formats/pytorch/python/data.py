"""Datasets for train.py and predict.py, as RAW values of the Input (what its integer preprocessing consumes):

  image folder   one sub-folder per class holding PNG or JPEG images (or .npy arrays); class index = the folder name
                 when every folder name is a whole number, else its position in sorted order (as TinyForge's data
                 loader). Images are decoded (png.py; JPEG by Pillow when installed, else jpeg.py), then resized
                 and converted exactly as TinyForge's `pixelsToSample` (bilinear with half-pixel centres, grey =
                 0.299 R + 0.587 G + 0.114 B, rounded to whole numbers 0..255).
  x.npy + y.npy  inputs [N, *shape] (also N x 1 x shape, or N x shape without a trailing channel of 1), integer labels [N].
  IDX            MNIST-style files, gzipped or not: a folder with train-images-idx3-ubyte / train-labels-idx1-ubyte
                 (training) and t10k-* (the test set), or an images file with --labels.
Every problem raises DataError with one sentence naming the file.
"""
import gzip
import hashlib
import os
import struct

import numpy as np

from .png import ImageError, decode_png, is_png

IMAGE_EXTENSIONS = ('.png', '.jpg', '.jpeg')


class DataError(Exception):
    pass


class Dataset(object):
    def __init__(self, x, labels, source, classes=None):
        self.x = x
        self.labels = labels
        self.source = source
        self.classes = classes

    def __len__(self):
        return int(self.x.shape[0])

    def subset(self, index):
        return Dataset(self.x[index], self.labels[index], self.source, self.classes)


def fingerprint(*datasets):
    """sha256 of the samples (float32 raw values) and labels (int64) of the datasets, in order."""
    h = hashlib.sha256()
    for d in datasets:
        if d is None:
            continue
        h.update(np.ascontiguousarray(d.x, dtype=np.float32).tobytes())
        h.update(np.ascontiguousarray(d.labels, dtype=np.int64).tobytes())
    return h.hexdigest()


# --- pixels -> samples ---

def _round_half_up(v):
    f = np.floor(v)
    return np.where(v - f >= 0.5, f + 1, f)


def pixels_to_sample(img, shape):
    """uint8 [h, w, 1|3|4] -> float32 [H, W, C] raw values, as TinyForge's pixelsToSample (bilinear)."""
    H, W, C = shape
    if C not in (1, 3):
        raise DataError('images can feed inputs of 1 or 3 channels, not %d' % C)
    h, w, ch = img.shape
    data = img.astype(np.float64)
    if ch == 1:
        planes = [data[:, :, 0]] * C
    elif C == 3:
        planes = [data[:, :, c] for c in range(3)]
    else:
        planes = [0.299 * data[:, :, 0] + 0.587 * data[:, :, 1] + 0.114 * data[:, :, 2]]
    sx, sy = w / W, h / H
    fy = np.minimum(h - 1, np.maximum(0, (np.arange(H) + 0.5) * sy - 0.5))
    fx = np.minimum(w - 1, np.maximum(0, (np.arange(W) + 0.5) * sx - 0.5))
    y0 = np.floor(fy).astype(np.int64)
    x0 = np.floor(fx).astype(np.int64)
    y1 = np.minimum(h - 1, y0 + 1)
    x1 = np.minimum(w - 1, x0 + 1)
    wy = (fy - y0)[:, None]
    wx = (fx - x0)[None, :]
    out = np.zeros((H, W, C), dtype=np.float32)
    for c, p in enumerate(planes):
        v = (p[y0][:, x0] * (1 - wx) + p[y0][:, x1] * wx) * (1 - wy) + (p[y1][:, x0] * (1 - wx) + p[y1][:, x1] * wx) * wy
        out[:, :, c] = np.minimum(255, np.maximum(0, _round_half_up(v)))
    return out


def decode_image(path):
    with open(path, 'rb') as f:
        data = f.read()
    name = os.path.basename(path)
    try:
        if is_png(data):
            return decode_png(data, name)
        if data[:2] == b'\xff\xd8':
            return _decode_jpeg(data, name)
    except ImageError as err:
        raise DataError(str(err))
    raise DataError('%s cannot be decoded: it is neither a PNG nor a JPEG image' % name)


def _decode_jpeg(data, name):
    try:
        from PIL import Image
    except ImportError:
        from .jpeg import decode_jpeg
        return decode_jpeg(data, name)
    import io
    try:
        img = Image.open(io.BytesIO(data))
        img = img.convert('L' if img.mode in ('L', '1', 'I;16') else 'RGB')
    except Exception as err:
        raise DataError('%s cannot be decoded (%s)' % (name, err))
    arr = np.asarray(img, dtype=np.uint8)
    return arr[:, :, None] if arr.ndim == 2 else arr


# --- .npy and IDX arrays ---

def samples_from_array(a, shape, name):
    """[N, *shape] float32 from an array of one sample or N samples (TinyForge's samplesFromArray rules)."""
    s = list(a.shape)
    shape = list(shape)
    trimmed = shape[:-1] if shape[-1] == 1 else None
    if s == shape:
        n = 1
    elif len(s) >= 1 and (s[1:] == shape or s[1:] == [1] + shape or (trimmed is not None and s[1:] == trimmed)):
        n = s[0]
    else:
        raise DataError('%s has shape %s; the input needs %s per sample (an array of N x %s)' % (
            name, 'x'.join(map(str, s)), 'x'.join(map(str, shape)), 'x'.join(map(str, shape))))
    if n == 0:
        raise DataError('%s holds no samples' % name)
    return np.asarray(a, dtype=np.float32).reshape([n] + shape)


def load_npy(path):
    try:
        a = np.load(path, allow_pickle=False)
    except FileNotFoundError:
        raise DataError('%s: no such file' % path)
    except Exception as err:
        raise DataError('%s is not a readable .npy file (%s)' % (path, str(err).split('\n')[0]))
    if not isinstance(a, np.ndarray):
        raise DataError('%s holds several arrays; give a .npy file' % path)
    return a


_IDX_TYPES = {0x08: '>u1', 0x09: '>i1', 0x0B: '>i2', 0x0C: '>i4', 0x0D: '>f4', 0x0E: '>f8'}


def read_idx(path):
    try:
        with open(path, 'rb') as f:
            data = f.read()
    except FileNotFoundError:
        raise DataError('%s: no such file' % path)
    name = os.path.basename(path)
    if data[:2] == b'\x1f\x8b':
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError) as err:
            raise DataError('%s is a corrupt gzip file (%s)' % (name, err))
    if len(data) < 4 or data[0] != 0 or data[1] != 0 or data[2] not in _IDX_TYPES:
        raise DataError('%s is not an IDX file (bad magic number)' % name)
    dims = data[3]
    if len(data) < 4 + 4 * dims:
        raise DataError('%s is truncated inside its header' % name)
    shape = list(struct.unpack('>%dI' % dims, data[4:4 + 4 * dims]))
    dtype = np.dtype(_IDX_TYPES[data[2]])
    count = int(np.prod(shape)) if shape else 1
    body = data[4 + 4 * dims:]
    if len(body) != count * dtype.itemsize:
        raise DataError('%s should hold %d values (shape %s) but has %d data bytes' % (
            name, count, 'x'.join(map(str, shape)), len(body)))
    return np.frombuffer(body, dtype=dtype).reshape(shape).astype(dtype.newbyteorder('='))


def is_idx_name(path):
    base = os.path.basename(path).lower()
    return '-idx' in base or base.endswith('.idx') or base.endswith('.idx.gz')


def read_array(path):
    return read_idx(path) if is_idx_name(path) else load_npy(path)


def _labels(a, n, name):
    a = np.asarray(a)
    if a.ndim == 2 and a.shape[1] == 1:
        a = a[:, 0]
    if a.ndim != 1:
        raise DataError('%s must hold one label per sample (shape N), not shape %s' % (name, 'x'.join(map(str, a.shape))))
    if not np.all(np.isfinite(a.astype(np.float64))) or not np.all(a == np.floor(a)) or (a.size and a.min() < 0):
        raise DataError('%s must hold whole-number class indices >= 0' % name)
    if a.shape[0] != n:
        raise DataError('%s holds %d labels but the inputs hold %d samples' % (name, a.shape[0], n))
    return a.astype(np.int64)


def load_arrays(x_path, y_path, shape):
    x = samples_from_array(read_array(x_path), shape, os.path.basename(x_path))
    if y_path is None:
        raise DataError('%s needs --labels (one class index per sample)' % os.path.basename(x_path))
    y = _labels(read_array(y_path), x.shape[0], os.path.basename(y_path))
    return Dataset(x, y, '%s + %s' % (x_path, y_path))


def _idx_pair(folder, prefix):
    found = {}
    for name in sorted(os.listdir(folder)):
        low = name.lower()
        if low.startswith(prefix) and ('images-idx' in low or 'labels-idx' in low):
            found['images' if 'images' in low else 'labels'] = os.path.join(folder, name)
    return found if len(found) == 2 else None


def _idx_images(path, shape):
    a = read_idx(path)
    if a.ndim == 3 and len(shape) == 3 and (a.shape[1], a.shape[2]) != (shape[0], shape[1]):
        return np.stack([pixels_to_sample(img[:, :, None].astype(np.uint8), shape) for img in a])
    if a.ndim == 3 and len(shape) == 3 and shape[2] == 3:
        return np.stack([pixels_to_sample(img[:, :, None].astype(np.uint8), shape) for img in a])
    return samples_from_array(a, shape, os.path.basename(path))


def load_idx_folder(folder, shape):
    """(train, test or None) from a folder of MNIST-style IDX files."""
    train = _idx_pair(folder, 'train')
    if train is None:
        return None
    def load(pair):
        x = _idx_images(pair['images'], shape)
        return Dataset(x, _labels(read_idx(pair['labels']), x.shape[0], os.path.basename(pair['labels'])), pair['images'])
    test = _idx_pair(folder, 't10k') or _idx_pair(folder, 'test')
    return load(train), (load(test) if test else None)


def _class_key(name):
    return (0, int(name), name) if name.isdigit() else (1, 0, name)


def load_image_folder(folder, shape):
    entries = sorted(e for e in os.listdir(folder) if not e.startswith('.'))
    classes = [e for e in entries if os.path.isdir(os.path.join(folder, e))]
    if not classes:
        raise DataError('%s holds no class sub-folders (give one folder of images per class)' % folder)
    numeric = all(c.isdigit() for c in classes)
    ordered = sorted(classes, key=_class_key) if numeric else sorted(classes)
    xs, ys = [], []
    for c in ordered:
        label = int(c) if numeric else ordered.index(c)
        for name in sorted(os.listdir(os.path.join(folder, c))):
            path = os.path.join(folder, c, name)
            if name.startswith('.') or not os.path.isfile(path):
                continue
            low = name.lower()
            if low.endswith(IMAGE_EXTENSIONS):
                if len(shape) != 3:
                    raise DataError('%s: images need an input of height x width x channels' % name)
                xs.append(pixels_to_sample(decode_image(path), shape)[None])
                ys.append(label)
            elif low.endswith('.npy'):
                got = samples_from_array(load_npy(path), shape, name)
                xs.append(got)
                ys.extend([label] * got.shape[0])
    if not xs:
        raise DataError('%s holds no images (.png, .jpg) or .npy files in its class folders' % folder)
    return Dataset(np.concatenate(xs).astype(np.float32), np.array(ys, dtype=np.int64), folder, ordered)


def load_dataset(data, labels, shape):
    """(train dataset, test dataset or None) for --data / --labels."""
    if os.path.isdir(data):
        if labels is not None:
            raise DataError('--labels goes with an inputs file (.npy or IDX), not with a folder')
        idx = load_idx_folder(data, shape)
        if idx is not None:
            return idx
        return load_image_folder(data, shape), None
    if not os.path.exists(data):
        raise DataError('%s: no such file or directory' % data)
    if labels is None:
        raise DataError('%s needs --labels (one class index per sample)' % os.path.basename(data))
    if is_idx_name(data):
        x = _idx_images(data, shape)
        return Dataset(x, _labels(read_array(labels), x.shape[0], os.path.basename(labels)), data), None
    return load_arrays(data, labels, shape), None


def check_classes(train, classes_out):
    """Refuses training data with fewer than two classes or labels beyond the model's outputs."""
    present = np.unique(train.labels)
    if present.size < 2:
        raise DataError('the training data holds only one class (%d); a classifier needs at least two' % int(present[0]))
    if int(present.max()) >= classes_out:
        raise DataError('label %d does not fit the model, whose output has %d classes' % (int(present.max()), classes_out))
