/**
 * Per-layer weight precision (int8 | int4): the changes that set layers to int4 packed weights (CMSIS-NN's `_s4`
 * kernels) or back to int8, as one undoable edit (ir/changes.ts `updateNode`).
 *
 * - The choice is kept on the node (`precision: { weights: 'int4' }`, ir/types.ts), which PTQ honours (ptq.ts: the
 *   float weights quantized to int4 by TFLite's rule, quant/weight-quant.ts).
 * - A layer that is already int8 (a quantized or imported project) is requantized now **from its int8 values** — the
 *   project keeps no float weights once quantized: real = code · scale_c, then TFLite's int4 rule on those reals
 *   (scale_c' = max|real_c| / 7, round half away from zero, [−7, 7]); per channel for Conv2D and DepthwiseConv2D, per
 *   tensor for FullyConnected (CMSIS-NN's arm_fully_connected_s4 takes one scale). Its int32 bias is requantized to
 *   the new scales (real bias = q · its scale; in_scale from the input's quantization). Activation quantization is
 *   kept. Quantizing the float model again with the layer set to int4 gives the same rule from the float weights.
 * - Back to int8 on a quantized int4 layer: the int4 values stay (an int8 tensor of 15 levels; the encoding mark is
 *   dropped, the C package stores them a byte each); quantize the float model again to regain 8-bit weights.
 * Refusals (one sentence, nothing changed): an unknown layer, an op without an int4 kernel in the library, a pow2-q7
 * library (no s4 kernels), a palettized or sparse layer (one encoding per tensor: int4 or palette/sparse).
 */
import type { GraphAnalysis } from '../../analysis/analyze-graph.ts'
import { analyzeGraph } from '../../analysis/analyze-graph.ts'
import { inputSources } from '../../ir/graph-queries.ts'
import type { GraphChange } from '../../ir/changes.ts'
import type { Graph, GraphNode, Tensor, WeightPrecision } from '../../ir/types.ts'
import { shapeSize } from '../../ir/types.ts'
import { getOp } from '../../ops/registry.ts'
import { encodedWeightBytes } from '../../quant/weight-encoding.ts'
import { quantizeBiasS8, quantizeWeightsInt4 } from '../../quant/weight-quant.ts'
import { int4Problem } from '../../vendors/int4.ts'
import type { VendorLibrary } from '../../vendors/types.ts'

export class PrecisionError extends Error {}

export interface PrecisionChange {
  node: string
  name: string
  op: string
  from: WeightPrecision
  to: WeightPrecision
  /** 'recorded': a float layer, PTQ will honour it; 'requantized': int8 values → int4 now; 'kept-values': int4 values kept as int8. */
  action: 'recorded' | 'requantized' | 'kept-values' | 'unchanged'
  /** Device bytes of the weights before → after (int8 layers; float layers: what PTQ will store). */
  bytesBefore: number
  bytesAfter: number
}

export interface PrecisionResult {
  changes: GraphChange[]
  layers: PrecisionChange[]
}

/** Layers whose op can take int4 weights in `library` (none for pow2-q7). */
export function int4CapableNodes(graph: Graph, library: VendorLibrary): GraphNode[] {
  return graph.nodes.filter((n) => int4Problem(library, n.op) === undefined)
}

/** The weight precision a node asks for. */
export function weightPrecisionOf(node: GraphNode): WeightPrecision {
  return node.precision?.weights === 'int4' ? 'int4' : 'int8'
}

/** Changes setting `layers` (names or ids) to `precision`; throws PrecisionError (graph untouched) on a refusal. */
export function setWeightPrecision(graph: Graph, library: VendorLibrary, layers: readonly string[], precision: WeightPrecision): PrecisionResult {
  const sources = inputSources(graph)
  const analysis = analyzeGraph(graph, library)
  const byId = new Map(graph.nodes.map((n) => [n.id, n]))
  const changes: GraphChange[] = []
  const out: PrecisionChange[] = []
  const seen = new Set<string>()
  for (const layer of layers) {
    const node = graph.nodes.find((n) => n.id === layer) ?? graph.nodes.find((n) => n.name === layer)
    if (!node) throw new PrecisionError(`no layer '${layer}'`)
    if (seen.has(node.id)) continue
    seen.add(node.id)
    if (precision === 'int4') {
      const problem = int4Problem(library, node.op)
      if (problem) throw new PrecisionError(`layer '${node.name}': ${problem}`)
      if (node.activations === 'int16') {
        throw new PrecisionError(`layer '${node.name}' keeps int16 activations, whose _s16 kernels read int8 weights; set its activations back to int8 first`)
      }
    }
    const w = node.weights?.weights
    const n = weightCount(analysis, node)
    const from = weightPrecisionOf(node)
    const base = { node: node.id, name: node.name, op: node.op, from, to: precision }
    const quantized = w?.data instanceof Int8Array
    if (quantized && w.encoding && w.encoding.kind !== 'int4') {
      throw new PrecisionError(`layer '${node.name}' has ${w.encoding.kind === 'palette' ? `palettized weights (${w.encoding.clusters} clusters)` : 'sparse weights'}; ` +
        'a tensor takes one encoding — int4, or a palette / the sparse format, not both')
    }
    if (!quantized) {
      const bytes = (p: WeightPrecision) => (p === 'int4' ? Math.ceil(n / 2) : n)
      out.push({ ...base, action: from === precision ? 'unchanged' : 'recorded', bytesBefore: bytes(from), bytesAfter: bytes(precision) })
      if (from !== precision) changes.push({ type: 'updateNode', id: node.id, set: { precision: precision === 'int4' ? { weights: 'int4' } : undefined } })
      continue
    }
    const isInt4 = w.encoding?.kind === 'int4'
    if (precision === 'int8') {
      out.push({ ...base, action: isInt4 ? 'kept-values' : 'unchanged', bytesBefore: isInt4 ? Math.ceil(n / 2) : n, bytesAfter: n })
      if (isInt4 || from !== 'int8') {
        const { encoding: _dropped, ...dense } = w
        changes.push({ type: 'updateNode', id: node.id, set: { precision: undefined, weights: { ...node.weights, weights: dense } } })
      }
      continue
    }
    if (isInt4) {
      out.push({ ...base, action: 'unchanged', bytesBefore: Math.ceil(n / 2), bytesAfter: Math.ceil(n / 2) })
      if (from !== 'int4') changes.push({ type: 'updateNode', id: node.id, set: { precision: { weights: 'int4' } } })
      continue
    }
    const src = byId.get(sources.get(node.id)?.[0] ?? '')
    const inScale = src?.quant?.output.scale[0]
    if (inScale === undefined) throw new PrecisionError(`layer '${node.name}': its input has no quantization; quantize the graph first`)
    const weights = requantizeInt4(node, w, inScale)
    out.push({ ...base, action: 'requantized', bytesBefore: n, bytesAfter: encodedWeightBytes(n, { kind: 'int4' }) })
    changes.push({ type: 'updateNode', id: node.id, set: { precision: { weights: 'int4' }, weights } })
  }
  return { changes, layers: out }
}

/** int4 weights (and the bias on their scales) from a layer's int8 weights (see the file comment). */
export function requantizeInt4(node: GraphNode, w: Tensor, inScale: number): Record<string, Tensor> {
  const facet = getOp(node.op)!.weightQuant!
  const scales = w.quant?.scale ?? [1]
  const axis = w.quant?.axis
  let inner = 1
  if (axis !== undefined) for (let d = axis + 1; d < w.shape.length; d++) inner *= w.shape[d]
  const channels = axis === undefined ? 1 : w.shape[axis]
  const real = new Float32Array(w.data.length)
  for (let i = 0; i < real.length; i++) {
    const c = axis === undefined || scales.length === 1 ? 0 : Math.floor(i / inner) % channels
    real[i] = w.data[i] * scales[c]
  }
  const int4 = quantizeWeightsInt4(real, w.shape, facet.int4 === 'per-channel' ? facet.channelAxis : undefined, w.origin)
  const out: Record<string, Tensor> = { ...node.weights, weights: int4 }
  const bias = node.weights?.bias
  if (bias?.data instanceof Int32Array) {
    const bs = bias.quant?.scale ?? [1]
    const realBias = Float32Array.from(bias.data, (q, c) => q * bs[bs.length === 1 ? 0 : c])
    out.bias = { ...quantizeBiasS8(realBias, inScale, int4.quant!.scale, bias.origin) }
  }
  return out
}

/** Elements of a layer's 'weights' (stored, or the shape its op asks for; 0 when the graph cannot shape it). */
function weightCount(analysis: GraphAnalysis, node: GraphNode): number {
  const w = node.weights?.weights
  if (w) return w.data.length
  const info = analysis.nodes.get(node.id)
  if (!info?.output) return 0
  try {
    const spec = getOp(node.op)!.weightSpecs(info.attrs, info.inputs).find((s) => s.name === 'weights')
    return spec ? shapeSize(spec.shape) : 0
  } catch {
    return 0
  }
}
