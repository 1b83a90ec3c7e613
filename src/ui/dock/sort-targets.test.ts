import { describe, expect, it } from 'vitest'
import type { TargetEstimate } from '../../core/estimate/report-types.ts'
import { sortTargets } from './sort-targets.ts'

function t(id: string, latencyMs: number | null, ramBytes: number, fits: [boolean, boolean]): TargetEstimate {
  return { id, name: 'chip', board: id.toUpperCase(), latencyMs, ramBytes, flashBytes: 0, energyUj: latencyMs, fits: { flash: fits[0], ram: fits[1] } } as TargetEstimate
}

const ROWS = [t('b', 20, 300, [true, false]), t('a', null, 100, [true, true]), t('c', 5, 200, [false, false]), t('d', 20, 50, [true, true])]
const ids = (rows: TargetEstimate[]) => rows.map((r) => r.id)

describe('sortTargets', () => {
  it('keeps selection order without a sort', () => {
    expect(ids(sortTargets(ROWS, null))).toEqual(['b', 'a', 'c', 'd'])
  })
  it('sorts stably, unknown figures last in both directions', () => {
    expect(ids(sortTargets(ROWS, { column: 'latency', direction: 'ascending' }))).toEqual(['c', 'b', 'd', 'a'])
    expect(ids(sortTargets(ROWS, { column: 'latency', direction: 'descending' }))).toEqual(['b', 'd', 'c', 'a'])
  })
  it('sorts by name, RAM and fit', () => {
    expect(ids(sortTargets(ROWS, { column: 'name', direction: 'ascending' }))).toEqual(['a', 'b', 'c', 'd'])
    expect(ids(sortTargets(ROWS, { column: 'ram', direction: 'descending' }))).toEqual(['b', 'c', 'a', 'd'])
    expect(ids(sortTargets(ROWS, { column: 'fits', direction: 'ascending' }))).toEqual(['a', 'd', 'b', 'c'])
  })
})
