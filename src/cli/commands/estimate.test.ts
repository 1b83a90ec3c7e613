import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { serializeProject } from '../../core/formats/project/index.ts'
import type { ProjectDoc } from '../../core/ir/project.ts'
import { CATALOG_TARGETS } from '../../core/targets/catalog.ts'
import { templateById } from '../../core/templates/index.ts'
import { runCli } from '../run-for-test.ts'

const run = runCli

const dir = mkdtempSync(join(tmpdir(), 'tinyforge-estimate-'))
const file = (name: string, text: string) => { const path = join(dir, name); writeFileSync(path, text); return path }
const KWS = file('kws.tinyforge.json', serializeProject(templateById('kws-ds-cnn')!.build()))
const BOARD = file('board.json', JSON.stringify({ id: 'my-board', name: 'My board', core: 'cortex-m4', clockMHz: 100, sramBytes: 16384,
  flashBytes: 262144, activePowerMw: 20 }))
const ALL_IDS = CATALOG_TARGETS.map((t) => t.id).join(', ')

function project(nodes: ProjectDoc['graph']['nodes'], edges: ProjectDoc['graph']['edges'] = []): string {
  return serializeProject({ name: 'broken', library: 'cmsis-nn', targets: [], graph: { nodes, edges, seed: 1 } })
}
const at = { x: 0, y: 0 }

describe('tinyforge estimate --json', () => {
  it('prints the DESIGN.md fields with their names and types', async () => {
    const { code, stdout, stderr } = await run('estimate', KWS, '--targets', 'nucleo-l4r5zi,ek-ra8d1', '--json')
    expect([code, stderr]).toEqual([0, ''])
    const report = JSON.parse(stdout)
    expect(report.model).toEqual(expect.objectContaining({ name: 'Keyword spotting DS-CNN', macs: 2656768, params: 22604,
      weightBytes: expect.any(Number) }))
    expect(report.library).toBe('cmsis-nn')
    expect(report.targets.map((t: { id: string }) => t.id)).toEqual(['nucleo-l4r5zi', 'ek-ra8d1'])
    for (const t of report.targets) {
      expect(t).toEqual(expect.objectContaining({ id: expect.any(String), name: expect.any(String), core: expect.any(String),
        clockMHz: expect.any(Number), flashBytes: expect.any(Number), ramBytes: expect.any(Number), latencyMs: expect.any(Number),
        energyUj: expect.any(Number), fits: { flash: true, ram: true } }))
      expect(t.layers).toHaveLength(14)
      for (const l of t.layers) {
        expect(l).toEqual(expect.objectContaining({ node: expect.any(String), op: expect.any(String), macs: expect.any(Number),
          latencyMs: expect.any(Number), ramBytes: expect.any(Number), flashBytes: expect.any(Number) }))
      }
    }
    const l4 = report.targets[0]
    expect(l4).toMatchObject({ name: 'STM32L4R5ZI', core: 'cortex-m4', clockMHz: 120 })
    // The fit's prediction for KWS on the NUCLEO-L4R5ZI (docs/cost-model.md: 78.104 ms).
    expect(l4.latencyMs).toBeCloseTo(78.104, 3)
    expect(l4.energyUj).toBeCloseTo(l4.latencyMs * 41.845, 9)
    expect(l4.ramBytes).toBe(report.memory.arenaBytes + l4.ram.scratchBytes)
  })

  it('adds each --target-file board after the catalog boards', async () => {
    const { code, stdout } = await run('estimate', KWS, '--targets', 'nucleo-f446re', '--target-file', BOARD, '--json')
    expect(code).toBe(0)
    const targets = JSON.parse(stdout).targets
    expect(targets.map((t: { id: string; custom: boolean }) => [t.id, t.custom])).toEqual([['nucleo-f446re', false], ['my-board', true]])
    expect(targets[1]).toMatchObject({ name: 'My board', clockMHz: 100, activePowerMw: 20, capacity: { ramBytes: 16384, flashBytes: 262144 } })
    expect(targets[1].fits).toEqual({ flash: true, ram: true })
  })

  it('defaults to every catalog board', async () => {
    const { stdout } = await run('estimate', KWS, '--json')
    expect(JSON.parse(stdout).targets.map((t: { id: string }) => t.id)).toEqual(CATALOG_TARGETS.map((t) => t.id))
  })

  it('imports a .tflite model on the fly', async () => {
    const tflite = new URL('../../../../shared/data/mlperf-tiny/ad01_int8.tflite', import.meta.url).pathname
    const { code, stdout } = await run('estimate', tflite, '--targets', 'nucleo-l4r5zi', '--json')
    expect(code).toBe(0)
    const report = JSON.parse(stdout)
    expect(report.model).toMatchObject({ name: 'ad01_int8', macs: 264192 })
    expect(report.targets[0].latencyMs).toBeCloseTo(8.2113, 3) // docs/cost-model.md: AD on the NUCLEO-L4R5ZI
  })

  it('prices the CMSIS-NN kernels by default for cmsis-nn, and the portable runtime with --runtime portable', async () => {
    const cmsis = JSON.parse((await run('estimate', KWS, '--targets', 'nucleo-l4r5zi', '--json')).stdout)
    const portable = JSON.parse((await run('estimate', KWS, '--targets', 'nucleo-l4r5zi', '--runtime', 'portable', '--json')).stdout)
    expect([cmsis.runtime, portable.runtime]).toEqual(['cmsis-nn', 'portable'])
    // Same constants and arena; the portable kernels are smaller in flash and, through their DSP paths on this
    // Cortex-M4, about as fast (measured instruction ratios, docs/c-package.md).
    expect(portable.memory.arenaBytes).toBe(cmsis.memory.arenaBytes)
    expect(portable.targets[0].flashBytes).toBeLessThan(cmsis.targets[0].flashBytes)
    expect(portable.targets[0].latencyMs / cmsis.targets[0].latencyMs).toBeGreaterThan(0.8)
    expect(portable.targets[0].latencyMs / cmsis.targets[0].latencyMs).toBeLessThan(1.2)
    expect(portable.targets[0].figures.latency.source).toBe('scaled')
    expect(cmsis.targets[0].figures.latency.source).toBe('fit')
  })
})

describe('tinyforge estimate (text)', () => {
  it('prints an aligned comparison table', async () => {
    const { code, stdout } = await run('estimate', KWS, '--targets', 'nucleo-l4r5zi,raspberry-pi-pico', '--target-file', BOARD)
    expect(code).toBe(0)
    const lines = stdout.split('\n')
    expect(lines[0]).toBe('Keyword spotting DS-CNN — CMSIS-NN (cmsis-nn), CMSIS-NN kernels')
    expect(lines[1]).toMatch(/^ {2}2,656,768 MACs, 22,604 parameters, .* weights and biases \+ .* quantization parameters$/)
    const header = lines[4]
    expect(header.split(/ {2,}/)).toEqual(['TARGET', 'CORE', 'MHZ', 'FLASH', 'RAM', 'LATENCY', 'ENERGY', 'FITS'])
    const rows = lines.slice(5, 8)
    expect(rows.map((r) => r.split(/ +/)[0])).toEqual(['nucleo-l4r5zi', 'raspberry-pi-pico', 'my-board'])
    for (const col of ['CORE', 'MHZ', 'FLASH', 'RAM', 'LATENCY', 'ENERGY', 'FITS']) {
      for (const r of rows) expect(r[header.indexOf(col) - 1], `${col} column`).toBe(' ')
    }
    expect(rows[0].slice(header.indexOf('CORE'), header.indexOf('MHZ')).trim()).toBe('cortex-m4')
    expect(rows[0].slice(header.indexOf('LATENCY'), header.indexOf('ENERGY')).trim()).toBe('78.10 ms ±13 % fit')
    expect(rows[0].slice(header.indexOf('FITS'))).toBe('yes')
    expect(rows[2].slice(header.indexOf('FITS'))).toBe('yes')
    expect(stdout).toContain('fits: the model against the whole device (nothing reserved for the application)')
  })

  it('says which capacity a board lacks', async () => {
    const small = file('small.json', JSON.stringify({ id: 'small', name: 'Small', core: 'cortex-m0plus', clockMHz: 48, sramBytes: 8192,
      flashBytes: 32768 }))
    const { stdout } = await run('estimate', KWS, '--targets', 'nucleo-g0b1re', '--target-file', small)
    expect(stdout.split('\n').find((l) => l.startsWith('small '))).toMatch(/ no: flash, RAM$/)
  })
})

describe('tinyforge estimate: bad input', () => {
  const corrupt = file('corrupt.tinyforge.json', '{"format": "tinyforge-project", "version": 2, "doc": ')
  const badBoard = file('bad-board.json', JSON.stringify({ id: 'b', name: 'B', core: 'cortex-m9', clockMHz: 1, sramBytes: 1, flashBytes: 1 }))
  const clash = file('clash.json', JSON.stringify({ id: 'ek-ra8d1', name: 'Mine', core: 'cortex-m85', clockMHz: 1, sramBytes: 1, flashBytes: 1 }))
  const cases: [string, string[], number, string][] = [
    ['no file', [], 2, 'missing <project|model> file to estimate'],
    ['unknown target', [KWS, '--targets', 'nucleo-l4r5zi,foo'], 2, `unknown target 'foo'; known: ${ALL_IDS}`],
    ['empty target list', [KWS, '--targets', ','], 2, "--targets takes 'all' or catalog ids separated by commas, got ','"],
    ['unknown library', [KWS, '--library', 'esp-nn'], 2, "unknown library 'esp-nn'; known: cmsis-nn, pow2-q7"],
    ['unknown runtime', [KWS, '--runtime', 'tflm'], 2, "unknown runtime 'tflm'; known: portable, cmsis-nn"],
    ['unknown option', [KWS, '--target', 'x'], 2, 'unknown option --target'],
    ['missing file', [join(dir, 'nope.tinyforge.json')], 1, `cannot read ${join(dir, 'nope.tinyforge.json')}: no such file`],
    ['truncated project', [corrupt], 1, 'not valid JSON: the text ends unexpectedly at position 53 (is the file truncated?)'],
    ['corrupt project', [file('c.tinyforge.json', '{"format":"tinyforge-project","version":2}')], 1,
      'corrupt project file: "name" must be a string, found nothing'],
    ['malformed target file', [KWS, '--target-file', badBoard], 1, "target file: unknown core 'cortex-m9'; expected one of cortex-m0plus, " +
      `cortex-m3, cortex-m4, cortex-m7, cortex-m33, cortex-m55, cortex-m85, esp32-s3, riscv32 (${badBoard})`],
    ['unreadable target file', [KWS, '--target-file', dir], 1, `cannot read ${dir}: it is a directory`],
    ['target id clash', [KWS, '--target-file', clash], 1, `target file: id 'ek-ra8d1' (${clash}) is already used by a selected ` +
      'catalog board (Renesas RA8D1); give the board another id'],
    ['not a model', [BOARD], 1, 'not a TFLite or ONNX model; it is a JSON document'],
    ['empty graph', [file('empty.tinyforge.json', project([]))], 1, 'nothing to estimate in empty.tinyforge.json: the graph is empty'],
  ]
  for (const [what, argv, code, message] of cases) {
    it(`${what} → exit ${code}, one line`, async () => {
      expect(await run('estimate', ...argv)).toEqual({ code, stdout: '', stderr: `tinyforge: ${message}\n` })
    })
  }

  it('estimates a graph with errors and warns on stderr', async () => {
    const broken = file('broken.tinyforge.json', project([
      { id: 'in', op: 'Input', name: 'in', attrs: { shape: [8, 8, 3], mean: [0], scale: 1 / 128 }, position: at },
      { id: 'fc', op: 'FullyConnected', name: 'fc', attrs: { units: 4, useBias: true, activation: 'none' }, position: at },
      { id: 'odd', op: 'Conv2D', name: 'odd', attrs: { filters: 2, kernelH: 9, kernelW: 9, strideH: 1, strideW: 1, dilationH: 1,
        dilationW: 1, padding: 'valid', useBias: true, activation: 'none' }, position: at },
    ], [{ id: 'e1', source: 'in', target: 'fc', targetPort: 0 }, { id: 'e2', source: 'in', target: 'odd', targetPort: 0 }]))
    const { code, stdout, stderr } = await run('estimate', broken, '--targets', 'nucleo-l4r5zi', '--json')
    expect(code).toBe(0)
    expect(stderr).toBe('tinyforge: warning: the graph has 1 error and 0 warnings; 1 of 3 nodes could not be estimated ' +
      '(details in --json diagnostics)\n')
    const report = JSON.parse(stdout)
    expect(report.complete).toBe(false)
    expect(report.model).toMatchObject({ macs: 192 * 4, estimatedNodes: 2 })
    expect(report.layers.find((l: { node: string }) => l.node === 'odd')).toMatchObject({ estimated: false,
      diagnostics: [expect.objectContaining({ code: 'shape', severity: 'error' })] })
  })
})
