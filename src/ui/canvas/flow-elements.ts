/**
 * Maps the document graph (+ its analysis) to @xyflow/react nodes and edges. Card data depends only on
 * the graph, analysis and library, so it is built once per edit; positions, selection and measured sizes
 * are layered on per render without rebuilding the cards.
 */
import type { Edge as FlowEdge, Node as FlowNode } from '@xyflow/react'
import type { GraphAnalysis } from '../../core/analysis/analyze-graph.ts'
import type { Diagnostic } from '../../core/ir/diagnostics.ts'
import type { Graph, Position } from '../../core/ir/types.ts'
import { formatShape } from '../../core/ir/types.ts'
import type { OpCategory } from '../../core/ops/op-def.ts'
import { withDefaults } from '../../core/ops/op-def.ts'
import { getOp } from '../../core/ops/registry.ts'
import type { VendorLibrary } from '../../core/vendors/types.ts'

export type CardData = {
  op: string
  opLabel: string
  /** Absent for an operator the registry does not know (generic card). */
  category?: OpCategory
  name: string
  /** Output shape as "1×28×28×8", when it could be inferred. */
  shape?: string
  macs: number
  params: number
  /** Number of input handles (data inputs, or more if edges reference higher ports). */
  inputs: number
  problems: readonly string[]
  severity: 'error' | 'warning' | null
  /** Library name when the library has no kernel for this op. */
  unsupportedBy?: string
}

export type CardNode = FlowNode<CardData, 'op' | 'generic'>

export const OUTPUT_HANDLE = 'out'

export function inputHandleId(port: number): string {
  return `in-${port}`
}

/** The port of an input handle id, or undefined when `handle` is not one. */
export function portOfHandle(handle: string | null | undefined): number | undefined {
  const m = /^in-(\d+)$/.exec(handle ?? '')
  return m ? Number(m[1]) : undefined
}

const SEVERITY_RANK: Record<Diagnostic['severity'], number> = { error: 0, warning: 1, info: 2 }

export function buildCardData(graph: Graph, analysis: GraphAnalysis, library: VendorLibrary): Map<string, CardData> {
  const maxPort = new Map<string, number>()
  for (const e of graph.edges) maxPort.set(e.target, Math.max(maxPort.get(e.target) ?? -1, e.targetPort))
  const cards = new Map<string, CardData>()
  for (const node of graph.nodes) {
    const def = getOp(node.op)
    const a = analysis.nodes.get(node.id)
    const diags = [...(analysis.byNode.get(node.id) ?? [])].sort((x, y) => SEVERITY_RANK[x.severity] - SEVERITY_RANK[y.severity])
    let inputs = (maxPort.get(node.id) ?? -1) + 1
    if (def) {
      try {
        inputs = Math.max(inputs, def.inputCount(a?.attrs ?? withDefaults(def.attrs, node.attrs)))
      } catch {
        // Attributes too broken to count inputs: keep the connected ports only.
      }
    } else {
      inputs = Math.max(inputs, 1)
    }
    const severity = diags.some((d) => d.severity === 'error') ? 'error' : diags.some((d) => d.severity === 'warning') ? 'warning' : null
    cards.set(node.id, {
      op: node.op,
      opLabel: def?.label ?? node.op,
      category: def?.category,
      name: node.name,
      shape: a?.output ? formatShape(a.output.shape) : undefined,
      macs: a?.macs ?? 0,
      params: a?.params ?? 0,
      inputs,
      problems: diags.map((d) => d.message),
      severity,
      unsupportedBy: def && library.ops[node.op] === undefined ? library.name : undefined,
    })
  }
  return cards
}

export interface NodeView {
  selected: ReadonlySet<string>
  dragPositions: Readonly<Record<string, Position>>
  sizes: Readonly<Record<string, { width: number; height: number }>>
}

export function toFlowNodes(graph: Graph, cards: Map<string, CardData>, view: NodeView): CardNode[] {
  return graph.nodes.map((n) => {
    const data = cards.get(n.id)!
    return {
      id: n.id,
      type: data.category ? 'op' : 'generic',
      position: view.dragPositions[n.id] ?? n.position,
      data,
      selected: view.selected.has(n.id),
      measured: view.sizes[n.id],
    }
  })
}

export function toFlowEdges(graph: Graph, analysis: GraphAnalysis, selected: ReadonlySet<string>): FlowEdge[] {
  const names = new Map(graph.nodes.map((n) => [n.id, n.name]))
  return graph.edges.map((e) => {
    const problems = analysis.byEdge.get(e.id)
    const shape = analysis.nodes.get(e.source)?.output?.shape
    const label = `${names.get(e.source) ?? e.source} to ${names.get(e.target) ?? e.target}`
    return {
      id: e.id,
      source: e.source,
      target: e.target,
      sourceHandle: OUTPUT_HANDLE,
      targetHandle: inputHandleId(e.targetPort),
      selected: selected.has(e.id),
      className: problems ? 'tf-edge tf-edge--problem' : 'tf-edge',
      ariaLabel: shape ? `${label}: ${formatShape(shape)}` : label,
      data: { port: e.targetPort },
    }
  })
}
