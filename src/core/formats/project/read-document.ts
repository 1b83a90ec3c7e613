/**
 * Validates the JSON of a current-version project file and builds the ProjectDoc. Every problem is a
 * 'corrupt' ProjectFileError naming the field (and the node or edge by id once known). Unknown operator
 * types are kept as they are: the analyzer reports them, the file format does not judge them. Fields this
 * version does not know are ignored.
 */
import type { CustomTargetSpec, ProjectDoc } from '../../ir/project.ts'
import type { TrainingRun } from '../../ir/training-run.ts'
import { TargetFileError, parseTargetFile } from '../../targets/target-file.ts'
import type { AttrValue, Edge, Graph, GraphNode, Tensor } from '../../ir/types.ts'
import { corrupt, describeJson } from './errors.ts'
import { decodeQuant, decodeTensor, isRecord } from './tensor-codec.ts'
import { TrainingRunError, readTrainingRun } from './training-runs.ts'

export function readDocument(json: Record<string, unknown>): ProjectDoc {
  const name = json.name
  if (typeof name !== 'string') corrupt(`"name" must be a string, found ${describeJson(name)}`)
  const library = json.library
  if (typeof library !== 'string' || library === '') corrupt(`"library" must be a library id such as "cmsis-nn", found ${describeJson(library)}`)
  const targets = json.targets
  if (!Array.isArray(targets) || targets.some((t) => typeof t !== 'string')) {
    corrupt(`"targets" must be a list of target ids, found ${describeJson(targets)}`)
  }
  const doc: ProjectDoc = { name, library, targets: [...(targets as string[])], graph: readGraph(json.graph) }
  const customTargets = readCustomTargets(json.customTargets)
  const trainingRuns = readTrainingRuns(json.trainingRuns)
  const rounding = json.rounding
  if (rounding !== undefined && rounding !== 'double' && rounding !== 'single') {
    corrupt(`"rounding" must be "double" or "single" (requantization rounding), found ${describeJson(rounding)}`)
  }
  return { ...doc, ...(customTargets.length > 0 ? { customTargets } : {}), ...(trainingRuns.length > 0 ? { trainingRuns } : {}),
    ...(rounding === 'single' ? { rounding } : {}) }
}

/** Training runs, each validated by readTrainingRun; absent means none. */
function readTrainingRuns(value: unknown): TrainingRun[] {
  if (value === undefined) return []
  if (!Array.isArray(value)) corrupt(`"trainingRuns" must be a list, found ${describeJson(value)}`)
  return value.map((run, i) => {
    try {
      return readTrainingRun(run)
    } catch (err) {
      if (!(err instanceof TrainingRunError)) throw err
      corrupt(`training run ${i + 1}: ${err.message}`)
    }
  })
}

/** Custom boards, each validated exactly as a `--target-file` is; absent means none. */
function readCustomTargets(value: unknown): CustomTargetSpec[] {
  if (value === undefined) return []
  if (!Array.isArray(value)) corrupt(`"customTargets" must be a list of boards, found ${describeJson(value)}`)
  const ids = new Set<string>()
  return value.map((item, i) => {
    let spec: CustomTargetSpec
    try {
      const t = parseTargetFile(JSON.stringify(item))
      spec = { id: t.id, name: t.name, core: t.core, clockMHz: t.clockMHz, sramBytes: t.sramBytes, flashBytes: t.flashBytes }
      if (isRecord(item) && item.activePowerMw !== undefined) spec.activePowerMw = t.activePowerMw
    } catch (err) {
      if (!(err instanceof TargetFileError)) throw err
      corrupt(`custom target ${i + 1}: ${err.message.replace(/^target file: /, '')}`)
    }
    if (ids.has(spec.id)) corrupt(`custom target id '${spec.id}' is used twice`)
    ids.add(spec.id)
    return spec
  })
}

function readGraph(value: unknown): Graph {
  if (!isRecord(value)) corrupt(`"graph" must be an object, found ${describeJson(value)}`)
  const { seed, nodes, edges } = value
  if (!Number.isSafeInteger(seed)) corrupt(`"graph.seed" must be a whole number, found ${describeJson(seed)}`)
  if (!Array.isArray(nodes)) corrupt(`"graph.nodes" must be a list, found ${describeJson(nodes)}`)
  if (!Array.isArray(edges)) corrupt(`"graph.edges" must be a list, found ${describeJson(edges)}`)

  const nodeIds = new Set<string>()
  const graphNodes = nodes.map((n, i) => {
    const node = readNode(n, i)
    if (nodeIds.has(node.id)) corrupt(`node id '${node.id}' is used twice`)
    nodeIds.add(node.id)
    return node
  })
  const edgeIds = new Set<string>()
  const graphEdges = edges.map((e, i) => {
    const edge = readEdge(e, i)
    if (edgeIds.has(edge.id)) corrupt(`edge id '${edge.id}' is used twice`)
    edgeIds.add(edge.id)
    if (!nodeIds.has(edge.source)) corrupt(`edge '${edge.id}' comes from node '${edge.source}', which does not exist`)
    if (!nodeIds.has(edge.target)) corrupt(`edge '${edge.id}' goes to node '${edge.target}', which does not exist`)
    return edge
  })
  return { seed: seed as number, nodes: graphNodes, edges: graphEdges }
}

function readNode(value: unknown, index: number): GraphNode {
  if (!isRecord(value)) corrupt(`graph.nodes[${index}] must be an object, found ${describeJson(value)}`)
  const id = value.id
  if (typeof id !== 'string' || id === '') corrupt(`graph.nodes[${index}] "id" must be a non-empty string, found ${describeJson(id)}`)
  const at = `node '${id}'`
  const { op, name, attrs, position } = value
  if (typeof op !== 'string' || op === '') corrupt(`${at} "op" must be an operator type such as "Conv2D", found ${describeJson(op)}`)
  if (typeof name !== 'string') corrupt(`${at} "name" must be a string, found ${describeJson(name)}`)
  if (!isRecord(attrs)) corrupt(`${at} "attrs" must be an object, found ${describeJson(attrs)}`)
  const nodeAttrs: Record<string, AttrValue> = {}
  for (const [key, v] of Object.entries(attrs)) nodeAttrs[key] = readAttr(v, `${at} attribute "${key}"`)
  if (!isRecord(position)) corrupt(`${at} "position" must be an object with x and y, found ${describeJson(position)}`)
  for (const axis of ['x', 'y'] as const) {
    if (typeof position[axis] !== 'number') corrupt(`${at} "position.${axis}" must be a number, found ${describeJson(position[axis])}`)
  }
  const node: GraphNode = { id, op, name, attrs: nodeAttrs, position: { x: position.x as number, y: position.y as number } }

  if (value.weights !== undefined) {
    if (!isRecord(value.weights)) corrupt(`${at} "weights" must be an object of named tensors, found ${describeJson(value.weights)}`)
    const weights: Record<string, Tensor> = {}
    for (const [tensorName, t] of Object.entries(value.weights)) weights[tensorName] = decodeTensor(t, `${at} ${tensorName}`)
    node.weights = weights
  }
  if (value.quant !== undefined) {
    if (!isRecord(value.quant)) corrupt(`${at} "quant" must be an object, found ${describeJson(value.quant)}`)
    node.quant = { output: decodeQuant(value.quant.output, `${at} "quant.output"`) }
    if (value.quant.state !== undefined) {
      if (!isRecord(value.quant.state)) corrupt(`${at} "quant.state" must be an object, found ${describeJson(value.quant.state)}`)
      node.quant.state = Object.fromEntries(Object.entries(value.quant.state)
        .map(([k, q]) => [k, decodeQuant(q, `${at} "quant.state.${k}"`)]))
    }
  }
  if (value.precision !== undefined) {
    if (!isRecord(value.precision)) corrupt(`${at} "precision" must be an object, found ${describeJson(value.precision)}`)
    const w = value.precision.weights
    if (w !== undefined && w !== 'int8' && w !== 'int4') corrupt(`${at} "precision.weights" must be int8 or int4, found ${describeJson(w)}`)
    if (w === 'int4') node.precision = { weights: 'int4' }
  }
  if (value.activations !== undefined) {
    if (value.activations !== 'int16') corrupt(`${at} "activations" must be "int16" (or absent for int8), found ${describeJson(value.activations)}`)
    node.activations = 'int16'
  }
  if (value.source !== undefined) node.source = readSource(value.source, at)
  return node
}

function readAttr(value: unknown, label: string): AttrValue {
  if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') return value
  if (Array.isArray(value) && value.every((x) => typeof x === 'number')) return [...(value as number[])]
  corrupt(`${label} must be a number, string, true/false or a list of numbers, found ${describeJson(value)}`)
}

function readSource(value: unknown, at: string): NonNullable<GraphNode['source']> {
  if (!isRecord(value)) corrupt(`${at} "source" must be an object, found ${describeJson(value)}`)
  const { format, op, name } = value
  if (typeof format !== 'string') corrupt(`${at} "source.format" must be a string, found ${describeJson(format)}`)
  if (typeof op !== 'string') corrupt(`${at} "source.op" must be a string, found ${describeJson(op)}`)
  if (name !== undefined && typeof name !== 'string') corrupt(`${at} "source.name" must be a string, found ${describeJson(name)}`)
  return name === undefined ? { format, op } : { format, op, name }
}

function readEdge(value: unknown, index: number): Edge {
  if (!isRecord(value)) corrupt(`graph.edges[${index}] must be an object, found ${describeJson(value)}`)
  const { id, source, target, targetPort } = value
  if (typeof id !== 'string' || id === '') corrupt(`graph.edges[${index}] "id" must be a non-empty string, found ${describeJson(id)}`)
  const at = `edge '${id}'`
  if (typeof source !== 'string') corrupt(`${at} "source" must be a node id, found ${describeJson(source)}`)
  if (typeof target !== 'string') corrupt(`${at} "target" must be a node id, found ${describeJson(target)}`)
  if (!Number.isInteger(targetPort) || (targetPort as number) < 0) {
    corrupt(`${at} "targetPort" must be a whole number ≥ 0, found ${describeJson(targetPort)}`)
  }
  return { id, source, target, targetPort: targetPort as number }
}
