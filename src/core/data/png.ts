/**
 * A small PNG decoder for calibration images outside the browser (the CLI): non-interlaced PNGs of bit depth 8
 * (grey, grey+alpha, RGB, RGBA, palette) or 16 (high byte kept), and palette images of depth 1, 2 or 4. Alpha is
 * kept as a 4th channel for RGBA and dropped for grey+alpha. Anything else raises CalibrationDataError.
 */
import { unzlibSync } from 'fflate'
import type { Pixels } from './calibration-data.ts'
import { CalibrationDataError } from './calibration-data.ts'

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]
const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 }

export function isPng(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && SIGNATURE.every((b, i) => bytes[i] === b)
}

export function decodePng(bytes: Uint8Array, name = 'the image'): Pixels {
  if (!isPng(bytes)) throw new CalibrationDataError(`${name} is not a PNG image`)
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  let pos = 8
  let width = 0, height = 0, depth = 0, colorType = -1, interlace = 0
  let palette: Uint8Array | undefined
  const idat: Uint8Array[] = []
  while (pos + 8 <= bytes.length) {
    const length = view.getUint32(pos)
    const type = String.fromCharCode(...bytes.subarray(pos + 4, pos + 8))
    const body = bytes.subarray(pos + 8, pos + 8 + length)
    if (body.length !== length) throw new CalibrationDataError(`${name} is truncated (chunk ${type})`)
    if (type === 'IHDR') {
      width = view.getUint32(pos + 8)
      height = view.getUint32(pos + 12)
      depth = bytes[pos + 16]
      colorType = bytes[pos + 17]
      interlace = bytes[pos + 20]
    } else if (type === 'PLTE') palette = body
    else if (type === 'IDAT') idat.push(body)
    else if (type === 'IEND') break
    pos += 12 + length
  }
  if (colorType < 0 || !(colorType in CHANNELS)) throw new CalibrationDataError(`${name} has no valid PNG header`)
  if (interlace !== 0) throw new CalibrationDataError(`${name} is an interlaced PNG; save it without interlacing`)
  const paletteDepths = colorType === 3 ? [1, 2, 4, 8] : [8, 16]
  if (!paletteDepths.includes(depth)) throw new CalibrationDataError(`${name} has bit depth ${depth}, which is not supported`)
  if (colorType === 3 && !palette) throw new CalibrationDataError(`${name} is a palette PNG without a palette`)
  if (width === 0 || height === 0) throw new CalibrationDataError(`${name} is empty`)
  let raw: Uint8Array
  try {
    raw = unzlibSync(concat(idat))
  } catch {
    throw new CalibrationDataError(`${name} has corrupt image data`)
  }
  const samples = CHANNELS[colorType]
  const bitsPerPixel = samples * depth
  const stride = Math.ceil((width * bitsPerPixel) / 8)
  const bpp = Math.max(1, bitsPerPixel >> 3)
  if (raw.length < height * (stride + 1)) throw new CalibrationDataError(`${name} has less image data than its size needs`)
  const rows = unfilter(raw, height, stride, bpp, name)
  const outChannels = colorType === 6 ? 4 : colorType === 2 || colorType === 3 ? 3 : 1
  const data = new Uint8Array(width * height * outChannels)
  for (let y = 0; y < height; y++) {
    const row = rows.subarray(y * stride, (y + 1) * stride)
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * outChannels
      if (colorType === 3) {
        const bit = x * depth
        const index = (row[bit >> 3] >> (8 - depth - (bit & 7))) & ((1 << depth) - 1)
        data[o] = palette![index * 3] ?? 0
        data[o + 1] = palette![index * 3 + 1] ?? 0
        data[o + 2] = palette![index * 3 + 2] ?? 0
      } else {
        const step = depth / 8
        for (let c = 0; c < outChannels; c++) data[o + c] = row[(x * samples + c) * step]
      }
    }
  }
  return { width, height, channels: outChannels as 1 | 3 | 4, data }
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let o = 0
  for (const p of parts) { out.set(p, o); o += p.length }
  return out
}

/** Reverses the per-row PNG filters (None, Sub, Up, Average, Paeth). */
function unfilter(raw: Uint8Array, height: number, stride: number, bpp: number, name: string): Uint8Array {
  const out = new Uint8Array(height * stride)
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]
    const src = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1))
    const o = y * stride
    for (let i = 0; i < stride; i++) {
      const a = i >= bpp ? out[o + i - bpp] : 0
      const b = y > 0 ? out[o - stride + i] : 0
      const c = y > 0 && i >= bpp ? out[o - stride + i - bpp] : 0
      let v: number
      switch (filter) {
        case 0: v = src[i]; break
        case 1: v = src[i] + a; break
        case 2: v = src[i] + b; break
        case 3: v = src[i] + ((a + b) >> 1); break
        case 4: {
          const p = a + b - c
          const pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c)
          v = src[i] + (pa <= pb && pa <= pc ? a : pb <= pc ? b : c)
          break
        }
        default: throw new CalibrationDataError(`${name} uses unknown PNG row filter ${filter}`)
      }
      out[o + i] = v & 0xff
    }
  }
  return out
}
