/**
 * Builds an imported graph and its report together. Importers add nodes while they walk the source
 * model; nodes stay mutable until `build()` so later source operators can be folded or fused into them
 * (BatchNorm into a conv's weights, Relu into its `activation`). `build()` emits the graph through
 * `applyChanges`, like every other edit. Node ids are n1, n2, … and edge ids e1, e2, … in creation order.
 */
import { applyChanges } from '../../ir/changes.ts'
import type { GraphChange } from '../../ir/changes.ts'
import type { Diagnostic, Severity } from '../../ir/diagnostics.ts'
import { diagnostic } from '../../ir/diagnostics.ts'
import type { AttrValue, Graph, NodePrecision, NodeQuant, Tensor } from '../../ir/types.ts'
import { EMPTY_GRAPH } from '../../ir/types.ts'
import type { ImportEntry, ImportStatus } from './import-types.ts'

export interface PendingNode {
  readonly id: string
  op: string
  name: string
  attrs: Record<string, AttrValue>
  weights: Record<string, Tensor>
  quant?: NodeQuant
  /** 'int16': the source keeps this layer's activations at 16 bits (TFLite 16x8). */
  activations?: 'int16'
  /** Per-layer weight format read from the source (TFLite INT4 weights). */
  precision?: NodePrecision
  /** Producer node id per input port. */
  inputs: string[]
  readonly sourceOp: string
  readonly sourceName: string
}

export class ImportGraphBuilder {
  readonly nodes: PendingNode[] = []
  readonly entries: ImportEntry[] = []
  readonly notes: Diagnostic[] = []
  private readonly byId = new Map<string, PendingNode>()

  constructor(readonly format: string) {}

  addNode(op: string, name: string, attrs: Record<string, AttrValue>, inputs: string[],
    source: { op: string; name: string }): PendingNode {
    const node: PendingNode = {
      id: `n${this.nodes.length + 1}`, op, name, attrs, weights: {}, inputs, sourceOp: source.op, sourceName: source.name,
    }
    this.nodes.push(node)
    this.byId.set(node.id, node)
    return node
  }

  node(id: string): PendingNode {
    const n = this.byId.get(id)
    if (!n) throw new Error(`import: unknown pending node ${id}`)
    return n
  }

  /** Records what one source operator became; `nodes` are the IR nodes it became or was merged into. */
  record(sourceOp: string, sourceName: string, status: ImportStatus, nodes: readonly PendingNode[],
    reason?: string, suggestion?: string): ImportEntry {
    const entry: ImportEntry = {
      sourceOp, sourceName, becameNodes: nodes.map((n) => n.id), irOps: nodes.map((n) => n.op), status,
      ...(reason !== undefined ? { reason } : {}), ...(suggestion !== undefined ? { suggestion } : {}),
    }
    this.entries.push(entry)
    return entry
  }

  note(severity: Severity, text: string, nodeId?: string): void {
    this.notes.push(diagnostic(severity, 'import', nodeId ? { nodeId } : {}, text))
  }

  build(seed = 1): Graph {
    const changes: GraphChange[] = []
    for (const n of this.nodes) {
      changes.push({
        type: 'addNode',
        node: {
          id: n.id, op: n.op, name: n.name, attrs: { ...n.attrs }, position: { x: 0, y: 0 },
          ...(Object.keys(n.weights).length > 0 ? { weights: { ...n.weights } } : {}),
          ...(n.quant ? { quant: n.quant } : {}),
          ...(n.activations ? { activations: n.activations } : {}),
          ...(n.precision ? { precision: n.precision } : {}),
          source: { format: this.format, op: n.sourceOp, name: n.sourceName },
        },
      })
    }
    let edge = 0
    for (const n of this.nodes) {
      n.inputs.forEach((source, port) => {
        changes.push({ type: 'addEdge', edge: { id: `e${++edge}`, source, target: n.id, targetPort: port } })
      })
    }
    return applyChanges({ ...EMPTY_GRAPH, seed }, changes).graph
  }
}

/** Unique display names: a repeated name gets a suffix ' (2)', ' (3)', … */
export function uniqueNamer(): (name: string) => string {
  const seen = new Map<string, number>()
  return (name) => {
    const k = (seen.get(name) ?? 0) + 1
    seen.set(name, k)
    return k === 1 ? name : `${name} (${k})`
  }
}
