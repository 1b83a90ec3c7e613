/**
 * The C package of a project document, as the CLI's `export --c` and the IDE's export dialog use it: the files,
 * the zip, and a one-line summary. The prefix defaults to the project name (sanitized, see c-syntax.ts).
 * Throws ExportRefusedError (with every reason) when the project cannot be exported.
 */
import type { ProjectDoc } from '../../ir/project.ts'
import { cPrefix } from '../../kernels/c-syntax.ts'
import type { CPackageFiles } from './generate-package.ts'
import { generateCPackage } from './generate-package.ts'
import { buildPackageModel } from './package-model.ts'
import { getLibrary } from '../../vendors/registry.ts'
import { ExportRefusedError } from './package-model.ts'
import { zipPackage } from './zip-package.ts'

export interface CExport {
  prefix: string
  files: CPackageFiles
  /** The package as a zip with a `<prefix>/` root folder. */
  zip(): Uint8Array
  /** e.g. "C package kws (cmsis-nn, s8): 29 files; arena 16000 B, scratch 1000 B, constants 24624 B". */
  summary: string
}

export function exportCProject(doc: ProjectDoc, options: { prefix?: string; vectors?: number } = {}): CExport {
  const library = getLibrary(doc.library)
  if (!library) throw new ExportRefusedError([`the project uses library '${doc.library}', which this TinyForge does not know`])
  const prefix = cPrefix(options.prefix ?? (doc.name.trim() || 'model'))
  const files = generateCPackage(doc.graph, { prefix, library, title: doc.name, vectors: options.vectors })
  const model = buildPackageModel(doc.graph, library)
  let constants = 0
  for (const n of model.nodes) for (const t of Object.values(n.prepared.weights)) constants += t.byteLength
  return {
    prefix,
    files,
    zip: () => zipPackage(files, prefix),
    summary: `C package ${prefix} (${library.id}, ${library.scheme}): ${files.size} files; arena ${model.plan.arenaBytes} B, ` +
      `scratch ${model.scratchBytes} B, weights ${constants} B; run \`make test\` and \`make test-qemu-m4\``,
  }
}
