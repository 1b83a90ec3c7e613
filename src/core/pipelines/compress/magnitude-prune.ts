/**
 * Magnitude (unstructured) pruning: in each selected layer (Conv2D, DepthwiseConv2D, FullyConnected), the weights of
 * smallest magnitude set to zero until the layer's share of zeros reaches the sparsity target (⌈s·N⌉ zeros; weights
 * already zero count). Magnitude = |w| for float weights, |code| × its channel's scale for int8 ones (so per-channel
 * quantized layers are ranked in real units); ties go to the lower index. Everything else stays as it is.
 *
 * Storage (`format`): 'dense' — the zeros are stored and multiplied like any weight: the C package, its flash and its
 * latency are exactly those of the unpruned model (the estimate says 0 B, 0 µs saved); 'sparse' — int8 layers are marked
 * `encoding: { kind: 'sparse' }` and the C package stores a bitmap + the non-zero values (nnz + ⌈N/8⌉ bytes, break-even
 * at 12.5 % sparsity) run by the tf_*_s8_sparse kernels, which multiply only the non-zero weights.
 *
 * Errors (one sentence, graph untouched): a sparsity outside [0, 1); an unknown layer or one without weights; the sparse
 * format on a float layer (quantize first: the format stores int8 values) or on a pow2 library.
 */
import { analyzeGraph } from '../../analysis/analyze-graph.ts'
import { resolveNodeWeights } from '../../analysis/node-weights.ts'
import type { Graph, GraphNode, Tensor, TensorData } from '../../ir/types.ts'
import { shapeSize } from '../../ir/types.ts'
import { getOp } from '../../ops/registry.ts'
import { distinctCodes, encodedWeightBytes, nonZeroCount, storedEncoding } from '../../quant/weight-encoding.ts'
import type { VendorLibrary } from '../../vendors/types.ts'
import { clusterableNodes } from './cluster.ts'

export class SparsityError extends Error {}

export interface MagnitudePruneOptions {
  /** Share of zero weights to reach in each selected layer, in [0, 1). */
  sparsity: number
  /** Layers by name or id (default: every layer with weights). */
  layers?: readonly string[]
  /** Sparsity of single layers (name or id → s), overriding `sparsity`; these layers are pruned too. */
  perLayer?: Readonly<Record<string, number>>
  /** How the C package stores the pruned weights (default 'dense'). */
  format?: 'dense' | 'sparse'
}

export interface SparseLayer {
  node: string
  name: string
  op: string
  weights: number
  /** Non-zero weights before and after. */
  nnzBefore: number
  nnz: number
  /** Device bytes of the weights before and after (dense: unchanged; sparse: nnz + ⌈N/8⌉). */
  bytesBefore: number
  bytesAfter: number
}

export interface MagnitudePruneResult {
  graph: Graph
  layers: SparseLayer[]
}

export function magnitudePrune(graph: Graph, library: VendorLibrary, options: MagnitudePruneOptions): MagnitudePruneResult {
  const format = options.format ?? 'dense'
  const check = (s: number, where: string) => {
    if (!(s >= 0 && s < 1)) throw new SparsityError(`${where}must be in [0, 1), got ${s}`)
    return s
  }
  check(options.sparsity, 'the sparsity ')
  if (format === 'sparse' && library.scheme !== 's8') {
    throw new SparsityError(`the ${library.name} library's kernels cannot read sparse weights; the sparse format needs an s8 library`)
  }
  const analysis = analyzeGraph(graph, library)
  const error = analysis.diagnostics.find((d) => d.severity === 'error')
  if (error) throw new SparsityError(`the graph cannot be pruned until its errors are fixed: ${error.message}`)
  const find = (layer: string) => {
    const node = graph.nodes.find((n) => n.id === layer) ?? graph.nodes.find((n) => n.name === layer)
    if (!node) throw new SparsityError(`no layer '${layer}' to prune`)
    if (!getOp(node.op)?.weightQuant) throw new SparsityError(`layer '${node.name}' (${node.op}) has no weights to prune`)
    return node
  }
  const wanted = new Map<string, number>()
  for (const node of options.layers ? options.layers.map(find) : clusterableNodes(graph)) wanted.set(node.id, options.sparsity)
  for (const [layer, s] of Object.entries(options.perLayer ?? {})) {
    const node = find(layer)
    wanted.set(node.id, check(s, `the sparsity of layer '${node.name}' `))
  }
  const layers: SparseLayer[] = []
  const replaced = new Map<string, Tensor>()
  for (const node of graph.nodes) {
    const s = wanted.get(node.id)
    if (s === undefined) continue
    const w = weightsOf(graph, analysis, node)
    if (format === 'sparse' && !(w.data instanceof Int8Array)) {
      throw new SparsityError(`the sparse format stores int8 weights; quantize the graph first (layer '${node.name}' has ${w.dtype} weights)`)
    }
    const data = zeroSmallest(w, s)
    const n = shapeSize(w.shape)
    const nnzBefore = nonZeroCount(w.data)
    const nnz = nonZeroCount(data)
    const before = encodedWeightBytes(n, storedEncoding(w))
    const encoding = format === 'sparse' ? { kind: 'sparse' as const } : w.encoding?.kind === 'sparse' ? undefined : w.encoding
    if (encoding?.kind === 'palette' && distinctCodes(data).length > encoding.clusters) {
      throw new SparsityError(`layer '${node.name}' is clustered to ${encoding.clusters} values without a zero; prune before clustering`)
    }
    const { encoding: _old, ...rest } = w
    void _old
    replaced.set(node.id, { ...rest, data, ...(encoding ? { encoding } : {}) })
    layers.push({ node: node.id, name: node.name, op: node.op, weights: n, nnzBefore, nnz, bytesBefore: before,
      bytesAfter: format === 'sparse' ? encodedWeightBytes(n, { kind: 'sparse', nnz }) : before })
  }
  const nodes = graph.nodes.map((n) => {
    const t = replaced.get(n.id)
    return t ? { ...n, weights: { ...n.weights, weights: t } } : n
  })
  return { graph: { ...graph, nodes }, layers }
}

/** The weights a layer runs with (stored, or seeded for a designed float layer). */
function weightsOf(graph: Graph, analysis: ReturnType<typeof analyzeGraph>, node: GraphNode): Tensor {
  const info = analysis.nodes.get(node.id)!
  return resolveNodeWeights(getOp(node.op)!, node, info.attrs, info.inputs, graph.seed).weights.weights
}

/** A copy of the tensor's data with its ⌈s·N⌉ smallest-magnitude weights zero. */
function zeroSmallest(t: Tensor, s: number): TensorData {
  const n = t.data.length
  const zeros = Math.ceil(s * n)
  const data = t.data.slice() as TensorData
  if (zeros === 0) return data
  const q = t.quant
  const axis = q && q.scale.length > 1 ? (q.axis ?? 0) : -1
  const inner = axis >= 0 ? t.shape.slice(axis + 1).reduce((a, b) => a * b, 1) : 1
  const channels = axis >= 0 ? t.shape[axis] : 1
  const scale = (i: number) => (!q ? 1 : axis < 0 ? q.scale[0] : q.scale[Math.floor(i / inner) % channels])
  const magnitude = Float64Array.from({ length: n }, (_, i) => Math.abs(t.data[i]) * (t.data instanceof Float32Array ? 1 : scale(i)))
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => magnitude[a] - magnitude[b] || a - b)
  for (let i = 0; i < zeros; i++) data[order[i]] = 0
  return data
}
