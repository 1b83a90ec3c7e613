import { describe, expect, it } from 'vitest'
import { checkAttrs, withDefaults } from './op-def.ts'
import { inferOp, infos, macsOf, erased } from '../testing/op-test-utils.ts'
import { svdf as svdfDef } from './svdf.ts'
const svdf = erased(svdfDef)

describe('SVDF', () => {
  it('has the documented defaults, weights and int16 state', () => {
    const attrs = withDefaults(svdf.attrs, {})
    expect(attrs).toEqual({ units: 16, rank: 1, memory: 8, useBias: true, activation: 'relu' })
    expect(checkAttrs(svdf.attrs, attrs)).toEqual([])
    const a = withDefaults(svdf.attrs, { units: 4, rank: 2, memory: 3 })
    expect(svdf.weightSpecs(a, infos([1, 10])).map((s) => [s.name, s.shape, s.deployedDType])).toEqual([
      ['weightsFeature', [8, 10], undefined], ['weightsTime', [8, 3], 'int16'], ['bias', [4], undefined]])
    expect(svdf.stateSpecs!(a, infos([1, 10]))).toEqual([{ name: 'state', shape: [8, 3], dtype: 'int16' }])
    expect(svdf.schemes).toEqual(['s8'])
  })

  it('takes one frame per call: [1, F] → [1, units]; MACs filters·(F + memory)', () => {
    expect(inferOp(svdf, { units: 4 }, [1, 10])).toEqual([1, 4])
    expect(() => inferOp(svdf, {}, [1, 8, 10])).toThrow('SVDF takes one frame [1, features] per invocation')
    expect(macsOf(svdf, { units: 4, rank: 2, memory: 3 }, [1, 10])).toBe(8 * 13)
  })

  it('shifts the feature memory and filters it over time, frame by frame', () => {
    // one unit, rank 1, memory 3: wf = (1, 2), wt = (0.5, 0.25, 1) oldest → newest, bias 0.1
    const attrs = withDefaults(svdf.attrs, { units: 1, rank: 1, memory: 3, activation: 'none' })
    const weights = { weightsFeature: Float32Array.of(1, 2), weightsTime: Float32Array.of(0.5, 0.25, 1), bias: Float32Array.of(0.1) }
    const state = { state: new Float32Array(3) }
    const step = (x: number[]) => svdf.evalFloat({ attrs, inputs: [Float32Array.from(x)], inputShapes: [[1, 2]], weights, outputShape: [1, 1], state })[0]
    expect(step([1, 1])).toBeCloseTo(3 * 1 + 0.1, 6) // memory (0, 0, 3)
    expect(step([2, 0])).toBeCloseTo(3 * 0.25 + 2 * 1 + 0.1, 6) // memory (0, 3, 2)
    expect(step([0, 1])).toBeCloseTo(3 * 0.5 + 2 * 0.25 + 2 * 1 + 0.1, 6) // memory (3, 2, 2)
    expect(Array.from(state.state)).toEqual([3, 2, 2])
  })
})
