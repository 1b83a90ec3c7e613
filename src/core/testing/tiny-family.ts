/**
 * A tiny CNN family for tests that train (proxy check, supernet): Input res×res×1 (grey images scaled to [0, 1)),
 * Conv k×k stride 2 with 4·width filters (ReLU), GlobalAveragePool, FC 10, Softmax — 12 variants.
 */
import type { Family } from '../pipelines/explore/family.ts'
import { checkFamily } from '../pipelines/explore/family-file.ts'

export const TINY_FAMILY: Family = checkFamily({
  format: 'tinyforge-family', version: 1, id: 'tiny-cnn', name: 'Tiny CNN', library: 'cmsis-nn',
  knobs: [
    { name: 'res', kind: 'resolution', values: [10, 14], reference: 14 },
    { name: 'width', kind: 'width', values: [1, 2, 4], reference: 2 },
    { name: 'k', kind: 'kernel', values: [1, 3], reference: 3 },
  ],
  nodes: [
    { id: 'image', op: 'Input', attrs: { shape: ['=res', '=res', 1], mean: [0], scale: 1 / 256 }, inputs: [] },
    { id: 'conv', op: 'Conv2D', inputs: ['image'], attrs: { filters: '=4 * width', kernelH: '=k', kernelW: '=k', strideH: 2, strideW: 2,
      dilationH: 1, dilationW: 1, padding: 'same', useBias: true, activation: 'relu' } },
    { id: 'pool', op: 'GlobalAveragePool', inputs: ['conv'], attrs: {} },
    { id: 'logits', op: 'FullyConnected', inputs: ['pool'], attrs: { units: 10, useBias: true, activation: 'none' } },
    { id: 'probabilities', op: 'Softmax', inputs: ['logits'], attrs: { beta: 1 } },
  ],
  repeats: [],
})

/** Uncompressed IDX bytes (ubyte) of an array: images [n, h, w] or labels [n]. */
export function idxBytes(shape: readonly number[], data: ArrayLike<number>): Uint8Array {
  const header = 4 + 4 * shape.length
  const out = new Uint8Array(header + data.length)
  out.set([0, 0, 0x08, shape.length])
  const view = new DataView(out.buffer)
  shape.forEach((d, i) => view.setUint32(4 + 4 * i, d, false))
  out.set(Array.from(data), header)
  return out
}
