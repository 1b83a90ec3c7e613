/**
 * `tinyforge import` end to end through main(): every shared model becomes a project file that reopens
 * to the same graph, with the report written as JSON; bad files and arguments give one line and the
 * documented exit code.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { FLOAT_TFLITE, INT8_TFLITE, ONNX_MODELS, SHARED_DATA } from '../../core/testing/import-test-data.ts'
import { importModel } from '../../core/formats/import-model.ts'
import { encodeModel } from '../../core/testing/onnx-test-utils.ts'
import { parseProject } from '../../core/formats/project/index.ts'
import { runCli } from '../run-for-test.ts'

const dir = mkdtempSync(join(tmpdir(), 'tinyforge-import-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const run = runCli

describe('tinyforge import', () => {
  const models = [...INT8_TFLITE.map((f) => `mlperf-tiny/${f}`), ...FLOAT_TFLITE.map((f) => `mlperf-tiny/${f}`), ...ONNX_MODELS]
  it.each(models)('%s → project + report', async (path) => {
    const name = path.split('/').pop()!
    const project = join(dir, `${name}.tinyforge.json`)
    const reportFile = join(dir, `${name}.report.json`)
    const { code, stdout, stderr } = await run('import', SHARED_DATA + path, '-o', project, '--report', reportFile)
    expect([code, stderr]).toEqual([0, ''])
    expect(stdout).toMatch(/0 errors, 0 warnings\n/)
    const doc = parseProject(readFileSync(project, 'utf8'))
    const direct = importModel(new Uint8Array(readFileSync(SHARED_DATA + path)), name).doc
    expect(doc.library).toBe('cmsis-nn')
    expect(doc.graph.nodes.map((n) => [n.id, n.op, n.attrs, n.quant, n.source])).toEqual(
      direct.graph.nodes.map((n) => [n.id, n.op, n.attrs, n.quant, n.source]))
    expect(doc.graph.edges).toEqual(direct.graph.edges)
    const report = JSON.parse(readFileSync(reportFile, 'utf8'))
    expect(report.entries.length).toBeGreaterThan(0)
    expect(report.entries.every((e: { status: string }) => e.status !== 'unsupported')).toBe(true)
  })

  it('prints the summary line of vww_96_int8', async () => {
    const { code, stdout } = await run('import', `${SHARED_DATA}mlperf-tiny/vww_96_int8.tflite`, '-o', join(dir, 'vww.json'), '--library', 'pow2-q7')
    expect(code).toBe(0)
    expect(stdout.split('\n')[0]).toMatch(/^imported .*vww_96_int8\.tflite \(tflite\) onto pow2-q7: 31 operators \(31 mapped\); \d+ errors?, 0 warnings$/)
  })

  it('lists unsupported operators with their reason and suggestion', async () => {
    const model = join(dir, 'gate.onnx')
    writeFileSync(model, encodeModel({
      inputs: [{ name: 'x', dims: [1, 4] }], outputs: ['y'],
      nodes: [{ op: 'HardSwish', inputs: ['x'], outputs: ['y'], name: 'gate' }],
    }))
    const { code, stdout } = await run('import', model, '-o', join(dir, 'gate.json'))
    expect(code).toBe(0)
    expect(stdout.split('\n').slice(0, 2)).toEqual([
      `imported ${model} (onnx, opset 13) onto cmsis-nn: 1 operator (1 unsupported); 1 error, 0 warnings`,
      "  unsupported HardSwish 'gate': no hard-swish kernel in the operator set (use ReLU6 and retrain)",
    ])
  })

  const bad = join(dir, 'bad.onnx')
  writeFileSync(bad, 'not a model\n')
  const cases: [string, string[], number, string][] = [
    ['no file', ['import', '-o', 'x.json'], 2,
      'tinyforge: missing model file (usage: tinyforge import <model.onnx|model.tflite> -o <project.tinyforge.json> [--library id] [--report file.json])\n'],
    ['no -o', ['import', bad], 2, 'tinyforge: missing -o <project.tinyforge.json>\n'],
    ['unknown library', ['import', bad, '-o', 'x.json', '--library', 'esp'], 2, "tinyforge: unknown library 'esp' (known: cmsis-nn, pow2-q7)\n"],
    ['missing file', ['import', join(dir, 'none.tflite'), '-o', 'x.json'], 1, `tinyforge: cannot read ${join(dir, 'none.tflite')}: no such file or directory\n`],
    ['not a model', ['import', bad, '-o', join(dir, 'x.json')], 1,
      `tinyforge: cannot import ${bad}: the file is named .onnx but is not an ONNX model; it is a text file\n`],
  ]
  it.each(cases)('%s', async (_, argv, exitCode, message) => {
    const { code, stderr, stdout } = await run(...argv)
    expect({ code, stderr, stdout }).toEqual({ code: exitCode, stderr: message, stdout: '' })
  })
})
