/**
 * Builders of small data files for tests (not used by production code): `.npy` arrays as numpy.save writes them
 * and PNG images from raw scanlines (CRC fields left 0; the decoder does not check them).
 */
import { zlibSync } from 'fflate'

/** A .npy file as numpy.save writes it (header padded with spaces to a multiple of 64, ending in '\n'). */
export function npyBytes(descr: string, shape: number[], body: Uint8Array, version = 1, fortran = false): Uint8Array {
  const dict = `{'descr': '${descr}', 'fortran_order': ${fortran ? 'True' : 'False'}, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), }`
  const prefix = version === 1 ? 10 : 12
  const total = Math.ceil((prefix + dict.length + 1) / 64) * 64
  const header = dict.padEnd(total - prefix - 1, ' ') + '\n'
  const out = new Uint8Array(prefix + header.length + body.length)
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, version, 0])
  const view = new DataView(out.buffer)
  if (version === 1) view.setUint16(8, header.length, true)
  else view.setUint32(8, header.length, true)
  out.set(new TextEncoder().encode(header), prefix)
  out.set(body, prefix + header.length)
  return out
}

export function pngChunk(type: string, body: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + body.length)
  const view = new DataView(out.buffer)
  view.setUint32(0, body.length)
  out.set(new TextEncoder().encode(type), 4)
  out.set(body, 8)
  return out // CRC left 0: the decoder does not check it
}

/** A PNG from already-filtered scanlines (each row starts with its filter byte). */
export function pngBytes(width: number, height: number, colorType: number, depth: number, scanlines: number[], extra: Uint8Array[] = [], interlace = 0): Uint8Array {
  const ihdr = new Uint8Array(13)
  const v = new DataView(ihdr.buffer)
  v.setUint32(0, width)
  v.setUint32(4, height)
  ihdr.set([depth, colorType, 0, 0, interlace], 8)
  const parts = [Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), pngChunk('IHDR', ihdr), ...extra,
    pngChunk('IDAT', zlibSync(Uint8Array.from(scanlines))), pngChunk('IEND', new Uint8Array(0))]
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let o = 0
  for (const p of parts) { out.set(p, o); o += p.length }
  return out
}
