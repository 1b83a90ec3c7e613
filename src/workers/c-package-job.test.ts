/**
 * The C package job: one package model and one graph analysis per package (none for the cheap library check's second
 * call), the registry's exporter output byte for byte, and — through the commands the Export dialog runs — the same
 * bytes as `tinyforge export` writes for the same project file (C zip and QDQ ONNX). This test spans the layers on
 * purpose (cli, store, workers), which only a test may.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { analyzeGraph } from '../core/analysis/analyze-graph.ts'
import { buildPackageModel } from '../core/codegen/c/package-model.ts'
import { EXPORTERS, exportedFile } from '../core/formats/exporters.ts'
import { parseProject, serializeProject } from '../core/formats/project/index.ts'
import type { ProjectDoc } from '../core/ir/project.ts'
import { templateGraph } from '../core/testing/c-fixtures.ts'
import { runCli } from '../cli/run-for-test.ts'
import { createEditorStore } from '../store/editor-store.ts'
import { cPackageZipFile, onnxExportFile } from '../store/export-commands.ts'
import { generateCPackageResult } from './c-package-job.ts'
import { createInProcessRunner } from './in-process-runner.ts'
import { decodePngBlob } from './test-fixtures.ts'

vi.mock('../core/analysis/analyze-graph.ts', async (importOriginal) => {
  const mod = await importOriginal<typeof import('../core/analysis/analyze-graph.ts')>()
  return { ...mod, analyzeGraph: vi.fn(mod.analyzeGraph) }
})
vi.mock('../core/codegen/c/package-model.ts', async (importOriginal) => {
  const mod = await importOriginal<typeof import('../core/codegen/c/package-model.ts')>()
  return { ...mod, buildPackageModel: vi.fn(mod.buildPackageModel) }
})

const dir = mkdtempSync(join(tmpdir(), 'tinyforge-c-job-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const doc: ProjectDoc = { name: 'Digits CNN', library: 'cmsis-nn', graph: templateGraph('digits-cnn', 's8'), targets: [] }

describe('generateCPackageResult', () => {
  it('builds one package model from one analysis of a graph it has not seen (as a worker receives it)', () => {
    const fresh = structuredClone(doc)
    vi.mocked(analyzeGraph).mockClear()
    vi.mocked(buildPackageModel).mockClear()
    const result = generateCPackageResult({ doc: fresh, prefix: 'digits', vectors: 3, seed: 1 })
    expect(result.kind).toBe('ready')
    expect(vi.mocked(buildPackageModel)).toHaveBeenCalledTimes(1)
    expect(vi.mocked(analyzeGraph)).toHaveBeenCalledTimes(1)
  })

  it('gives the registry exporter\'s files, and its zip with `zip`', () => {
    const result = generateCPackageResult({ doc, prefix: 'digits', vectors: 2, seed: 5, zip: true })
    const output = EXPORTERS['c-package'].export(doc, { prefix: 'digits', vectors: 2, seed: 5 })
    if (result.kind !== 'ready' || output.kind !== 'files') throw new Error('not exported')
    expect(result.files).toEqual(output.files)
    expect(result.figures).toEqual(output.details.figures)
    expect(result.zip).toEqual(exportedFile(output).bytes)
  })
})

describe('the CLI and the Export dialog export through the same exporters', () => {
  it('give the same bytes for the same project file: the C package zip and the QDQ ONNX', async () => {
    const project = join(dir, 'digits.tinyforge.json')
    writeFileSync(project, serializeProject(doc))
    const zip = join(dir, 'digits_cnn.zip')
    const onnx = join(dir, 'digits.int8.onnx')
    expect((await runCli('export', project, '--c', zip, '--onnx', onnx)).code).toBe(0)

    const store = createEditorStore()
    store.getState().loadDoc(parseProject(readFileSync(project, 'utf8')))
    const dialogZip = await cPackageZipFile(store, createInProcessRunner(decodePngBlob), 'digits_cnn')
    if ('error' in dialogZip) throw new Error(dialogZip.error)
    expect(dialogZip.fileName).toBe('digits_cnn.zip')
    expect(dialogZip.bytes).toEqual(new Uint8Array(readFileSync(zip)))
    const dialogOnnx = onnxExportFile(store.getState(), 'qdq')
    if ('error' in dialogOnnx) throw new Error(dialogOnnx.error)
    expect(dialogOnnx.bytes).toEqual(new Uint8Array(readFileSync(onnx)))
  })
})
