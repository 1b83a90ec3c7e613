/** Fashion-MNIST (Debian's dataset-fashion-mnist) for the training tests: the IDX files and .npy subsets of them. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseIdx } from '../../data/idx-files.ts'
import { encodeNpy } from '../../formats/pytorch/npz.ts'

export const FASHION_DIR = '/usr/share/datasets/fashion-mnist'
export const FASHION = {
  trainImages: join(FASHION_DIR, 'train-images-idx3-ubyte.gz'), trainLabels: join(FASHION_DIR, 'train-labels-idx1-ubyte.gz'),
  testImages: join(FASHION_DIR, 't10k-images-idx3-ubyte.gz'), testLabels: join(FASHION_DIR, 't10k-labels-idx1-ubyte.gz'),
}

export function hasFashion(): boolean {
  return Object.values(FASHION).every((f) => existsSync(f))
}

/** Writes x.npy (uint8 [n, 28, 28]) and y.npy (int64 [n]) of samples [start, start + n) of a split into `dir`. */
export function fashionNpy(dir: string, split: 'train' | 'test', start: number, n: number, prefix = ''): { x: string; y: string } {
  const images = parseIdx(new Uint8Array(readFileSync(split === 'train' ? FASHION.trainImages : FASHION.testImages)), 'images')
  const labels = parseIdx(new Uint8Array(readFileSync(split === 'train' ? FASHION.trainLabels : FASHION.testLabels)), 'labels')
  const x = Uint8Array.from(images.data.subarray(start * 784, (start + n) * 784))
  const y = BigInt64Array.from(Array.from(labels.data.subarray(start, start + n), (v) => BigInt(v)))
  const paths = { x: join(dir, `${prefix}x.npy`), y: join(dir, `${prefix}y.npy`) }
  writeFileSync(paths.x, encodeNpy({ dtype: 'uint8', shape: [n, 28, 28], data: x }))
  writeFileSync(paths.y, encodeNpy({ dtype: 'int64', shape: [n], data: y }))
  return paths
}
