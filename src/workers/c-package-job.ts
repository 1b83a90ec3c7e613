/**
 * The C package job: the project's embedded C package with the Export dialog's options, generated off the UI thread by
 * the registry's C package exporter (core/formats/exporters/c-package.ts — the one `tinyforge export --c` runs), so the
 * dialog and the CLI give the same bytes. One package model per run. With `zip`, the package's zip (`<prefix>.zip`,
 * a `<prefix>/` root) comes back too, for the download.
 * A graph the generator refuses is a result ('refused', with every reason), not a failure; a failure is a bug.
 */
import { EXPORTERS, ExportError, exportedFile } from '../core/formats/exporters.ts'
import { cPrefix } from '../core/kernels/c-syntax.ts'
import type { CPackageFigures } from '../core/codegen/c/c-export.ts'
import type { ProjectDoc } from '../core/ir/project.ts'
import { defineJob } from './job-protocol.ts'

export interface CPackageJobInput {
  /** The project (its name is the package title; `targets` are not used). */
  doc: ProjectDoc
  /** A C identifier (the dialog checks it as typed); anything else fails the job. */
  prefix: string
  /** Embedded test vectors (1..16) and their seed. */
  vectors: number
  seed: number
  /** Also zip the package. */
  zip?: boolean
}

export type CPackageJobResult =
  | { kind: 'ready'; prefix: string; libraryId: string; files: Map<string, Uint8Array | string>; figures: CPackageFigures; zip?: Uint8Array }
  | { kind: 'refused'; libraryId: string; reasons: string[] }

/** The job's work, on the calling thread; `onStep` reports its steps. */
export function generateCPackageResult(input: CPackageJobInput, onStep?: (done: number, total: number, label: string) => void): CPackageJobResult {
  const { doc, prefix } = input
  if (cPrefix(prefix) !== prefix) throw new RangeError(`the C prefix must be a C identifier, got '${prefix}'`)
  const steps = input.zip ? 3 : 2
  let output
  try {
    output = EXPORTERS['c-package'].export(doc, { prefix, vectors: input.vectors, seed: input.seed,
      onStep: (done, _total, label) => { if (done < 2) onStep?.(done, steps, label) } })
  } catch (err) {
    if (err instanceof ExportError) return { kind: 'refused', libraryId: doc.library, reasons: [...err.reasons] }
    throw err
  }
  if (output.kind !== 'files') throw new Error('the C package exporter gives files')
  let zip: Uint8Array | undefined
  if (input.zip) {
    onStep?.(2, steps, 'Zipping the package')
    zip = exportedFile(output).bytes
  }
  onStep?.(steps, steps, 'Done')
  const { details } = output
  return { kind: 'ready', prefix: details.prefix, libraryId: details.library.id, files: output.files, figures: details.figures, ...(zip ? { zip } : {}) }
}

export const cPackageJob = defineJob<CPackageJobInput, CPackageJobResult>({
  run: (input, ctx) => generateCPackageResult(input, (done, total, label) => ctx.progress(done, total, label)),
})
