/**
 * The balancer: cuts that put equal training time on every device of the plan. A pipeline's throughput is set by
 * its slowest stage, so it minimises the largest per-batch stage time (block k's trunk + head k on device k, plus
 * sending the cut tensor on), then the sum, by dynamic programming over the legal cut positions — those the cut table
 * allows (one tensor crosses; formats/split/cuts.ts via buildCutLayout's rules), whose head fits the cut tensor,
 * and which leave at least one weighted layer in every block. O(devices · positions²).
 */
import { analyzeGraph } from '../../analysis/analyze-graph.ts'
import { estimate } from '../../estimate/estimate.ts'
import type { CutPoint } from '../../formats/cut/cut-layout.ts'
import { CutPlanError, trunkOf } from '../../formats/cut/cut-layout.ts'
import type { HeadTemplate } from '../../formats/cut/heads.ts'
import { headGraph } from '../../formats/cut/heads.ts'
import { cutTable } from '../../formats/split/cuts.ts'
import type { ProjectDoc } from '../../ir/project.ts'
import type { Graph } from '../../ir/types.ts'
import { shapeSize } from '../../ir/types.ts'
import { outputNodes } from '../../ir/graph-queries.ts'
import type { Trainer } from '../../targets/trainer-types.ts'
import { getLibrary } from '../../vendors/registry.ts'
import { layerFeatures, layerSeconds, transferSeconds } from './train-cost.ts'

const WEIGHTED = new Set(['Conv2D', 'DepthwiseConv2D', 'FullyConnected'])

export interface BalanceOptions {
  batch: number
  head?: HeadTemplate
}

export interface Candidate {
  /** Index into the trunk's execution order: the cut is after order[index]. */
  index: number
  after: string
  /** Features of the head on this cut's tensor (null when it does not fit). */
  headGraph: Graph | null
  cutElements: number
}

/** Every position a cut may take with `head`, in execution order. */
export function cutCandidates(doc: ProjectDoc, head: HeadTemplate = 'gap-fc'): { order: string[]; candidates: Candidate[]; trunk: Graph } {
  const library = getLibrary(doc.library)
  if (!library) throw new CutPlanError(`the project uses library '${doc.library}', which this TinyForge does not know`)
  const trunk = trunkOf(doc.graph)
  const report = estimate(trunk, library, [])
  const table = cutTable(trunk, report, 'single')
  const outputs = outputNodes(trunk)
  const classes = outputs.length === 1 ? shapeSize(report.layers.find((l) => l.node === outputs[0].id)?.outputShape ?? [1]) : 1
  const candidates: Candidate[] = []
  for (const cut of table.cuts) {
    if (cut.onDevice || cut.illegal || cut.tensors.length !== 1) continue
    const t = cut.tensors[0]
    const input = { id: t.node, op: 'Input', name: 'cut', attrs: { shape: t.shape.slice(1), mean: [0], scale: 1 }, position: { x: 0, y: 0 } }
    const h = headGraph(head, 1, input, classes)
    const g: Graph = { nodes: [input, ...h.nodes], edges: h.edges, seed: 1 }
    const ok = analyzeGraph(g, library).ok
    candidates.push({ index: cut.index, after: cut.after, headGraph: ok ? g : null, cutElements: shapeSize(t.shape) })
  }
  return { order: table.order, candidates, trunk }
}

/** Cuts for `devices.length` blocks, block k on devices[k]; throws CutPlanError when the network has too few positions. */
export function proposeCuts(doc: ProjectDoc, devices: readonly Trainer[], options: BalanceOptions): CutPoint[] {
  const head = options.head ?? 'gap-fc'
  const n = devices.length
  if (n < 1) throw new CutPlanError('the plan has no devices')
  const { order, candidates, trunk } = cutCandidates(doc, head)
  if (n === 1) return []
  const features = layerFeatures(trunk)
  const weightedBefore: number[] = []
  let w = 0
  for (const id of order) {
    if (WEIGHTED.has(features.get(id)!.op)) w++
    weightedBefore.push(w)
  }
  const usable = candidates.filter((c) => c.headGraph)
  // prefix[d][i]: seconds of order[0..i-1] on device d.
  const prefix = devices.map((t) => {
    const p = [0]
    for (const id of order) p.push(p[p.length - 1] + layerSeconds(features.get(id)!, t, options.batch))
    return p
  })
  const headSeconds = devices.map((t) => usable.map((c) => {
    const f = layerFeatures(c.headGraph!)
    return c.headGraph!.nodes.reduce((s, node) => s + layerSeconds(f.get(node.id)!, t, options.batch), 0)
  }))
  const last = order.length - 1
  // Positions: the usable candidates, then the network's end. stage(d, a, b): block from after position a to b on device d.
  const ends = [...usable.map((c) => c.index), last]
  const stage = (d: number, from: number, to: number): number => {
    const start = from < 0 ? 0 : ends[from] + 1
    const stop = ends[to]
    let s = prefix[d][stop + 1] - prefix[d][start]
    if (to < usable.length) {
      s += headSeconds[d][to] + transferSeconds(options.batch * (4 * usable[to].cutElements + 8), devices[d].link)
    }
    return s
  }
  const weightedIn = (from: number, to: number) => weightedBefore[ends[to]] - (from < 0 ? 0 : weightedBefore[ends[from]])
  type Best = { max: number; sum: number; prev: number }
  const best: (Best | null)[][] = devices.map(() => ends.map(() => null))
  for (let to = 0; to < ends.length; to++) {
    if (weightedIn(-1, to) > 0) { const s = stage(0, -1, to); best[0][to] = { max: s, sum: s, prev: -1 } }
  }
  for (let d = 1; d < n; d++) {
    for (let to = 0; to < ends.length; to++) {
      if (d === n - 1 && to !== ends.length - 1) continue
      for (let from = 0; from < to; from++) {
        const before = best[d - 1][from]
        if (!before || from === ends.length - 1 || weightedIn(from, to) === 0) continue
        const s = stage(d, from, to)
        const cand = { max: Math.max(before.max, s), sum: before.sum + s, prev: from }
        const cur = best[d][to]
        if (!cur || cand.max < cur.max - 1e-12 || (Math.abs(cand.max - cur.max) <= 1e-12 && cand.sum < cur.sum)) best[d][to] = cand
      }
    }
  }
  const final = best[n - 1][ends.length - 1]
  if (!final) {
    throw new CutPlanError(`the network cannot be cut into ${n} blocks that each hold a weighted layer at ${usable.length} legal cut positions for the '${head}' head`)
  }
  const picks: number[] = []
  let at = final.prev
  for (let d = n - 2; d >= 0; d--) {
    picks.unshift(at)
    at = best[d][at]!.prev
  }
  return picks.map((p) => ({ after: usable[p].after, head }))
}
