/**
 * The committed instruction model is the fit of the committed QEMU rows (scripts/fit-layer-instructions.ts writes both):
 * refitting the 'fit' rows gives the same coefficients, and the held-out rows keep the errors docs/cost-model.md states.
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import fitted from '../../src/core/estimate/layer-instructions.fitted.json' with { type: 'json' }
import type { FeatureVector } from '../../src/core/estimate/layer-instructions.ts'
import { KEY_FEATURES, predictWith } from '../../src/core/estimate/layer-instructions.ts'
import { median } from '../cost-model/cost-model-fit.ts'
import type { MeasuredLayer } from './fit.ts'
import { errorPct, fitBuild } from './fit.ts'

type Row = [string, string, string, string, string, number, ...number[]]
const data = JSON.parse(readFileSync(new URL('./rows.json', import.meta.url), 'utf8')) as { rows: Row[] }
const rows = data.rows.map(([build, pkg, node, key, role, measured, ...values]) => ({ build, package: pkg, node, key, role, measured,
  x: Object.fromEntries(KEY_FEATURES[key].map((f, i) => [f, values[i]])) as FeatureVector }))
const builds = fitted.builds as unknown as Record<string, { keys: Record<string, { features: string[]; coefficients: number[] }> }>

describe('layer instruction fit', () => {
  it.each(Object.keys(builds))('%s: the committed coefficients are the NNLS fit of the committed rows', (build) => {
    const refit = fitBuild(rows.filter((r): r is MeasuredLayer & { role: string } => r.build === build && r.role === 'fit'))
    expect(Object.keys(refit).sort()).toEqual(Object.keys(builds[build].keys).sort())
    for (const [key, m] of Object.entries(refit)) {
      expect(m.features, key).toEqual(builds[build].keys[key].features)
      m.coefficients.forEach((c, i) => expect(c, `${key} ${m.features[i]}`).toBeCloseTo(builds[build].keys[key].coefficients[i], 6))
    }
  })

  it('predicts the held-out layers of the portable M4 build within a median 2 % (instruction-weighted 5 %)', () => {
    const m = builds['portable/s8/dsp'].keys
    const held = rows.filter((r) => r.build === 'portable/s8/dsp' && r.role !== 'fit' && m[r.key])
    const errors = held.map((r) => Math.abs(errorPct(predictWith(m[r.key] as never, r.x), r.measured)))
    expect(held.length).toBeGreaterThan(100)
    expect(median(errors)).toBeLessThan(2)
    const weighted = held.reduce((s, r) => s + Math.abs(predictWith(m[r.key] as never, r.x) - r.measured), 0) / held.reduce((s, r) => s + r.measured, 0)
    expect(weighted).toBeLessThan(0.05)
  })
})
