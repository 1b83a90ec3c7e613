/**
 * Shape inference + diagnostics for a whole graph, optionally against a vendor library. Pure and total:
 * it never throws for a bad graph; every problem becomes a Diagnostic on a node or edge, and nodes
 * downstream of a problem simply have no known output.
 */
import type { Diagnostic } from '../ir/diagnostics.ts'
import { diagnostic } from '../ir/diagnostics.ts'
import type { Attrs, Edge, Graph, GraphNode, TensorInfo } from '../ir/types.ts'
import type { AnyOpDef } from '../ops/op-def.ts'
import { OpError, checkAttrs, withDefaults } from '../ops/op-def.ts'
import type { ActDType } from '../ops/op-def.ts'
import { dtypeProblem, outputDType } from '../ops/activation-dtype.ts'
import { getOp } from '../ops/registry.ts'
import { checkOpSupport } from '../vendors/check.ts'
import type { VendorLibrary } from '../vendors/types.ts'
import { EXIT_OP, executionOrder } from './execution-order.ts'
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

/**
 * What one node's analysis depends on only through its op, attrs, library and input tensors — shape, MACs, parameter
 * count and the problems found — remembered across graphs that share layers (the family explorer analyses
 * thousands of variants built from the same layers). Nodes with stored weights or quantization are not memoised.
 */
export interface AnalysisMemo {
  /** Attrs with defaults and their range problems, by op and attrs. */
  attrs: Map<string, { attrs: Attrs; problems: string[] }>
  facts: Map<string, NodeFacts>
}

interface NodeFacts {
  outputShape?: readonly number[]
  macs: number
  params: number
  supported: boolean
  /** Diagnostics of the node, without their node id. */
  problems: [Diagnostic['severity'], Diagnostic['code'], string][]
}

export function createAnalysisMemo(): AnalysisMemo {
  return { attrs: new Map(), facts: new Map() }
}

export function analyzeGraph(graph: Graph, library?: VendorLibrary, memo?: AnalysisMemo): GraphAnalysis {
  const diagnostics: Diagnostic[] = []
  const nodes = new Map<string, NodeAnalysis>()
  const { order, cyclic } = executionOrder(graph)
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
    const attrsKey = memo ? `${node.op}|${JSON.stringify(node.attrs)}` : undefined
    const checked = attrsKey === undefined ? undefined : memo!.attrs.get(attrsKey)
    const attrs = checked?.attrs ?? withDefaults(def.attrs, node.attrs)
    const analysis: NodeAnalysis = { attrs, inputs: [], macs: 0, params: 0, supported: true }
    nodes.set(id, analysis)

    const attrProblems = checked?.problems ?? checkAttrs(def.attrs, attrs)
    if (attrsKey !== undefined && !checked) memo!.attrs.set(attrsKey, { attrs, problems: attrProblems })
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

    const key = attrsKey !== undefined && !node.weights && !node.quant && !node.precision && !node.activations
      ? `${library?.id ?? ''}|${attrsKey}|${inputs.map((t) => `${t.dtype}${t.shape.join('x')}`).join(';')}`
      : undefined
    let facts = key === undefined ? undefined : memo!.facts.get(key)
    if (!facts) {
      facts = nodeFacts(def, node, attrs, inputs, library)
      if (key !== undefined) memo!.facts.set(key, facts)
    }
    for (const [severity, code, message] of facts.problems) diagnostics.push({ severity, code, message, nodeId: id })
    if (facts.outputShape) {
      const inTypes = inputs.map(actDType)
      const outType = outputDType(def, node.activations, inTypes)
      const problem = dtypeProblem(def, inTypes, outType)
      if (problem) diagnostics.push(diagnostic('error', 'dtype', at, problem))
      else if (library?.ops[node.op] && !library.ops[node.op].int16 && (outType === 'int16' || inTypes.includes('int16'))) {
        diagnostics.push(diagnostic('error', 'dtype', at, `${library.name} has no int16 kernel for ${def.label}; keep it int8`))
      }
      analysis.output = { shape: facts.outputShape, dtype: outType === 'int16' ? 'int16' : 'float32', quant: node.quant?.output }
      analysis.macs = facts.macs
      analysis.params = facts.params
    }
    if (library) analysis.supported = facts.supported
  }

  for (const e of graph.edges) {
    if (nodeById.get(e.source)?.op === EXIT_OP) {
      diagnostics.push(diagnostic('error', 'invalid', { nodeId: e.source, edgeId: e.id },
        'an Exit ends its branch (its logits are an output); connect nothing after it'))
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

/** Shape, MACs, parameters and the problems of one node whose inputs are known. */
function nodeFacts(def: AnyOpDef, node: GraphNode, attrs: Attrs, inputs: TensorInfo[], library: VendorLibrary | undefined): NodeFacts {
  const found: Diagnostic[] = []
  const at = {}
  let outputShape
  try {
    outputShape = def.inferShape(attrs, inputs)
  } catch (err) {
    if (!(err instanceof OpError)) throw err
    found.push(diagnostic('error', 'shape', at, err.message))
  }
  for (const p of def.validate(attrs, inputs)) found.push(diagnostic('error', 'invalid', at, p))
  let macs = 0
  let params = 0
  if (outputShape) {
    macs = def.macs(attrs, inputs, outputShape)
    const weights = checkNodeWeights(def, node, attrs, inputs)
    params = weights.params
    for (const p of weights.problems) found.push(diagnostic('error', 'weights-shape', at, p.name, p.have, p.need))
  }
  let supported = true
  if (library) {
    const support = checkOpSupport(library, node.op, attrs, inputs, outputShape)
    supported = support.supported
    if (!support.supported) found.push(diagnostic('error', 'unsupported-op', at, def.label, library.name))
    for (const p of support.problems) found.push(diagnostic('error', 'constraint', at, p))
  }
  return { outputShape, macs, params, supported, problems: found.map((d) => [d.severity, d.code, d.message]) }
}

/** The quantized element type of an analysed tensor (int16 where a layer runs at 16 bits; int8 otherwise). */
export const actDType = (t: TensorInfo): ActDType => (t.dtype === 'int16' ? 'int16' : 'int8')

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key)
  if (list) list.push(value)
  else map.set(key, [value])
}
