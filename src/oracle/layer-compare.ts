/**
 * Element-wise comparison of int8 tensors, and the per-layer comparison of our engine with the oracle's
 * intermediate tensors (see oracle-session.ts for where those come from).
 *
 * - chained: our engine's node output vs the oracle's tensor, each engine fed by its own earlier layers
 *   (a difference propagates to later layers);
 * - isolated: our node's int8 kernel run on the ORACLE's input tensors vs the oracle's output tensor, so a
 *   difference here is produced by that very operator;
 * - explainedBy: for Conv2D / DepthwiseConv2D / FullyConnected, the requantizations (requant-emulation.ts)
 *   that reproduce the oracle's tensor exactly from the oracle's inputs.
 */
import type { PreparedGraph } from '../core/plan/prepare-graph.ts'
import type { Graph } from '../core/ir/types.ts'
import { getOp } from '../core/ops/registry.ts'
import { int8 } from '../core/ops/op-def.ts'
import type { NodeScales, Rounding } from './requant-emulation.ts'
import { EMULATED_OPS, emulateNode } from './requant-emulation.ts'
import type { NodeTensor } from './tensor-map.ts'

export interface DiffStats {
  elements: number
  identical: number
  maxAbsDiff: number
  /** Elements where the first tensor (ours) is the larger. */
  higher: number
  /** Flat index of the first differing element, −1 when identical. */
  firstDiff: number
}

export interface LayerComparison {
  node: string
  op: string
  tensor: string
  chained: DiffStats
  /** Absent for Input nodes. */
  isolated?: DiffStats
  /** Where the largest isolated difference sits: our value, the oracle's, and the flat index. */
  worst?: { index: number; ours: number; oracle: number }
  /** Emulated requantizations that give exactly the oracle's tensor (emulated ops only). */
  explainedBy?: Rounding[]
  /** The 'double' emulation equals our kernel's output (emulated ops only): the emulation is faithful. */
  oursIsDouble?: boolean
  /** Differing elements where ours is the farther from the output zero point (emulated ops only). */
  fartherFromZeroPoint?: number
}

export const ROUNDINGS: readonly Rounding[] = ['double', 'single', 'fp32']

export function diffStats(a: ArrayLike<number>, b: ArrayLike<number>): DiffStats {
  if (a.length !== b.length) throw new Error(`cannot compare ${a.length} with ${b.length} elements`)
  let identical = 0, maxAbsDiff = 0, higher = 0, firstDiff = -1
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i] - b[i])
    if (d === 0) identical++
    else if (firstDiff < 0) firstDiff = i
    if (a[i] > b[i]) higher++
    if (d > maxAbsDiff) maxAbsDiff = d
  }
  return { elements: a.length, identical, maxAbsDiff, higher, firstDiff }
}

function worstOf(ours: Int8Array, oracle: Int8Array): { index: number; ours: number; oracle: number } | undefined {
  let best = -1, bestDiff = 0
  for (let i = 0; i < ours.length; i++) {
    const d = Math.abs(ours[i] - oracle[i])
    if (d > bestDiff) { bestDiff = d; best = i }
  }
  return best < 0 ? undefined : { index: best, ours: ours[best], oracle: oracle[best] }
}

/** float32 scales of an emulated node (input, weights, output), read from the quantized graph. */
export function nodeScales(graph: Graph, prepared: PreparedGraph, nodeId: string): NodeScales {
  const node = graph.nodes.find((n) => n.id === nodeId)
  const producer = graph.nodes.find((n) => n.id === prepared.nodes.get(nodeId)?.inputIds[0])
  const input = producer?.quant?.output.scale[0]
  const weights = node?.weights?.weights?.quant?.scale
  const output = node?.quant?.output.scale[0]
  if (input === undefined || !weights || output === undefined) throw new Error(`node ${nodeId} lacks the scales of its input, weights or output`)
  return { input, weights, output }
}

/**
 * Compares every mapped node; `oracle` holds the oracle's tensor per node id, `ours` our engine's outputs.
 */
export function compareLayers(graph: Graph, prepared: PreparedGraph, pairs: readonly NodeTensor[],
  oracle: ReadonlyMap<string, Int8Array>, ours: ReadonlyMap<string, Int8Array>): LayerComparison[] {
  return pairs.map((p) => {
    const expected = oracle.get(p.nodeId)!
    const layer: LayerComparison = { node: p.nodeName, op: p.op, tensor: p.tensorName, chained: diffStats(ours.get(p.nodeId)!, expected) }
    const node = prepared.nodes.get(p.nodeId)!
    const fed = node.inputIds.map((id) => oracle.get(id))
    if (p.op === 'Input' || !fed.every((x) => x !== undefined)) return layer
    const inputs = fed as Int8Array[]
    const isolated = int8(getOp(node.op)!.evalInt8!(node.opData, inputs, node.weights))
    layer.isolated = diffStats(isolated, expected)
    const worst = worstOf(isolated, expected)
    if (worst) layer.worst = worst
    if (EMULATED_OPS.has(node.op)) {
      const scales = nodeScales(graph, prepared, p.nodeId)
      const emulated = new Map(ROUNDINGS.map((r) => [r, emulateNode(node, inputs[0], node.weights, r, scales)]))
      layer.explainedBy = ROUNDINGS.filter((r) => diffStats(emulated.get(r)!, expected).maxAbsDiff === 0)
      layer.oursIsDouble = diffStats(emulated.get('double')!, isolated).maxAbsDiff === 0
      const zp = node.outputQuant.zeroPoint[0]
      layer.fartherFromZeroPoint = isolated.reduce((n, v, i) => n + (Math.abs(v - zp) > Math.abs(expected[i] - zp) ? 1 : 0), 0)
    }
    return layer
  })
}

/**
 * Our engine's chain with the requantization of some op types replaced by an emulated one (all other ops
 * run our kernels); returns every node's output. With the oracle's roundings this must reproduce the
 * oracle's output exactly — the check that no other difference exists anywhere in the model.
 */
export function runEmulatedChain(graph: Graph, prepared: PreparedGraph, input: Int8Array,
  roundings: Partial<Record<string, Rounding>>): Map<string, Int8Array> {
  const outputs = new Map<string, Int8Array>()
  for (const id of prepared.order) {
    const p = prepared.nodes.get(id)!
    if (p.op === 'Input') { outputs.set(id, input); continue }
    const inputs = p.inputIds.map((src) => outputs.get(src)!)
    const rounding = roundings[p.op]
    outputs.set(id, rounding && EMULATED_OPS.has(p.op)
      ? emulateNode(p, inputs[0], p.weights, rounding, rounding === 'fp32' ? nodeScales(graph, prepared, id) : undefined)
      : int8(getOp(p.op)!.evalInt8!(p.opData, inputs, p.weights)))
  }
  return outputs
}
