/**
 * The weights file shared by TinyForge and the exported PyTorch project: a numpy `.npz` (npz.ts) holding
 *   float/<node id>/<name>  float32     float weights in TinyForge layouts (OHWI, 1HW(C·M), [units, K], [C])
 *   int8/<node id>/<name>   int8/int16/int32  the int8 model derived from them and the ranges (a self-check)
 *   metadata                uint8       UTF-8 JSON (WeightsMeta)
 * Python writes it (weights_file.py, after training) and TinyForge writes it (the project's current weights at
 * export). `readWeightsFile` checks the container and the metadata's own consistency; checking it against a graph
 * is import-weights.ts's job. Every problem is a WeightsFileError with one sentence.
 */
import type { QuantParams } from '../../ir/types.ts'
import type { QuantScheme } from '../../quant/scheme.ts'
import type { DenseWeights, Rounding } from './graph-json.ts'
import type { NpyArray } from './npz.ts'
import { NpzError, decodeNpz, encodeNpz } from './npz.ts'

export const WEIGHTS_FORMAT = 'tinyforge-weights'

export interface WeightsMeta {
  format: typeof WEIGHTS_FORMAT
  version: 1
  graph: { name: string; fingerprint: string; scheme: QuantScheme; rounding: Rounding; denseWeights: DenseWeights }
  tensors: { key: string; node: string; name: string; kind: 'float' | 'int8' }[]
  /** Output range [min, max] of every node. */
  ranges: Record<string, [number, number]>
  /**
   * Ranges inside the ops with their own constant rule (their `internalRanges`: SVDF 'state', LSTM 'cell'), by node id
   * and name; {} when the graph has none (absent in files written before SVDF and LSTM had twins: read as {}).
   */
  internal: Record<string, Record<string, [number, number]>>
  /** The int8 model: output, weight and (SVDF, LSTM) state quantization per node; null when the file has none. */
  int8: Record<string, { output: QuantParams; weights: Record<string, QuantParams>; state?: Record<string, QuantParams> }> | null
  /** The training record (train.py); null for an exported project's weights. */
  training: unknown
}

export interface WeightsFile {
  meta: WeightsMeta
  /** Arrays by key (`float/<id>/<name>`, `int8/<id>/<name>`). */
  arrays: Map<string, NpyArray>
}

export class WeightsFileError extends Error {}

export function encodeWeightsFile(file: WeightsFile): Uint8Array {
  const keys = [...file.arrays.keys()].sort()
  const meta = new TextEncoder().encode(JSON.stringify(file.meta))
  return encodeNpz([...keys.map((k) => [k, file.arrays.get(k)!] as const),
    ['metadata', { dtype: 'uint8', shape: [meta.length], data: meta }] as const])
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

export function readWeightsFile(bytes: Uint8Array, name: string): WeightsFile {
  let arrays: Map<string, NpyArray>
  try {
    arrays = decodeNpz(bytes, name)
  } catch (err) {
    if (err instanceof NpzError) throw new WeightsFileError(err.message)
    throw err
  }
  const metaArray = arrays.get('metadata')
  arrays.delete('metadata')
  if (!metaArray || metaArray.dtype !== 'uint8') throw new WeightsFileError(`${name} has no metadata entry, so it is not a TinyForge weights file`)
  let meta: unknown
  try {
    meta = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(metaArray.data as Uint8Array))
  } catch {
    throw new WeightsFileError(`${name} has corrupt metadata (not UTF-8 JSON)`)
  }
  if (!isRecord(meta) || meta.format !== WEIGHTS_FORMAT) throw new WeightsFileError(`${name} is not a TinyForge weights file (metadata format is not '${WEIGHTS_FORMAT}')`)
  if (meta.version !== 1) throw new WeightsFileError(`${name} is weights file version ${String(meta.version)}; this TinyForge reads version 1`)
  const bad = (what: string): never => { throw new WeightsFileError(`${name} has corrupt metadata: ${what}`) }
  const graph = meta.graph
  if (!isRecord(graph) || (graph.scheme !== 's8' && graph.scheme !== 'pow2')) bad('"graph.scheme" must be s8 or pow2')
  if (!Array.isArray(meta.tensors)) bad('"tensors" must be a list')
  for (const t of meta.tensors as unknown[]) {
    if (!isRecord(t) || typeof t.key !== 'string' || typeof t.node !== 'string' || typeof t.name !== 'string' ||
      (t.kind !== 'float' && t.kind !== 'int8')) bad('every "tensors" entry needs key, node, name and kind float|int8')
    const entry = t as { key: string }
    if (!arrays.has(entry.key)) throw new WeightsFileError(`${name} lists tensor ${entry.key} but does not hold it (truncated or corrupt)`)
  }
  if (!isRecord(meta.ranges)) bad('"ranges" must be an object of [min, max] pairs')
  for (const [id, r] of Object.entries(meta.ranges as Record<string, unknown>)) {
    if (!Array.isArray(r) || r.length !== 2 || r.some((v) => typeof v !== 'number')) bad(`the range of node '${id}' must be [min, max]`)
  }
  const internal = meta.internal ?? {}
  if (!isRecord(internal)) bad('"internal" must be an object of {name: [min, max]} per node')
  for (const [id, names] of Object.entries(internal as Record<string, unknown>)) {
    if (!isRecord(names)) bad(`the inner ranges of node '${id}' must be an object of [min, max] pairs`)
    for (const [k, r] of Object.entries(names as Record<string, unknown>)) {
      if (!Array.isArray(r) || r.length !== 2 || r.some((v) => typeof v !== 'number')) bad(`the ${k} range of node '${id}' must be [min, max]`)
    }
  }
  if (meta.int8 !== null && meta.int8 !== undefined && !isRecord(meta.int8)) bad('"int8" must be an object or null')
  return { meta: { ...(meta as unknown as WeightsMeta), internal: internal as WeightsMeta['internal'],
    int8: (meta.int8 as WeightsMeta['int8']) ?? null, training: meta.training ?? null }, arrays }
}
