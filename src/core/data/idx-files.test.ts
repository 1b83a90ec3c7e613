import { gzipSync } from 'fflate'
import { describe, expect, it } from 'vitest'
import { npyBytes } from '../testing/fixture-files.ts'
import { labelsFromFile, parseIdx, samplesFromIdx } from './idx-files.ts'

/** An IDX file: magic 0 0 type dims, big-endian sizes, then the values. */
function idx(type: number, shape: number[], values: number[]): Uint8Array {
  const width = type === 0x08 || type === 0x09 ? 1 : 4
  const out = new Uint8Array(4 + 4 * shape.length + values.length * width)
  const view = new DataView(out.buffer)
  out.set([0, 0, type, shape.length])
  shape.forEach((d, i) => view.setUint32(4 + 4 * i, d))
  values.forEach((v, i) => {
    const o = 4 + 4 * shape.length + i * width
    if (type === 0x08) view.setUint8(o, v)
    else if (type === 0x09) view.setInt8(o, v)
    else view.setInt32(o, v)
  })
  return out
}

describe('IDX files', () => {
  it('reads uint8 images, gzipped or not, and big-endian int32 arrays', () => {
    const raw = idx(0x08, [2, 2, 3], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 255])
    for (const bytes of [raw, gzipSync(raw)]) {
      const a = parseIdx(bytes, 'images-idx3-ubyte')
      expect(a.shape).toEqual([2, 2, 3])
      expect(Array.from(a.data)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 255])
    }
    expect(Array.from(parseIdx(idx(0x0c, [2], [-5, 70000]), 'x').data)).toEqual([-5, 70000])
  })

  it('feeds an H×W×1 input directly and resizes other sizes like images', () => {
    const a = parseIdx(idx(0x08, [2, 2, 2], [0, 10, 20, 30, 40, 50, 60, 70]), 'x')
    expect(samplesFromIdx(a, [2, 2, 1], 'x').map((s) => Array.from(s))).toEqual([[0, 10, 20, 30], [40, 50, 60, 70]])
    expect(samplesFromIdx(a, [1, 1, 1], 'x').map((s) => Array.from(s))).toEqual([[15], [55]])
  })

  it('reads labels from IDX and from .npy of any integer type, checking their count', () => {
    expect(labelsFromFile(idx(0x08, [3], [1, 0, 9]), 'labels-idx1-ubyte', 3)).toEqual([1, 0, 9])
    const i64 = new Uint8Array(BigInt64Array.from([2n, 7n]).buffer)
    expect(labelsFromFile(npyBytes('<i8', [2], i64), 'y.npy', 2)).toEqual([2, 7])
    expect(labelsFromFile(npyBytes('|u1', [2, 1], Uint8Array.from([4, 5])), 'y.npy', 2)).toEqual([4, 5])
    expect(() => labelsFromFile(idx(0x08, [3], [1, 0, 9]), 'l-idx1-ubyte', 4)).toThrow('l-idx1-ubyte holds 3 labels but the data holds 4 samples')
    expect(() => labelsFromFile(npyBytes('<f4', [1], new Uint8Array(Float32Array.from([0.5]).buffer)), 'y.npy', 1))
      .toThrow('y.npy must hold whole-number class indices ≥ 0')
  })

  it('refuses what it cannot read, in one sentence', () => {
    expect(() => parseIdx(Uint8Array.from([1, 2, 3, 4]), 'a-idx3-ubyte')).toThrow('a-idx3-ubyte is not an IDX file (bad magic number)')
    expect(() => parseIdx(idx(0x08, [2, 2], [1, 2, 3]), 'b')).toThrow('b should hold 4 values (shape 2×2) but has 3 data bytes')
    expect(() => parseIdx(gzipSync(idx(0x08, [4], [1, 2, 3, 4])).subarray(0, 12), 'c.gz')).toThrow('c.gz is a corrupt or truncated gzip file')
  })
})
