/**
 * A family's supernet: one set of weights shared by every variant (weight sharing, as Once-for-All / BigNAS).
 * Shared tensors are keyed by the variant node id — a family node's id, or `<id>_<k>` for copy k of a repeat group —
 * so a variant with fewer copies uses a prefix of the blocks (depth). Each shared tensor has the largest shape any
 * variant needs; a variant reads a slice of it (`sliceWeight`):
 *   Conv2D OHWI [O, KH, KW, I] and DepthwiseConv2D 1HW(C) [1, KH, KW, C]: the first O (C) output and first I input
 *     channels, and the centred kh×kw window of the largest kernel (so kernels must differ by even amounts);
 *   FullyConnected [units, K]: the first units and the first K inputs (exact after global pooling; a family whose
 *     FC reads a flattened map shares only that prefix);
 *   bias [O]: the first O.
 * Resolution changes no weight (inputs are resized). A supernet trained with BatchNorm (train_supernet.py --batchnorm)
 * also holds each variant's recalibrated BatchNorm fold (scale, shift per output channel); the variant's slices are
 * folded by `foldBatchnorm` exactly as python/supernet.py folds them. The same slicing is written in Python (python/supernet.py),
 * where the supernet trains; `extractVariant` here gives any variant's float weights from a trained supernet file.
 *
 * The spec (`supernetSpec`) is what the PyTorch supernet project reads: the family's identity (id + fingerprint),
 * the shared tensors' shapes, and the variants it trains (all of a space of at most `maxVariants`, else a seeded
 * sample with the smallest and largest), each with its graph.json, MACs and the largest/smallest of them (by MACs).
 */
import { analyzeGraph } from '../../analysis/analyze-graph.ts'
import type { GraphJson } from '../../formats/pytorch/graph-json.ts'
import { buildGraphJson } from '../../formats/pytorch/graph-json.ts'
import { fnv1a } from '../../ir/seeded-init.ts'
import type { Graph, Tensor } from '../../ir/types.ts'
import { getOp } from '../../ops/registry.ts'
import { getLibrary } from '../../vendors/registry.ts'
import { explore } from './explore.ts'
import type { Family, KnobValues } from './family.ts'
import { FamilyError, describeValues, instantiate } from './family.ts'
import { pointKey } from './space.ts'

export const SUPERNET_SPEC_FORMAT = 'tinyforge-supernet-spec'
export const SUPERNET_FORMAT = 'tinyforge-supernet'

export interface SupernetVariant {
  key: string
  values: KnobValues
  macs: number
  graph: GraphJson
}

export interface SupernetSpec {
  format: typeof SUPERNET_SPEC_FORMAT
  version: 1
  family: { id: string; name: string; fingerprint: string }
  library: string
  scheme: string
  /** Shared tensors: variant node id → op and the largest shape of each constant. */
  params: Record<string, { op: string; weights: Record<string, number[]> }>
  variants: SupernetVariant[]
  /** Indices into `variants`: most and fewest MACs. */
  largest: number
  smallest: number
  /** Variants of the space the library cannot run (never silently dropped). */
  invalid: { key: string; reason: string }[]
  spaceSize: number
}

/** FNV-1a of the family's JSON: a supernet file names the family it was trained for by id and fingerprint. */
export function familyFingerprint(family: Family): string {
  return fnv1a(JSON.stringify(family)).toString(16).padStart(8, '0')
}

const SLICED = new Set(['Conv2D', 'DepthwiseConv2D', 'FullyConnected'])

function checkSlice(op: string, node: string, name: string, shape: readonly number[], full: readonly number[], variant: string): void {
  if (shape.length !== full.length) throw new FamilyError(`supernet: ${node} ${name} has rank ${shape.length} in ${variant} but ${full.length} elsewhere`)
  if ((op === 'Conv2D' || op === 'DepthwiseConv2D') && name === 'weights') {
    for (const d of [1, 2]) {
      if ((full[d] - shape[d]) % 2 !== 0) {
        throw new FamilyError(`supernet: ${node} has a ${shape[1]}×${shape[2]} kernel in ${variant} and ${full[1]}×${full[2]} elsewhere; a kernel slice must be centred (sizes differing by an even amount)`)
      }
    }
  }
}

export function supernetSpec(family: Family, options: { maxVariants?: number; seed?: number } = {}): SupernetSpec {
  const library = getLibrary(family.library)
  if (!library) throw new FamilyError(`family '${family.id}' uses unknown library '${family.library}'`)
  const result = explore(family, { targets: [], maxVariants: options.maxVariants ?? 1000, generations: 0, seed: options.seed ?? 1 })
  const valid = result.variants.filter((v) => v.ok)
  if (valid.length === 0) throw new FamilyError(`no variant of ${family.id} can run with ${family.library}`)
  const params: SupernetSpec['params'] = {}
  const variants: SupernetVariant[] = valid.map((v) => {
    const graph = buildGraphJson({ name: `${family.name}: ${describeValues(family, v.values)}`, library: family.library, graph: instantiate(family, v.values), targets: [] })
    for (const n of graph.nodes) {
      if (n.weights.length === 0) continue
      if (!SLICED.has(n.op)) throw new FamilyError(`supernet: ${n.name} (${n.op}) has weights this supernet cannot slice`)
      if (n.op === 'DepthwiseConv2D' && n.attrs.depthMultiplier !== 1) throw new FamilyError(`supernet: ${n.name} has depth multiplier ${String(n.attrs.depthMultiplier)}; only 1 can be sliced`)
      const p = params[n.id] ?? (params[n.id] = { op: n.op, weights: {} })
      if (p.op !== n.op) throw new FamilyError(`supernet: node ${n.id} is ${p.op} in one variant and ${n.op} in another`)
      for (const w of n.weights) {
        const cur = p.weights[w.name]
        p.weights[w.name] = cur ? cur.map((d, i) => Math.max(d, w.shape[i])) : [...w.shape]
      }
    }
    return { key: v.key, values: v.values, macs: v.macs, graph }
  })
  for (const v of variants) {
    for (const n of v.graph.nodes) for (const w of n.weights) checkSlice(n.op, n.name, w.name, w.shape, params[n.id].weights[w.name], v.key)
  }
  const byMacs = variants.map((_, i) => i).sort((a, b) => variants[a].macs - variants[b].macs || a - b)
  return {
    format: SUPERNET_SPEC_FORMAT, version: 1, family: { id: family.id, name: family.name, fingerprint: familyFingerprint(family) },
    library: family.library, scheme: library.scheme, params, variants, largest: byMacs[byMacs.length - 1], smallest: byMacs[0],
    invalid: result.variants.filter((v) => !v.ok).map((v) => ({ key: v.key, reason: v.errors[0] ?? 'cannot run' })), spaceSize: result.spaceSize,
  }
}

/** The slice of a shared tensor (row-major, shape `full`) that a variant's constant of shape `shape` reads. */
export function sliceWeight(op: string, name: string, full: { shape: readonly number[]; data: Float32Array }, shape: readonly number[]): Float32Array {
  const f = full.shape
  const offset = f.map((d, i) => ((op === 'Conv2D' || op === 'DepthwiseConv2D') && name === 'weights' && (i === 1 || i === 2) ? (d - shape[i]) / 2 : 0))
  for (let i = 0; i < f.length; i++) {
    if (shape[i] + offset[i] > f[i] || !Number.isInteger(offset[i])) {
      throw new FamilyError(`supernet: a ${shape.join('×')} ${name} does not fit in the shared ${f.join('×')} tensor`)
    }
  }
  const out = new Float32Array(shape.reduce((a, b) => a * b, 1))
  const strides = f.map((_, i) => f.slice(i + 1).reduce((a, b) => a * b, 1))
  const idx = new Array<number>(shape.length).fill(0)
  for (let k = 0; k < out.length; k++) {
    let at = 0
    for (let i = 0; i < shape.length; i++) at += (idx[i] + offset[i]) * strides[i]
    out[k] = full.data[at]
    for (let i = shape.length - 1; i >= 0; i--) {
      if (++idx[i] < shape[i]) break
      idx[i] = 0
    }
  }
  return out
}

/** One node's BatchNorm fold in one variant: scale = gamma / sqrt(var + eps), shift = beta - mean * scale. */
export interface BatchnormFold {
  scale: Float32Array
  shift: Float32Array
}

/** A supernet weights file's content: the family it belongs to, its shared tensors and (BatchNorm) each variant's folds. */
export interface SupernetWeights {
  family: { id: string; fingerprint: string }
  tensors: Map<string, { shape: number[]; data: Float32Array }>
  /** Variant key → node id → fold; empty or absent when the supernet has no BatchNorm. */
  folds?: Map<string, Map<string, BatchnormFold>>
}

/**
 * A BatchNorm folded into a convolution's sliced weights and bias, one float32 rounding per operation (as numpy
 * float32 in python/supernet.py `fold_weights`): w' = w·scale[c], b' = b·scale[c] + shift[c], c the output channel
 * (OHWI: the first axis; depthwise 1HWC: the last).
 */
export function foldBatchnorm(op: string, weights: Float32Array, shape: readonly number[], bias: Float32Array, fold: BatchnormFold): { weights: Float32Array; bias: Float32Array } {
  const channels = op === 'DepthwiseConv2D' ? shape[3] : shape[0]
  if (fold.scale.length !== channels || bias.length !== channels) {
    throw new FamilyError(`supernet: a BatchNorm fold of ${fold.scale.length} channels does not match a ${shape.join('×')} ${op}`)
  }
  const inner = weights.length / channels
  const w = new Float32Array(weights.length)
  for (let k = 0; k < w.length; k++) w[k] = weights[k] * fold.scale[op === 'DepthwiseConv2D' ? k % channels : Math.floor(k / inner)]
  const b = new Float32Array(channels)
  for (let c = 0; c < channels; c++) b[c] = Math.fround(bias[c] * fold.scale[c]) + fold.shift[c]
  return { weights: w, bias: b }
}

/**
 * The graph of variant `values` with its float weights sliced from the supernet (origin 'trained', no
 * quantization). A file trained for another family is refused with one sentence.
 */
export function extractVariant(family: Family, supernet: SupernetWeights, values: KnobValues, fileName = 'the supernet file'): Graph {
  const fp = familyFingerprint(family)
  if (supernet.family.id !== family.id || supernet.family.fingerprint !== fp) {
    throw new FamilyError(`${fileName} was trained for family '${supernet.family.id}' (fingerprint ${supernet.family.fingerprint}), not for '${family.id}' (${fp})`)
  }
  const graph = instantiate(family, values)
  const analysis = analyzeGraph(graph, getLibrary(family.library))
  const error = analysis.diagnostics.find((d) => d.severity === 'error')
  const key = pointKey(family, values)
  if (error) throw new FamilyError(`variant ${key} cannot run: ${error.message}`)
  const folds = supernet.folds && supernet.folds.size > 0 ? supernet.folds.get(key) : undefined
  if (supernet.folds && supernet.folds.size > 0 && !folds) {
    throw new FamilyError(`${fileName} was trained with BatchNorm but holds no recalibrated statistics for variant ${key}`)
  }
  return {
    ...graph,
    nodes: graph.nodes.map((n) => {
      const info = analysis.nodes.get(n.id)!
      const specs = getOp(n.op)!.weightSpecs(info.attrs as never, info.inputs)
      if (specs.length === 0) return n
      const weights: Record<string, Tensor> = {}
      for (const s of specs) {
        const full = supernet.tensors.get(`${n.id}/${s.name}`)
        if (!full) throw new FamilyError(`${fileName} holds no ${n.id}/${s.name}; it does not cover variant ${pointKey(family, values)}`)
        weights[s.name] = { dtype: 'float32', shape: [...s.shape], data: sliceWeight(n.op, s.name, full, s.shape), origin: 'trained' }
      }
      const fold = folds?.get(n.id)
      if (fold) {
        if (!weights.bias) throw new FamilyError(`${fileName}: ${n.id} has a BatchNorm fold but no bias`)
        const f = foldBatchnorm(n.op, weights.weights.data as Float32Array, weights.weights.shape, weights.bias.data as Float32Array, fold)
        weights.weights = { ...weights.weights, data: f.weights }
        weights.bias = { ...weights.bias, data: f.bias }
      }
      return { ...n, weights }
    }),
  }
}
