/**
 * Structured pruning: whole output channels (filters) removed from every prunable channel group (channel-groups.ts),
 * and every dependent tensor rewritten — the producers' filters and biases, a depthwise layer's channels, the next
 * layers' input channels (Conv2D weights along I; FullyConnected columns, through a Flatten channel-fastest), both
 * operands of an Add — so the result is an ordinary, smaller graph that every path (estimate, int8 engine, ONNX,
 * C package, PyTorch export) handles unchanged.
 *
 * Criterion: a channel's importance is the sum over the group's producers of the L1 (default) or L2 norm of its
 * filter (int8 weights dequantized with their per-channel scales). Each group keeps the ⌈C·(1 − ratio)⌉ most
 * important channels rounded UP to a multiple of `multiple` (default 4, never below it and never above C): CMSIS-NN
 * picks its fast paths by shape conditions, and odd channel counts make kernels slower; the kept channels stay in
 * their original order. Ratios per layer (by producer name or id) override the global ratio; 'global' mode ranks
 * all channels of all groups together (each group's importance normalised by its largest) instead.
 *
 * Works on float projects and on quantized (imported) int8 ones: activation quantization stays as it is, and the
 * kept channels keep their per-channel weight scales and int32 biases — no requantization is needed.
 * Errors (one sentence, graph untouched): a ratio outside [0, 1), a per-layer ratio for an unknown layer or one that
 * would remove every channel, a graph with errors.
 */
import { analyzeGraph } from '../../analysis/analyze-graph.ts'
import type { GraphAnalysis } from '../../analysis/analyze-graph.ts'
import { resolveNodeWeights } from '../../analysis/node-weights.ts'
import { tensorToFloat } from '../../engine/tensor-to-float.ts'
import type { Graph, GraphNode, Tensor } from '../../ir/types.ts'
import { getOp } from '../../ops/registry.ts'
import type { VendorLibrary } from '../../vendors/types.ts'
import type { ChannelGroup } from './channel-groups.ts'
import { channelGroups, channelRule } from './channel-groups.ts'
import { sliceAxis } from './slice-tensor.ts'

export class PruneError extends Error {}

export interface PruneOptions {
  /** Fraction of each group's channels to remove, in [0, 1). */
  ratio: number
  /** Per-layer ratios, by producer node name or id (override `ratio` for that layer's group). */
  perLayer?: Readonly<Record<string, number>>
  criterion?: 'l1' | 'l2'
  /** Kept channel counts are rounded up to a multiple of this (default 4). */
  multiple?: number
  mode?: 'per-layer' | 'global'
}

export interface PrunedGroup {
  /** Producer layer names. */
  layers: string[]
  before: number
  after: number
  /** Kept channel indices (ascending). */
  kept: number[]
}

export interface PruneResult {
  graph: Graph
  groups: PrunedGroup[]
  /** Groups left as they are, with why (no producer, a graph output, a consumer pruning cannot rewrite). */
  blocked: { layers: string[]; reason: string }[]
}

export function pruneChannels(graph: Graph, library: VendorLibrary, options: PruneOptions): PruneResult {
  const { ratio } = options
  const multiple = options.multiple ?? 4
  if (!(ratio >= 0 && ratio < 1)) throw new PruneError(`the pruning ratio must be in [0, 1), got ${ratio}`)
  if (!Number.isInteger(multiple) || multiple < 1) throw new PruneError(`the channel multiple must be a whole number ≥ 1, got ${multiple}`)
  const analysis = analyzeGraph(graph, library)
  const error = analysis.diagnostics.find((d) => d.severity === 'error')
  if (error) throw new PruneError(`the graph cannot be pruned until its errors are fixed: ${error.message}`)
  const byId = new Map(graph.nodes.map((n) => [n.id, n]))
  const nameOf = (id: string) => byId.get(id)!.name
  const groups = channelGroups(graph, analysis)
  const perLayer = groupRatios(groups, options.perLayer ?? {}, byId)
  const weightsOf = new Map<string, Record<string, Tensor>>()
  const resolved = (id: string) => {
    let w = weightsOf.get(id)
    if (!w) {
      const node = byId.get(id)!
      const info = analysis.nodes.get(id)!
      w = { ...resolveNodeWeights(getOp(node.op)!, node, info.attrs, info.inputs, graph.seed).weights }
      weightsOf.set(id, w)
    }
    return w
  }
  const prunable = groups.filter((g) => !g.blocked)
  const importance = new Map(prunable.map((g) => [g.id, channelImportance(g, resolved, options.criterion ?? 'l1')]))
  const keepCounts = options.mode === 'global' ? globalCounts(prunable, importance, ratio)
    : new Map(prunable.map((g) => [g.id, Math.ceil(g.channels * (1 - (perLayer.get(g.id) ?? ratio)))]))
  const kept = new Map<string, number[]>()
  const report: PrunedGroup[] = []
  for (const g of prunable) {
    const want = keepCounts.get(g.id)!
    const k = Math.min(g.channels, Math.max(multiple, Math.ceil(want / multiple) * multiple))
    if (k >= g.channels) continue
    const imp = importance.get(g.id)!
    const order = [...imp.keys()].sort((a, b) => imp[b] - imp[a] || a - b)
    const keep = order.slice(0, k).sort((a, b) => a - b)
    for (const m of g.members) kept.set(m, keep)
    report.push({ layers: g.producers.map(nameOf), before: g.channels, after: k, kept: keep })
  }
  const nodes = graph.nodes.map((node) => rewriteNode(node, graph, analysis, kept, resolved))
  return {
    graph: { ...graph, nodes },
    groups: report,
    blocked: groups.filter((g) => g.blocked && g.producers.length > 0).map((g) => ({ layers: g.producers.map(nameOf), reason: g.blocked! })),
  }
}

function groupRatios(groups: readonly ChannelGroup[], perLayer: Readonly<Record<string, number>>, byId: Map<string, GraphNode>): Map<string, number> {
  const out = new Map<string, number>()
  for (const [layer, r] of Object.entries(perLayer)) {
    const node = byId.get(layer) ?? [...byId.values()].find((n) => n.name === layer)
    if (!node) throw new PruneError(`no layer '${layer}' to prune`)
    if (r >= 1) throw new PruneError(`a ratio of ${r} would remove every channel of layer '${node.name}'`)
    if (!(r >= 0)) throw new PruneError(`the pruning ratio of layer '${node.name}' must be in [0, 1), got ${r}`)
    const group = groups.find((g) => g.producers.includes(node.id))
    if (!group) throw new PruneError(`layer '${node.name}' has no channels of its own to prune`)
    if (group.blocked) throw new PruneError(`layer '${node.name}' cannot be pruned: ${group.blocked}`)
    out.set(group.id, r)
  }
  return out
}

/** Σ over the producers of each output channel's filter norm. */
function channelImportance(g: ChannelGroup, resolved: (id: string) => Record<string, Tensor>, criterion: 'l1' | 'l2'): number[] {
  const imp = new Array<number>(g.channels).fill(0)
  for (const p of g.producers) {
    const w = resolved(p).weights
    const values = tensorToFloat(w, 'weights')
    const perChannel = values.length / g.channels
    for (let c = 0; c < g.channels; c++) {
      let s = 0
      for (let i = c * perChannel; i < (c + 1) * perChannel; i++) s += criterion === 'l1' ? Math.abs(values[i]) : values[i] * values[i]
      imp[c] += criterion === 'l1' ? s : Math.sqrt(s)
    }
  }
  return imp
}

/** 'global' mode: the channels to keep per group when all channels are ranked together (normalised importance). */
function globalCounts(groups: readonly ChannelGroup[], importance: Map<string, number[]>, ratio: number): Map<string, number> {
  const all: { g: string; v: number }[] = []
  for (const g of groups) {
    const imp = importance.get(g.id)!
    const max = Math.max(...imp) || 1
    for (const v of imp) all.push({ g: g.id, v: v / max })
  }
  all.sort((a, b) => b.v - a.v)
  const counts = new Map(groups.map((g) => [g.id, 0]))
  for (const x of all.slice(0, Math.ceil(all.length * (1 - ratio)))) counts.set(x.g, counts.get(x.g)! + 1)
  return counts
}

/** A node's new attrs and weights: its own channels (producers, depthwise) and its inputs' (consumers). */
function rewriteNode(node: GraphNode, graph: Graph, analysis: GraphAnalysis, kept: Map<string, number[]>,
  resolved: (id: string) => Record<string, Tensor>): GraphNode {
  const rule = channelRule(graph, analysis, node.id)
  const own = kept.get(node.id)
  const sources = graph.edges.filter((e) => e.target === node.id).sort((a, b) => a.targetPort - b.targetPort).map((e) => e.source)
  let weights: Record<string, Tensor> | undefined
  const mutable = () => (weights ??= { ...resolved(node.id) })
  const def = getOp(node.op)
  let attrs = node.attrs
  if (own && (rule.kind === 'produces' || rule.kind === 'passthrough') && def?.weightQuant) {
    const w = mutable()
    w.weights = sliceAxis(w.weights, def.weightQuant.channelAxis, own)
    if (w.bias) w.bias = sliceAxis(w.bias, 0, own)
    if (rule.kind === 'produces') attrs = { ...attrs, [node.op === 'FullyConnected' ? 'units' : 'filters']: own.length }
  }
  if (rule.kind === 'produces' && sources.length > 0) {
    const columns = inputColumns(graph, analysis, sources[0], kept, node.op === 'FullyConnected')
    if (columns) {
      const w = mutable()
      w.weights = sliceAxis(w.weights, rule.inputAxis, columns)
    }
  }
  return weights ? { ...node, attrs, weights } : attrs === node.attrs ? node : { ...node, attrs }
}

/**
 * The input positions a producer keeps when its input tensor's channels were pruned: the kept channels for a Conv2D
 * (axis 3 of OHWI), or for a FullyConnected the flattened columns i·C + c of the kept c, reading through a Flatten.
 */
function inputColumns(graph: Graph, analysis: GraphAnalysis, source: string, kept: Map<string, number[]>, flattened: boolean): number[] | undefined {
  let from = source
  if (channelRule(graph, analysis, source).kind === 'flatten') {
    from = graph.edges.find((e) => e.target === source)!.source
  }
  const keep = kept.get(from)
  if (!keep) return undefined
  const shape = analysis.nodes.get(from)!.output!.shape
  const channels = shape[shape.length - 1]
  const positions = shape.slice(1, -1).reduce((a, b) => a * b, 1)
  if (!flattened) return keep
  const out: number[] = []
  for (let i = 0; i < positions; i++) for (const c of keep) out.push(i * channels + c)
  return out
}
