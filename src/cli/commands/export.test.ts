/**
 * `tinyforge export` through main(): the ONNX file is exactly exportOnnx's bytes (float for a float project, QDQ for
 * a quantized one, float again with --float), it passes onnx.checker, and bad input gives one line and writes nothing.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { exportOnnx } from '../../core/formats/onnx/export-onnx.ts'
import { serializeProject } from '../../core/formats/project/index.ts'
import { syntheticSamples } from '../../core/data/calibration-data.ts'
import { POOL_NET } from '../../core/testing/fixture-graphs.ts'
import { quantizeGraph } from '../../core/pipelines/ptq.ts'
import { runCli } from '../run-for-test.ts'

const dir = mkdtempSync(join(tmpdir(), 'tinyforge-export-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const run = runCli

const floatProject = join(dir, 'pool.tinyforge.json')
writeFileSync(floatProject, serializeProject({ name: 'pool', library: 'cmsis-nn', targets: [], graph: POOL_NET }))
const int8Graph = quantizeGraph(POOL_NET, { scheme: 's8', samples: syntheticSamples(POOL_NET, 8, 1) })
const int8Project = join(dir, 'pool-int8.tinyforge.json')
writeFileSync(int8Project, serializeProject({ name: 'pool', library: 'cmsis-nn', targets: [], graph: int8Graph }))
const IO = 'inputs in [1, 8, 8, 2] (raw, NHWC); outputs prob [1, 3]'

describe('tinyforge export --onnx', () => {
  it('a float project gives the float model', async () => {
    const file = join(dir, 'float.onnx')
    const bytes = exportOnnx(POOL_NET, { quantized: false, name: 'pool' })
    expect(await run('export', floatProject, '--onnx', file)).toEqual({ code: 0, stderr: '',
      stdout: `wrote ${file}: ONNX IR 8 / opset 17, float, ${bytes.length} bytes; ${IO}\n` })
    expect(new Uint8Array(readFileSync(file))).toEqual(bytes)
  })

  it('a quantized project gives the QDQ model; --float forces the float one; both pass onnx.checker', async () => {
    const qdq = join(dir, 'qdq.onnx')
    const float = join(dir, 'forced-float.onnx')
    const qdqBytes = exportOnnx(int8Graph, { quantized: true, name: 'pool', scheme: 's8' })
    expect(await run('export', int8Project, '--onnx', qdq)).toEqual({ code: 0, stderr: '',
      stdout: `wrote ${qdq}: ONNX IR 8 / opset 17, QDQ s8, ${qdqBytes.length} bytes; ${IO}\n` })
    expect(new Uint8Array(readFileSync(qdq))).toEqual(qdqBytes)
    const floatBytes = exportOnnx(int8Graph, { quantized: false, name: 'pool' })
    expect(await run('export', int8Project, '--onnx', float, '--float')).toEqual({ code: 0, stderr: '',
      stdout: `wrote ${float}: ONNX IR 8 / opset 17, float (--float), ${floatBytes.length} bytes; ${IO}\n` })
    expect(new Uint8Array(readFileSync(float))).toEqual(floatBytes)
    const check = spawnSync('/usr/bin/python3', ['scripts/check_onnx.py', qdq, float], { encoding: 'utf8' })
    expect([check.status, check.stderr]).toEqual([0, ''])
  })

  it.each([
    [['export'], 2, 'tinyforge: missing project file (usage: tinyforge export <project> [--onnx <file.onnx>] [--float] [--c <dir|file.zip>] [--c-prefix name] [--pytorch <dir|file.zip>])\n'],
    [['export', 'p.json'], 2, 'tinyforge: nothing to export: give --onnx <file.onnx>, --c <dir|file.zip> and/or --pytorch <dir|file.zip>\n'],
    [['export', 'p.json', '--float'], 2, 'tinyforge: nothing to export: give --onnx <file.onnx>, --c <dir|file.zip> and/or --pytorch <dir|file.zip>\n'],
    [['export', 'p.json', '--c', 'out', '--float'], 2, 'tinyforge: --float needs --onnx\n'],
    [['export', 'p.json', '--onnx', 'x.onnx', '--c-prefix', 'net'], 2, 'tinyforge: --c-prefix needs --c\n'],
    [['export', 'p.json', '--onnx'], 2, 'tinyforge: option --onnx needs a value\n'],
  ])('bad arguments %j → exit %i', async (argv, code, stderr) => {
    expect(await run(...argv)).toEqual({ code, stdout: '', stderr })
  })

  it('--c of an unquantized project is refused before anything is written (C package tests: export-c.test.ts)', async () => {
    const file = join(dir, 'not-written.onnx')
    const r = await run('export', floatProject, '--onnx', file, '--c', join(dir, 'pkg'))
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(new RegExp(`^tinyforge: cannot export ${floatProject.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: ` +
      'the C package cannot be generated \\(14 problems\\): in \\(Input\\): is not quantized'))
    expect(existsSync(file)).toBe(false)
    expect(existsSync(join(dir, 'pkg'))).toBe(false)
  })

  it('an unreadable project, a QDQ-impossible project and an unwritable path fail with one line', async () => {
    const missing = join(dir, 'missing.json')
    expect(await run('export', missing, '--onnx', join(dir, 'a.onnx'))).toEqual(
      { code: 1, stdout: '', stderr: `tinyforge: cannot read ${missing}: no such file or directory\n` })
    const broken = join(dir, 'broken.tinyforge.json')
    writeFileSync(broken, serializeProject({ name: 'b', library: 'cmsis-nn', targets: [],
      graph: { ...POOL_NET, edges: POOL_NET.edges.filter((e) => e.target !== 'conv') } }))
    const r = await run('export', broken, '--onnx', join(dir, 'b.onnx'))
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(new RegExp(`^tinyforge: cannot export ${broken.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: the graph cannot be exported until its errors are fixed: conv: .+\\n$`))
    expect(existsSync(join(dir, 'b.onnx'))).toBe(false)
    const target = join(dir, 'no-such-dir', 'x.onnx')
    expect(await run('export', floatProject, '--onnx', target)).toEqual(
      { code: 1, stdout: '', stderr: `tinyforge: cannot write ${target}: no such file or directory\n` })
  })
})
