/**
 * The cut plan of cut training (docs/cut-training.md): cuts split the network (the *trunk*) into blocks; every block
 * but the last gets a head (heads.ts) on the tensor that leaves it. Block k trains on the outputs of block k−1 with
 * its own head's loss (the last block with the network's own output), so no gradient crosses a cut, and every prefix
 * "blocks 1..k + head k" is a classifier of its own — a *cut model*.
 *
 * `buildCutLayout(doc, cuts)` checks a plan and returns the blocks and the *combined graph* (trunk + all heads: one
 * graph, one weights file, one quantization). A plan is refused with one line (CutPlanError) when:
 *   - a cut names no node, or two cuts are the same node;
 *   - a cut leaves more than one tensor crossing, reads an Input after it, or is after the last node — the split
 *     cut table's rules (formats/split/cuts.ts, policy 'single'), not a second copy of them;
 *   - a head does not fit the cut tensor (its shape, or the library's kernel limits: the analysis of the combined
 *     graph reports it on a head node);
 *   - the network is not one classifier (one Input, one output) or has errors.
 * Heads already in the project (a trained project keeps them) are taken off first: `trunkOf`, `cutPointsOf`.
 */
import { analyzeGraph } from '../../analysis/analyze-graph.ts'
import { estimate } from '../../estimate/estimate.ts'
import type { EstimateReport } from '../../estimate/report-types.ts'
import { outputNodes } from '../../ir/graph-queries.ts'
import type { ProjectDoc } from '../../ir/project.ts'
import type { Graph, GraphNode } from '../../ir/types.ts'
import { formatShape, shapeSize } from '../../ir/types.ts'
import { getLibrary } from '../../vendors/registry.ts'
import { cutTable, findCut } from '../split/cuts.ts'
import type { CutTable } from '../split/cuts.ts'
import type { HeadTemplate } from './heads.ts'
import { HEAD_TEMPLATES, headGraph, isHeadNode, isHeadTemplate } from './heads.ts'

export class CutPlanError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'CutPlanError'
  }
}

/** One cut: after which node (id or name), with which head. */
export interface CutPoint {
  after: string
  head: HeadTemplate
}

export interface CutBlock {
  /** 0-based. */
  index: number
  /** Trunk nodes of the block, execution order. */
  nodes: string[]
  /** The node whose output feeds the block (the previous cut tensor); null for the first block (it reads the Input). */
  entry: string | null
  /** The node whose output leaves the block (the cut tensor); null for the last block. */
  cut: string | null
  /** The cut point as the plan gave it (id or name); null for the last block. */
  after: string | null
  cutShape: number[] | null
  template: HeadTemplate | null
  /** Head node ids (empty for the last block). */
  head: string[]
  /** The node the block's loss reads: its head's Softmax, or the network output for the last block. */
  output: string
}

export interface CutLayout {
  trunk: Graph
  /** Trunk + every head. */
  combined: Graph
  /** Trunk execution order. */
  order: string[]
  blocks: CutBlock[]
  classes: number
  /** The network's own output node. */
  outputNode: string
  /** The split cut table of the trunk (what the legality rules come from). */
  table: CutTable
}

/** The graph without cut heads. */
export function trunkOf(graph: Graph): Graph {
  const heads = new Set(graph.nodes.filter(isHeadNode).map((n) => n.id))
  if (heads.size === 0) return graph
  return { ...graph, nodes: graph.nodes.filter((n) => !heads.has(n.id)),
    edges: graph.edges.filter((e) => !heads.has(e.source) && !heads.has(e.target)) }
}

/** The cut plan a graph carries in its head nodes (cuts in head order, by the id of the node they read). */
export function cutPointsOf(graph: Graph): CutPoint[] {
  const seen = new Map<string, HeadTemplate>()
  const heads = graph.nodes.filter(isHeadNode).sort((a, b) => headIndex(a) - headIndex(b))
  for (const n of heads) {
    const from = n.source!.name
    if (from !== undefined && !seen.has(from) && isHeadTemplate(n.source!.op)) seen.set(from, n.source!.op)
  }
  return [...seen.entries()].map(([after, head]) => ({ after, head }))
}

function headIndex(n: GraphNode): number {
  const m = /^cut(\d+)_/.exec(n.id)
  return m ? Number(m[1]) : Number.MAX_SAFE_INTEGER
}

const templateLabel = (t: HeadTemplate) => HEAD_TEMPLATES.find((x) => x.id === t)?.id ?? t

/** Checks the plan and builds the blocks and the combined graph (throws CutPlanError with one line). */
export function buildCutLayout(doc: ProjectDoc, cuts: readonly CutPoint[], report?: EstimateReport): CutLayout {
  const library = getLibrary(doc.library)
  if (!library) throw new CutPlanError(`the project uses library '${doc.library}', which this TinyForge does not know`)
  const trunk = trunkOf(doc.graph)
  const analysis = analyzeGraph(trunk, library)
  const byId = new Map(trunk.nodes.map((n) => [n.id, n]))
  const firstError = analysis.diagnostics.find((d) => d.severity === 'error')
  if (firstError) {
    const node = firstError.nodeId ? byId.get(firstError.nodeId) : undefined
    throw new CutPlanError(`the network has errors: ${node ? `${node.name}: ` : ''}${firstError.message}`)
  }
  const inputs = trunk.nodes.filter((n) => n.op === 'Input')
  const outputs = outputNodes(trunk)
  if (inputs.length !== 1 || outputs.length !== 1) {
    throw new CutPlanError(`cut training needs a classifier with one Input and one output; this network has ${inputs.length} inputs and ${outputs.length} outputs`)
  }
  const outputNode = outputs[0].id
  const classes = shapeSize(analysis.nodes.get(outputNode)!.output!.shape)
  const rep = report ?? estimate(trunk, library, [])
  const table = cutTable(trunk, rep, 'single')
  const order = table.order

  const chosen = cuts.map((c) => {
    if (!isHeadTemplate(c.head)) throw new CutPlanError(`unknown head template '${String(c.head)}'; use ${HEAD_TEMPLATES.map((t) => t.id).join(' or ')}`)
    const cut = findCut(table, c.after)
    if (!cut) throw new CutPlanError(`no node '${c.after}' in the network to cut after`)
    if (cut.onDevice) throw new CutPlanError(`cut after '${cut.afterName}': it is the last node, the block after it would be empty`)
    if (cut.illegal) throw new CutPlanError(`cut after '${cut.afterName}': ${cut.illegal}`)
    if (cut.tensors.length !== 1) throw new CutPlanError(`cut after '${cut.afterName}': no tensor crosses it`)
    return { cut, head: c.head, after: c.after }
  }).sort((a, b) => a.cut.index - b.cut.index)
  for (let i = 1; i < chosen.length; i++) {
    if (chosen[i].cut.index === chosen[i - 1].cut.index) throw new CutPlanError(`'${chosen[i].cut.afterName}' is cut twice`)
  }

  const headNodes: GraphNode[] = []
  const headEdges: Graph['edges'][number][] = []
  const heads = chosen.map(({ cut, head }, i) => {
    const from = byId.get(cut.tensors[0].node)!
    const h = headGraph(head, i + 1, from, classes)
    headNodes.push(...h.nodes)
    headEdges.push(...h.edges)
    return h
  })
  const combined: Graph = { nodes: [...trunk.nodes, ...headNodes], edges: [...trunk.edges, ...headEdges], seed: trunk.seed }
  if (heads.length > 0) {
    const combinedAnalysis = analyzeGraph(combined, library)
    for (const [i, h] of heads.entries()) {
      for (const n of h.nodes) {
        const d = (combinedAnalysis.byNode.get(n.id) ?? []).find((x) => x.severity === 'error')
        if (!d) continue
        const { cut, head } = chosen[i]
        throw new CutPlanError(`head ${i + 1} (${templateLabel(head)}) does not fit the tensor after '${cut.afterName}' ` +
          `(${formatShape(cut.tensors[0].shape)}): ${n.name}: ${d.message}`)
      }
    }
  }

  const blocks: CutBlock[] = []
  let start = 0
  for (let b = 0; b <= chosen.length; b++) {
    const end = b < chosen.length ? chosen[b].cut.index : order.length - 1
    const last = b === chosen.length
    blocks.push({
      index: b, nodes: order.slice(start, end + 1), entry: b === 0 ? null : chosen[b - 1].cut.tensors[0].node,
      cut: last ? null : chosen[b].cut.tensors[0].node, after: last ? null : chosen[b].after, cutShape: last ? null : [...chosen[b].cut.tensors[0].shape],
      template: last ? null : chosen[b].head, head: last ? [] : heads[b].nodes.map((n) => n.id),
      output: last ? outputNode : heads[b].output,
    })
    start = end + 1
  }
  return { trunk, combined, order, blocks, classes, outputNode, table }
}
