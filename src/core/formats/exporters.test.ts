/**
 * The exporter registry: one line per exporter (id = key), file names per project, the cheap check agreeing with what
 * the export refuses (one ExportError line), and outputs equal to the formats they wrap (exportOnnx, generateCPackage),
 * written as one file or zipped under their root.
 */
import { unzipSync } from 'fflate'
import { describe, expect, it } from 'vitest'
import { generateCPackage } from '../codegen/c/generate-package.ts'
import { unzipPackage } from '../codegen/c/zip-package.ts'
import type { ProjectDoc } from '../ir/project.ts'
import { templateGraph } from '../testing/c-fixtures.ts'
import { templateById } from '../templates/index.ts'
import { EXPORTERS, EXPORTER_LIST, ExportError, exportedFile } from './exporters.ts'
import { exportOnnx } from './onnx/export-onnx.ts'

const FLOAT = templateById('digits-cnn')!.build().graph
const S8 = templateGraph('digits-cnn', 's8')
const doc = (graph = S8, library = 'cmsis-nn'): ProjectDoc => ({ name: 'Digits CNN', library, graph, targets: [] })
const thrown = (f: () => unknown): unknown => { try { f() } catch (err) { return err } return undefined }

describe('EXPORTERS', () => {
  it('holds ONNX float, ONNX QDQ, the C package, the split head/tail, the PyTorch project and the cut-training project, each under its id, with a label and a file name', () => {
    expect(Object.entries(EXPORTERS).map(([key, e]) => [key, e.id, e.label])).toEqual([
      ['onnx-float', 'onnx-float', 'ONNX (float)'], ['onnx-qdq', 'onnx-qdq', 'ONNX (QDQ)'], ['c-package', 'c-package', 'C package (.zip)'],
      ['split', 'split', 'Split: C head + ONNX tail (.zip)'], ['pytorch', 'pytorch', 'PyTorch project (.zip)'],
      ['cut-training', 'cut-training', 'Cut training: PyTorch project (.zip)'],
    ])
    expect(EXPORTER_LIST).toHaveLength(6)
    expect(EXPORTERS.pytorch.fileName(doc(), {})).toBe('digits-cnn-pytorch.zip')
    expect(EXPORTERS.split.fileName(doc(), { after: 'x' })).toBe('digits_cnn_head.zip')
    expect(EXPORTERS['onnx-float'].fileName(doc(), {})).toBe('Digits CNN.onnx')
    expect(EXPORTERS['onnx-qdq'].fileName({ ...doc(), name: 'a/b' }, {})).toBe('a-b.int8.onnx')
    expect(EXPORTERS['c-package'].fileName(doc(), {})).toBe('digits_cnn.zip')
    expect(EXPORTERS['c-package'].fileName(doc(), { prefix: 'My Net' })).toBe('my_net.zip')
  })

  it('ONNX: the bytes of exportOnnx; QDQ needs a quantized graph, and a float graph option overrides the project', () => {
    expect(EXPORTERS['onnx-qdq'].check(doc(), {})).toEqual([])
    expect(EXPORTERS['onnx-qdq'].check(doc(FLOAT), {})).toEqual(['the graph is not quantized; quantize it first'])
    expect(exportedFile(EXPORTERS['onnx-qdq'].export(doc(), {})).bytes).toEqual(exportOnnx(S8, { quantized: true, scheme: 's8', name: 'Digits CNN' }))
    expect(exportedFile(EXPORTERS['onnx-float'].export(doc(), { graph: FLOAT })).bytes).toEqual(exportOnnx(FLOAT, { quantized: false, name: 'Digits CNN' }))
    const err = thrown(() => EXPORTERS['onnx-qdq'].export(doc(FLOAT), {}))
    expect(err).toBeInstanceOf(ExportError)
    expect((err as Error).message).toMatch(/^the graph is not quantized \(image has no int8 quantization\)/)
    expect(EXPORTERS['onnx-float'].check(doc({ nodes: [], edges: [], seed: 1 }), {})).toEqual(['the graph is empty'])
  })

  it('PyTorch: exportPytorchProject\'s zip (files under <name>-pytorch/); an empty graph is refused by check and export alike', () => {
    const out = EXPORTERS.pytorch.export(doc(), {})
    if (out.kind !== 'file') throw new Error('one zip expected')
    expect(out.fileName).toBe('digits-cnn-pytorch.zip')
    const entries = Object.keys(unzipSync(out.bytes)).sort()
    expect(entries).toEqual([...out.details.files.keys()].map((p) => `digits-cnn-pytorch/${p}`).sort())
    expect(entries).toEqual(expect.arrayContaining(['digits-cnn-pytorch/train.py', 'digits-cnn-pytorch/weights.npz', 'digits-cnn-pytorch/graph.json']))
    const empty = doc({ nodes: [], edges: [], seed: 1 })
    const reasons = EXPORTERS.pytorch.check(empty, {})
    expect(reasons.length).toBeGreaterThan(0)
    const err = thrown(() => EXPORTERS.pytorch.export(empty, {}))
    expect(err).toBeInstanceOf(ExportError)
    expect((err as Error).message).toBe(reasons.join('; '))
  })

  it('C package: generateCPackage\'s files under the prefix, zipped whole; check = what export refuses, without building', () => {
    const out = EXPORTERS['c-package'].export(doc(), { vectors: 2, seed: 4 })
    if (out.kind !== 'files') throw new Error('files expected')
    expect(out.root).toBe('digits_cnn')
    expect(out.files).toEqual(generateCPackage(S8, { prefix: 'digits_cnn', library: 'cmsis-nn', title: 'Digits CNN', vectors: 2, seed: 4 }))
    expect(out.details.figures.weightBytes).toBe(72 + 32 + 1152 + 64 + 7840 + 40 + (8 + 16 + 1) * 8)
    expect(out.files.get('README.md')).toContain(`| ${out.details.figures.weightBytes} (+ parameter structs) |`)
    const zip = exportedFile(out)
    expect(zip.fileName).toBe('digits_cnn.zip')
    expect(unzipPackage(zip.bytes)).toEqual(out.files)

    for (const [graph, library] of [[FLOAT, 'cmsis-nn'], [S8, 'pow2-q7'], [S8, 'ethos-u']] as const) {
      const reasons = EXPORTERS['c-package'].check(doc(graph, library), {})
      expect(reasons.length).toBeGreaterThan(0)
      const err = thrown(() => EXPORTERS['c-package'].export(doc(graph, library), {}))
      expect(err).toBeInstanceOf(ExportError)
      expect((err as ExportError).reasons).toEqual(reasons)
      expect((err as Error).message).toMatch(/^the C package cannot be generated/)
    }
    expect(EXPORTERS['c-package'].check(doc(), {})).toEqual([])
    expect(EXPORTERS['c-package'].check(doc(), { library: 'pow2-q7' })).toEqual(['image (Input): Input tensor must have zero point 0 in the pow2 scheme'])
  })
})
