import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openProject, serializeProject } from '../../core/formats/project/index.ts'
import { templateGraph } from '../../core/testing/c-fixtures.ts'
import { runCli } from '../run-for-test.ts'

const dir = mkdtempSync(join(tmpdir(), 'tinyforge-prune-'))
const project = join(dir, 'digits.tinyforge.json')
writeFileSync(project, serializeProject({ name: 'Digits', library: 'cmsis-nn', targets: [], graph: templateGraph('digits-cnn', 's8') }))

describe('tinyforge prune', () => {
  it('writes the pruned project and prints each group before → after', async () => {
    const out = join(dir, 'pruned.tinyforge.json')
    const { code, stdout } = await runCli('prune', project, '--ratio', '0.5', '-o', out)
    expect(code).toBe(0)
    expect(stdout).toMatch(/conv1: 8 → 4 channels\nconv2: 16 → 8 channels\n/)
    expect(stdout).toMatch(/MACs 290\d+ → \d+\nwrote /)
    const doc = openProject(new Uint8Array(readFileSync(out)), 'pruned.tinyforge.json')
    expect(doc.graph.nodes.find((n) => n.name === 'conv2')!.attrs.filters).toBe(8)
  })

  it('refuses bad arguments and impossible prunes with one line, writing nothing', async () => {
    const out = join(dir, 'never.tinyforge.json')
    expect(await runCli('prune', project, '--ratio', '1', '-o', out)).toMatchObject({ code: 2, stderr: "tinyforge: --ratio takes a fraction in [0, 1), got '1'\n" })
    expect((await runCli('prune', project, '--ratio', '0.2', '--criterion', 'l3', '-o', out)).stderr).toBe("tinyforge: --criterion takes l1 or l2, got 'l3'\n")
    const layers = join(dir, 'layers.json')
    writeFileSync(layers, JSON.stringify({ conv1: 1 }))
    const all = await runCli('prune', project, '--ratio', '0.2', '--per-layer', layers, '-o', out)
    expect(all).toMatchObject({ code: 1, stderr: `tinyforge: cannot prune ${project}: a ratio of 1 would remove every channel of layer 'conv1'\n` })
    expect(() => readFileSync(out)).toThrow()
  })
})

describe('tinyforge prune --sparsity (magnitude)', () => {
  it('says 0 B and 0 µs with dense kernels, and saves flash with the sparse format', async () => {
    const dense = join(dir, 'dense.tinyforge.json')
    const a = await runCli('prune', project, '--sparsity', '0.8', '-o', dense)
    expect(a.code).toBe(0)
    expect(a.stdout).toMatch(/^conv1: 80\.6 % zeros \(14\/72 non-zero\), 72 → 72 B\n/)
    expect(a.stdout).toMatch(/\nSTM32F446RE: flash 0 B, RAM 0 B, latency 0 µs — dense kernels store and multiply the zeros; /)
    const sparse = join(dir, 'sparse.tinyforge.json')
    const b = await runCli('prune', project, '--sparsity', '0.8', '--format', 'sparse', '-o', sparse)
    expect(b.stdout).toMatch(/^conv1: 80\.6 % zeros \(14\/72 non-zero\), 72 → 23 B\n/)
    expect(b.stdout).toMatch(/\nSTM32F446RE: flash −\d+ B \(−\d+\.\d %\), RAM [+−]?\d+ B, latency [+−]?\d+ µs\nwrote /)
    const doc = openProject(new Uint8Array(readFileSync(sparse)), 'sparse.tinyforge.json')
    expect(doc.graph.nodes.find((n) => n.name === 'logits')!.weights!.weights.encoding).toEqual({ kind: 'sparse' })
  })

  it('refuses mixing --ratio and --sparsity, and a bad format', async () => {
    const out = join(dir, 'never.tinyforge.json')
    expect((await runCli('prune', project, '--ratio', '0.2', '--sparsity', '0.5', '-o', out)).stderr)
      .toBe('tinyforge: --ratio (structured) and --sparsity (magnitude) are two kinds of pruning; give one\n')
    expect((await runCli('prune', project, '--sparsity', '0.5', '--format', 'csr', '-o', out)).stderr).toBe("tinyforge: --format takes dense or sparse, got 'csr'\n")
    expect((await runCli('prune', project, '--sparsity', '1.5', '-o', out)).stderr).toBe("tinyforge: --sparsity takes a fraction in [0, 1), got '1.5'\n")
  })
})
