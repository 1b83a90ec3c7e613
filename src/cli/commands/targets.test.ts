import { describe, expect, it } from 'vitest'
import { CATALOG_TARGETS } from '../../core/targets/catalog.ts'
import { runCli } from '../run-for-test.ts'

const run = runCli

describe('tinyforge targets', () => {
  it('--json prints the catalog with every figure’s source and kind', async () => {
    const { code, stdout, stderr } = await run('targets', '--json')
    expect([code, stderr]).toEqual([0, ''])
    const targets = JSON.parse(stdout)
    expect(targets).toEqual(JSON.parse(JSON.stringify(CATALOG_TARGETS)))
    expect(targets[0].figures.clock).toEqual({ value: 180, kind: 'datasheet', source: expect.stringContaining('nucleo_f446re') })
  })

  it('prints an aligned table with kind tags, then the sources', async () => {
    const { code, stdout } = await run('targets')
    expect(code).toBe(0)
    const lines = stdout.split('\n')
    expect(lines[0]).toBe('18 targets from ../shared/data/targets.csv (generated 2026-11-21)')
    const header = lines[2]
    expect(header.split(/ {2,}/)).toEqual(['ID', 'BOARD', 'CHIP', 'CORE', 'CLOCK', 'SRAM', 'FLASH', 'ACTIVE POWER'])
    const row = lines.find((l) => l.startsWith('nucleo-l4r5zi '))!
    expect(row.slice(header.indexOf('CLOCK'), header.indexOf('SRAM')).trim()).toBe('120 MHz (d)')
    expect(row.slice(header.indexOf('SRAM'), header.indexOf('FLASH')).trim()).toBe('640 KiB (d)')
    expect(row.slice(header.indexOf('ACTIVE POWER'))).toBe('41.845 mW (m)')
    expect(lines).toContain('(d) datasheet  (m) measurement  (a) assumption')
    const sources = lines.slice(lines.indexOf('Sources:'))
    expect(sources).toContain('nucleo-l4r5zi:')
    expect(sources.find((l) => l.startsWith('  power (measurement): MLPerf Tiny measured power'))).toBeDefined()
  })

  it('takes no arguments', async () => {
    expect(await run('targets', 'x')).toEqual({ code: 2, stdout: '', stderr: "tinyforge: unexpected argument 'x'\n" })
  })
})
