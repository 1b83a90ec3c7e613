/**
 * graph.json of a training-ready PyTorch project: the graph's structure, which model.py turns into an nn.Module of
 * operator twins (formats/pytorch/python/graph_model.py). Weights and quantization travel in the weights file.
 *
 *   { format: 'tinyforge-pytorch-graph', version: 1, name, library, scheme: 's8' | 'pow2',
 *     rounding: 'double' | 'single', denseWeights: 'per-tensor' | 'per-channel', fingerprint,
 *     inputs: [node id], outputs: [node id],
 *     nodes: [ { id, name, op, attrs (defaults filled in), inputs: [source id per port], inputShapes, outputShape,
 *                weights: [ { name, shape, dtype: 'float32' } ],
 *                outputDType?: 'int16' (its output is int16: TFLite's 16x8 scheme, ops/activation-dtype.ts; absent: int8),
 *                weightBits?: 4 (weights set to int4, `precision.weights`) } ]   // execution order }
 *
 * Shapes are TinyForge's (NHWC, batch 1 first). `fingerprint` is FNV-1a of the structure (ops, attrs, edges,
 * shapes, weight specs, int16 outputs and int4 weights where present): equal fingerprints mean the same graph up to
 * names and weights.
 */
import { analyzeGraph } from '../../analysis/analyze-graph.ts'
import type { ProjectDoc } from '../../ir/project.ts'
import { projectRounding } from '../../ir/project.ts'
import { fnv1a } from '../../ir/seeded-init.ts'
import type { AttrValue } from '../../ir/types.ts'
import type { QuantScheme } from '../../quant/scheme.ts'
import { OP_TYPES, getOp } from '../../ops/registry.ts'
import { twinGap } from '../../ops/twin-gaps.ts'
import { inputSources } from '../../ir/graph-queries.ts'
import { getLibrary } from '../../vendors/registry.ts'
import { graphOutputs } from '../../analysis/execution-order.ts'

export const GRAPH_FORMAT = 'tinyforge-pytorch-graph'

/**
 * Ops with an int16 (16x8) form — an int16 combination in their `dtypes` facet. Each one's PyTorch twin computes that
 * integer forward (`INT16 = True` in its .torch.py; python-twins.test.ts fails when an op gains an int16 form without it).
 */
export const INT16_TWINS: ReadonlySet<string> = new Set(OP_TYPES.filter((t) =>
  getOp(t)!.dtypes.some((c) => c.input === 'int16' || c.output === 'int16')))

export type Rounding = 'double' | 'single'
export type DenseWeights = 'per-tensor' | 'per-channel'

export interface GraphJsonNode {
  id: string
  name: string
  op: string
  attrs: Record<string, AttrValue>
  inputs: string[]
  inputShapes: number[][]
  outputShape: number[]
  weights: { name: string; shape: number[]; dtype: 'float32' }[]
  outputDType?: 'int16'
  weightBits?: 4
}

export interface GraphJson {
  format: typeof GRAPH_FORMAT
  version: 1
  name: string
  library: string
  scheme: QuantScheme
  rounding: Rounding
  denseWeights: DenseWeights
  fingerprint: string
  inputs: string[]
  outputs: string[]
  nodes: GraphJsonNode[]
}

/** A project that cannot become a PyTorch project; `problems` lists every reason. */
export class PytorchExportError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('; '))
  }
}

/** FullyConnected weights quantized per unit anywhere in the project make the whole project per-channel. */
export function denseWeightsOf(doc: ProjectDoc): DenseWeights {
  const perChannel = doc.graph.nodes.some((n) => n.op === 'FullyConnected' && (n.weights?.weights?.quant?.scale.length ?? 0) > 1)
  return perChannel ? 'per-channel' : 'per-tensor'
}

export function buildGraphJson(doc: ProjectDoc): GraphJson {
  const library = getLibrary(doc.library)
  const analysis = analyzeGraph(doc.graph, library)
  const problems: string[] = []
  if (!library) problems.push(`the project uses library '${doc.library}', which this TinyForge does not know`)
  const byId = new Map(doc.graph.nodes.map((n) => [n.id, n]))
  for (const d of analysis.diagnostics) {
    if (d.severity !== 'error') continue
    const node = d.nodeId ? byId.get(d.nodeId) : undefined
    problems.push(node ? `${node.name} (${node.op}): ${d.message}` : d.message)
  }
  if (doc.graph.nodes.length === 0) problems.push('the graph is empty')
  for (const node of doc.graph.nodes) {
    const gap = twinGap(node)
    if (gap) problems.push(gap)
  }
  if (problems.length > 0) throw new PytorchExportError(problems)
  const sources = inputSources(doc.graph)
  const nodes = analysis.order.map((id): GraphJsonNode => {
    const node = byId.get(id)!
    const info = analysis.nodes.get(id)!
    const def = getOp(node.op)!
    return {
      id, name: node.name, op: node.op, attrs: { ...info.attrs }, inputs: sources.get(id) ?? [],
      inputShapes: info.inputs.map((t) => [...t.shape]), outputShape: [...info.output!.shape],
      weights: def.weightSpecs(info.attrs, info.inputs).map((s) => ({ name: s.name, shape: [...s.shape], dtype: 'float32' as const })),
      ...(info.output!.dtype === 'int16' ? { outputDType: 'int16' as const } : {}),
      ...(node.precision?.weights === 'int4' ? { weightBits: 4 as const } : {}),
    }
  })
  const structure = nodes.map((n) => [n.op, n.attrs, n.inputs, n.inputShapes, n.outputShape, n.weights,
    ...(n.outputDType || n.weightBits ? [n.outputDType ?? 'int8', n.weightBits ?? 8] : [])])
  return {
    format: GRAPH_FORMAT, version: 1, name: doc.name, library: library!.id, scheme: library!.scheme,
    rounding: library!.scheme === 's8' ? projectRounding(doc) : 'double',
    denseWeights: denseWeightsOf(doc), fingerprint: fnv1a(JSON.stringify(structure)).toString(16).padStart(8, '0'),
    inputs: nodes.filter((n) => n.op === 'Input').map((n) => n.id),
    outputs: graphOutputs(doc.graph, analysis.order),
    nodes,
  }
}
