/**
 * Split exporter (split computing, docs/split.md): the head of the network up to a cut as the embedded C package, the
 * tail as a QDQ ONNX model reading the int8 cut tensor (split/tail.onnx), and split/run-split.mjs chaining them — all
 * under a `<prefix>/` root (formats/split/export-split.ts). `after` names the last device node (id or name); `policy`
 * says what to do where several tensors cross the cut ('single' refuses, 'all' sends them all).
 */
import type { LivePolicy } from '../split/cuts.ts'
import type { SplitExport } from '../split/export-split.ts'
import { SplitError, exportSplit, splitProblems } from '../split/export-split.ts'
import { cPrefix } from '../../kernels/c-syntax.ts'
import { ExportError, defineExporter } from './exporter.ts'

export interface SplitExporterOptions {
  after: string
  policy?: LivePolicy
  prefix?: string
  vectors?: number
  seed?: number
  toleranceLsb?: number
}

export type SplitDetails = Omit<SplitExport, 'files' | 'zip'>

const prefixOf = (doc: { name: string }, prefix?: string) => cPrefix(prefix ?? `${doc.name.trim() || 'model'}_head`)

export const SPLIT_EXPORTER = defineExporter<SplitExporterOptions, SplitDetails>({
  id: 'split',
  label: 'Split: C head + ONNX tail (.zip)',
  fileName: (doc, options) => `${prefixOf(doc, options.prefix)}.zip`,
  check: (doc, options) => splitProblems(doc, options),
  export(doc, options) {
    try {
      const { files, zip: _zip, ...details } = exportSplit(doc, { ...options, prefix: prefixOf(doc, options.prefix) })
      return { kind: 'files', root: details.prefix, files, details }
    } catch (err) {
      if (err instanceof SplitError) throw new ExportError(err.message)
      throw err
    }
  },
})
