/**
 * `tinyforge export --c` through main(): a folder or a zip holding exactly generateCPackage's files (the prefix from
 * --c-prefix or the project name), a one-line summary, a folder that passes `make test`, and one-line failures.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { generateCPackage } from '../../core/codegen/c/generate-package.ts'
import { unzipPackage } from '../../core/codegen/c/zip-package.ts'
import { serializeProject } from '../../core/formats/project/index.ts'
import { syntheticSamples } from '../../core/data/calibration-data.ts'
import { POOL_NET } from '../../core/testing/fixture-graphs.ts'
import { quantizeGraph } from '../../core/pipelines/ptq.ts'
import { runCli } from '../run-for-test.ts'

const dir = mkdtempSync(join(tmpdir(), 'tinyforge-export-c-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const run = runCli

const graph = quantizeGraph(POOL_NET, { scheme: 's8', samples: syntheticSamples(POOL_NET, 8, 1) })
const project = join(dir, 'pool-int8.tinyforge.json')
writeFileSync(project, serializeProject({ name: 'Pool net (int8)', library: 'cmsis-nn', targets: [], graph }))
// weights = packageConstantBytes: 153 B of weights and biases + 7 per-channel multiplier/shift pairs (56 B), the figure
// the package README and the Export dialog show (before the exporter registry the CLI left the pairs out: 153 B).
const SUMMARY = (prefix: string) => `C package ${prefix} (cmsis-nn, s8): 33 files; arena 592 B, scratch 72 B, weights 209 B; ` +
  'run `make test` and `make test-qemu-m4`'

describe('tinyforge export --c', () => {
  it('writes the package folder (prefix from the project name) and it passes make test', async () => {
    const out = join(dir, 'pkg')
    expect(await run('export', project, '--c', out)).toEqual({ code: 0, stderr: '', stdout: `wrote ${out}: ${SUMMARY('pool_net_int8')}\n` })
    const expected = generateCPackage(graph, { prefix: 'pool_net_int8', library: 'cmsis-nn', title: 'Pool net (int8)' })
    for (const [path, text] of expected) expect(readFileSync(join(out, path), 'utf8')).toBe(text)
    const make = spawnSync('make', ['-s', 'test'], { cwd: out, encoding: 'utf8' })
    expect(make.stdout).toContain('pool_net_int8: 3/3 vectors bit-exact (3 output bytes each) on host\n')
    expect(make.status).toBe(0)
  })

  it('writes a zip with --c-prefix, next to an ONNX file', async () => {
    const zip = join(dir, 'net.zip')
    const onnx = join(dir, 'net.onnx')
    const r = await run('export', project, '--c', zip, '--c-prefix', 'My Net', '--onnx', onnx)
    expect(r.code).toBe(0)
    expect(r.stdout).toContain(`wrote ${zip}: ${SUMMARY('my_net')}\n`)
    expect(existsSync(onnx)).toBe(true)
    const files = unzipPackage(new Uint8Array(readFileSync(zip)))
    const expected = generateCPackage(graph, { prefix: 'my_net', library: 'cmsis-nn', title: 'Pool net (int8)' })
    expect([...files.keys()].sort()).toEqual([...expected.keys()].sort())
    expect(files.get('include/my_net.h')).toBe(expected.get('include/my_net.h'))
  })

  it('an unwritable destination fails with one line', async () => {
    const blocker = join(dir, 'blocker')
    writeFileSync(blocker, 'a file, not a folder')
    const r = await run('export', project, '--c', join(blocker, 'pkg'))
    expect(r.code).toBe(1)
    expect(r.stdout).toBe('')
    expect(r.stderr).toMatch(/^tinyforge: cannot write .*blocker\/pkg: .+\n$/)
  })
})
