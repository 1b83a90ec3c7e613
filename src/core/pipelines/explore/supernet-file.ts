/**
 * Reading a supernet weights file (`.npz` written by the supernet project's train_supernet.py, python/supernet.py):
 * super/<node id>/<name> float32 arrays and `metadata` (UTF-8 JSON {format: 'tinyforge-supernet', version: 1,
 * family: {id, fingerprint}, scheme, training}) and, when it was trained with BatchNorm, bn/<variant key>/<node id>/scale
 * and /shift (each variant's recalibrated fold, supernet.ts `foldBatchnorm`). Every problem is one sentence (FamilyError). And the int8 model of
 * an extracted variant: activation ranges by min/max over calibration samples (the float engine), quantized by
 * quantizeGraphFromRanges — the same rule the Python side applies to the same ranges (derive_int8).
 */
import { runFloat } from '../../engine/float-engine.ts'
import { NpzError, decodeNpz } from '../../formats/pytorch/npz.ts'
import type { Graph } from '../../ir/types.ts'
import type { QuantScheme } from '../../quant/scheme.ts'
import type { ActivationRange } from '../ptq-ranges.ts'
import { quantizeGraphFromRanges } from '../ptq-ranges.ts'
import { FamilyError } from './family.ts'
import type { BatchnormFold, SupernetWeights } from './supernet.ts'
import { SUPERNET_FORMAT } from './supernet.ts'

export interface SupernetFile extends SupernetWeights {
  training: unknown
}

export function readSupernetFile(bytes: Uint8Array, name: string): SupernetFile {
  let arrays
  try {
    arrays = decodeNpz(bytes, name)
  } catch (err) {
    if (err instanceof NpzError) throw new FamilyError(`${name} is not a supernet file (${err.message})`)
    throw err
  }
  const metaArray = arrays.get('metadata')
  if (!metaArray) throw new FamilyError(`${name} has no metadata, so it is not a TinyForge supernet file`)
  let meta: { format?: string; version?: number; family?: { id?: string; fingerprint?: string }; training?: unknown }
  try {
    meta = JSON.parse(new TextDecoder().decode(Uint8Array.from(metaArray.data as ArrayLike<number>)))
  } catch {
    throw new FamilyError(`${name} has corrupt metadata (not UTF-8 JSON)`)
  }
  if (meta.format !== SUPERNET_FORMAT) {
    throw new FamilyError(`${name} is not a supernet file (its format is '${String(meta.format)}'${meta.format === 'tinyforge-weights' ? ': a weights file of one project' : ''})`)
  }
  if (meta.version !== 1) throw new FamilyError(`${name} is supernet file version ${String(meta.version)}; this TinyForge reads version 1`)
  if (typeof meta.family?.id !== 'string' || typeof meta.family.fingerprint !== 'string') throw new FamilyError(`${name} does not name its family`)
  const tensors = new Map<string, { shape: number[]; data: Float32Array }>()
  const folds = new Map<string, Map<string, BatchnormFold>>()
  for (const [key, a] of arrays) {
    const parts = key.split('/')
    if (parts[0] !== 'super' && parts[0] !== 'bn') continue
    if (a.dtype !== 'float32') throw new FamilyError(`${name}: ${key} is ${a.dtype}, not float32`)
    if (parts[0] === 'super') {
      tensors.set(key.slice('super/'.length), { shape: [...a.shape], data: a.data as Float32Array })
    } else if (parts.length === 4 && parts[3] === 'scale') {
      const shift = arrays.get(`bn/${parts[1]}/${parts[2]}/shift`)
      if (!shift || shift.dtype !== 'float32' || shift.data.length !== a.data.length) throw new FamilyError(`${name}: ${key} has no matching float32 shift`)
      const variant = folds.get(parts[1]) ?? folds.set(parts[1], new Map()).get(parts[1])!
      variant.set(parts[2], { scale: a.data as Float32Array, shift: shift.data as Float32Array })
    }
  }
  return { family: { id: meta.family.id, fingerprint: meta.family.fingerprint }, tensors, folds, training: meta.training ?? null }
}

/** Every node's output range (min, max) over raw samples, by the float engine. */
export function calibrationRanges(graph: Graph, samples: readonly Float32Array[]): Record<string, ActivationRange> {
  const inputId = graph.nodes.find((n) => n.op === 'Input')!.id
  const ranges: Record<string, ActivationRange> = {}
  for (const x of samples) {
    for (const [id, out] of runFloat(graph, { [inputId]: x }).outputs) {
      let lo = Infinity
      let hi = -Infinity
      for (const v of out) {
        if (v < lo) lo = v
        if (v > hi) hi = v
      }
      const r = ranges[id]
      ranges[id] = r ? { min: Math.min(r.min, lo), max: Math.max(r.max, hi) } : { min: lo, max: hi }
    }
  }
  return ranges
}

/** The int8 model of a float graph from calibration ranges (the rule the Python supernet uses for the same ranges). */
export function quantizeCalibrated(graph: Graph, scheme: QuantScheme, samples: readonly Float32Array[]): { graph: Graph; ranges: Record<string, ActivationRange> } {
  if (samples.length === 0) throw new FamilyError('calibration needs at least one sample')
  const ranges = calibrationRanges(graph, samples)
  return { graph: quantizeGraphFromRanges(graph, { scheme, ranges }), ranges }
}
