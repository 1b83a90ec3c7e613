"""A small PNG decoder (no Pillow needed), the twin of src/core/data/png.ts: non-interlaced PNGs of bit depth 8
(grey, grey+alpha, RGB, RGBA, palette) or 16 (high byte kept), and palette images of depth 1, 2 or 4. Alpha is kept
as a 4th channel for RGBA and dropped for grey+alpha. Returns a uint8 array [height, width, channels]."""
import struct
import zlib

import numpy as np

SIGNATURE = b'\x89PNG\r\n\x1a\n'
CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}


class ImageError(Exception):
    pass


def is_png(data):
    return data[:8] == SIGNATURE


def decode_png(data, name='the image'):
    if not is_png(data):
        raise ImageError('%s is not a PNG image' % name)
    pos = 8
    width = height = depth = interlace = 0
    color_type = -1
    palette = None
    idat = []
    while pos + 8 <= len(data):
        length = struct.unpack('>I', data[pos:pos + 4])[0]
        kind = data[pos + 4:pos + 8]
        body = data[pos + 8:pos + 8 + length]
        if len(body) != length:
            raise ImageError('%s is truncated (chunk %s)' % (name, kind.decode('latin1')))
        if kind == b'IHDR':
            width, height, depth, color_type, _, _, interlace = struct.unpack('>IIBBBBB', body[:13])
        elif kind == b'PLTE':
            palette = np.frombuffer(body, dtype=np.uint8)
        elif kind == b'IDAT':
            idat.append(body)
        elif kind == b'IEND':
            break
        pos += 12 + length
    if color_type not in CHANNELS:
        raise ImageError('%s has no valid PNG header' % name)
    if interlace != 0:
        raise ImageError('%s is an interlaced PNG; save it without interlacing' % name)
    if depth not in ((1, 2, 4, 8) if color_type == 3 else (8, 16)):
        raise ImageError('%s has bit depth %d, which is not supported' % (name, depth))
    if color_type == 3 and palette is None:
        raise ImageError('%s is a palette PNG without a palette' % name)
    if width == 0 or height == 0:
        raise ImageError('%s is empty' % name)
    try:
        raw = zlib.decompress(b''.join(idat))
    except zlib.error:
        raise ImageError('%s has corrupt image data' % name)
    samples = CHANNELS[color_type]
    bits_per_pixel = samples * depth
    stride = (width * bits_per_pixel + 7) // 8
    bpp = max(1, bits_per_pixel >> 3)
    if len(raw) < height * (stride + 1):
        raise ImageError('%s has less image data than its size needs' % name)
    rows = _unfilter(np.frombuffer(raw, dtype=np.uint8), height, stride, bpp, name)
    if color_type == 3:
        bits = np.unpackbits(rows, axis=1)[:, :width * depth].reshape(height, width, depth)
        index = np.zeros((height, width), dtype=np.int64)
        for b in range(depth):
            index = (index << 1) | bits[:, :, b]
        pal = np.zeros(256 * 3, dtype=np.uint8)
        pal[:palette.size] = palette[:768]
        return pal.reshape(256, 3)[index]
    step = depth // 8
    pixels = rows[:, :width * samples * step].reshape(height, width, samples, step)[:, :, :, 0]
    out_channels = 4 if color_type == 6 else 3 if color_type == 2 else 1
    return np.ascontiguousarray(pixels[:, :, :out_channels])


def _unfilter(raw, height, stride, bpp, name):
    out = np.zeros((height, stride), dtype=np.uint8)
    prev = np.zeros(stride, dtype=np.int64)
    for y in range(height):
        filt = int(raw[y * (stride + 1)])
        src = raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)].astype(np.int64)
        if filt == 0:
            row = src
        elif filt == 2:
            row = (src + prev) & 0xFF
        elif filt == 1:
            lanes = np.zeros(-(-stride // bpp) * bpp, dtype=np.int64)
            lanes[:stride] = src
            row = (np.cumsum(lanes.reshape(-1, bpp), axis=0).reshape(-1)[:stride]) & 0xFF
        elif filt in (3, 4):
            row = np.zeros(stride, dtype=np.int64)
            s, b = src.tolist(), prev.tolist()
            r = [0] * stride
            for i in range(stride):
                a = r[i - bpp] if i >= bpp else 0
                c = b[i - bpp] if i >= bpp else 0
                if filt == 3:
                    v = s[i] + ((a + b[i]) >> 1)
                else:
                    p = a + b[i] - c
                    pa, pb, pc = abs(p - a), abs(p - b[i]), abs(p - c)
                    v = s[i] + (a if pa <= pb and pa <= pc else b[i] if pb <= pc else c)
                r[i] = v & 0xFF
            row = np.array(r, dtype=np.int64)
        else:
            raise ImageError('%s uses unknown PNG row filter %d' % (name, filt))
        out[y] = row
        prev = row
    return out
