/**
 * The split job: the registry's split exporter (core/formats/exporters/split.ts — the one `tinyforge split --c` runs)
 * off the UI thread, zipped for the Split panel's download: `<prefix>.zip` holding the head's C package with
 * split/tail.onnx and the chain script. A cut the exporter refuses is a result ('refused', one line), not a failure.
 */
import { EXPORTERS, ExportError, exportedFile } from '../core/formats/exporters.ts'
import type { SplitExporterOptions } from '../core/formats/exporters/split.ts'
import type { ProjectDoc } from '../core/ir/project.ts'
import { defineJob } from './job-protocol.ts'

export interface SplitJobInput {
  doc: ProjectDoc
  options: SplitExporterOptions
}

export type SplitJobResult =
  | { kind: 'ready'; fileName: string; zip: Uint8Array; summary: string }
  | { kind: 'refused'; reason: string }

export function runSplitExport(input: SplitJobInput, onStep?: (done: number, total: number, label: string) => void): SplitJobResult {
  onStep?.(0, 2, 'Generating the C head and the ONNX tail')
  let output
  try {
    output = EXPORTERS.split.export(input.doc, input.options)
  } catch (err) {
    if (err instanceof ExportError) return { kind: 'refused', reason: err.message }
    throw err
  }
  onStep?.(1, 2, 'Zipping')
  const file = exportedFile(output)
  onStep?.(2, 2, 'Done')
  return { kind: 'ready', fileName: file.fileName, zip: file.bytes, summary: output.details.summary }
}

export const splitJob = defineJob<SplitJobInput, SplitJobResult>({
  run: (input, ctx) => runSplitExport(input, (done, total, label) => ctx.progress(done, total, label)),
})
