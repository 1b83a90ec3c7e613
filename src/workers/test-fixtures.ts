/**
 * Test-only fixtures for the quantize job (imported only by *.test.ts): mnist-8 imported from ../shared/data, its three
 * test vectors as grey PNG digit images (plus two shifted copies) in class folders, and the core PNG reader as the
 * image decoder (what the browser's createImageBitmap does in the worker).
 */
import { importModel } from '../core/formats/import-model.ts'
import { sharedBytes } from '../core/testing/import-test-data.ts'
import { decodeOnnxTensor } from '../core/formats/onnx/onnx-proto.ts'
import type { Graph } from '../core/ir/types.ts'
import { pngBytes } from '../core/testing/fixture-files.ts'
import { decodePng } from '../core/data/png.ts'
import type { ImageDecoder } from './calibration-files.ts'
import type { DataFileRef } from './quantize-protocol.ts'

export function mnistGraph(): Graph {
  return importModel(sharedBytes('onnx/mnist-8/mnist-8.onnx'), 'mnist-8.onnx').doc.graph
}

/** The 28×28 pixels (0..255) of mnist-8's test vector k (digits 2, 0, 9). */
export function mnistDigit(k: number): Uint8Array {
  return Uint8Array.from(decodeOnnxTensor(sharedBytes(`onnx/mnist-8/test_data_set_${k}/input_0.pb`)).values as ArrayLike<number>)
}

/** `pixels` moved right by dx and down by dy (zero fill). */
export function shifted(pixels: Uint8Array, dx: number, dy: number, size = 28): Uint8Array {
  const out = new Uint8Array(size * size)
  for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) {
    const sx = x - dx
    const sy = y - dy
    if (sx >= 0 && sy >= 0 && sx < size && sy < size) out[y * size + x] = pixels[sy * size + sx]
  }
  return out
}

/** A grey 8-bit PNG (filter 0 on every row). */
export function greyPng(pixels: Uint8Array, size = 28): Uint8Array {
  const lines: number[] = []
  for (let y = 0; y < size; y++) lines.push(0, ...pixels.subarray(y * size, (y + 1) * size))
  return pngBytes(size, size, 0, 8, lines)
}

/** Five digit images in folders named by their digit: 0/a, 2/a, 2/b (shifted), 9/a, 9/b (shifted). */
export function digitFolder(): DataFileRef[] {
  const [two, zero, nine] = [0, 1, 2].map(mnistDigit)
  const file = (path: string, pixels: Uint8Array): DataFileRef => ({ path, blob: new Blob([greyPng(pixels) as Uint8Array<ArrayBuffer>]) })
  return [file('2/a.png', two), file('0/a.png', zero), file('9/a.png', nine), file('2/b.png', shifted(two, 2, 0)), file('9/b.png', shifted(nine, 0, 2))]
}

export const decodePngBlob: ImageDecoder = async (blob, path) => decodePng(new Uint8Array(await blob.arrayBuffer()), path)
