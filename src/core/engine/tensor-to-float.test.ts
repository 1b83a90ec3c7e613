import { describe, expect, it } from 'vitest'
import { tensorToFloat } from './tensor-to-float.ts'

describe('tensorToFloat', () => {
  it('returns float32 data as it is', () => {
    const data = Float32Array.from([1.5, -2])
    expect(tensorToFloat({ dtype: 'float32', shape: [2], data, origin: 'trained' })).toBe(data)
  })

  it('dequantizes per tensor: scale·(q − zp)', () => {
    // scale 0.5, zp −1: q (−1, 0, 3) → (0, 0.5, 2)
    const t = { dtype: 'int8' as const, shape: [3], data: Int8Array.from([-1, 0, 3]), origin: 'imported' as const,
      quant: { scale: [0.5], zeroPoint: [-1] } }
    expect(Array.from(tensorToFloat(t))).toEqual([0, 0.5, 2])
  })

  it('dequantizes per channel along axis 0 (OHWI) and axis 3 (1HWC)', () => {
    // [2,1,1,2] axis 0, scales (0.5, 0.25): filter 0 (2, 4) → (1, 2); filter 1 (2, 4) → (0.5, 1)
    const ohwi = { dtype: 'int8' as const, shape: [2, 1, 1, 2], data: Int8Array.from([2, 4, 2, 4]),
      origin: 'imported' as const, quant: { scale: [0.5, 0.25], zeroPoint: [0, 0], axis: 0 } }
    expect(Array.from(tensorToFloat(ohwi))).toEqual([1, 2, 0.5, 1])
    // [1,2,1,2] axis 3, scales (1, 0.125): channel alternates → (4, 1, 8, 2) · (1, 0.125, 1, 0.125)
    const dw = { dtype: 'int8' as const, shape: [1, 2, 1, 2], data: Int8Array.from([4, 8, 8, 16]),
      origin: 'imported' as const, quant: { scale: [1, 0.125], zeroPoint: [0], axis: 3 } }
    expect(Array.from(tensorToFloat(dw))).toEqual([4, 1, 8, 2])
  })

  it('refuses integer data without quant params or with mismatched channel scales', () => {
    const bare = { dtype: 'int32' as const, shape: [2], data: Int32Array.from([1, 2]), origin: 'imported' as const }
    expect(() => tensorToFloat(bare, 'conv bias')).toThrow(
      'conv bias is int32 but has no quantization parameters, so its real values are unknown')
    expect(() => tensorToFloat({ ...bare, quant: { scale: [1, 2, 3], zeroPoint: [0], axis: 0 } }, 'conv bias')).toThrow(
      'conv bias has 3 per-channel scales along axis 0, which does not match its shape 2')
  })
})
