/**
 * Bringing files in: importing a model (.tflite, .onnx) and opening whatever file the user dropped.
 * An import replaces the document as ONE undo step — Undo brings the previous project back with its
 * history — keeps the project's library and compared targets, and opens the import report. A file that
 * cannot be imported leaves the project untouched and shows one line naming the problem.
 */
import { ImportError, MODEL_EXTENSIONS, importModel } from '../core/formats/import-model.ts'
import type { ImportResult } from '../core/formats/import-model.ts'
import type { ImportedWeights } from '../core/pipelines/import-weights.ts'
import { WeightsImportError, importWeights } from '../core/pipelines/import-weights.ts'
import { resolveLibrary } from './editor-commands.ts'
import type { EditorStore } from './editor-store.ts'
import { openProjectText } from './project-commands.ts'
import { withTargetsOf } from './target-commands.ts'

/** Undo label of an import. */
export const IMPORT_LABEL = 'Import model'

/** File-chooser `accept` list for models, e.g. ".tflite,.onnx". */
export const MODEL_ACCEPT = MODEL_EXTENSIONS.join(',')

/**
 * Imports model bytes into the store. Returns true on success; on failure shows
 * "Could not import <file>: <reason>" and changes nothing else.
 */
export function importModelBytes(store: EditorStore, bytes: Uint8Array, fileName: string, clock: () => number = now): boolean {
  const current = store.getState().doc
  const started = clock()
  let result: ImportResult
  try {
    result = importModel(bytes, fileName, { library: resolveLibrary(current.library).id })
  } catch (err) {
    store.getState().showNotice('error', `Could not import ${fileName}: ${importFailure(err)}`)
    return false
  }
  const elapsedMs = clock() - started
  const s = store.getState()
  s.replaceDoc(withTargetsOf(result.doc, current), IMPORT_LABEL)
  s.setLastImport({ fileName, report: result.report, elapsedMs })
  s.clearSelection()
  s.showDockTab('import')
  s.showNotice('info', `Imported ${fileName}: ${result.doc.graph.nodes.length} nodes. Undo (Ctrl+Z) brings back “${current.name}”.`)
  s.requestFitView()
  return true
}


/** What a dropped or chosen file is, by name: a project file, or (anything else) a model to import. */
export function fileKind(fileName: string): 'project' | 'model' {
  return /\.json$/i.test(fileName) ? 'project' : 'model'
}

/** Opens a dropped file: a `.json` project is opened, anything else is imported as a model. */
export function openDroppedBytes(store: EditorStore, bytes: Uint8Array, fileName: string): boolean {
  if (fileKind(fileName) === 'project') {
    const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes)
    return openProjectText(store, text, fileName)
  }
  return importModelBytes(store, bytes, fileName)
}

function importFailure(err: unknown): string {
  if (err instanceof ImportError) return err.message
  const text = err instanceof Error ? err.message : String(err)
  return `the file could not be read (${text.split('\n')[0].trim() || 'unknown error'})`
}

function now(): number {
  return typeof performance !== 'undefined' ? performance.now() : Date.now()
}

/** Undo label of a trained-weights import. */
export const TRAINED_WEIGHTS_LABEL = 'Import trained weights'

/**
 * File › Import trained weights…: a weights file written by the exported PyTorch project's train.py (.npz) onto the
 * current project (pipelines/import-weights.ts): every tensor checked by name, shape and dtype, quantized with the
 * learned ranges — ONE undo step. Any mismatch shows one line (the first mismatches) and changes nothing.
 */
export function importTrainedWeights(store: EditorStore, bytes: Uint8Array, fileName: string): boolean {
  const current = store.getState().doc
  let imported: ImportedWeights
  try {
    imported = importWeights(current, bytes, fileName)
  } catch (err) {
    const why = err instanceof WeightsImportError || err instanceof Error ? err.message : String(err)
    store.getState().showNotice('error', `Could not import ${fileName}: ${why}`)
    return false
  }
  const s = store.getState()
  s.replaceDoc(imported.doc, TRAINED_WEIGHTS_LABEL)
  const r = imported.run?.result
  s.showNotice('info', `Imported ${imported.tensors} trained tensors of ${imported.nodes} layers from ${fileName}` +
    (r ? `; int8 accuracy ${(r.int8Accuracy * 100).toFixed(2)} % on the ${r.evaluatedOn} set (train.py)` : '') + '. Undo (Ctrl+Z) brings back the previous weights.')
  return true
}
