/**
 * One compression as data, for the Compress panel and the sensitivity scan: a method (structured channel pruning,
 * weight clustering, magnitude pruning) with its global knob and per-layer overrides, applied by the pipeline of that
 * method; its preview (per-layer bytes and latency before → after on a target, per-target totals, from estimate());
 * and the graph changes that apply it as one undoable edit (updateNode of every node it changed).
 */
import type { GraphChange } from '../../ir/changes.ts'
import type { Graph, PaletteClusters } from '../../ir/types.ts'
import { estimate } from '../../estimate/estimate.ts'
import type { KernelRuntime } from '../../estimate/kernel-runtime.ts'
import type { Target } from '../../targets/types.ts'
import type { VendorLibrary } from '../../vendors/types.ts'
import { ClusterError, clusterWeights } from './cluster.ts'
import type { TargetDelta } from './compression-delta.ts'
import { SparsityError, magnitudePrune } from './magnitude-prune.ts'
import { PruneError, pruneChannels } from './structured-prune.ts'

export type CompressMethod = 'prune-channels' | 'cluster' | 'prune-weights'

export interface CompressSettings {
  method: CompressMethod
  /** prune-channels: fraction of each group's channels removed. */
  ratio: number
  criterion: 'l1' | 'l2'
  /** cluster: clusters per layer. */
  clusters: PaletteClusters
  /** prune-weights: share of zero weights per layer, and how the package stores them. */
  sparsity: number
  format: 'dense' | 'sparse'
  /** Per-layer values of the method's knob (node id → ratio / clusters / sparsity). */
  perLayer: Readonly<Record<string, number>>
}

export const DEFAULT_COMPRESS: CompressSettings = {
  method: 'prune-channels', ratio: 0.3, criterion: 'l1', clusters: 16, sparsity: 0.8, format: 'sparse', perLayer: {},
}

/** The knob levels a sensitivity scan tries per method. */
export const SCAN_LEVELS: Record<CompressMethod, number[]> = {
  'prune-channels': [0.1, 0.3, 0.5, 0.7, 0.9],
  cluster: [64, 16, 8, 4],
  'prune-weights': [0.5, 0.7, 0.8, 0.9, 0.95],
}

export interface Compressed {
  graph: Graph
  /** What changed per layer (node id → "16 → 8 ch" (channels), "16 · 4-bit" (clusters, index bits), "80.0 % zeros"). */
  notes: Map<string, string>
  /** Layers the method left as they are, with why (structured pruning's blocked groups). */
  kept: { layers: string[]; reason: string }[]
}

/** Applies the settings; throws the pipeline's one-sentence error (PruneError, ClusterError, SparsityError). */
export function applyCompression(graph: Graph, library: VendorLibrary, s: CompressSettings): Compressed {
  const notes = new Map<string, string>()
  const idOf = (name: string) => graph.nodes.find((n) => n.name === name)?.id ?? name
  if (s.method === 'prune-channels') {
    const r = pruneChannels(graph, library, { ratio: s.ratio, perLayer: s.perLayer, criterion: s.criterion })
    for (const g of r.groups) for (const l of g.layers) notes.set(idOf(l), `${g.before} → ${g.after} ch`)
    return { graph: r.graph, notes, kept: r.blocked }
  }
  if (s.method === 'cluster') {
    const r = clusterWeights(graph, library, { clusters: s.clusters, perLayer: s.perLayer })
    for (const l of r.layers) notes.set(l.node, `${l.clusters} · ${l.bits}-bit`)
    return { graph: r.graph, notes, kept: [] }
  }
  const r = magnitudePrune(graph, library, { sparsity: s.sparsity, perLayer: s.perLayer, format: s.format })
  for (const l of r.layers) notes.set(l.node, `${(((l.weights - l.nnz) / Math.max(1, l.weights)) * 100).toFixed(1)} % zeros`)
  return { graph: r.graph, notes, kept: [] }
}

export function isCompressError(err: unknown): err is Error {
  return err instanceof PruneError || err instanceof ClusterError || err instanceof SparsityError
}

export interface PreviewLayer {
  node: string
  name: string
  op: string
  note: string | null
  /** Constant bytes (weights as stored + bias + quantization parameters) before and after. */
  bytesBefore: number
  bytesAfter: number
  /** Latency on the focused target (null without a cost model or target). */
  latencyBeforeMs: number | null
  latencyAfterMs: number | null
}

export interface CompressPreview {
  compressed: Compressed
  layers: PreviewLayer[]
  targets: TargetDelta[]
}

/**
 * The settings applied and priced: every weighted layer (and any other layer the method changed) with its bytes and its
 * latency on `targets[focus]`, and each target's flash, RAM and latency before → after. Throws like applyCompression.
 */
export function compressPreview(graph: Graph, library: VendorLibrary, s: CompressSettings, targets: readonly Target[],
  options: { focus?: number; runtime?: KernelRuntime } = {}): CompressPreview {
  const compressed = applyCompression(graph, library, s)
  const a = estimate(graph, library, targets, { runtime: options.runtime })
  const b = estimate(compressed.graph, library, targets, { runtime: options.runtime })
  const focus = Math.min(options.focus ?? 0, targets.length - 1)
  const after = new Map(b.layers.map((l, i) => [l.node, { l, t: focus >= 0 ? b.targets[focus].layers[i] : undefined }]))
  const changed = new Set(compressed.graph.nodes.filter((n, i) => n !== graph.nodes[i]).map((n) => n.id))
  const layers: PreviewLayer[] = []
  a.layers.forEach((l, i) => {
    const x = after.get(l.node)
    if (!x || (l.params === 0 && !changed.has(l.node))) return
    const t = focus >= 0 ? a.targets[focus].layers[i] : undefined
    layers.push({ node: l.node, name: l.name, op: l.op, note: compressed.notes.get(l.node) ?? null,
      bytesBefore: l.weightBytes + l.quantParamBytes, bytesAfter: x.l.weightBytes + x.l.quantParamBytes,
      latencyBeforeMs: t?.latencyMs ?? null, latencyAfterMs: x.t?.latencyMs ?? null })
  })
  const deltas = a.targets.map((t, i) => ({ id: t.id, name: t.name, flashBefore: t.flashBytes, flashAfter: b.targets[i].flashBytes,
    ramBefore: t.ramBytes, ramAfter: b.targets[i].ramBytes, latencyBeforeMs: t.latencyMs, latencyAfterMs: b.targets[i].latencyMs }))
  return { compressed, layers, targets: deltas }
}

/** The edit that turns `before` into `after` (same nodes and edges, changed attrs / weights): one updateNode per changed node. */
export function compressionChanges(before: Graph, after: Graph): GraphChange[] {
  const byId = new Map(before.nodes.map((n) => [n.id, n]))
  const changes: GraphChange[] = []
  for (const n of after.nodes) {
    const old = byId.get(n.id)
    if (!old) throw new Error(`compression added node ${n.id}`)
    if (old === n) continue
    const set: Extract<GraphChange, { type: 'updateNode' }>['set'] = {}
    if (old.attrs !== n.attrs) set.attrs = n.attrs
    if (old.weights !== n.weights) set.weights = n.weights
    if (Object.keys(set).length > 0) changes.push({ type: 'updateNode', id: n.id, set })
  }
  return changes
}
