/**
 * PyTorch exporter: the training-ready PyTorch project (formats/pytorch/export-pytorch.ts — graph.json, weights.npz,
 * the operator twins, train.py, predict.py, README), zipped under `<name>-pytorch/` exactly as `tinyforge export
 * --pytorch x.zip` writes it. Any project the twins can run exports; a quantized one carries its int8 model as it is.
 */
import { PytorchExportError, buildGraphJson } from '../pytorch/graph-json.ts'
import { exportPytorchProject } from '../pytorch/export-pytorch.ts'
import { ExportError, defineExporter } from './exporter.ts'

export type PytorchOptions = Record<string, never>

export interface PytorchDetails {
  summary: string
  nodes: number
  /** The project's files (path → content), as in the zip under its root folder. */
  files: Map<string, Uint8Array | string>
}

const root = (doc: { name: string }): string =>
  `${(doc.name.trim() || 'model').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'model'}-pytorch`

export const PYTORCH_EXPORTER = defineExporter<PytorchOptions, PytorchDetails>({
  id: 'pytorch',
  label: 'PyTorch project (.zip)',
  fileName: (doc) => `${root(doc)}.zip`,
  check(doc) {
    try {
      buildGraphJson(doc)
      return []
    } catch (err) {
      if (err instanceof PytorchExportError) return [...err.problems]
      throw err
    }
  },
  export(doc) {
    try {
      const project = exportPytorchProject(doc)
      return { kind: 'file', fileName: `${root(doc)}.zip`, bytes: project.zip(),
        details: { summary: project.summary, nodes: project.graph.nodes.length, files: project.files } }
    } catch (err) {
      if (err instanceof PytorchExportError) throw new ExportError(err.message, err.problems)
      throw err
    }
  },
})
