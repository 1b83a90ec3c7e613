/**
 * ONNX float exporter: the float model (IR 8 / opset 17, NHWC I/O; formats/onnx/export-onnx.ts). A quantized project
 * exports its dequantized weights unless `graph` gives the float graph to export (the IDE passes the float source of
 * its last quantization run).
 */
import type { Graph } from '../../ir/types.ts'
import type { OnnxIo } from '../onnx/export-onnx.ts'
import { OnnxExportError, exportOnnxModel } from '../onnx/export-onnx.ts'
import { ExportError, defineExporter, projectFileBase } from './exporter.ts'

export interface OnnxFloatOptions {
  /** The float graph to export instead of the project's. */
  graph?: Graph
}

export interface OnnxDetails {
  inputs: OnnxIo[]
  outputs: OnnxIo[]
}

const fileName = (doc: { name: string }): string => `${projectFileBase(doc.name)}.onnx`

export const ONNX_FLOAT_EXPORTER = defineExporter<OnnxFloatOptions, OnnxDetails>({
  id: 'onnx-float',
  label: 'ONNX (float)',
  fileName,
  check: (doc, options) => ((options.graph ?? doc.graph).nodes.length === 0 ? ['the graph is empty'] : []),
  export(doc, options) {
    try {
      const model = exportOnnxModel(options.graph ?? doc.graph, { quantized: false, name: doc.name })
      return { kind: 'file', fileName: fileName(doc), bytes: model.bytes, details: { inputs: model.inputs, outputs: model.outputs } }
    } catch (err) {
      if (err instanceof OnnxExportError) throw new ExportError(err.message)
      throw err
    }
  },
})
