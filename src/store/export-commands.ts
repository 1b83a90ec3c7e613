/**
 * Export commands: the C package of the open project as the Export dialog shows and downloads it.
 *
 * Contract:
 * - The C prefix defaults to the project name made a C identifier (`cPrefix`); a prefix the user types is accepted
 *   only when it already is one (`prefixProblem` is null), so the files, the functions and the zip's root folder carry
 *   exactly the text in the field.
 * - `checkLibrary` runs the generator's own refusal check: every reason the graph cannot be exported with a library
 *   (unsupported ops or parameters, unquantized nodes, a quantization of another scheme). The project's library is
 *   switched from the dialog only to a library the graph is valid for (`chooseExportLibrary`).
 * - `buildCPackage` is `generateCPackage` with the dialog's options (prefix, test vectors, their seed), or the list of
 *   reasons. Pure: the same document and options give the same files.
 */
import { cPrefix } from '../core/kernels/c-syntax.ts'
import type { CPackageFiles } from '../core/codegen/c/generate-package.ts'
import { generateCPackage } from '../core/codegen/c/generate-package.ts'
import type { PackageModel } from '../core/codegen/c/package-model.ts'
import { buildPackageModel, ExportRefusedError } from '../core/codegen/c/package-model.ts'
import { zipPackage } from '../core/codegen/c/zip-package.ts'
import { exportOnnx } from '../core/formats/onnx/export-onnx.ts'
import type { ProjectDoc } from '../core/ir/project.ts'
import type { Graph } from '../core/ir/types.ts'
import { getLibrary } from '../core/vendors/registry.ts'
import type { VendorLibrary } from '../core/vendors/types.ts'
import { resolveLibrary } from './editor-commands.ts'
import type { EditorState, EditorStore } from './editor-store.ts'
import type { ExportSettings } from './export-slice.ts'
import { floatSourceOf, isQuantized, onnxFileBase } from './quantize-commands.ts'

/** The generator keeps prefixes to this many characters. */
export const MAX_PREFIX_LENGTH = 32
/** Test vectors the generator accepts. */
export const MIN_VECTORS = 1
export const MAX_VECTORS = 16

/** The prefix a project gets unless the user types one: its name as a C identifier ('Digits CNN' → 'digits_cnn'). */
export function defaultPrefix(projectName: string): string {
  return cPrefix(projectName.trim() || 'model')
}

/** The prefix the package is generated with: the typed one, else the project's default. */
export function effectivePrefix(settings: ExportSettings, projectName: string): string {
  return settings.prefix ?? defaultPrefix(projectName)
}

/** Null when `text` can be the package prefix as it is, else one sentence with a valid suggestion. */
export function prefixProblem(text: string): string | null {
  if (text === '') return 'Enter a prefix: a C identifier such as model.'
  const fixed = cPrefix(text)
  if (fixed === text) return null
  if (text.length > MAX_PREFIX_LENGTH) return `At most ${MAX_PREFIX_LENGTH} characters (this one has ${text.length}).`
  if (!/^[a-z][a-z0-9_]*$/.test(text)) return `Use lower-case letters, digits and _, starting with a letter (e.g. ${fixed}).`
  if (fixed === `${text}_model`) return `${text} is a C keyword or a name the runtime or C library owns (e.g. ${fixed}).`
  return `Use single underscores between words and none at the end (e.g. ${fixed}).`
}

/** Whether the graph exports with a library: its package model, or every reason it does not. */
export type LibraryCheck = { ok: true; model: PackageModel } | { ok: false; reasons: string[] }

export function checkLibrary(graph: Graph, library: VendorLibrary): LibraryCheck {
  try {
    return { ok: true, model: buildPackageModel(graph, library) }
  } catch (err) {
    if (err instanceof ExportRefusedError) return { ok: false, reasons: err.reasons }
    throw err
  }
}

/** Figures of a generated package, for the dialog's summary line. */
export interface CPackageFigures {
  files: number
  /** Sum of the files' sizes (UTF-8). */
  bytes: number
  arenaBytes: number
  scratchBytes: number
  /** Weights, biases and per-channel requantization constants, as const arrays. */
  weightBytes: number
  kernels: number
  inputBytes: number
  outputBytes: number
}

export type CPackageBuild =
  | { kind: 'ready'; prefix: string; library: VendorLibrary; files: CPackageFiles; figures: CPackageFigures }
  | { kind: 'refused'; library: VendorLibrary | undefined; reasons: string[] }

/** The project's C package with the dialog's options; `prefix` must be valid (see prefixProblem). */
export function buildCPackage(doc: ProjectDoc, prefix: string, settings: Pick<ExportSettings, 'vectors' | 'seed'>): CPackageBuild {
  const library = getLibrary(doc.library)
  if (!library) return { kind: 'refused', library, reasons: [`the project uses library '${doc.library}', which this TinyForge does not know`] }
  const problem = prefixProblem(prefix)
  if (problem) throw new RangeError(`buildCPackage: invalid prefix '${prefix}': ${problem}`)
  const check = checkLibrary(doc.graph, library)
  if (!check.ok) return { kind: 'refused', library, reasons: check.reasons }
  const files = generateCPackage(doc.graph, { prefix, library, title: doc.name, vectors: settings.vectors, seed: settings.seed })
  const encoder = new TextEncoder()
  let bytes = 0
  for (const content of files.values()) bytes += typeof content === 'string' ? encoder.encode(content).length : content.byteLength
  const { model } = check
  let weightBytes = 0
  for (const n of model.nodes) {
    for (const t of Object.values(n.prepared.weights)) weightBytes += t.byteLength
    const q = n.prepared.opData as { scheme?: string; multipliers?: number[] }
    if (n.prepared.op !== 'Input' && q.scheme === 's8' && Array.isArray(q.multipliers)) weightBytes += q.multipliers.length * 8
  }
  return {
    kind: 'ready', prefix, library, files,
    figures: {
      files: files.size, bytes, arenaBytes: model.plan.arenaBytes, scratchBytes: model.scratchBytes, weightBytes,
      kernels: model.kernels.length, inputBytes: model.inputBytes, outputBytes: model.outputBytes,
    },
  }
}

/** The package as the browser downloads it: `<prefix>.zip` holding the `<prefix>/` folder. */
export function cPackageZip(prefix: string, files: CPackageFiles): { fileName: string; bytes: Uint8Array } {
  return { fileName: `${prefix}.zip`, bytes: zipPackage(files, prefix) }
}

/**
 * Switches the project to `libraryId` when its graph exports with that library; otherwise changes nothing and
 * returns the reasons (an unknown id is one reason).
 */
export function chooseExportLibrary(store: EditorStore, libraryId: string): string[] {
  const library = getLibrary(libraryId)
  if (!library) return [`unknown library '${libraryId}'`]
  const s = store.getState()
  if (library.id === s.doc.library) return []
  const check = checkLibrary(s.doc.graph, library)
  if (!check.ok) return check.reasons
  s.setLibrary(library.id)
  return []
}

/**
 * The ONNX file of the open project for the Export dialog: 'qdq' from the quantized graph with the library's scheme,
 * 'float' from its float source (see floatSourceOf). An error is one sentence, shown in the dialog.
 */
export function onnxExportFile(s: EditorState, form: 'qdq' | 'float'): { fileName: string; bytes: Uint8Array } | { error: string } {
  const { graph, name, library } = s.doc
  const base = onnxFileBase(name)
  try {
    if (form === 'qdq') {
      if (!isQuantized(graph)) return { error: 'The QDQ ONNX needs a quantized graph; quantize it first.' }
      return { fileName: `${base}.int8.onnx`, bytes: exportOnnx(graph, { quantized: true, scheme: resolveLibrary(library).scheme, name }) }
    }
    return { fileName: `${base}.onnx`, bytes: exportOnnx(floatSourceOf(graph, s.quantizeJob.result).graph, { quantized: false, name }) }
  } catch (err) {
    const text = err instanceof Error ? err.message : String(err)
    return { error: `Could not export the ${form === 'qdq' ? 'QDQ' : 'float'} ONNX: ${text.split('\n')[0]}` }
  }
}
