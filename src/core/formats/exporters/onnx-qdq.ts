/**
 * ONNX QDQ exporter: the quantized model in QDQ form (IR 8 / opset 17, per-channel int8 weights) with the int8
 * arithmetic of the project's library scheme (formats/onnx/export-onnx.ts). Needs every node quantized.
 */
import { getLibrary } from '../../vendors/registry.ts'
import { OnnxExportError, exportOnnxModel } from '../onnx/export-onnx.ts'
import { ExportError, defineExporter, isQuantized, projectFileBase } from './exporter.ts'
import type { OnnxDetails } from './onnx-float.ts'

export type OnnxQdqOptions = Record<string, never>

const fileName = (doc: { name: string }): string => `${projectFileBase(doc.name)}.int8.onnx`

export const ONNX_QDQ_EXPORTER = defineExporter<OnnxQdqOptions, OnnxDetails>({
  id: 'onnx-qdq',
  label: 'ONNX (QDQ)',
  fileName,
  check: (doc) => (isQuantized(doc.graph) ? [] : ['the graph is not quantized; quantize it first']),
  export(doc) {
    const scheme = getLibrary(doc.library)?.scheme ?? 's8'
    try {
      const model = exportOnnxModel(doc.graph, { quantized: true, name: doc.name, scheme })
      return { kind: 'file', fileName: fileName(doc), bytes: model.bytes, details: { inputs: model.inputs, outputs: model.outputs } }
    } catch (err) {
      if (err instanceof OnnxExportError) throw new ExportError(err.message)
      throw err
    }
  },
})
