import { describe, expect, it } from 'vitest'
import { pngBytes, pngChunk } from '../testing/fixture-files.ts'
import { decodePng, isPng } from './png.ts'


describe('decodePng', () => {
  it('decodes RGB with every row filter (None, Sub, Up, Average, Paeth)', () => {
    // 2×5 RGB; row y holds pixels (10y+1, 10y+2, 10y+3), (10y+5, 10y+6, 10y+7).
    const want = [0, 1, 2, 3, 4].map((y) => [10 * y + 1, 10 * y + 2, 10 * y + 3, 10 * y + 5, 10 * y + 6, 10 * y + 7])
    const rows = [
      [0, ...want[0]],
      [1, ...want[1].slice(0, 3), ...want[1].slice(3).map((x, i) => x - want[1][i])],
      [2, ...want[2].map((x, i) => x - want[1][i])],
      [3, ...want[3].map((x, i) => x - ((i >= 3 ? want[3][i - 3] : 0) + want[2][i] >> 1))],
      [4, ...want[4].map((x, i) => {
        const a = i >= 3 ? want[4][i - 3] : 0, b = want[3][i], c = i >= 3 ? want[3][i - 3] : 0
        const p = a + b - c, pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c)
        return x - (pa <= pb && pa <= pc ? a : pb <= pc ? b : c)
      })],
    ].map((r) => r.map((x) => x & 0xff))
    const png = pngBytes(2, 5, 2, 8, rows.flat())
    expect(isPng(png)).toBe(true)
    const img = decodePng(png)
    expect([img.width, img.height, img.channels]).toEqual([2, 5, 3])
    expect(Array.from(img.data)).toEqual(want.flat())
  })

  it('decodes grey, grey+alpha (alpha dropped), RGBA, 16-bit (high byte) and 2-bit palette images', () => {
    expect(Array.from(decodePng(pngBytes(3, 1, 0, 8, [0, 7, 8, 9])).data)).toEqual([7, 8, 9])
    expect(Array.from(decodePng(pngBytes(2, 1, 4, 8, [0, 50, 255, 60, 0])).data)).toEqual([50, 60])
    const rgba = decodePng(pngBytes(1, 1, 6, 8, [0, 1, 2, 3, 4]))
    expect([rgba.channels, ...rgba.data]).toEqual([4, 1, 2, 3, 4])
    expect(Array.from(decodePng(pngBytes(2, 1, 0, 16, [0, 0x12, 0x34, 0xab, 0xcd])).data)).toEqual([0x12, 0xab])
    const plte = pngChunk('PLTE', Uint8Array.from([0, 0, 0, 255, 0, 0, 0, 255, 0, 0, 0, 255]))
    // indices 3, 1, 2, 0 packed in one byte: 11 01 10 00
    const pal = decodePng(pngBytes(4, 1, 3, 2, [0, 0b11011000], [plte]))
    expect(Array.from(pal.data)).toEqual([0, 0, 255, 255, 0, 0, 0, 255, 0, 0, 0, 0])
  })

  it('refuses what it cannot read, in one sentence', () => {
    expect(() => decodePng(Uint8Array.from([1, 2, 3]), 'a.png')).toThrow('a.png is not a PNG image')
    expect(() => decodePng(pngBytes(1, 1, 0, 8, [0, 1], [], 1), 'i.png')).toThrow('i.png is an interlaced PNG; save it without interlacing')
    expect(() => decodePng(pngBytes(1, 1, 0, 4, [0, 1]), 'd.png')).toThrow('d.png has bit depth 4, which is not supported')
    const broken = pngBytes(2, 2, 0, 8, [0, 1, 2, 0, 3, 4])
    const idat = new TextDecoder('latin1').decode(broken).indexOf('IDAT')
    broken.fill(0, idat + 4, idat + 8)
    expect(() => decodePng(broken, 'c.png')).toThrow('c.png has corrupt image data')
  })
})
