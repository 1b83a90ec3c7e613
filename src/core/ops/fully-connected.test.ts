import { describe, expect, it } from 'vitest'
import { checkAttrs, withDefaults } from './op-def.ts'
import { evalOp, inferOp, infos, macsOf, erased } from '../testing/op-test-utils.ts'
import { fullyConnected as fullyConnectedDef } from './fully-connected.ts'
const fullyConnected = erased(fullyConnectedDef)

describe('FullyConnected', () => {
  it('has the documented defaults', () => {
    const attrs = withDefaults(fullyConnected.attrs, {})
    expect(attrs).toEqual({ units: 10, useBias: true, activation: 'none' })
    expect(checkAttrs(fullyConnected.attrs, attrs)).toEqual([])
    expect(fullyConnected.inputCount(attrs)).toBe(1)
  })

  it('owns [units, K] weights with fan-in K and a bias', () => {
    const attrs = withDefaults(fullyConnected.attrs, { units: 12 })
    expect(fullyConnected.weightSpecs(attrs, infos([1, 64]))).toEqual([
      { name: 'weights', shape: [12, 64], dtype: 'float32', fanIn: 64, init: 'he-uniform' },
      { name: 'bias', shape: [12], dtype: 'float32', fanIn: 64, init: 'zeros' },
    ])
    expect(fullyConnected.weightSpecs({ ...attrs, useBias: false }, infos([1, 2, 2, 4]))).toEqual([
      { name: 'weights', shape: [12, 16], dtype: 'float32', fanIn: 16, init: 'he-uniform' },
    ])
  })

  it('flattens any batch-1 input and rejects other batches', () => {
    expect(inferOp(fullyConnected, { units: 12 }, [1, 64])).toEqual([1, 12])
    expect(inferOp(fullyConnected, {}, [1, 1, 1, 64])).toEqual([1, 10])
    expect(() => inferOp(fullyConnected, {}, [2, 64])).toThrow('FullyConnected needs an input of batch 1 (1×…), got 2×64')
  })

  it('counts K·units MACs (MLPerf Tiny per-layer column)', () => {
    expect(macsOf(fullyConnected, { units: 12 }, [1, 64])).toBe(768) // kws layer 11
    expect(macsOf(fullyConnected, { units: 128 }, [1, 640])).toBe(81920) // ad01 layer 0
    expect(macsOf(fullyConnected, { units: 2 }, [1, 1, 1, 256])).toBe(512) // vww layer 29 before its reshape
  })

  it('computes W·x + bias with the fused activation', () => {
    // x = (1, 2, 3); W rows (1, 0, −1) and (0.5, 0.5, 0.5); bias (1, −1)
    // y0 = 1 − 3 + 1 = −1; y1 = 3 − 1 = 2
    const x = { shape: [1, 3], data: [1, 2, 3] }
    const w = { weights: [1, 0, -1, 0.5, 0.5, 0.5], bias: [1, -1] }
    expect(evalOp(fullyConnected, { units: 2 }, [x], w)).toEqual({ shape: [1, 2], data: [-1, 2] })
    expect(evalOp(fullyConnected, { units: 2, activation: 'relu' }, [x], w).data).toEqual([0, 2])
    expect(evalOp(fullyConnected, { units: 2, useBias: false }, [x], { weights: w.weights }).data).toEqual([-2, 3])
  })
})
