"""Checks tinyforge_twins/jpeg.py (the decoder used without Pillow) on JPEGs made by jpeg_encode.py: baseline and
progressive, grey and YCbCr 4:4:4 / 4:2:0, with restart intervals — the decoded pixels are within the encoder's
loss of the source (max <= 6 levels, mean <= 1) — and refusals in one sentence. Usage: python3 check_jpeg.py"""
import sys

import numpy as np

from jpeg_encode import encode, test_images
from tinyforge_twins.data import DataError, decode_image
from tinyforge_twins.jpeg import decode_jpeg
from tinyforge_twins.png import ImageError


def main():
    for name, (pixels, opts) in test_images().items():
        got = decode_jpeg(encode(pixels, **opts), name).astype(int)
        src = pixels.astype(int)
        src = src[:, :, None] if src.ndim == 2 else src
        if got.shape != src.shape:
            print('FAIL %s: shape %s, expected %s' % (name, got.shape, src.shape))
            sys.exit(1)
        diff = np.abs(got - src)
        if diff.max() > 6 or diff.mean() > 1:
            print('FAIL %s: max difference %d, mean %.2f' % (name, diff.max(), diff.mean()))
            sys.exit(1)
        print('ok %s: max %d, mean %.2f' % (name, diff.max(), diff.mean()))
    data = encode(test_images()['rgb-420-restart'][0], subsample=True, restart=3)
    plain = encode(test_images()['grey-baseline'][0])
    cases = [
        (data[:len(data) // 2], 'cut.jpg is truncated (image data ends early)'),
        (plain[:len(plain) // 2], 'cut.jpg is truncated (image data ends early)'),
        (data[:200], 'head.jpg is truncated'),
        (data[:2] + b'\xff\xc3\x00\x0b' + data[4:13], 'sof3.jpg is a lossless JPEG; install Pillow or convert it to PNG'),
        (b'\xff\xd8\xff\xd9', 'empty.jpg is truncated (no image data)'),
    ]
    for raw, want in cases:
        try:
            decode_jpeg(raw, want.split(' ')[0])
            print('FAIL %s: decoded' % want)
            sys.exit(1)
        except ImageError as err:
            if str(err) != want:
                print('FAIL: %r, expected %r' % (str(err), want))
                sys.exit(1)
    with open('cut.jpg', 'wb') as f:
        f.write(data[:len(data) // 2])
    try:
        decode_image('cut.jpg')
        sys.exit(1)
    except DataError as err:
        print('ok refusals: %s' % err)


if __name__ == '__main__':
    main()
