/**
 * Model import: the registry of model formats (one line each) and `importModel`, which turns the bytes
 * of a model file into a laid-out project document mapped onto a vendor library, plus the report of
 * what every source operator became. Formats follow the Netron-style contract of import/import-types.ts.
 *
 * Contract: a file that cannot be imported throws ImportError (one sentence, `kind` for callers); any
 * other failure while reading a malformed file is converted into ImportError 'corrupt', so callers never
 * see a stack trace for bad input. An importable model with unsupported parts imports, with those parts
 * as marked nodes and error diagnostics in the report.
 */
import { analyzeGraph } from '../analysis/analyze-graph.ts'
import { applyChanges } from '../ir/changes.ts'
import { diagnostic } from '../ir/diagnostics.ts'
import type { ProjectDoc } from '../ir/project.ts'
import { autoLayout } from '../layout/auto-layout.ts'
import { DEFAULT_LIBRARY_ID, LIBRARIES, getLibrary } from '../vendors/registry.ts'
import { ImportError, MAX_MODEL_BYTES } from './import/import-error.ts'
import type { ImportReport, ModelFormat } from './import/import-types.ts'
import { keepS16ActivationsAtInt16 } from './import/s16-islands.ts'
import { onnxFormat } from './onnx/onnx-format.ts'
import { tfliteFormat } from './tflite/tflite-format.ts'

export { ImportError } from './import/import-error.ts'
export type { ImportErrorKind } from './import/import-error.ts'
export type { ImportEntry, ImportReport, ImportSource, ImportStatus, ModelFormat } from './import/import-types.ts'

export const MODEL_FORMATS: readonly ModelFormat[] = [
  tfliteFormat,
  onnxFormat,
]

/** File extensions the importer opens (for file choosers), e.g. ['.tflite', '.onnx']. */
export const MODEL_EXTENSIONS: readonly string[] = MODEL_FORMATS.flatMap((f) => f.extensions)

export interface ImportOptions {
  /** Vendor library id (vendors/registry.ts); default 'cmsis-nn'. */
  library?: string
}

export interface ImportResult {
  doc: ProjectDoc
  report: ImportReport
}

/** Well-known content that users drop by mistake, named in the error. */
const KNOWN_CONTENT: [string, (b: Uint8Array) => boolean][] = [
  ['a PNG image', (b) => b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47],
  ['a JPEG image', (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff],
  ['a ZIP archive (a Keras or PyTorch checkpoint?)', (b) => b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04],
  ['an HDF5 file (a Keras .h5 model; convert it to .tflite or .onnx)', (b) => b[0] === 0x89 && b[1] === 0x48 && b[2] === 0x44 && b[3] === 0x46],
  ['a TinyForge project (open it with File › Open instead)', (b) => /"format"\s*:\s*"tinyforge-project"/.test(textHead(b))],
  ['a JSON document', (b) => /^\s*[[{]/.test(textHead(b))],
  ['a text file', (b) => /^[\t\n\r\x20-\x7e]*$/.test(textHead(b))],
]

function textHead(bytes: Uint8Array): string {
  return new TextDecoder('utf-8', { fatal: false }).decode(bytes.subarray(0, 256))
}

function extensionOf(fileName: string): string {
  const m = /\.[^./\\]+$/.exec(fileName.toLowerCase())
  return m ? m[0] : ''
}

/** The format that reads these bytes; throws ImportError when none does. */
export function detectFormat(bytes: Uint8Array, fileName: string): ModelFormat {
  if (bytes.length === 0) throw new ImportError('empty', 'the file is empty')
  if (bytes.length > MAX_MODEL_BYTES) {
    throw new ImportError('too-large', `the file is ${(bytes.length / 2 ** 20).toFixed(0)} MiB; models up to ${MAX_MODEL_BYTES / 2 ** 20} MiB are imported`)
  }
  const format = MODEL_FORMATS.find((f) => f.match(bytes, fileName))
  if (format) return format
  const byExtension = MODEL_FORMATS.find((f) => f.extensions.includes(extensionOf(fileName)))
  const known = KNOWN_CONTENT.find(([, test]) => test(bytes))?.[0]
  const names = MODEL_FORMATS.map((f) => f.name).join(' or ')
  if (byExtension) {
    throw new ImportError('unknown-format',
      `the file is named ${extensionOf(fileName)} but is not ${article(byExtension.name)} ${byExtension.name} model${known ? `; it is ${known}` : ''}`)
  }
  throw new ImportError('unknown-format', `not ${article(names)} ${names} model${known ? `; it is ${known}` : ''}`)
}

const article = (word: string): string => (/^[AEIOU]/i.test(word) ? 'an' : 'a')

export function importModel(bytes: Uint8Array, fileName: string, options: ImportOptions = {}): ImportResult {
  const libraryId = options.library ?? DEFAULT_LIBRARY_ID
  const library = getLibrary(libraryId)
  if (!library) {
    throw new ImportError('unknown-library', `unknown library '${libraryId}' (known: ${LIBRARIES.map((l) => l.id).join(', ')})`)
  }
  const format = detectFormat(bytes, fileName)
  let opened
  try {
    opened = format.open(bytes, fileName)
  } catch (err) {
    if (err instanceof ImportError) throw err
    throw new ImportError('corrupt', `the ${format.name} file could not be read (${err instanceof Error ? err.message : String(err)})`)
  }
  const mapped = keepS16ActivationsAtInt16(opened.graph, opened.entries)
  const graph = applyChanges(mapped, autoLayout(mapped)).graph
  const diagnostics = [...opened.diagnostics]
  const ext = extensionOf(fileName)
  if (ext && !format.extensions.includes(ext) && MODEL_FORMATS.some((f) => f.extensions.includes(ext))) {
    diagnostics.push(diagnostic('warning', 'import', {}, `the file is named ${ext} but holds ${article(format.name)} ${format.name} model; it was imported as such`))
  }
  diagnostics.push(...analyzeGraph(graph, library).diagnostics)
  return {
    doc: { name: opened.name, library: library.id, graph, targets: [] },
    report: { format: format.id, source: opened.source, entries: opened.entries, diagnostics },
  }
}
