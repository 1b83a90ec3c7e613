import { describe, expect, it } from 'vitest'
import { checkAttrs, withDefaults } from './op-def.ts'
import { evalOp, inferOp, macsOf, erased } from '../testing/op-test-utils.ts'
import { pad as padDef } from './pad.ts'
const pad = erased(padDef)

describe('Pad', () => {
  it('defaults to one zero cell on every side; sides must be ≥ 0', () => {
    const attrs = withDefaults(pad.attrs, {})
    expect(attrs).toEqual({ top: 1, bottom: 1, left: 1, right: 1 })
    expect(checkAttrs(pad.attrs, attrs)).toEqual([])
    expect(checkAttrs(pad.attrs, { ...attrs, left: -1 })).toEqual(['Left must be at least 0'])
    expect(pad.inputCount(attrs)).toBe(1)
  })

  it('grows H and W; needs a 4-D input', () => {
    expect(inferOp(pad, {}, [1, 4, 4, 3])).toEqual([1, 6, 6, 3])
    expect(inferOp(pad, { top: 2, bottom: 0, left: 0, right: 3 }, [1, 4, 4, 3])).toEqual([1, 6, 7, 3])
    expect(() => inferOp(pad, {}, [1, 12])).toThrow('Pad needs a 4-D input (1×H×W×C), got 1×12')
  })

  it('counts no MACs', () => {
    expect(macsOf(pad, {}, [1, 4, 4, 3])).toBe(0)
  })

  it('places the input at (top, left) inside zeros', () => {
    // 1 2 / 3 4 with top 1, right 1 → 0 0 0 / 1 2 0 / 3 4 0
    const out = evalOp(pad, { top: 1, bottom: 0, left: 0, right: 1 }, [{ shape: [1, 2, 2, 1], data: [1, 2, 3, 4] }])
    expect(out).toEqual({ shape: [1, 3, 3, 1], data: [0, 0, 0, 1, 2, 0, 3, 4, 0] })
  })

  it('keeps channels together', () => {
    // one pixel (5, 6), left 1 → (0, 0) (5, 6)
    const out = evalOp(pad, { top: 0, bottom: 0, left: 1, right: 0 }, [{ shape: [1, 1, 1, 2], data: [5, 6] }])
    expect(out).toEqual({ shape: [1, 1, 2, 2], data: [0, 0, 5, 6] })
  })
})
