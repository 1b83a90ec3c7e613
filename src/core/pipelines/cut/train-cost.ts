/**
 * Training cost of cut blocks on edge trainers (targets/trainer-types.ts has the per-layer model). Per layer of the
 * combined graph (trunk + heads) the features are its forward MACs split into dense (Conv2D, FullyConnected) and
 * depthwise, and its input + output elements; the Input costs nothing (the data is already in memory).
 *
 * Peak training memory of a block (an 'assumption': PyTorch's allocator and framework overhead are left out):
 *   4 B · params · 4                    (weights, gradients, Adam's two moments)
 *   + 4 B · B · Σ (input + output elements)   (activations kept for the backward pass, and their gradients)
 *   + 4 B · B · entry elements · (depth + 1)   (received batches in flight)
 * Transfer of one batch to the next device: B · (4 · cut elements + 8 label bytes) · 8 / bandwidth + 3 messages of
 * latency (count, activations, labels).
 */
import type { GraphAnalysis } from '../../analysis/analyze-graph.ts'
import { analyzeGraph } from '../../analysis/analyze-graph.ts'
import type { CutBlock, CutLayout } from '../../formats/cut/cut-layout.ts'
import type { Graph } from '../../ir/types.ts'
import { shapeSize } from '../../ir/types.ts'
import type { Trainer } from '../../targets/trainer-types.ts'

export interface LayerFeatures {
  node: string
  op: string
  denseMacs: number
  depthwiseMacs: number
  elements: number
  params: number
}

export const MESSAGES_PER_BATCH = 3

export function layerFeatures(graph: Graph, analysis: GraphAnalysis = analyzeGraph(graph)): Map<string, LayerFeatures> {
  const out = new Map<string, LayerFeatures>()
  for (const n of graph.nodes) {
    const a = analysis.nodes.get(n.id)
    if (!a?.output || n.op === 'Input') {
      out.set(n.id, { node: n.id, op: n.op, denseMacs: 0, depthwiseMacs: 0, elements: 0, params: 0 })
      continue
    }
    const dw = n.op === 'DepthwiseConv2D'
    const dense = n.op === 'Conv2D' || n.op === 'FullyConnected'
    const elements = a.inputs.reduce((s, t) => s + shapeSize(t.shape), 0) + shapeSize(a.output.shape)
    out.set(n.id, { node: n.id, op: n.op, denseMacs: dense ? a.macs : 0, depthwiseMacs: dw ? a.macs : 0, elements, params: a.params })
  }
  return out
}

/** Seconds of one training step of a layer on `batch` samples. */
export type CostFigures = Pick<Trainer, 'gmacPerS' | 'depthwiseGmacPerS' | 'activationGBps' | 'updateMParamsPerS' | 'overheadUs'>

export function layerSeconds(f: LayerFeatures, t: CostFigures, batch: number): number {
  if (f.op === 'Input') return 0
  return t.overheadUs * 1e-6 + batch * (f.denseMacs / (t.gmacPerS * 1e9) + f.depthwiseMacs / (t.depthwiseGmacPerS * 1e9) +
    (4 * f.elements) / (t.activationGBps * 1e9)) + f.params / (t.updateMParamsPerS * 1e6)
}

export interface BlockCost {
  block: number
  /** Forward MACs per sample of the block's trunk layers and of its head. */
  trunkMacs: number
  headMacs: number
  /** Seconds per batch: trunk and head training steps, and sending the cut tensor on. */
  trunkSeconds: number
  headSeconds: number
  transferSeconds: number
  params: number
  memoryBytes: number
  /** Bytes sent to the next device per batch. */
  sendBytes: number
}

export function transferSeconds(bytes: number, link: Trainer['link']): number {
  return (bytes * 8) / link.bandwidthBps + (MESSAGES_PER_BATCH * link.latencyMs) / 1000
}

/** The cost of one block on one trainer for batches of `batch` samples (`depth` batches in flight). */
export function blockCost(block: CutBlock, features: Map<string, LayerFeatures>, trainer: Trainer, batch: number, depth = 4,
  entryElements = 0): BlockCost {
  const sum = (ids: readonly string[], pick: (f: LayerFeatures) => number) => ids.reduce((s, id) => s + pick(features.get(id)!), 0)
  const seconds = (ids: readonly string[]) => sum(ids, (f) => layerSeconds(f, trainer, batch))
  const params = sum([...block.nodes, ...block.head], (f) => f.params)
  const elements = sum([...block.nodes, ...block.head], (f) => f.elements)
  const cutElements = block.cutShape ? shapeSize(block.cutShape) : 0
  const sendBytes = block.cut ? batch * (4 * cutElements + 8) : 0
  return {
    block: block.index,
    trunkMacs: sum(block.nodes, (f) => f.denseMacs + f.depthwiseMacs),
    headMacs: sum(block.head, (f) => f.denseMacs + f.depthwiseMacs),
    trunkSeconds: seconds(block.nodes), headSeconds: seconds(block.head),
    transferSeconds: block.cut ? transferSeconds(sendBytes, trainer.link) : 0,
    params, sendBytes,
    memoryBytes: 16 * params + 4 * batch * elements + 4 * batch * entryElements * (depth + 1),
  }
}

/** Every block's cost, block k on trainers[k]. */
export function blockCosts(layout: CutLayout, trainers: readonly Trainer[], batch: number, depth = 4): BlockCost[] {
  const features = layerFeatures(layout.combined)
  return layout.blocks.map((b, k) => {
    const prev = k > 0 ? layout.blocks[k - 1].cutShape : null
    return blockCost(b, features, trainers[k], batch, depth, prev ? shapeSize(prev) : 0)
  })
}
