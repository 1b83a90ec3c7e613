/**
 * Writes a ProjectDoc as a `*.tinyforge.json` file of the current version. Files are self-contained
 * ("weights included"): before writing, the seeded weights every node runs with are stored in the node,
 * so the file reproduces the same network even if the seeded initialiser changes later. Output is
 * deterministic (same doc → same text) and diff-friendly: objects indented, lists of numbers on one line.
 */
import { analyzeGraph } from '../../analysis/analyze-graph.ts'
import { resolveNodeWeights } from '../../analysis/node-weights.ts'
import type { ProjectDoc } from '../../ir/project.ts'
import type { Edge, GraphNode, Tensor } from '../../ir/types.ts'
import { getOp } from '../../ops/registry.ts'
import { CURRENT_VERSION, PROJECT_FORMAT } from './migrations.ts'
import { encodeQuant, encodeTensor } from './tensor-codec.ts'

export interface SerializeOptions {
  /** Turns the doc into the doc to write; default `materializeSeededWeights`. Pass `(d) => d` to store as is. */
  materializeWeights?: (doc: ProjectDoc) => ProjectDoc
}

export function serializeProject(doc: ProjectDoc, options: SerializeOptions = {}): string {
  const materialize = options.materializeWeights ?? materializeSeededWeights
  const d = materialize(doc)
  const file = {
    format: PROJECT_FORMAT,
    version: CURRENT_VERSION,
    name: d.name,
    library: d.library,
    targets: [...d.targets],
    ...(d.customTargets && d.customTargets.length > 0 ? { customTargets: d.customTargets.map((t) => ({ ...t })) } : {}),
    ...(d.trainingRuns && d.trainingRuns.length > 0 ? { trainingRuns: d.trainingRuns.map((r) => structuredClone(r)) } : {}),
    ...(d.rounding === 'single' ? { rounding: 'single' } : {}),
    graph: {
      seed: d.graph.seed,
      nodes: d.graph.nodes.map(nodeJson),
      edges: d.graph.edges.map(edgeJson),
    },
  }
  return `${stringifyCompact(file)}\n`
}

/**
 * The doc with every node's resolved constant tensors stored in it: seeded tensors for layers whose
 * weights are derived (missing, or seeded with a stale shape), stored tensors kept as they are. Nodes
 * whose shapes cannot be inferred (unknown op, disconnected input, bad attributes) are left unchanged.
 * Pure: returns a new doc and shares unchanged nodes.
 */
export function materializeSeededWeights(doc: ProjectDoc): ProjectDoc {
  const analysis = analyzeGraph(doc.graph)
  let changed = false
  const nodes = doc.graph.nodes.map((node) => {
    const def = getOp(node.op)
    const a = analysis.nodes.get(node.id)
    if (!def || !a || !a.output) return node
    const { weights } = resolveNodeWeights(def, node, a.attrs, a.inputs, doc.graph.seed)
    const names = Object.keys(weights)
    if (names.length === 0 || names.every((n) => node.weights?.[n] === weights[n])) return node
    changed = true
    // Stored tensors the op does not resolve (wrong-shaped imports, extra names) stay for the analyzer to report.
    return { ...node, weights: { ...node.weights, ...weights } }
  })
  return changed ? { ...doc, graph: { ...doc.graph, nodes } } : doc
}

function nodeJson(node: GraphNode): Record<string, unknown> {
  const json: Record<string, unknown> = {
    id: node.id,
    op: node.op,
    name: node.name,
    attrs: { ...node.attrs },
    position: { x: node.position.x, y: node.position.y },
  }
  if (node.weights) {
    const weights: Record<string, unknown> = {}
    for (const [name, t] of Object.entries(node.weights) as [string, Tensor][]) weights[name] = encodeTensor(t)
    json.weights = weights
  }
  if (node.quant) {
    json.quant = { output: encodeQuant(node.quant.output),
      ...(node.quant.state ? { state: Object.fromEntries(Object.entries(node.quant.state).map(([k, q]) => [k, encodeQuant(q)])) } : {}) }
  }
  if (node.precision?.weights === 'int4') json.precision = { weights: 'int4' }
  if (node.activations) json.activations = node.activations
  if (node.source) json.source = { ...node.source }
  return json
}

function edgeJson(edge: Edge): Record<string, unknown> {
  return { id: edge.id, source: edge.source, target: edge.target, targetPort: edge.targetPort }
}

/** JSON.stringify with 2-space indentation, except that lists of primitives stay on one line. */
export function stringifyCompact(value: unknown, indent = ''): string {
  if (Array.isArray(value)) {
    if (value.every((v) => v === null || typeof v !== 'object')) return `[${value.map((v) => JSON.stringify(v)).join(', ')}]`
    if (value.length === 0) return '[]'
    const inner = indent + '  '
    return `[\n${value.map((v) => inner + stringifyCompact(v, inner)).join(',\n')}\n${indent}]`
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined)
    if (entries.length === 0) return '{}'
    const inner = indent + '  '
    return `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${stringifyCompact(v, inner)}`).join(',\n')}\n${indent}}`
  }
  return JSON.stringify(value)
}
