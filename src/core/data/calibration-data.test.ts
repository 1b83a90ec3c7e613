import { describe, expect, it } from 'vitest'
import type { Graph } from '../ir/types.ts'
import { npyBytes } from '../testing/fixture-files.ts'
import { CalibrationDataError, mathRound, parseNpy, pixelsToSample, samplesFromArray, syntheticSamples } from './calibration-data.ts'
import { fnv1a, mulberry32 } from '../ir/seeded-init.ts'


const f32 = (values: number[]): Uint8Array => new Uint8Array(Float32Array.from(values).buffer)

describe('parseNpy', () => {
  it('reads float32, uint8 and int8 arrays of format versions 1 and 2', () => {
    const a = parseNpy(npyBytes('<f4', [2, 3], f32([1, 2.5, -3, 4, 5, 6])))
    expect(a.dtype).toBe('float32')
    expect(a.shape).toEqual([2, 3])
    expect(Array.from(a.data)).toEqual([1, 2.5, -3, 4, 5, 6])
    const b = parseNpy(npyBytes('|u1', [4], Uint8Array.from([0, 1, 254, 255]), 2))
    expect(b).toEqual({ dtype: 'uint8', shape: [4], data: Uint8Array.from([0, 1, 254, 255]) })
    const c = parseNpy(npyBytes('|i1', [], Uint8Array.from([0xff])))
    expect(c.shape).toEqual([])
    expect(Array.from(c.data)).toEqual([-1])
  })

  it('reads an array held at an offset of a larger buffer (a pooled Node Buffer)', () => {
    const bytes = npyBytes('<f4', [2], new Uint8Array(Float32Array.from([0.25, 7]).buffer))
    const pooled = Buffer.concat([Buffer.alloc(3), Buffer.from(bytes)]).subarray(3)
    expect(Array.from(parseNpy(pooled, 'p.npy').data)).toEqual([0.25, 7])
  })

  it('explains bad files in one sentence', () => {
    const bad = (bytes: Uint8Array): string => {
      try { parseNpy(bytes, 'x.npy') } catch (e) { expect(e).toBeInstanceOf(CalibrationDataError); return (e as Error).message }
      return 'no error'
    }
    expect(bad(new Uint8Array([1, 2, 3]))).toBe('x.npy is not a .npy file (no \\x93NUMPY magic)')
    expect(bad(npyBytes('<f8', [1], new Uint8Array(8)))).toBe("x.npy holds dtype '<f8'; use float32 ('<f4'), uint8 or int8")
    expect(bad(npyBytes('>f4', [1], new Uint8Array(4)))).toBe("x.npy holds dtype '>f4'; use float32 ('<f4'), uint8 or int8")
    expect(bad(npyBytes('<f4', [2, 2], new Uint8Array(16), 1, true))).toBe('x.npy is in Fortran order; save it in C order (numpy.ascontiguousarray)')
    expect(bad(npyBytes('<f4', [3], new Uint8Array(8)))).toBe('x.npy should hold 3 values of float32 (shape 3) but has 8 data bytes')
    const v9 = npyBytes('<f4', [1], new Uint8Array(4))
    v9[6] = 9
    expect(bad(v9)).toBe('x.npy uses .npy format version 9; versions 1 to 3 are supported')
    const noShape = npyBytes('<f4', [1], new Uint8Array(4))
    noShape.set(new TextEncoder().encode("'shapX'"), new TextDecoder('latin1').decode(noShape).indexOf("'shape'"))
    expect(bad(noShape)).toBe("x.npy has a malformed .npy header (needs 'descr', 'fortran_order' and 'shape')")
  })
})

describe('samplesFromArray', () => {
  const arr = (shape: number[]) => ({ dtype: 'uint8' as const, shape, data: Uint8Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => i) })

  it('accepts one sample, N samples, N×1×sample and a dropped trailing channel of 1', () => {
    expect(samplesFromArray(arr([2, 2, 1]), [2, 2, 1]).map((s) => Array.from(s))).toEqual([[0, 1, 2, 3]])
    expect(samplesFromArray(arr([3, 2, 2, 1]), [2, 2, 1]).map((s) => Array.from(s))).toEqual([[0, 1, 2, 3], [4, 5, 6, 7], [8, 9, 10, 11]])
    expect(samplesFromArray(arr([2, 1, 4]), [4])).toHaveLength(2)
    expect(samplesFromArray(arr([2, 2, 2]), [2, 2, 1])).toHaveLength(2)
  })

  it('refuses a shape that does not fit the input', () => {
    expect(() => samplesFromArray(arr([5, 28, 28, 3]), [28, 28, 1], 'calib.npy')).toThrow(
      'calib.npy has shape 5×28×28×3; the input needs 28×28×1 per sample (an array of N×28×28×1)')
    expect(() => samplesFromArray(arr([0, 4]), [4], 'e.npy')).toThrow('e.npy holds no samples')
  })
})

describe('pixelsToSample', () => {
  // 2×2 RGBA image: red, green / blue, white.
  const rgba = { width: 2, height: 2, channels: 4 as const,
    data: Uint8Array.from([255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 255, 255, 255, 255, 255]) }

  it('keeps pixels at the same size and converts to grey with BT.601 weights', () => {
    expect(Array.from(pixelsToSample(rgba, [2, 2, 3]))).toEqual([255, 0, 0, 0, 255, 0, 0, 0, 255, 255, 255, 255])
    // 0.299·255 = 76.2 → 76, 0.587·255 = 149.7 → 150, 0.114·255 = 29.1 → 29
    expect(Array.from(pixelsToSample(rgba, [2, 2, 1]))).toEqual([76, 150, 29, 255])
  })

  it('bilinear with half-pixel centres averages the four pixels into one, nearest picks one', () => {
    // Red channel: 255, 0, 0, 255 → mean 127.5 → 128.
    expect(Array.from(pixelsToSample(rgba, [1, 1, 3]))).toEqual([128, 128, 128])
    expect(Array.from(pixelsToSample(rgba, [1, 1, 3], 'nearest'))).toEqual([255, 255, 255])
    const grey = { width: 2, height: 1, channels: 1 as const, data: Uint8Array.from([0, 100]) }
    // Upscaling 2 → 4 columns: source x = −0.25, 0.25, 0.75, 1.25 → clamped 0, 0.25, 0.75, 1 → 0, 25, 75, 100.
    expect(Array.from(pixelsToSample(grey, [1, 4, 3]))).toEqual([0, 0, 0, 25, 25, 25, 75, 75, 75, 100, 100, 100])
  })

  it('refuses 4-channel inputs', () => {
    expect(() => pixelsToSample(rgba, [2, 2, 4])).toThrow('images can feed inputs of 1 or 3 channels, not 4')
  })
})

describe('syntheticSamples', () => {
  const graph: Graph = { seed: 1, edges: [], nodes: [
    { id: 'a', op: 'Input', name: 'a', position: { x: 0, y: 0 }, attrs: { shape: [4, 4, 3], mean: [100, 0, -50], scale: 1 / 10 } },
  ] }

  it('gives whole numbers that preprocess into [−1, 1], per-channel means respected, deterministic per seed', () => {
    const s = syntheticSamples(graph, 3, 7)
    expect(s.a).toHaveLength(3)
    for (const sample of s.a) {
      sample.forEach((v, i) => {
        expect(Number.isInteger(v)).toBe(true)
        const mean = [100, 0, -50][i % 3]
        expect(Math.abs((v - mean) / 10)).toBeLessThanOrEqual(1)
      })
    }
    expect(syntheticSamples(graph, 3, 7)).toEqual(s)
    expect(syntheticSamples(graph, 3, 8).a[0]).not.toEqual(s.a[0])
  })

  it('gives exactly the samples of Math.round (every bit, −0 included) for one and for per-channel means', () => {
    const single: Graph = { seed: 1, edges: [], nodes: [
      { id: 'v', op: 'Input', name: 'v', position: { x: 0, y: 0 }, attrs: { shape: [96, 96, 3], mean: [0], scale: 1 } },
    ] }
    for (const [g, id, mean, scale] of [[graph, 'a', [100, 0, -50], 1 / 10], [single, 'v', [0], 1]] as const) {
      const next = mulberry32(fnv1a(`calibration:5:${id}`))
      const got = syntheticSamples(g, 2, 5)[id]
      for (const sample of got) {
        const want = Float32Array.from({ length: sample.length }, (_, i) => Math.round(mean[mean.length === 1 ? 0 : i % 3] + (next() * 2 - 1) / scale))
        expect(Array.from(new Uint32Array(sample.buffer))).toEqual(Array.from(new Uint32Array(want.buffer)))
      }
      expect(got[0].some((v) => Object.is(v, -0)) || id === 'a').toBe(true)
    }
  })
})

describe('mathRound', () => {
  it('equals Math.round on every edge (ties, −0, 2^52..2^53, binade edges, infinities, NaN) and on 200,000 random values', () => {
    const edges = [-0.5, -0.4, -0, 0, 0.4, 0.5, 0.49999999999999994, -0.49999999999999994, 1.5, -1.5, 2.5, -2.5, 1e300, -1e300,
      NaN, Infinity, -Infinity, 4503599627370495.5, -4503599627370495.5, 2 ** 53, 2 ** 53 - 1, 5e-324, -5e-324]
    for (let e = -60; e < 1024; e++) {
      for (const m of [1, 1.5, 1.25, 1 + 2 ** -52, 2 - 2 ** -52, 1.5 - 2 ** -52, 1.5 + 2 ** -52]) {
        for (const x of [m * 2 ** e, -m * 2 ** e]) edges.push(x, x + 0.5, x - 0.5, x + 1)
      }
    }
    for (const x of edges) expect(Object.is(mathRound(x), Math.round(x)), `${x}`).toBe(true)
    const next = mulberry32(11)
    for (let i = 0; i < 200_000; i++) {
      const x = (next() - 0.5) * 2 ** (next() * 70 - 20)
      if (!Object.is(mathRound(x), Math.round(x))) expect(mathRound(x), `${x}`).toBe(Math.round(x))
    }
  })
})
