/**
 * Cut models of a trained cut project: every prefix "blocks 1..k + head k" of the combined graph as a graph of its
 * own (the last one is the network itself), taken node for node — weights and int8 quantization included — so each
 * exports, estimates and validates like any project. The plan comes from the graph's heads (cut-layout.ts).
 */
import type { ProjectDoc } from '../../ir/project.ts'
import type { Graph } from '../../ir/types.ts'
import type { CutLayout } from './cut-layout.ts'
import { buildCutLayout, cutPointsOf } from './cut-layout.ts'

export interface CutModel {
  /** 1-based: blocks 1..k. */
  k: number
  label: string
  graph: Graph
  output: string
}

/** The layout of a project that carries heads (throws CutPlanError when it has none or they no longer fit). */
export function layoutOfProject(doc: ProjectDoc): CutLayout {
  return buildCutLayout(doc, cutPointsOf(doc.graph))
}

export function cutModelGraph(graph: Graph, layout: CutLayout, k: number): Graph {
  const keep = new Set<string>()
  for (const b of layout.blocks.slice(0, k)) for (const id of b.nodes) keep.add(id)
  for (const id of layout.blocks[k - 1].head) keep.add(id)
  return { ...graph, nodes: graph.nodes.filter((n) => keep.has(n.id)), edges: graph.edges.filter((e) => keep.has(e.source) && keep.has(e.target)) }
}

/** Every cut model of `doc` (a project with heads: what train-cut writes). */
export function cutModels(doc: ProjectDoc, layout: CutLayout = layoutOfProject(doc)): CutModel[] {
  const n = layout.blocks.length
  return layout.blocks.map((b, i) => ({
    k: i + 1,
    label: i + 1 < n ? `blocks 1..${i + 1} + head ${i + 1}` : `blocks 1..${n} (the full network)`,
    graph: cutModelGraph(doc.graph, layout, i + 1),
    output: b.output,
  }))
}
