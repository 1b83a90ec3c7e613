import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openProject } from '../../core/formats/project/index.ts'
import { estimate } from '../../core/estimate/estimate.ts'
import { CATALOG_TARGETS } from '../../core/targets/catalog.ts'
import { CMSIS_NN } from '../../core/vendors/cmsis-nn/index.ts'
import { familyById } from '../../core/pipelines/explore/families/index.ts'
import { runCli } from '../run-for-test.ts'

const dir = mkdtempSync(join(tmpdir(), 'tinyforge-families-'))

describe('tinyforge families / explore / fit', () => {
  it('lists the shipped families by id', async () => {
    const { code, stdout } = await runCli('families', '--json')
    expect(code).toBe(0)
    const list = JSON.parse(stdout) as { id: string; spaceSize: number }[]
    expect(list.map((f) => f.id)).toEqual(['mobilenet-v1', 'mobilenet-v2', 'resnet', 'ds-cnn', 'fc-autoencoder'])
    expect(list.find((f) => f.id === 'ds-cnn')!.spaceSize).toBe(300)
  })

  it('explore --json gives the front per target, and a family file path works like an id', async () => {
    const { code, stdout } = await runCli('explore', 'ds-cnn', '--targets', 'nucleo-f446re,nucleo-l4r5zi', '--latency-ms', '50', '--json')
    expect(code).toBe(0)
    const r = JSON.parse(stdout)
    expect(r).toMatchObject({ family: 'ds-cnn', spaceSize: 300, evaluated: 300, strategy: 'exhaustive', score: 'macs', invalid: { count: 0 } })
    expect(r.targets.map((t: { id: string }) => t.id)).toEqual(['nucleo-f446re', 'nucleo-l4r5zi'])
    const front = r.targets[0].fronts.latencyMs as { latencyMs: number; macs: number }[]
    expect(front.length).toBeGreaterThan(1)
    expect(front.every((p) => p.latencyMs <= 50)).toBe(true)
    for (let i = 1; i < front.length; i++) expect(front[i].macs).toBeGreaterThan(front[i - 1].macs)
    const file = join(dir, 'my-ds.family.json')
    writeFileSync(file, JSON.stringify({ ...familyById('ds-cnn')!, id: 'my-ds' }))
    const fromFile = await runCli('explore', file, '--targets', 'nucleo-f446re', '--latency-ms', '50', '--json')
    expect(fromFile.code).toBe(0)
    expect(JSON.parse(fromFile.stdout).targets[0].fronts).toEqual(r.targets[0].fronts)
  })

  it('fit writes the best fitting variant, which the estimator confirms fits', async () => {
    const out = join(dir, 'fit.tinyforge.json')
    const { code, stdout } = await runCli('fit', 'resnet', '--target', 'nucleo-f446re', '--ram-reserve', '32768', '-o', out)
    expect(code).toBe(0)
    expect(stdout).toMatch(/^nucleo-f446re: res \d+ · w \d+/)
    const doc = openProject(new Uint8Array(readFileSync(out)), 'fit.tinyforge.json')
    const board = CATALOG_TARGETS.find((t) => t.id === 'nucleo-f446re')!
    const report = estimate(doc.graph, CMSIS_NN, [board], { planner: 'greedy' })
    expect(report.targets[0].ramBytes).toBeLessThanOrEqual(board.sramBytes - 32768)
    expect(report.targets[0].fits).toEqual({ flash: true, ram: true })
  })

  it('refuses bad input with one line', async () => {
    expect(await runCli('explore', 'lenet')).toMatchObject({ code: 2, stderr: expect.stringMatching(/^tinyforge: unknown family 'lenet'; known: mobilenet-v1/) })
    expect((await runCli('explore', 'resnet', '--ram-reserve=-3')).stderr).toBe("tinyforge: --ram-reserve takes a number ≥ 0, got '-3'\n")
    expect((await runCli('explore', 'resnet', '--constraints', 'ram=3')).code).toBe(2)
    expect((await runCli('fit', 'resnet', '-o', join(dir, 'x.json'))).stderr).toBe('tinyforge: missing --target <catalog id or board file>\n')
    const none = await runCli('fit', 'resnet', '--target', 'nucleo-f446re', '--latency-ms', '0.001', '-o', join(dir, 'x.json'))
    expect(none.code).toBe(1)
    expect(none.stderr).toMatch(/^tinyforge: no variant of resnet fits nucleo-f446re under the constraints \(1350 variants evaluated, 0 cannot run with cmsis-nn\)\n$/)
    const broken = join(dir, 'broken.family.json')
    writeFileSync(broken, '{"format":"tinyforge-family","version":2}')
    expect((await runCli('explore', broken)).stderr).toBe(`tinyforge: ${broken}: family file version 2 is not supported (this TinyForge reads version 1)\n`)
  })
})
