/**
 * `importWeights(doc, bytes, fileName)`: a project with the trained weights of a weights file (weights-file.ts) —
 * a pure function the CLI and (later) the UI call; the input doc is never changed.
 *
 * 1. The file must be a readable TinyForge weights file (else WeightsImportError 'unreadable').
 * 2. Every tensor is checked against the graph by node, name, shape and dtype (float32); every weighted node must
 *    get all its tensors, every node its activation range, every SVDF / LSTM node its inner ranges by name (the op's
 *    `internalRanges`: 'state', 'cell'), and nothing may be left over. Any mismatch refuses with
 *    the list of mismatches ('mismatch'). NaN/Inf weights or ranges refuse ('bad-values'). The file's scheme must
 *    be the project library's ('scheme').
 * 3. The float weights (origin 'trained') are quantized with the learned ranges (pipelines/ptq-ranges.ts), so the int8
 *    model is the one the training's integer forward evaluated; when the file carries the int8 tensors its Python
 *    side derived, every scale, zero point and byte must agree ('int8-differs').
 * 4. The training record, when present, is validated and appended to `trainingRuns` ('bad-record').
 * The result is the quantized project (as `tinyforge quantize` produces), ready for validate and export.
 */
import type { ProjectDoc } from '../ir/project.ts'
import type { TrainingRun } from '../ir/training-run.ts'
import type { Graph, QuantParams, Tensor } from '../ir/types.ts'
import { formatShape } from '../ir/types.ts'
import { QuantError } from '../quant/kernel-params.ts'
import { getOp } from '../ops/registry.ts'
import { quantizeGraphFromRanges } from './ptq-ranges.ts'
import { getLibrary } from '../vendors/registry.ts'
import { TrainingRunError, readTrainingRun } from '../formats/project/training-runs.ts'
import type { GraphJson } from '../formats/pytorch/graph-json.ts'
import { PytorchExportError, buildGraphJson } from '../formats/pytorch/graph-json.ts'
import type { NpyArray } from '../formats/pytorch/npz.ts'
import type { WeightsFile } from '../formats/pytorch/weights-file.ts'
import { WeightsFileError, readWeightsFile } from '../formats/pytorch/weights-file.ts'

export type WeightsImportErrorKind = 'unreadable' | 'graph' | 'scheme' | 'mismatch' | 'bad-values' | 'int8-differs' | 'bad-record'

export class WeightsImportError extends Error {
  constructor(readonly kind: WeightsImportErrorKind, message: string, readonly problems: string[] = []) {
    super(message)
    this.name = 'WeightsImportError'
  }
}

export interface ImportedWeights {
  doc: ProjectDoc
  /** Weighted nodes that received trained tensors, and the training record (if any). */
  nodes: number
  tensors: number
  run?: TrainingRun
}

const LISTED = 6

/** "a; b; c (and 3 more)": the first problems of a list, for one-line messages. */
export function listProblems(problems: readonly string[]): string {
  const head = problems.slice(0, LISTED).join('; ')
  return problems.length > LISTED ? `${head} (and ${problems.length - LISTED} more)` : head
}

export function importWeights(doc: ProjectDoc, bytes: Uint8Array, fileName: string): ImportedWeights {
  let file: WeightsFile
  try {
    file = readWeightsFile(bytes, fileName)
  } catch (err) {
    if (err instanceof WeightsFileError) throw new WeightsImportError('unreadable', err.message)
    throw err
  }
  let graph: GraphJson
  try {
    graph = buildGraphJson(doc)
  } catch (err) {
    if (err instanceof PytorchExportError) throw new WeightsImportError('graph', `the project's graph cannot take weights: ${listProblems(err.problems)}`)
    throw err
  }
  const scheme = getLibrary(doc.library)!.scheme
  if (file.meta.graph.scheme !== scheme) {
    throw new WeightsImportError('scheme', `${fileName} was trained for the ${file.meta.graph.scheme} scheme but the project's library ` +
      `${doc.library} uses ${scheme}`)
  }
  const floats = checkAgainstGraph(file, graph, fileName)
  const ranges: Record<string, { min: number; max: number }> = {}
  for (const [id, [min, max]] of Object.entries(file.meta.ranges)) ranges[id] = { min, max }
  const internal = Object.fromEntries(Object.entries(file.meta.internal).map(([id, names]) =>
    [id, Object.fromEntries(Object.entries(names).map(([k, [min, max]]) => [k, { min, max }]))]))
  let run: TrainingRun | undefined
  if (file.meta.training !== null && file.meta.training !== undefined) {
    try {
      run = readTrainingRun(file.meta.training)
    } catch (err) {
      if (err instanceof TrainingRunError) throw new WeightsImportError('bad-record', `${fileName} has a malformed training record: ${err.message}`)
      throw err
    }
  }
  const trained: Graph = {
    ...doc.graph,
    nodes: doc.graph.nodes.map((n) => {
      const mine = floats.get(n.id)
      if (!mine) return { ...n, quant: undefined }
      const weights: Record<string, Tensor> = { ...n.weights }
      for (const [name, t] of mine) weights[name] = { dtype: 'float32', shape: t.shape, data: t.data as Float32Array, origin: 'trained' }
      return { ...n, weights, quant: undefined }
    }),
  }
  let quantized: Graph
  try {
    quantized = quantizeGraphFromRanges(trained, { scheme, ranges, denseWeights: file.meta.graph.denseWeights, internal })
  } catch (err) {
    if (err instanceof QuantError) throw new WeightsImportError('bad-values', `cannot quantize with ${fileName}: ${err.message}`)
    throw err
  }
  if (file.meta.int8) selfCheck(file, quantized, fileName)
  const tensors = [...floats.values()].reduce((n, m) => n + m.size, 0)
  const next: ProjectDoc = { ...doc, graph: quantized, ...(run ? { trainingRuns: [...(doc.trainingRuns ?? []), run] } : {}) }
  return { doc: next, nodes: floats.size, tensors, ...(run ? { run } : {}) }
}

/** The float tensors per node id and name, after checking every tensor and range against the graph. */
function checkAgainstGraph(file: WeightsFile, graph: GraphJson, fileName: string): Map<string, Map<string, NpyArray>> {
  const problems: string[] = []
  const byId = new Map(graph.nodes.map((n) => [n.id, n]))
  const floats = new Map<string, Map<string, NpyArray>>()
  for (const t of file.meta.tensors.filter((x) => x.kind === 'float')) {
    const node = byId.get(t.node)
    const spec = node?.weights.find((w) => w.name === t.name)
    const a = file.arrays.get(t.key)!
    if (!node) { problems.push(`${t.key}: the graph has no node '${t.node}'`); continue }
    if (!spec) { problems.push(`${t.key}: ${node.name} (${node.op}) has no tensor '${t.name}'`); continue }
    if (a.dtype !== 'float32') problems.push(`${t.key}: ${node.name} ${t.name} is ${a.dtype}, the graph needs float32`)
    else if (formatShape(a.shape) !== formatShape(spec.shape)) {
      problems.push(`${t.key}: ${node.name} ${t.name} has shape ${formatShape(a.shape)}, the graph needs ${formatShape(spec.shape)}`)
    } else {
      const mine = floats.get(t.node) ?? new Map<string, NpyArray>()
      mine.set(t.name, a)
      floats.set(t.node, mine)
    }
  }
  for (const n of graph.nodes) {
    for (const w of n.weights) {
      if (!file.meta.tensors.some((t) => t.kind === 'float' && t.node === n.id && t.name === w.name)) {
        problems.push(`float/${n.id}/${w.name}: missing (${n.name} ${w.name}, ${formatShape(w.shape)})`)
      }
    }
    if (!(n.id in file.meta.ranges)) problems.push(`ranges: missing for ${n.name} (${n.id})`)
    for (const k of getOp(n.op)?.internalRanges ?? []) {
      if (!file.meta.internal[n.id]?.[k]) problems.push(`internal: the ${k} range of ${n.name} (${n.op}) is missing`)
    }
  }
  for (const id of Object.keys(file.meta.ranges)) if (!byId.has(id)) problems.push(`ranges: the graph has no node '${id}'`)
  for (const [id, names] of Object.entries(file.meta.internal)) {
    const node = byId.get(id)
    if (!node) { problems.push(`internal: the graph has no node '${id}'`); continue }
    const known = getOp(node.op)?.internalRanges ?? []
    for (const k of Object.keys(names)) if (!known.includes(k)) problems.push(`internal: ${node.name} (${node.op}) has no inner range '${k}'`)
  }
  if (problems.length > 0) {
    throw new WeightsImportError('mismatch', `${fileName} does not fit the project's graph: ${listProblems(problems)}`, problems)
  }
  const bad: string[] = []
  for (const [id, m] of floats) {
    for (const [name, a] of m) {
      if ((a.data as Float32Array).some((v) => !Number.isFinite(v))) bad.push(`${byId.get(id)!.name} ${name} holds NaN or infinite values`)
    }
  }
  for (const [id, [lo, hi]] of Object.entries(file.meta.ranges)) {
    if (!Number.isFinite(lo) || !Number.isFinite(hi) || lo > hi) bad.push(`the range of ${byId.get(id)!.name} is [${lo}, ${hi}]`)
  }
  for (const [id, names] of Object.entries(file.meta.internal)) {
    for (const [k, [lo, hi]] of Object.entries(names)) {
      if (!Number.isFinite(lo) || !Number.isFinite(hi) || lo > hi) bad.push(`the ${k} range of ${byId.get(id)!.name} is [${lo}, ${hi}]`)
    }
  }
  if (bad.length > 0) throw new WeightsImportError('bad-values', `${fileName} cannot be used: ${listProblems(bad)}`, bad)
  return floats
}

function sameQuant(a: QuantParams | undefined, b: QuantParams | undefined): boolean {
  if (!a || !b) return a === b
  const eq = (x: readonly number[], y: readonly number[]) => x.length === y.length && x.every((v, i) => v === y[i])
  return eq(a.scale, b.scale) && eq(a.zeroPoint, b.zeroPoint) && (a.axis ?? 0) === (b.axis ?? 0)
}

/** The file's int8 model (derived by the Python twin of the quantizer) must equal TinyForge's. */
function selfCheck(file: WeightsFile, quantized: Graph, fileName: string): void {
  const problems: string[] = []
  const int8 = file.meta.int8!
  for (const node of quantized.nodes) {
    const theirs = int8[node.id]
    if (!theirs) { problems.push(`${node.name}: no int8 entry`); continue }
    if (!sameQuant(node.quant?.output, theirs.output)) problems.push(`${node.name}: output quantization differs`)
    for (const name of new Set([...Object.keys(node.quant?.state ?? {}), ...Object.keys(theirs.state ?? {})])) {
      if (!sameQuant(node.quant?.state?.[name], theirs.state?.[name])) problems.push(`${node.name}: ${name} state quantization differs`)
    }
    for (const [name, t] of Object.entries(node.weights ?? {})) {
      if (t.dtype === 'float32') continue
      const a = file.arrays.get(`int8/${node.id}/${name}`)
      if (!a) { problems.push(`${node.name} ${name}: missing int8 tensor`); continue }
      if (!sameQuant(t.quant, theirs.weights[name])) problems.push(`${node.name} ${name}: scales differ`)
      const mine = t.data
      const same = a.data.length === mine.length && a.dtype === t.dtype && (a.data as Int8Array).every((v, i) => v === mine[i])
      if (!same) problems.push(`${node.name} ${name}: int8 values differ`)
    }
  }
  if (problems.length > 0) {
    throw new WeightsImportError('int8-differs', `the int8 model in ${fileName} differs from TinyForge's quantization of its float ` +
      `weights and ranges: ${listProblems(problems)}`, problems)
  }
}
