/**
 * `tinyforge quantize` and `tinyforge validate` end to end through main(): project in, quantized project out (read
 * back and run), calibration from .npy and PNG class folders, the validation table and JSON, and one-line failures
 * that write nothing.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { prepareInputs, runInt8 } from '../../core/engine/int8-engine.ts'
import { parseProject, serializeProject } from '../../core/formats/project/index.ts'
import { fnv1a, mulberry32 } from '../../core/ir/seeded-init.ts'
import { syntheticSamples } from '../../core/data/calibration-data.ts'
import { npyBytes, pngBytes } from '../../core/testing/fixture-files.ts'
import { POOL_NET } from '../../core/testing/fixture-graphs.ts'
import { quantizeGraph } from '../../core/pipelines/ptq.ts'
import { importModel } from '../../core/formats/import-model.ts'
import { sharedBytes } from '../../core/testing/import-test-data.ts'
import { runCli } from '../run-for-test.ts'

const dir = mkdtempSync(join(tmpdir(), 'tinyforge-quantize-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const run = runCli

const project = join(dir, 'pool.tinyforge.json')
writeFileSync(project, serializeProject({ name: 'pool', library: 'cmsis-nn', targets: [], graph: POOL_NET }))

/** An 8×8 RGB PNG (filter 0) whose pixels are seeded bytes. */
function png(seed: number): Uint8Array {
  const next = mulberry32(fnv1a(`png${seed}`))
  const rows: number[] = []
  for (let y = 0; y < 8; y++) rows.push(0, ...Array.from({ length: 24 }, () => Math.floor(next() * 256)))
  return pngBytes(8, 8, 2, 8, rows)
}

describe('tinyforge quantize', () => {
  it('writes a quantized project that reopens and runs exactly like quantizeGraph', async () => {
    const out = join(dir, 'q.json')
    const { code, stdout, stderr } = await run('quantize', project, '-o', out)
    expect([code, stderr]).toEqual([0, ''])
    expect(stdout).toBe(`quantized ${project} (s8, minmax, 16 seeded synthetic samples): 10 nodes, 2 with int8 weights\nwrote ${out}\n`)
    const doc = parseProject(readFileSync(out, 'utf8'))
    const direct = quantizeGraph(POOL_NET, { scheme: 's8', samples: syntheticSamples(POOL_NET, 16, 1) })
    expect(doc.graph.nodes.map((n) => n.quant)).toEqual(direct.nodes.map((n) => n.quant))
    const raw = { in: syntheticSamples(POOL_NET, 1, 5).in[0] }
    expect(runInt8(doc.graph, prepareInputs(doc.graph, raw)).outputs.get('prob')).toEqual(
      runInt8(direct, prepareInputs(direct, raw)).outputs.get('prob'))
  })

  it('switches to a library of the requested scheme and calibrates on a .npy file', async () => {
    const npy = join(dir, 'calib.npy')
    const next = mulberry32(3)
    writeFileSync(npy, npyBytes('|u1', [4, 8, 8, 2], Uint8Array.from({ length: 512 }, () => Math.floor(next() * 256))))
    const out = join(dir, 'p.json')
    const { code, stdout } = await run('quantize', project, '-o', out, '--scheme', 'pow2', '--calib', npy, '--method', 'mse')
    expect(code).toBe(0)
    expect(stdout.split('\n').slice(0, 2)).toEqual(['library cmsis-nn → pow2-q7 (scheme pow2)',
      `quantized ${project} (pow2, mse, 4 samples from ${npy}): 10 nodes, 2 with int8 weights`])
    const doc = parseProject(readFileSync(out, 'utf8'))
    expect(doc.library).toBe('pow2-q7')
    expect(doc.graph.nodes.every((n) => Number.isInteger(Math.log2(n.quant!.output.scale[0])))).toBe(true)
  })

  it('fails in one line and writes nothing for bad arguments and bad data', async () => {
    const out = join(dir, 'never.json')
    const bad = join(dir, 'bad.npy')
    writeFileSync(bad, npyBytes('<f4', [3, 7, 7, 2], new Uint8Array(3 * 7 * 7 * 2 * 4)))
    expect(await run('quantize', project, '-o', out, '--calib', bad)).toEqual({ code: 1, stdout: '',
      stderr: 'tinyforge: bad.npy has shape 3×7×7×2; the input needs 8×8×2 per sample (an array of N×8×8×2)\n' })
    expect((await run('quantize', project, '-o', out, '--method', 'kl')).stderr).toBe(
      "tinyforge: --method must be one of minmax, percentile, mse, not 'kl'\n")
    expect((await run('quantize', project)).stderr).toBe('tinyforge: missing -o <project>\n')
    expect(await run('quantize', join(dir, 'missing.json'), '-o', out)).toMatchObject({ code: 1,
      stderr: `tinyforge: cannot read ${join(dir, 'missing.json')}: no such file or directory\n` })
    writeFileSync(join(dir, 'broken.json'), '{"format": "tinyforge-project", "version": 1')
    expect((await run('quantize', join(dir, 'broken.json'), '-o', out)).stderr).toMatch(/^tinyforge: cannot open .*broken\.json: /)
    expect(existsSync(out)).toBe(false)
  })
})

describe('tinyforge validate', () => {
  it('prints per-layer SQNR and the output agreement of a float project (quantized here)', async () => {
    const { code, stdout } = await run('validate', project)
    expect(code).toBe(0)
    const lines = stdout.split('\n')
    expect(lines[0]).toBe(`validated ${project} (cmsis-nn, s8, double rounding, quantized here (minmax)) on 8 seeded synthetic samples; ` +
      'int8 engine: WebAssembly (the C runtime, SIMD128)')
    expect(lines[1].trim().split(/\s{2,}/)).toEqual(['NODE', 'OP', 'SQNR dB', 'MAX ERROR', 'COSINE'])
    expect(lines.slice(2, 12).map((l) => l.trim().split(/\s+/)[0])).toEqual(POOL_NET.nodes.map((n) => n.name))
    expect(lines[12]).toMatch(/^output prob: top-1 agreement 100\.0%, cosine (0\.99\d\d|1\.0000), SQNR \d+\.\d dB$/)
    expect(lines[13]).toBe('int8 engine vs onnxruntime-web (wasm, exported QDQ model, 8 samples, top-1 8/8):')
    expect(lines[14]).toMatch(/^ {2}outputs: \d+ values, 100\.00% within 1 LSB, \d+\.\d\d% exact, max diff [01]$/)
    // Inside the graph, AvgPool's 1-LSB rounding differences (ORT rounds the float mean, TFLite the integer sum)
    // are amplified ×4 by the standalone ReLU, whose output scale is 4× finer than its input's.
    expect(lines[15]).toMatch(/^ {2}all layers: \d+ values, (99|98)\.\d\d% within 1 LSB, \d+\.\d\d% exact, max diff [2-5]$/)
  })

  it('--json with PNG class folders: labels give accuracy and a confusion matrix', async () => {
    const data = join(dir, 'images')
    for (const [cls, seeds] of [['0', [1, 2]], ['2', [3]]] as const) {
      mkdirSync(join(data, cls), { recursive: true })
      for (const s of seeds) writeFileSync(join(data, cls, `${s}.png`), png(s))
    }
    writeFileSync(join(data, '.DS_Store'), 'junk')
    // the POOL_NET input has 2 channels, so images cannot feed it; use a 3-channel copy
    const rgbGraph = { ...POOL_NET, nodes: POOL_NET.nodes.map((n) => (n.id === 'in' ? { ...n, attrs: { ...n.attrs, shape: [8, 8, 3] } } : n)) }
    const rgb = join(dir, 'rgb.tinyforge.json')
    writeFileSync(rgb, serializeProject({ name: 'rgb', library: 'cmsis-nn', targets: [], graph: rgbGraph }))
    const { code, stdout } = await run('validate', rgb, '--data', data, '--json')
    expect(code).toBe(0)
    const report = JSON.parse(stdout)
    expect(report).toMatchObject({ project: 'rgb', library: 'cmsis-nn', scheme: 's8', quantized: 'here', data: { source: data, samples: 3 } })
    expect(report.layers.map((l: { node: string }) => l.node)).toEqual(rgbGraph.nodes.map((n) => n.id))
    const out = report.outputs[0]
    expect(out.classes).toEqual(['0', '2'])
    expect(out.confusion).toHaveLength(3)
    expect(out.confusion.flat().reduce((a: number, b: number) => a + b, 0)).toBe(3)
    expect(out.int8Accuracy).toBeGreaterThanOrEqual(0)
    expect(out.top1Agreement).toBe(1)
  })

  it('validates a quantized project against its own weights, and explains unusable data', async () => {
    const q = join(dir, 'quantized.json')
    const graph = quantizeGraph(POOL_NET, { scheme: 's8', samples: syntheticSamples(POOL_NET, 4, 1) })
    writeFileSync(q, serializeProject({ name: 'pool', library: 'cmsis-nn', targets: [], graph }))
    const { code, stdout } = await run('validate', q, '--json')
    expect(code).toBe(0)
    const report = JSON.parse(stdout)
    expect(report.quantized).toBe('file')
    // The same int8 graph in onnxruntime-web (exported QDQ): every value within 1 LSB of the int8 engine.
    expect(report.ort).toMatchObject({ backend: 'wasm', samples: 8, top1: 8 })
    expect(report.ort.outputs.withinOne).toBe(report.ort.outputs.count)
    expect(report.ort.layers.withinOne / report.ort.layers.count).toBeGreaterThan(0.98) // see the first validate test
    expect(report.ort.layers.count).toBeGreaterThan(report.ort.outputs.count)
    // The TypeScript reference engine gives the same figures as the default WebAssembly engine.
    const reference = JSON.parse((await run('validate', q, '--json', '--engine', 'ts')).stdout)
    expect(report.engine).toBe('wasm')
    expect(reference.engine).toBe('ts')
    expect({ ...reference, engine: 'wasm', ort: { ...reference.ort, elapsedMs: 0 } }).toEqual({ ...report, ort: { ...report.ort, elapsedMs: 0 } })
    expect((await run('validate', q, '--engine', 'c'))).toMatchObject({ code: 2, stderr: "tinyforge: --engine must be wasm or ts, not 'c'\n" })
    writeFileSync(join(dir, 'photo.jpg'), new Uint8Array([0xff, 0xd8, 0xff]))
    expect((await run('validate', q, '--data', join(dir, 'photo.jpg'))).stderr).toBe(
      'tinyforge: photo.jpg: only PNG images can be decoded here; convert it to PNG or .npy\n')
  })

  it("follows the project's rounding, or --rounding: single rounding is reported and agrees more closely with onnxruntime-web", async () => {
    const graph = importModel(sharedBytes('mlperf-tiny/kws_ref_model.tflite'), 'kws.tflite').doc.graph
    const kws = join(dir, 'kws.tinyforge.json')
    writeFileSync(kws, serializeProject({ name: 'kws', library: 'cmsis-nn', targets: [], graph, rounding: 'single' }, { materializeWeights: (d) => d }))
    const single = JSON.parse((await run('validate', kws, '--json')).stdout)
    const double = JSON.parse((await run('validate', kws, '--json', '--rounding', 'double')).stdout)
    expect([single.rounding, single.ort.rounding, double.rounding, double.ort.rounding]).toEqual(['single', 'single', 'double', 'double'])
    // 8 seeded synthetic samples: single rounding meets ORT's every output value; double rounding misses some.
    expect(single.ort.outputs.exact).toBe(single.ort.outputs.count)
    expect(double.ort.outputs.exact).toBeLessThan(double.ort.outputs.count)
    expect(single.ort.layers.exact).toBeGreaterThan(double.ort.layers.exact)
    const text = await run('validate', kws)
    expect(text.stdout.split('\n')[0]).toContain('(cmsis-nn, s8, single rounding, quantized in the file)')
    expect(await run('validate', kws, '--rounding', 'half')).toMatchObject({ code: 2, stderr: "tinyforge: --rounding must be double or single, not 'half'\n" })
  }, 120_000)
})
