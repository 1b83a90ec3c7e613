/**
 * Data for the quantization specs, made at test time in Node: mnist-8's test-vector digits (input_0.pb, 28×28 floats
 * 0..255) rendered to grey PNGs by a tiny encoder, written into a folder with one sub-folder per digit (the labels),
 * plus helpers to import mnist-8 and run the panel.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { deflateSync } from 'node:zlib'
import type { Page } from '@playwright/test'
import { expect } from '@playwright/test'
import { cards } from './helpers.ts'

export const MNIST_DIR = fileURLToPath(new URL('../../shared/data/onnx/mnist-8/', import.meta.url))

/** float32 values of an ONNX TensorProto file (raw_data, field 9, or packed float_data, field 4). */
export function tensorFloats(bytes: Uint8Array): Float32Array {
  let at = 0
  const varint = (): number => {
    let v = 0
    let shift = 0
    for (;;) {
      const b = bytes[at++]
      v += (b & 0x7f) * 2 ** shift
      if (b < 0x80) return v
      shift += 7
    }
  }
  while (at < bytes.length) {
    const key = varint()
    const field = Math.floor(key / 8)
    const wire = key & 7
    if (wire === 0) varint()
    else if (wire === 5) at += 4
    else if (wire === 1) at += 8
    else if (wire === 2) {
      const length = varint()
      if (field === 9 || field === 4) return new Float32Array(Uint8Array.prototype.slice.call(bytes, at, at + length).buffer)
      at += length
    } else throw new Error(`unexpected protobuf wire type ${wire}`)
  }
  throw new Error('tensor has no float data')
}

/** The digit of mnist-8 test vector k as 0..255 grey pixels (vectors 0, 1, 2 are the digits 2, 0, 9). */
export function mnistDigit(k: number): Uint8Array {
  return Uint8Array.from(tensorFloats(readFileSync(`${MNIST_DIR}test_data_set_${k}/input_0.pb`)))
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
  return c >>> 0
})

function crc32(data: Uint8Array): number {
  let c = 0xffffffff
  for (const b of data) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}

function chunk(type: string, body: Uint8Array): Buffer {
  const head = Buffer.alloc(8)
  head.writeUInt32BE(body.length, 0)
  head.write(type, 4, 'latin1')
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), body])), 0)
  return Buffer.concat([head, body, crc])
}

/** A grey 8-bit PNG of `size`×`size` pixels. */
export function greyPng(pixels: Uint8Array, size = 28): Buffer {
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(size, 0)
  ihdr.writeUInt32BE(size, 4)
  ihdr.set([8, 0, 0, 0, 0], 8)
  const raw = Buffer.alloc(size * (size + 1))
  for (let y = 0; y < size; y++) raw.set(pixels.subarray(y * size, (y + 1) * size), y * (size + 1) + 1)
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)), chunk('IEND', new Uint8Array(0))])
}

function shifted(pixels: Uint8Array, dx: number, dy: number, size = 28): Uint8Array {
  const out = new Uint8Array(size * size)
  for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) {
    const sx = x - dx
    const sy = y - dy
    if (sx >= 0 && sy >= 0 && sx < size && sy < size) out[y * size + x] = pixels[sy * size + sx]
  }
  return out
}

/** A temp folder 'digits' with 0/a.png, 2/a.png, 2/b.png, 9/a.png, 9/b.png (b = shifted copies); returns its path. */
export function writeDigitFolder(): string {
  const root = join(mkdtempSync(join(tmpdir(), 'tf-digits-')), 'digits')
  const [two, zero, nine] = [0, 1, 2].map(mnistDigit)
  const files: [string, Uint8Array][] = [['0/a.png', zero], ['2/a.png', two], ['2/b.png', shifted(two, 2, 0)], ['9/a.png', nine], ['9/b.png', shifted(nine, 0, 2)]]
  for (const [path, pixels] of files) {
    mkdirSync(join(root, path, '..'), { recursive: true })
    writeFileSync(join(root, path), greyPng(pixels))
  }
  return root
}

/** File › Import model… with mnist-8.onnx, then the Quantization tab. */
export async function importMnistAndOpenQuantization(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'File', exact: true }).click()
  const chooser = page.waitForEvent('filechooser')
  await page.getByRole('menuitem', { name: 'Import model…' }).click()
  await (await chooser).setFiles(`${MNIST_DIR}mnist-8.onnx`)
  await expect(cards(page)).toHaveCount(7)
  await page.getByRole('tab', { name: /Quantization/ }).click()
  await expect(page.getByTestId('quantize-panel')).toBeVisible()
}

/** Drags the dock's top edge up so the panel is `height` px tall (for legible screenshots). */
export async function growDock(page: Page, by: number): Promise<void> {
  const box = (await page.getByRole('separator', { name: 'Resize panel' }).boundingBox())!
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2)
  await page.mouse.down()
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2 - by, { steps: 4 })
  await page.mouse.up()
}
