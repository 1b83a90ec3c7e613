import { describe, expect, it } from 'vitest'
import { checkAttrs, withDefaults } from './op-def.ts'
import { inferOp, infos, macsOf, erased } from '../testing/op-test-utils.ts'
import { lstm as lstmDef } from './lstm.ts'
const lstm = erased(lstmDef)

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x))

describe('LSTM', () => {
  it('has the documented defaults, per-gate weights (i, f, c, o) and h/c state', () => {
    const attrs = withDefaults(lstm.attrs, {})
    expect(attrs).toEqual({ units: 16, useBias: true, cellClip: 0, activation: 'tanh', stateful: false, returnSequences: true })
    expect(checkAttrs(lstm.attrs, attrs)).toEqual([])
    const specs = lstm.weightSpecs(withDefaults(lstm.attrs, { units: 3 }), infos([1, 5, 2]))
    expect(specs.map((s) => `${s.name} ${s.shape.join('×')}`)).toEqual([
      'weightsInput 3×2', 'weightsForget 3×2', 'weightsCell 3×2', 'weightsOutput 3×2',
      'recurrentInput 3×3', 'recurrentForget 3×3', 'recurrentCell 3×3', 'recurrentOutput 3×3',
      'biasInput 3', 'biasForget 3', 'biasCell 3', 'biasOutput 3'])
    expect(specs.find((s) => s.name === 'biasForget')!.init).toBe('ones')
    expect(lstm.stateSpecs!(withDefaults(lstm.attrs, { units: 3 }), infos([1, 5, 2]))).toEqual([
      { name: 'hidden', shape: [1, 3], dtype: 'int8' }, { name: 'cell', shape: [1, 3], dtype: 'int16' }])
  })

  it('maps [1, T, F] to every step or the last; MACs T·4·H·(F + H)', () => {
    expect(inferOp(lstm, { units: 4 }, [1, 7, 3])).toEqual([1, 7, 4])
    expect(inferOp(lstm, { units: 4, returnSequences: false }, [1, 7, 3])).toEqual([1, 4])
    expect(() => inferOp(lstm, {}, [1, 3])).toThrow('LSTM takes a sequence [1, frames, features]')
    expect(macsOf(lstm, { units: 4 }, [1, 7, 3])).toBe(7 * 4 * 4 * (3 + 4))
  })

  it('runs the gates step by step; a stateful LSTM continues from its state', () => {
    // H = F = 1; only the cell gate reads x (weight 1), everything else 0: i = f = o = σ(0) = ½, g = tanh(x)
    const weights: Record<string, Float32Array> = {}
    for (const g of ['Input', 'Forget', 'Cell', 'Output']) {
      weights[`weights${g}`] = Float32Array.of(g === 'Cell' ? 1 : 0)
      weights[`recurrent${g}`] = Float32Array.of(0)
    }
    const run = (attrs: Record<string, unknown>, x: number[], state?: Record<string, Float32Array>) => Array.from(lstm.evalFloat({
      attrs: withDefaults(lstm.attrs, { units: 1, useBias: false, ...attrs }), inputs: [Float32Array.from(x)], inputShapes: [[1, x.length, 1]],
      weights, outputShape: [1, x.length, 1], ...(state ? { state } : {}) }))
    const c1 = 0.5 * Math.tanh(1)
    const c2 = 0.5 * c1 + 0.5 * Math.tanh(-1)
    const h = (c: number) => sigmoid(0) * Math.tanh(c)
    const seq = run({}, [1, -1])
    expect(seq[0]).toBeCloseTo(h(c1), 6)
    expect(seq[1]).toBeCloseTo(h(c2), 6)
    expect(run({ returnSequences: false }, [1, -1])[0]).toBeCloseTo(h(c2), 6)
    // cell clip at 0.1 bounds c
    expect(run({ returnSequences: false, cellClip: 0.1 }, [1])[0]).toBeCloseTo(h(0.1), 6)
    // streaming: one frame per call, the state carried
    const state = { hidden: new Float32Array(1), cell: new Float32Array(1) }
    run({ stateful: true }, [1], state)
    expect(run({ stateful: true }, [-1], state)[0]).toBeCloseTo(h(c2), 6)
    expect(state.cell[0]).toBeCloseTo(c2, 6)
  })
})
