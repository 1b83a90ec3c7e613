import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openProject, serializeProject } from '../../core/formats/project/index.ts'
import { templateGraph } from '../../core/testing/c-fixtures.ts'
import { templateById } from '../../core/templates/index.ts'
import { runCli } from '../run-for-test.ts'

const dir = mkdtempSync(join(tmpdir(), 'tinyforge-cluster-'))
const project = join(dir, 'digits.tinyforge.json')
writeFileSync(project, serializeProject({ name: 'Digits', library: 'cmsis-nn', targets: [], graph: templateGraph('digits-cnn', 's8') }))

describe('tinyforge cluster', () => {
  it('writes the clustered project and prints each layer bytes before → after', async () => {
    const out = join(dir, 'clustered.tinyforge.json')
    const { code, stdout } = await runCli('cluster', project, '--clusters', '16', '--layers', 'conv2,logits', '-o', out)
    expect(code).toBe(0)
    expect(stdout).toMatch(/^conv2: \d+ → 16 values, 4-bit indices, 1152 → 592 B\nlogits: \d+ → 1[0-6] values, 4-bit indices, \d+ → \d+ B\n/)
    expect(stdout).toMatch(/weights \d+ → \d+ B \(5\d\.\d %\)\nwrote /)
    const doc = openProject(new Uint8Array(readFileSync(out)), 'clustered.tinyforge.json')
    expect(doc.graph.nodes.find((n) => n.name === 'conv2')!.weights!.weights.encoding).toEqual({ kind: 'palette', clusters: 16 })
    expect(doc.graph.nodes.find((n) => n.name === 'conv1')!.weights!.weights.encoding).toBeUndefined()
  })

  it('refuses bad arguments and unquantized projects with one line, writing nothing', async () => {
    const out = join(dir, 'never.tinyforge.json')
    expect(await runCli('cluster', project, '--clusters', '5', '-o', out)).toMatchObject({ code: 2, stderr: "tinyforge: --clusters takes 4, 8, 16, 64 or 256, got '5'\n" })
    const bad = await runCli('cluster', project, '--clusters', '4', '--layers', 'pool1', '-o', out)
    expect(bad).toMatchObject({ code: 1, stderr: `tinyforge: cannot cluster ${project}: layer 'pool1' (MaxPool2D) has no weights to cluster\n` })
    const float = join(dir, 'float.tinyforge.json')
    writeFileSync(float, serializeProject({ name: 'F', library: 'cmsis-nn', targets: [], graph: templateById('digits-cnn')!.build().graph }))
    const f = await runCli('cluster', float, '--clusters', '4', '-o', out)
    expect(f.code).toBe(1)
    expect(f.stderr).toMatch(/^tinyforge: cannot cluster .*: clustering needs a quantized \(int8\) graph; quantize it first \(layer 'conv1' has float32 weights\)\n$/)
    expect(() => readFileSync(out)).toThrow()
  })
})
