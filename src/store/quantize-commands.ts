/**
 * Quantize & validate commands: start and cancel the job, choose calibration files, and build the ONNX downloads.
 *
 * Contract:
 * - A run quantizes the graph's float source (floatSourceOf): the graph itself when it is float; the float graph the
 *   last run quantized when the document still holds that run's network (names, positions and per-layer weight
 *   precision — int4 — may have changed; the run honours the current precision), also across layers set to int16 or
 *   back (their boundary Quantize nodes come and go: acrossInt16Edits);
 *   otherwise — an imported int8 model, a reloaded quantized project — the graph's dequantized weights.
 * - Success replaces the document as ONE undo step ("Quantize (s8, minmax)"), keeping the current names and
 *   positions; a scheme other than the library's switches the project to the first library of that scheme (as
 *   `tinyforge quantize`), in the same step. Undo brings the previous graph and library back.
 * - A failed or cancelled run, or one whose graph was edited meanwhile, changes nothing in the document.
 */
// The ONNX exporters themselves, not the registry: this module loads with the designer, the C generator with the Export dialog.
import { INT16_BOUNDARY } from '../core/analysis/precision-changes.ts'
import { projectRounding } from '../core/ir/project.ts'
import { isQuantized, projectFileBase } from '../core/formats/exporters/exporter.ts'
import { ONNX_FLOAT_EXPORTER } from '../core/formats/exporters/onnx-float.ts'
import { ONNX_QDQ_EXPORTER } from '../core/formats/exporters/onnx-qdq.ts'
import type { ExportOutput } from '../core/formats/exporters/exporter.ts'
import type { Graph, GraphNode } from '../core/ir/types.ts'
import type { QuantScheme } from '../core/quant/scheme.ts'
import { LIBRARIES } from '../core/vendors/registry.ts'
import type { VendorLibrary } from '../core/vendors/types.ts'
import { classFolders, usableImages } from '../workers/calibration-files.ts'
import type { JobRunner } from '../workers/jobs.ts'
import type { DataFileRef, DataSource, QuantizeJobInput } from '../workers/quantize-protocol.ts'
import { resolveLibrary } from './editor-commands.ts'
import type { EditorState, EditorStore } from './editor-store.ts'
import { cancelJob, startJob } from './job-commands.ts'
import type { FloatSourceKind, QuantizeOutcome } from './jobs-slice.ts'
import { jobOf } from './jobs-slice.ts'

export { isQuantized }

/** Undo label of a quantization. */
export function quantizeLabel(scheme: QuantScheme, method: string): string {
  return `Quantize (${scheme}, ${method})`
}

/** The scheme a run uses: the panel's choice, else the project library's. */
export function effectiveScheme(s: EditorState): QuantScheme {
  return s.quantizeSettings.scheme ?? resolveLibrary(s.doc.library).scheme
}

/** The project's library when it has `scheme`, else the first registered library of that scheme. */
export function libraryForScheme(currentId: string, scheme: QuantScheme): VendorLibrary {
  const current = resolveLibrary(currentId)
  if (current.scheme === scheme) return current
  const lib = LIBRARIES.find((l) => l.scheme === scheme)
  if (!lib) throw new Error(`no library implements the ${scheme} scheme`)
  return lib
}

/**
 * Same nodes (ids, ops, attrs, constants, quantization — by identity; the weight precision) and edges; names and
 * positions may differ. With `precisionChanges`, a node whose weight precision changed may also have other constants
 * (an int8 layer set to int4 is requantized in place): the float source of the last run still describes it.
 */
export function sameNetwork(a: Graph, b: Graph, options: { precisionChanges?: boolean } = {}): boolean {
  if (a === b) return true
  if (a.seed !== b.seed || a.nodes.length !== b.nodes.length || a.edges.length !== b.edges.length) return false
  const sameNode = (x: GraphNode, y: GraphNode) => {
    const precisionDiffers = (x.precision?.weights ?? 'int8') !== (y.precision?.weights ?? 'int8')
    if (precisionDiffers && !options.precisionChanges) return false
    return x.id === y.id && x.op === y.op && x.attrs === y.attrs && (precisionDiffers || x.weights === y.weights) && x.quant === y.quant
  }
  if (!a.nodes.every((n, i) => sameNode(n, b.nodes[i]))) return false
  return a.edges.every((e, i) => {
    const f = b.edges[i]
    return e.id === f.id && e.source === f.source && e.target === f.target && e.targetPort === f.targetPort
  })
}

/** The float graph a run starts from and the float ONNX exports (see the file comment). */
export function floatSourceOf(graph: Graph, last: QuantizeOutcome | null): { graph: Graph; kind: FloatSourceKind } {
  if (!isQuantized(graph)) {
    // A layer set to int16 after a run adds Quantize nodes without quantization: the graph reads as not quantized.
    const kept = last ? acrossInt16Edits(graph, last) : undefined
    return kept ? { graph: kept, kind: 'last-run' } : { graph, kind: 'float' }
  }
  if (last && sameNetwork(graph, last.applied, { precisionChanges: true })) {
    const byId = new Map(graph.nodes.map((n) => [n.id, n]))
    const nodes = last.source.nodes.map((n): GraphNode => {
      const now = byId.get(n.id)
      if (!now) return n
      const { precision: _old, ...rest } = n
      return { ...rest, name: now.name, position: now.position, ...(now.precision ? { precision: now.precision } : {}) }
    })
    return { graph: { ...last.source, nodes }, kind: 'last-run' }
  }
  const kept = last ? acrossInt16Edits(graph, last) : undefined
  if (kept) return { graph: kept, kind: 'last-run' }
  return { graph, kind: 'dequantized' }
}

/**
 * The last run's float source under the current graph when the only edits since are layers set to (or back from) int16:
 * the Quantize nodes that marking inserts or removes (`source.op` INT16_BOUNDARY, no constants) and the `activations`
 * marks, besides what sameNetwork allows (names, positions, weight precision). Every other node must be the last run's
 * (same op, attrs and constants, or only its weight precision changed); it takes the float constants of the last run's
 * source and loses its quantization. Undefined otherwise.
 */
function acrossInt16Edits(graph: Graph, last: QuantizeOutcome): Graph | undefined {
  if (graph.seed !== last.applied.seed) return undefined
  const isBoundary = (n: GraphNode) => n.op === 'Quantize' && n.source?.op === INT16_BOUNDARY && !n.weights
  const applied = new Map(last.applied.nodes.map((n) => [n.id, n]))
  const source = new Map(last.source.nodes.map((n) => [n.id, n]))
  const current = new Set(graph.nodes.map((n) => n.id))
  if (last.applied.nodes.some((n) => !current.has(n.id) && !isBoundary(n))) return undefined
  const nodes: GraphNode[] = []
  for (const n of graph.nodes) {
    const { quant: _q, ...rest } = n
    const was = applied.get(n.id)
    const float = source.get(n.id)
    if (!was || !float) {
      if (!isBoundary(n)) return undefined
      nodes.push(rest)
      continue
    }
    const precisionDiffers = (n.precision?.weights ?? 'int8') !== (was.precision?.weights ?? 'int8')
    if (n.op !== was.op || n.attrs !== was.attrs || (!precisionDiffers && n.weights !== was.weights)) return undefined
    const { weights: _w, ...bare } = rest
    nodes.push({ ...bare, ...(float.weights ? { weights: float.weights } : {}) })
  }
  return { ...graph, nodes }
}

/** `current` with the constants and output quantization of `quantized` (same node ids). */
export function mergeQuantized(current: Graph, quantized: Graph): Graph {
  const byId = new Map(quantized.nodes.map((n) => [n.id, n]))
  const nodes = current.nodes.map((n) => {
    const q = byId.get(n.id)
    if (!q) throw new Error(`the quantized graph lacks node ${n.id}`)
    return { ...n, ...(q.weights ? { weights: q.weights } : {}), quant: q.quant }
  })
  return { ...current, nodes }
}

/** The job's data from the settings, or a one-line reason why there is none yet. */
export function dataSourceOf(s: EditorState): DataSource | string {
  const q = s.quantizeSettings
  if (q.data === 'synthetic') return { kind: 'synthetic', count: q.syntheticCount, seed: q.seed }
  if (q.data === 'images') return q.images ? { kind: 'images', files: q.images.files, folder: q.images.label } : 'Choose a folder of images first.'
  return q.npy ? { kind: 'npy', files: q.npy.files } : 'Choose one or more .npy files first.'
}

/** Starts a run on the current document; false (with the reason in the panel) when it cannot start. */
export function startQuantize(store: EditorStore, runner: JobRunner): boolean {
  const s = store.getState()
  const job = jobOf(s, 'quantize')
  if (job.status === 'running') return false
  const startGraph = s.doc.graph
  const fail = (error: string): false => {
    store.getState().patchJob('quantize', { status: 'failed', progress: null, error })
    return false
  }
  if (startGraph.nodes.length === 0) return fail('The graph is empty; add or import a model first.')
  const data = dataSourceOf(s)
  if (typeof data === 'string') return fail(data)
  const source = floatSourceOf(startGraph, job.result)
  const input: QuantizeJobInput = {
    graph: source.graph, scheme: effectiveScheme(s), method: s.quantizeSettings.method, data, compareSchemes: true,
    ort: s.quantizeSettings.ort, name: s.doc.name, engine: s.quantizeSettings.engine, rounding: projectRounding(s.doc),
  }
  let notice = ''
  startJob(store, runner, 'quantize', input, {
    progress: { done: 0, total: 1, label: 'Starting' },
    settle(result) {
      const now = store.getState()
      if (now.doc.graph !== startGraph) return { error: 'The graph changed during the run, so its quantization was not applied; run again.' }
      const applied = mergeQuantized(startGraph, result.graph)
      const library = libraryForScheme(now.doc.library, result.scheme)
      const previous = resolveLibrary(now.doc.library)
      now.replaceDoc({ ...now.doc, library: library.id, graph: applied }, quantizeLabel(result.scheme, result.method))
      const switched = library.id !== previous.id ? ` Library ${previous.name} → ${library.name}.` : ''
      notice = `Quantized with ${result.scheme} (${result.method}) on ${result.data.description}.${switched} Undo (Ctrl+Z) brings back the previous graph.`
      return { outcome: { ...result, graph: applied, source: source.graph, sourceKind: source.kind, applied } }
    },
    afterDone: () => store.getState().showNotice('info', notice),
  })
  return true
}

/** Stops a running job at once; the document is left exactly as it was. */
export function cancelQuantize(store: EditorStore): void {
  cancelJob(store, 'quantize')
}

/** Chooses a folder of images (paths below the folder); refuses one without images and keeps the previous choice. */
export function chooseImageFolder(store: EditorStore, folder: string, files: readonly DataFileRef[]): boolean {
  const s = store.getState()
  const images = usableImages(files)
  if (images.length === 0) {
    s.setQuantizeSettings({ dataError: `The folder ${folder ? `'${folder}' ` : ''}holds no images (.png, .jpg, .gif, .bmp, .webp).` })
    return false
  }
  const classes = classFolders(files)
  s.setQuantizeSettings({ data: 'images', images: { files, label: folder, usable: images.length, ...(classes ? { classes } : {}) }, dataError: null })
  return true
}

/** Chooses .npy files; refuses a choice with other files and keeps the previous one. */
export function chooseNpyFiles(store: EditorStore, files: readonly DataFileRef[]): boolean {
  const s = store.getState()
  const other = files.find((f) => !/\.npy$/i.test(f.path))
  if (files.length === 0 || other) {
    s.setQuantizeSettings({ dataError: other ? `${other.path} is not a .npy file.` : 'No .npy files were chosen.' })
    return false
  }
  const label = files.length === 1 ? files[0].path : `${files.length} .npy files`
  s.setQuantizeSettings({ data: 'npy', npy: { files, label, usable: files.length }, dataError: null })
  return true
}

/**
 * The ONNX download of the current document (exporters onnx-qdq / onnx-float): 'qdq' needs a quantized graph (exported
 * with the library's scheme), 'float' exports the float source. Null with a one-line error notice when it cannot be built.
 */
export function onnxDownload(store: EditorStore, form: 'qdq' | 'float'): { fileName: string; bytes: Uint8Array } | null {
  const s = store.getState()
  const { doc } = s
  try {
    if (form === 'qdq') {
      if (ONNX_QDQ_EXPORTER.check(doc, {}).length > 0) {
        s.showNotice('error', 'Could not export the QDQ ONNX: the graph is not quantized; run Quantize & validate first')
        return null
      }
      return oneFile(ONNX_QDQ_EXPORTER.export(doc, {}))
    }
    return oneFile(ONNX_FLOAT_EXPORTER.export(doc, { graph: floatSourceOf(doc.graph, jobOf(s, 'quantize').result).graph }))
  } catch (err) {
    const text = err instanceof Error ? err.message : String(err)
    s.showNotice('error', `Could not export the ${form === 'qdq' ? 'QDQ' : 'float'} ONNX: ${text.split('\n')[0]}`)
    return null
  }
}

function oneFile(output: ExportOutput<unknown>): { fileName: string; bytes: Uint8Array } {
  if (output.kind !== 'file') throw new Error('an ONNX exporter gives one file')
  return { fileName: output.fileName, bytes: output.bytes }
}

/** The project name as a file name base ('mnist-8'; characters files cannot hold become '-'; empty → 'untitled'). */
export const onnxFileBase = projectFileBase
