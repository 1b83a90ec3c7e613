"""A small JPEG encoder for the tests of tinyforge_twins/jpeg.py (never shipped): baseline sequential, or progressive
with spectral selection (a DC scan, then AC bands), grey or YCbCr with 4:4:4 or 4:2:0 sampling, optional restart
intervals; the example Huffman tables of ITU-T T.81 Annex K and its luminance/chrominance quantization tables
scaled to a quality. Usage: python3 jpeg_encode.py <out folder>  — writes test JPEGs and the source pixels (.npy)."""
import math
import os
import struct
import sys

import numpy as np

from tinyforge_twins.jpeg import ZIGZAG

DC_COUNTS = [0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0]
DC_SYMBOLS = list(range(12))
AC_LUMA_COUNTS = [0, 2, 1, 3, 3, 2, 4, 3, 5, 5, 4, 4, 0, 0, 1, 0x7d]
AC_LUMA_SYMBOLS = bytes.fromhex(
    '01020300041105122131410613516107227114328191a1082342b1c11552d1f02433627282090a161718191a25262728292a3435363738393a'
    '434445464748494a535455565758595a636465666768696a737475767778797a838485868788898a92939495969798999aa2a3a4a5a6a7a8a9'
    'aab2b3b4b5b6b7b8b9bac2c3c4c5c6c7c8c9cad2d3d4d5d6d7d8d9dae1e2e3e4e5e6e7e8e9eaf1f2f3f4f5f6f7f8f9fa')
QUANT_LUMA = [16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55, 14, 13, 16, 24, 40, 57, 69, 56, 14, 17, 22,
              29, 51, 87, 80, 62, 18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113, 92, 49, 64, 78, 87, 103,
              121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99]
DCT = np.array([[(math.sqrt(0.5) if u == 0 else 1.0) * math.cos((2 * x + 1) * u * math.pi / 16) / 2 for x in range(8)]
                for u in range(8)])


def codes(counts, symbols):
    table, code, k = {}, 0, 0
    for length in range(1, 17):
        for _ in range(counts[length - 1]):
            table[symbols[k]] = (code, length)
            code += 1
            k += 1
        code <<= 1
    return table


DC_CODES = codes(DC_COUNTS, DC_SYMBOLS)
AC_CODES = codes(AC_LUMA_COUNTS, list(AC_LUMA_SYMBOLS))


class BitWriter(object):
    def __init__(self):
        self.out = bytearray()
        self.acc = 0
        self.n = 0

    def write(self, value, length):
        for i in range(length - 1, -1, -1):
            self.acc = (self.acc << 1) | ((value >> i) & 1)
            self.n += 1
            if self.n == 8:
                self.out.append(self.acc)
                if self.acc == 0xFF:
                    self.out.append(0)
                self.acc = self.n = 0

    def flush(self):
        if self.n:
            self.write((1 << (8 - self.n)) - 1, 8 - self.n)


def magnitude(v):
    s = int(abs(v)).bit_length()
    return s, (v if v >= 0 else v + (1 << s) - 1)


def blocks_of(plane, quant):
    h, w = plane.shape
    b = (plane - 128.0).reshape(h // 8, 8, w // 8, 8).transpose(0, 2, 1, 3)
    coef = np.einsum('ux,abxy,vy->abuv', DCT, b, DCT).reshape(h // 8, w // 8, 64)
    return np.round(coef[:, :, ZIGZAG] / quant).astype(np.int64)


def encode(pixels, quality=95, subsample=False, progressive=False, restart=0):
    h, w = pixels.shape[:2]
    scale = 5000 / quality if quality < 50 else 200 - 2 * quality
    quant = np.clip(np.floor((np.array(QUANT_LUMA)[ZIGZAG] * scale + 50) / 100), 1, 255)
    grey = pixels.ndim == 2
    f = 2 if subsample and not grey else 1
    mh, mw = 8 * f, 8 * f
    ph, pw = -(-h // mh) * mh, -(-w // mw) * mw
    def pad(p):
        return np.pad(p, ((0, ph - h), (0, pw - w)), mode='edge')
    if grey:
        planes = [(pad(pixels.astype(np.float64)), 1)]
    else:
        r, g, b = (pixels[:, :, i].astype(np.float64) for i in range(3))
        y = 0.299 * r + 0.587 * g + 0.114 * b
        cb = -0.168736 * r - 0.331264 * g + 0.5 * b + 128
        cr = 0.5 * r - 0.418688 * g - 0.081312 * b + 128
        sub = lambda p: p.reshape(ph // f, f, pw // f, f).mean(axis=(1, 3))  # noqa: E731
        planes = [(pad(y), f), (sub(pad(cb)), 1), (sub(pad(cr)), 1)]
    coefs = [blocks_of(p, quant) for p, _ in planes]
    out = bytearray(b'\xff\xd8')
    def seg(marker, body):
        out.extend(struct.pack('>BBH', 0xFF, marker, len(body) + 2) + body)
    seg(0xDB, bytes([0]) + bytes(int(q) for q in quant))
    comps = b''.join(bytes([i + 1, (s << 4) | s, 0]) for i, (_, s) in enumerate(planes))
    seg(0xC2 if progressive else 0xC0, struct.pack('>BHHB', 8, h, w, len(planes)) + comps)
    seg(0xC4, bytes([0x00]) + bytes(DC_COUNTS) + bytes(DC_SYMBOLS))
    seg(0xC4, bytes([0x10]) + bytes(AC_LUMA_COUNTS) + AC_LUMA_SYMBOLS)
    if restart:
        seg(0xDD, struct.pack('>H', restart))
    mcus = (ph // mh, pw // mw)
    if not progressive:
        _scan(out, seg, planes, coefs, mcus, 0, 63, restart)
    else:
        _scan(out, seg, planes, coefs, mcus, 0, 0, restart)
        for ci, (_, sf) in enumerate(planes):
            # A non-interleaved scan covers the component's own blocks, not the MCU padding.
            by, bx = -(-(-(-h * sf // f)) // 8), -(-(-(-w * sf // f)) // 8)
            for band in ((1, 5), (6, 63)):
                _scan(out, seg, [planes[ci]], [coefs[ci][:by, :bx]], None, band[0], band[1], restart, ci)
    out.extend(b'\xff\xd9')
    return bytes(out)


def _scan(out, seg, planes, coefs, mcus, ss, se, restart, first=0):
    ids = bytes(b for i in range(len(planes)) for b in (first + i + 1, 0x00))
    seg(0xDA, bytes([len(planes)]) + ids + bytes([ss, se, 0]))
    units = []
    if mcus is not None and len(planes) > 1:
        for my in range(mcus[0]):
            for mx in range(mcus[1]):
                units.append([(ci, my * s + v, mx * s + hh) for ci, (_, s) in enumerate(planes) for v in range(s) for hh in range(s)])
    else:
        c = coefs[0]
        units = [[(0, by, bx)] for by in range(c.shape[0]) for bx in range(c.shape[1])]
    bw = BitWriter()
    preds = [0] * len(planes)
    for n, unit in enumerate(units):
        if restart and n and n % restart == 0:
            bw.flush()
            out.extend(bw.out)
            out.extend(bytes([0xFF, 0xD0 + (n // restart - 1) % 8]))
            bw = BitWriter()
            preds = [0] * len(planes)
        for ci, by, bx in unit:
            block = coefs[ci][by, bx]
            if ss == 0:
                diff = int(block[0]) - preds[ci]
                preds[ci] = int(block[0])
                s, bits = magnitude(diff)
                bw.write(*DC_CODES[s])
                bw.write(bits, s)
            lo = max(ss, 1)
            if se >= lo:
                run = 0
                for k in range(lo, se + 1):
                    v = int(block[k])
                    if v == 0:
                        run += 1
                        continue
                    while run > 15:
                        bw.write(*AC_CODES[0xF0])
                        run -= 16
                    s, bits = magnitude(v)
                    bw.write(*AC_CODES[(run << 4) | s])
                    bw.write(bits, s)
                    run = 0
                if run:
                    bw.write(*AC_CODES[0x00])
    bw.flush()
    out.extend(bw.out)


def test_images():
    yy, xx = np.mgrid[0:37, 0:45]
    rgb = np.stack([(xx * 5) % 256, (yy * 6) % 256, ((xx + yy) * 3) % 256], axis=2).astype(np.uint8)
    smooth = np.clip(128 + 90 * np.sin(xx / 7.0) * np.cos(yy / 9.0), 0, 255).astype(np.uint8)
    return {
        'grey-baseline': (smooth, {}),
        'rgb-444-baseline': (rgb, {}),
        'rgb-420-restart': (rgb, {'subsample': True, 'restart': 3}),
        'rgb-420-progressive': (rgb, {'subsample': True, 'progressive': True}),
        'grey-progressive-restart': (smooth, {'progressive': True, 'restart': 5}),
    }


if __name__ == '__main__':
    folder = sys.argv[1]
    for name, (pixels, opts) in test_images().items():
        with open(os.path.join(folder, name + '.jpg'), 'wb') as f:
            f.write(encode(pixels, **opts))
        np.save(os.path.join(folder, name + '.npy'), pixels)
        print(name)
