/**
 * C package exporter: the embedded C package (codegen/c; include/, src/, runtime/, examples/, board/, Makefile,
 * CMakeLists.txt, README.md) under a `<prefix>/` root, with its figures. The prefix defaults to the project name made
 * a C identifier; a given one is made one too (cPrefix). `library` overrides the project's library (the IDE checks
 * every library with it). `check` is the generator's refusal check without generating (cPackageProblems).
 */
import { cPrefix } from '../../kernels/c-syntax.ts'
import type { CPackageFigures } from '../../codegen/c/c-export.ts'
import { buildCPackage, cPackageProblems } from '../../codegen/c/c-export.ts'
import { ExportRefusedError } from '../../codegen/c/package-model.ts'
import type { ProjectDoc } from '../../ir/project.ts'
import { projectRounding } from '../../ir/project.ts'
import { getLibrary } from '../../vendors/registry.ts'
import type { VendorLibrary } from '../../vendors/types.ts'
import { ExportError, defineExporter } from './exporter.ts'

export interface CPackageExportOptions {
  /** C identifier stem of files, functions and macros (default: the project name). */
  prefix?: string
  /** Library id instead of the project's. */
  library?: string
  /** Embedded test vectors (1..16, default 3) and their seed (default 1). */
  vectors?: number
  seed?: number
  /** Progress between the generator's steps. */
  onStep?(done: number, total: number, label: string): void
}

export interface CPackageDetails {
  prefix: string
  library: VendorLibrary
  figures: CPackageFigures
}

/** The prefix a package of `doc` gets: the given one or the project name, made a C identifier ('Digits CNN' → 'digits_cnn'). */
export function cPackagePrefix(doc: Pick<ProjectDoc, 'name'>, prefix?: string): string {
  return cPrefix(prefix ?? (doc.name.trim() || 'model'))
}

function libraryOf(doc: ProjectDoc, options: CPackageExportOptions): VendorLibrary | string {
  const id = options.library ?? doc.library
  return getLibrary(id) ?? `the project uses library '${id}', which this TinyForge does not know`
}

export const C_PACKAGE_EXPORTER = defineExporter<CPackageExportOptions, CPackageDetails>({
  id: 'c-package',
  label: 'C package (.zip)',
  fileName: (doc, options) => `${cPackagePrefix(doc, options.prefix)}.zip`,
  check(doc, options) {
    const library = libraryOf(doc, options)
    return typeof library === 'string' ? [library] : cPackageProblems(doc.graph, library)
  },
  export(doc, options) {
    const library = libraryOf(doc, options)
    try {
      if (typeof library === 'string') throw new ExportRefusedError([library])
      const pkg = buildCPackage(doc.graph, { library, prefix: cPackagePrefix(doc, options.prefix), title: doc.name,
        vectors: options.vectors, seed: options.seed, rounding: projectRounding(doc), onStep: options.onStep })
      return { kind: 'files', root: pkg.prefix, files: pkg.files, details: { prefix: pkg.prefix, library, figures: pkg.figures } }
    } catch (err) {
      if (err instanceof ExportRefusedError) throw new ExportError(err.message, err.reasons)
      throw err
    }
  },
})
