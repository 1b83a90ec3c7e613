"""Loads a dataset with the exported project's readers (tinyforge_twins/data.py) and saves what train.py would train
on: the raw samples (float32) and labels (int64). Usage: python3 check_data.py <data> <H,W,C> <x.npy> <y.npy>"""
import sys

import numpy as np

from tinyforge_twins.data import DataError, load_dataset


def main(data, shape, x_out, y_out):
    try:
        train, _ = load_dataset(data, None, [int(v) for v in shape.split(',')])
    except DataError as err:
        sys.stderr.write('DataError: %s\n' % err)
        sys.exit(1)
    np.save(x_out, train.x.astype(np.float32))
    np.save(y_out, train.labels.astype(np.int64))
    print('loaded %d samples, classes %s' % (len(train), train.classes))


if __name__ == '__main__':
    main(*sys.argv[1:5])
