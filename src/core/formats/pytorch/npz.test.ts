import { zipSync } from 'fflate'
import { describe, expect, it } from 'vitest'
import type { NpyArray } from './npz.ts'
import { NpzError, decodeNpy, decodeNpz, encodeNpy, encodeNpz } from './npz.ts'

describe('npy / npz', () => {
  it('round-trips every dtype the weights file uses, with numpy-style headers (64-byte aligned)', () => {
    const arrays: [string, NpyArray][] = [
      ['f', { dtype: 'float32', shape: [2, 3], data: Float32Array.from([1, -2.5, 3, 0, Number.MIN_VALUE, 7]) }],
      ['i8', { dtype: 'int8', shape: [3], data: Int8Array.from([-128, 0, 127]) }],
      ['i32', { dtype: 'int32', shape: [1, 2], data: Int32Array.from([-2147483648, 2147483647]) }],
      ['u8', { dtype: 'uint8', shape: [0], data: new Uint8Array(0) }],
    ]
    for (const [, a] of arrays) {
      const bytes = encodeNpy(a)
      expect((10 + (bytes[8] | (bytes[9] << 8))) % 64).toBe(0)
      expect(decodeNpy(bytes, 'x')).toEqual(a)
    }
    const back = decodeNpz(encodeNpz(arrays), 'w.npz')
    expect([...back.keys()]).toEqual(['f', 'i8', 'i32', 'u8'])
    expect(back.get('i32')).toEqual(arrays[2][1])
  })

  it('reads a .npy held at an offset of a larger buffer (a pooled Node Buffer from readFileSync)', () => {
    const npy = encodeNpy({ dtype: 'float32', shape: [3], data: Float32Array.from([1.5, -2, 3]) })
    const pooled = Buffer.concat([Buffer.alloc(5), Buffer.from(npy)]).subarray(5)
    expect(Array.from(decodeNpy(pooled, 'x.npy').data as Float32Array)).toEqual([1.5, -2, 3])
  })

  it('is deterministic (fixed timestamps)', () => {
    const a: [string, NpyArray][] = [['x', { dtype: 'uint8', shape: [1], data: Uint8Array.from([1]) }]]
    expect(encodeNpz(a)).toEqual(encodeNpz(a))
  })

  it('refuses non-zips, truncated zips, foreign entries and short arrays in one sentence', () => {
    const good = encodeNpz([['x', { dtype: 'float32', shape: [4], data: new Float32Array(4) }]])
    expect(() => decodeNpz(new Uint8Array(10), 'a.npz')).toThrow(new NpzError('a.npz is not a .npz file (not a zip archive)'))
    expect(() => decodeNpz(good.subarray(0, 60), 'b.npz')).toThrow('b.npz is a truncated or corrupt .npz file')
    expect(() => decodeNpz(zipSync({ 'notes.txt': new Uint8Array(1) }), 'c.npz')).toThrow("c.npz holds 'notes.txt', which is not a .npy array")
    const npy = encodeNpy({ dtype: 'float32', shape: [4], data: new Float32Array(4) })
    expect(() => decodeNpy(npy.subarray(0, npy.length - 1), 'd')).toThrow('d should hold 4 float32 values but has 15 data bytes (truncated or corrupt)')
  })
})
