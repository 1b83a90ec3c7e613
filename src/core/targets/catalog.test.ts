import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { buildCatalog } from '../../../tools/catalog/build-catalog.ts'
import { CATALOG_EXCLUDED, CATALOG_TARGETS, getTarget } from './catalog.ts'
import { CORE_IDS } from './types.ts'

const csv = readFileSync(new URL('../../../../shared/data/targets.csv', import.meta.url), 'utf8')

describe('target catalog', () => {
  it('is the current build of ../shared/data/targets.csv (rerun scripts/build-target-catalog.ts if not)', () => {
    const build = buildCatalog(csv)
    expect(CATALOG_TARGETS).toEqual(build.targets)
    expect(CATALOG_EXCLUDED).toEqual(build.excluded)
  })

  it('has at least 15 boards with unique ids, known cores and positive figures', () => {
    expect(CATALOG_TARGETS.length).toBe(18)
    expect(new Set(CATALOG_TARGETS.map((t) => t.id)).size).toBe(CATALOG_TARGETS.length)
    for (const t of CATALOG_TARGETS) {
      expect(CORE_IDS).toContain(t.core)
      for (const f of Object.values(t.figures)) {
        expect(f.value).toBeGreaterThan(0)
        expect(['datasheet', 'measurement', 'assumption']).toContain(f.kind)
        expect(f.source.length).toBeGreaterThan(10)
      }
      expect([t.clockMHz, t.sramBytes, t.flashBytes, t.activePowerMw])
        .toEqual([t.figures.clock.value, t.figures.sram.value, t.figures.flash.value, t.figures.power.value])
    }
  })

  it('reads messy cells to their primary value', () => {
    expect(getTarget('nucleo-h743zi')).toMatchObject({ core: 'cortex-m7', clockMHz: 480, sramBytes: 1048576 })
    expect(getTarget('nucleo-h7a3zi-q')).toMatchObject({ sramBytes: 1247805, activePowerMw: 144.1 })
    expect(getTarget('32f746g-disco')).toMatchObject({ sramBytes: 327680, flashBytes: 1048576 })
    expect(getTarget('raspberry-pi-pico')).toMatchObject({ core: 'cortex-m0plus', flashBytes: 2097152 })
    expect(getTarget('esp32-s3-devkitc')?.figures.flash.kind).toBe('assumption')
  })

  it('takes power from measurement, then run current × supply, then the family default', () => {
    expect(getTarget('nucleo-l4r5zi')?.figures.power).toMatchObject({ value: 41.845, kind: 'measurement' })
    expect(getTarget('nucleo-u385rg-q')?.figures.power).toMatchObject({ value: 5.1, kind: 'measurement' })
    expect(getTarget('nrf5340-dk')?.figures.power).toMatchObject({ value: 16.2, kind: 'datasheet' })
    expect(getTarget('esp32-c3-devkitm-1')?.figures.power).toMatchObject({ value: 134.31, kind: 'measurement' })
    // "down to … 19.5 uA/MHz" is a best case, and the row's MLPerf power belongs to the U575 board.
    expect(getTarget('b-u585i-iot02a')?.figures.power).toMatchObject({ value: 20.113, kind: 'assumption' })
    expect(getTarget('nucleo-g0b1re')?.figures.power).toMatchObject({ value: 9.984, kind: 'assumption' })
  })

  it('leaves out the Alif row whose memories were not retrieved', () => {
    expect(CATALOG_EXCLUDED.map((e) => e.row)).toEqual(['Alif Ensemble E7/E8'])
  })
})
