/**
 * Shape inference + diagnostics for a whole graph, optionally against a vendor library. Pure and total:
 * it never throws for a bad graph; every problem becomes a Diagnostic on a node or edge, and nodes
 * downstream of a problem simply have no known output.
 */
import type { Diagnostic } from '../ir/diagnostics.ts'
import { diagnostic } from '../ir/diagnostics.ts'
import { topologicalOrder } from '../ir/graph-queries.ts'
import type { Attrs, Edge, Graph, TensorInfo } from '../ir/types.ts'
import { OpError, checkAttrs, withDefaults } from '../ops/op-def.ts'
import { getOp } from '../ops/registry.ts'
import { checkOpSupport } from '../vendors/check.ts'
import type { VendorLibrary } from '../vendors/types.ts'
import { checkNodeWeights } from './node-weights.ts'

export interface NodeAnalysis {
  /** Attributes with defaults filled in. */
  attrs: Attrs
  inputs: TensorInfo[]
  /** Output tensor, when it could be inferred. */
  output?: TensorInfo
  macs: number
  /** Number of parameters (weights + biases). */
  params: number
  /** False when the selected library has no kernel for the op (or the op is unknown). */
  supported: boolean
}

export interface GraphAnalysis {
  /** Execution order (cyclic nodes excluded). */
  order: string[]
  nodes: Map<string, NodeAnalysis>
  diagnostics: Diagnostic[]
  byNode: Map<string, Diagnostic[]>
  byEdge: Map<string, Diagnostic[]>
  /** True when no diagnostic of severity 'error' exists. */
  ok: boolean
}

export function analyzeGraph(graph: Graph, library?: VendorLibrary): GraphAnalysis {
  const diagnostics: Diagnostic[] = []
  const nodes = new Map<string, NodeAnalysis>()
  const { order, cyclic } = topologicalOrder(graph)
  const incoming = new Map<string, Edge[]>()
  for (const e of graph.edges) {
    const list = incoming.get(e.target)
    if (list) list.push(e)
    else incoming.set(e.target, [e])
  }
  const nodeById = new Map(graph.nodes.map((n) => [n.id, n]))

  for (const id of cyclic) diagnostics.push(diagnostic('error', 'cycle', { nodeId: id }))

  for (const id of order) {
    const node = nodeById.get(id)!
    const def = getOp(node.op)
    const at = { nodeId: id }
    if (!def) {
      diagnostics.push(diagnostic('error', 'unknown-op', at, node.op))
      nodes.set(id, { attrs: node.attrs, inputs: [], macs: 0, params: 0, supported: false })
      continue
    }
    const attrs = withDefaults(def.attrs, node.attrs)
    const analysis: NodeAnalysis = { attrs, inputs: [], macs: 0, params: 0, supported: true }
    nodes.set(id, analysis)

    const attrProblems = checkAttrs(def.attrs, attrs)
    for (const p of attrProblems) diagnostics.push(diagnostic('error', 'bad-attr', at, p))

    const expected = attrProblems.length === 0 ? def.inputCount(attrs) : 0
    const edges = (incoming.get(id) ?? []).slice().sort((a, b) => a.targetPort - b.targetPort)
    const byPort = new Map<number, Edge>()
    let inputsKnown = attrProblems.length === 0
    for (const e of edges) {
      if (e.targetPort >= expected || e.targetPort < 0) {
        diagnostics.push(diagnostic('error', 'extra-input', { nodeId: id, edgeId: e.id }, e.targetPort))
      } else if (byPort.has(e.targetPort)) {
        diagnostics.push(diagnostic('error', 'duplicate-input', { nodeId: id, edgeId: e.id }, e.targetPort))
        inputsKnown = false
      } else byPort.set(e.targetPort, e)
    }
    const inputs: TensorInfo[] = []
    for (let port = 0; port < expected; port++) {
      const e = byPort.get(port)
      if (!e) {
        diagnostics.push(diagnostic('error', 'missing-input', at, port))
        inputsKnown = false
        continue
      }
      const upstream = nodes.get(e.source)?.output
      if (!upstream) inputsKnown = false
      else inputs.push(upstream)
    }
    analysis.inputs = inputs
    if (!inputsKnown) {
      if (attrProblems.length === 0 && byPort.size === expected && inputs.length < expected) {
        diagnostics.push(diagnostic('warning', 'input-unknown', at))
      }
      if (library) analysis.supported = library.ops[node.op] !== undefined
      continue
    }

    let outputShape
    try {
      outputShape = def.inferShape(attrs, inputs)
    } catch (err) {
      if (!(err instanceof OpError)) throw err
      diagnostics.push(diagnostic('error', 'shape', at, err.message))
    }
    for (const p of def.validate(attrs, inputs)) diagnostics.push(diagnostic('error', 'invalid', at, p))

    if (outputShape) {
      analysis.output = { shape: outputShape, dtype: inputs[0]?.dtype ?? 'float32', quant: node.quant?.output }
      analysis.macs = def.macs(attrs, inputs, outputShape)
      const { params, problems } = checkNodeWeights(def, node, attrs, inputs)
      analysis.params = params
      for (const p of problems) diagnostics.push(diagnostic('error', 'weights-shape', at, p.name, p.have, p.need))
    }

    if (library) {
      const support = checkOpSupport(library, node.op, attrs, inputs, outputShape)
      analysis.supported = support.supported
      if (!support.supported) diagnostics.push(diagnostic('error', 'unsupported-op', at, def.label, library.name))
      for (const p of support.problems) diagnostics.push(diagnostic('error', 'constraint', at, p))
    }
  }

  if (graph.nodes.length > 0 && !graph.nodes.some((n) => n.op === 'Input')) {
    diagnostics.push(diagnostic('warning', 'no-input', {}))
  }

  const byNode = new Map<string, Diagnostic[]>()
  const byEdge = new Map<string, Diagnostic[]>()
  for (const d of diagnostics) {
    if (d.nodeId) pushTo(byNode, d.nodeId, d)
    if (d.edgeId) pushTo(byEdge, d.edgeId, d)
  }
  return { order, nodes, diagnostics, byNode, byEdge, ok: !diagnostics.some((d) => d.severity === 'error') }
}

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key)
  if (list) list.push(value)
  else map.set(key, [value])
}
