/**
 * Weight clustering (palettization): per layer, k-means of its int8 weight codes (quant/weight-encoding.ts
 * `clusterCodes`: linear initialisation, one codebook per layer, k ∈ 4, 8, 16, 64, 256), each code replaced by its
 * centroid. Per-channel scales, biases and activation quantization stay as they are, so the result is an ordinary int8
 * model: the int8 engine, the ONNX export and the PyTorch twin read the clustered int8 weights unchanged. The weight
 * tensor is marked `encoding: { kind: 'palette', clusters }` (ir/types.ts), which the C package stores as packed
 * indices + the codebook and the estimator prices; structured pruning keeps the mark (a subset of codes stays within
 * the codebook), new weights (training, import) drop it.
 *
 * Works on quantized graphs only (PTQ'd projects and imported int8 models) of an s8 library (the portable s8 kernels
 * decode palettes). Errors (one sentence, graph untouched): a cluster count outside the set, an unquantized graph, an
 * unknown layer or one without weights, a named layer (`layers`, `perLayer`) with fewer distinct codes than clusters,
 * a pow2 library. A layer selected by default (every layer with weights) that already takes at most k codes is
 * palettized as it is — its codes unchanged — rather than refused (VWW's first depthwise layer has 55 codes: a whole
 * model at 64 clusters would otherwise be impossible).
 */
import { analyzeGraph } from '../../analysis/analyze-graph.ts'
import type { Graph, GraphNode, PaletteClusters, Tensor } from '../../ir/types.ts'
import { PALETTE_CLUSTERS, shapeSize } from '../../ir/types.ts'
import { getOp } from '../../ops/registry.ts'
import { clusterCodes, distinctCodes, encodedWeightBytes, isPaletteClusters, paletteBits } from '../../quant/weight-encoding.ts'
import type { VendorLibrary } from '../../vendors/types.ts'

export class ClusterError extends Error {}

export interface ClusterOptions {
  /** Clusters of every selected layer. */
  clusters: number
  /** Layers to cluster, by name or id (default: every layer with int8 weights). */
  layers?: readonly string[]
  /** Cluster counts of single layers (name or id → k), overriding `clusters`; these layers are clustered too. */
  perLayer?: Readonly<Record<string, number>>
}

export interface ClusteredLayer {
  node: string
  name: string
  op: string
  clusters: PaletteClusters
  bits: number
  /** Weight elements. */
  weights: number
  /** Distinct int8 codes before and after. */
  distinctBefore: number
  distinctAfter: number
  /** Device bytes of the weights dense (int8) and palettized (packed indices + codebook). */
  denseBytes: number
  packedBytes: number
}

export interface ClusterResult {
  graph: Graph
  layers: ClusteredLayer[]
}

/** Layers that carry weights a palette can encode: ops with a `weightQuant` facet. */
export function clusterableNodes(graph: Graph): GraphNode[] {
  return graph.nodes.filter((n) => getOp(n.op)?.weightQuant !== undefined)
}

export function clusterWeights(graph: Graph, library: VendorLibrary, options: ClusterOptions): ClusterResult {
  const check = (k: number, where: string) => {
    if (!isPaletteClusters(k)) throw new ClusterError(`${where}must be one of ${PALETTE_CLUSTERS.join(', ')}, got ${k}`)
    return k
  }
  check(options.clusters, 'the cluster count ')
  if (library.scheme !== 's8') {
    throw new ClusterError(`the ${library.name} library's kernels cannot read palettized weights; clustering needs an s8 library`)
  }
  const analysis = analyzeGraph(graph, library)
  const error = analysis.diagnostics.find((d) => d.severity === 'error')
  if (error) throw new ClusterError(`the graph cannot be clustered until its errors are fixed: ${error.message}`)
  const find = (layer: string) => {
    const node = graph.nodes.find((n) => n.id === layer) ?? graph.nodes.find((n) => n.name === layer)
    if (!node) throw new ClusterError(`no layer '${layer}' to cluster`)
    if (!getOp(node.op)?.weightQuant) throw new ClusterError(`layer '${node.name}' (${node.op}) has no weights to cluster`)
    return node
  }
  const wanted = new Map<string, PaletteClusters>()
  const named = new Set<string>()
  for (const node of options.layers ? options.layers.map(find) : clusterableNodes(graph)) wanted.set(node.id, options.clusters as PaletteClusters)
  if (options.layers) for (const node of options.layers.map(find)) named.add(node.id)
  for (const [layer, k] of Object.entries(options.perLayer ?? {})) {
    const node = find(layer)
    wanted.set(node.id, check(k, `the cluster count of layer '${node.name}' `))
    named.add(node.id)
  }
  const layers: ClusteredLayer[] = []
  const replaced = new Map<string, Tensor>()
  for (const node of graph.nodes) {
    const k = wanted.get(node.id)
    if (k === undefined) continue
    const w = node.weights?.weights
    if (!w || !(w.data instanceof Int8Array)) {
      throw new ClusterError(`clustering needs a quantized (int8) graph; quantize it first (layer '${node.name}' has ${w?.dtype ?? 'no stored'} weights)`)
    }
    const before = distinctCodes(w.data).length
    if (before < k && named.has(node.id)) {
      throw new ClusterError(`layer '${node.name}' has only ${before} distinct weight values, fewer than ${k} clusters`)
    }
    const codes = before <= k ? w.data : clusterCodes(w.data, k).codes
    const n = shapeSize(w.shape)
    const bits = paletteBits(k)
    replaced.set(node.id, { ...w, data: codes, encoding: { kind: 'palette', clusters: k } })
    layers.push({ node: node.id, name: node.name, op: node.op, clusters: k, bits, weights: n, distinctBefore: before,
      distinctAfter: distinctCodes(codes).length, denseBytes: n, packedBytes: encodedWeightBytes(n, { kind: 'palette', clusters: k, bits }) })
  }
  const nodes = graph.nodes.map((n) => {
    const t = replaced.get(n.id)
    return t ? { ...n, weights: { ...n.weights, weights: t } } : n
  })
  return { graph: { ...graph, nodes }, layers }
}
