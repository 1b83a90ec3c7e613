/**
 * Every TensorFlow.js training twin computes its op's float reference (`evalFloat`) on the golden cases' attrs and
 * shapes (random float data; tfjs CPU backend in Node), within float32 rounding, and every registered op has one —
 * except the ops named in twin-gaps.ts, which the trainers refuse with the reason given there. SVDF and LSTM run from
 * the reset state, as their evalFloat does without a state (and the int8 engine per invocation).
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import * as tf from '@tensorflow/tfjs'
import { describe, expect, it } from 'vitest'
import { mulberry32 } from '../ir/seeded-init.ts'
import type { GoldenFile } from '../testing/golden/golden-cases.ts'
import { withDefaults } from './op-def.ts'
import { OP_TYPES, getOp } from './registry.ts'
import type { TfjsTwin } from './tfjs-twin.ts'
import { TFJS_TWINS } from './tfjs-twins.ts'
import { TWIN_GAPS } from './twin-gaps.ts'

const DIR = join(import.meta.dirname, '../testing/golden')

describe('TensorFlow.js training twins', () => {
  it('exist for every registered op (twin-gaps.ts names the exceptions, refused by the trainers; none today)', () => {
    expect(Object.keys(TWIN_GAPS).sort()).toEqual([])
    expect(OP_TYPES.filter((t) => !TFJS_TWINS[t] && !TWIN_GAPS[t])).toEqual([])
    expect(OP_TYPES.filter((t) => TFJS_TWINS[t] && TWIN_GAPS[t])).toEqual([])
  })

  it('compute evalFloat on every golden case’s attrs and shapes', async () => {
    await tf.setBackend('cpu')
    const random = mulberry32(5)
    const fill = (n: number) => Float32Array.from({ length: n }, () => random() * 2 - 1)
    let checked = 0
    for (const name of readdirSync(DIR).filter((f) => f.endsWith('.json'))) {
      const file = JSON.parse(readFileSync(join(DIR, name), 'utf8')) as GoldenFile
      for (const c of file.cases.filter((x) => x.scheme === 's8' && !(TWIN_GAPS as Record<string, string | undefined>)[x.op])) {
        const def = getOp(c.op)!
        const attrs = withDefaults(def.attrs, c.attrs)
        const shapes = c.op === 'Input' ? [c.output.shape] : c.inputs.map((t) => t.shape)
        const inputs = shapes.map((s) => fill(s.reduce((a, b) => a * b, 1)))
        const infos = shapes.map((shape) => ({ shape, dtype: 'float32' as const }))
        const specs = c.op === 'Input' ? [] : def.weightSpecs(attrs, infos)
        const weights = Object.fromEntries(specs.map((s) => [s.name, fill(s.shape.reduce((a, b) => a * b, 1))]))
        const outputShape = c.op === 'Input' ? c.output.shape : def.inferShape(attrs, infos)
        const want = def.evalFloat({ attrs, inputs, inputShapes: shapes, weights, outputShape })
        const twin = (TFJS_TWINS as Record<string, TfjsTwin<never>>)[c.op]
        const got = tf.tidy(() => twin.forward({
          tf, attrs: attrs as never, inputs: inputs.map((x, i) => tf.tensor(x, shapes[i] as number[])),
          weights: Object.fromEntries(specs.map((s) => [s.name, tf.tensor(weights[s.name], s.shape as number[])])),
        }).dataSync() as Float32Array)
        expect(got.length, c.name).toBe(want.length)
        let worst = 0
        for (let i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(got[i] - want[i]) / Math.max(1, Math.abs(want[i])))
        expect(worst, `${c.name}`).toBeLessThan(1e-5)
        checked++
      }
    }
    expect(checked).toBe(111)
  })
})
