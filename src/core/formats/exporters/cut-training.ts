/**
 * Cut-training exporter (docs/cut-training.md): the PyTorch project of the network plus one head per cut, with
 * train_cut.py and cut-plan.json (formats/cut/export-cut.ts), under a `<name>_cut_training/` root. `cuts` names the
 * cut points and their heads; `devices` (trainer ids per block) is recorded in cut-plan.json.
 */
import type { CutPoint } from '../cut/cut-layout.ts'
import { CutPlanError, buildCutLayout } from '../cut/cut-layout.ts'
import type { CutPlanJson } from '../cut/export-cut.ts'
import { exportCutProject } from '../cut/export-cut.ts'
import { PytorchExportError } from '../pytorch/graph-json.ts'
import { ExportError, defineExporter, projectFileBase } from './exporter.ts'

export interface CutTrainingOptions {
  cuts: CutPoint[]
  devices?: string[]
}

export interface CutTrainingDetails {
  plan: CutPlanJson
  summary: string
}

/** The root folder: the project name as a C identifier (zip-package.ts requires one) + '_cut_training'. */
const rootOf = (doc: { name: string }) => `${projectFileBase(doc.name).toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '') || 'model'}_cut_training`

export const CUT_TRAINING_EXPORTER = defineExporter<CutTrainingOptions, CutTrainingDetails>({
  id: 'cut-training',
  label: 'Cut training: PyTorch project (.zip)',
  fileName: (doc) => `${rootOf(doc)}.zip`,
  check(doc, options) {
    try {
      buildCutLayout(doc, options.cuts)
      return []
    } catch (err) {
      if (err instanceof CutPlanError) return [err.message]
      throw err
    }
  },
  export(doc, options) {
    try {
      const p = exportCutProject(doc, options.cuts, options.devices)
      return { kind: 'files', root: rootOf(doc), files: p.project.files,
        details: { plan: p.plan, summary: `${p.plan.blocks.length} blocks; ${p.project.summary}` } }
    } catch (err) {
      if (err instanceof CutPlanError || err instanceof PytorchExportError) throw new ExportError(err.message)
      throw err
    }
  },
})
