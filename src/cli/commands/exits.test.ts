/**
 * `tinyforge exits` through main(): the report at the current thresholds, calibration with -o (thresholds written,
 * the loss budget kept), JSON, and the one-line refusals (bad --max-loss, -o without it, no exits, unquantized).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { serializeProject, parseProject } from '../../core/formats/project/index.ts'
import { encodeNpy } from '../../core/formats/pytorch/npz.ts'
import { mulberry32 } from '../../core/ir/seeded-init.ts'
import { quantized } from '../../core/testing/c-fixtures.ts'
import { EXIT_NET, MIXED_NET } from '../../core/testing/fixture-graphs.ts'
import { runCli } from '../run-for-test.ts'

const dir = mkdtempSync(join(tmpdir(), 'tinyforge-exits-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const file = (name: string) => join(dir, name)

const N = 120
const next = mulberry32(9)
writeFileSync(file('x.npy'), encodeNpy({ dtype: 'uint8', shape: [N, 12, 12, 1], data: Uint8Array.from({ length: N * 144 }, () => Math.floor(next() * 256)) }))
writeFileSync(file('y.npy'), encodeNpy({ dtype: 'int64', shape: [N], data: BigInt64Array.from({ length: N }, () => BigInt(Math.floor(next() * 10))) }))
writeFileSync(file('net.tinyforge.json'), serializeProject({ name: 'exits', library: 'cmsis-nn', targets: ['nucleo-l4r5zi'], graph: quantized(EXIT_NET, 's8') }))
const DATA = ['--data', file('x.npy'), '--labels', file('y.npy')]

describe('tinyforge exits', () => {
  it('reports rates, accuracy and expected latency at the current thresholds', async () => {
    const r = await runCli('exits', file('net.tinyforge.json'), ...DATA)
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/^exits at their current thresholds \(cmsis-nn, /)
    expect(r.stdout).toMatch(/\nexit_a +margin +12 +\d+\.\d% /)
    expect(r.stdout).toMatch(/\nexit_b +softmax +65 +\d+\.\d% /)
    expect(r.stdout).toMatch(/accuracy with exits \d+\.\d% against \d+\.\d% for the main path alone \([−+]\d+\.\d\d points\), 120 samples/)
    expect(r.stdout).toMatch(/\nSTM32L4R5ZI +\d+\.\d+ ms +\d+\.\d+ ms /)
  })

  it('calibrates within the loss budget and writes the thresholds with -o; --json gives the report', async () => {
    const r = await runCli('exits', file('net.tinyforge.json'), ...DATA, '--max-loss', '2', '-o', file('cal.tinyforge.json'), '--json')
    expect(r.code).toBe(0)
    const j = JSON.parse(r.stdout)
    expect(j).toMatchObject({ library: 'cmsis-nn', calibrated: true, maxLossPct: 2, data: { samples: N } })
    expect(j.report.mainAccuracy - j.report.accuracy).toBeLessThanOrEqual(0.02 + 1e-12)
    const written = parseProject(readFileSync(file('cal.tinyforge.json'), 'utf8'))
    const thresholds = ['exit_a', 'exit_b'].map((id) => written.graph.nodes.find((n) => n.id === id)!.attrs.threshold)
    expect(thresholds).toEqual(j.report.exits.map((e: { threshold: number }) => e.threshold))
    const again = JSON.parse((await runCli('exits', file('cal.tinyforge.json'), ...DATA, '--json')).stdout)
    expect(again.report.accuracy).toBe(j.report.accuracy)
    expect(again.report.exits.map((e: { rate: number }) => e.rate)).toEqual(j.report.exits.map((e: { rate: number }) => e.rate))
  })

  it('refuses bad input with one line', async () => {
    const bad = await runCli('exits', file('net.tinyforge.json'), ...DATA, '--max-loss', '150')
    expect([bad.code, bad.stderr]).toEqual([2, "tinyforge: --max-loss must be a number of percentage points in 0..100, not '150'\n"])
    const noLoss = await runCli('exits', file('net.tinyforge.json'), ...DATA, '-o', file('x.json'))
    expect([noLoss.code, noLoss.stderr]).toEqual([2, 'tinyforge: -o writes calibrated thresholds: give --max-loss too\n'])
    writeFileSync(file('plain.tinyforge.json'), serializeProject({ name: 'p', library: 'cmsis-nn', targets: [], graph: quantized(MIXED_NET, 's8') }))
    const none = await runCli('exits', file('plain.tinyforge.json'), ...DATA)
    expect([none.code, none.stderr]).toEqual([1, `tinyforge: ${file('plain.tinyforge.json')} has no Exit nodes\n`])
    writeFileSync(file('float.tinyforge.json'), serializeProject({ name: 'f', library: 'cmsis-nn', targets: [], graph: EXIT_NET }))
    const float = await runCli('exits', file('float.tinyforge.json'), ...DATA)
    expect([float.code, float.stderr]).toEqual([1, `tinyforge: ${file('float.tinyforge.json')} is not quantized; quantize it (tinyforge quantize) first\n`])
  })
})
