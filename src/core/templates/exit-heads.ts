/**
 * Early-exit head templates: the classifier branch "add exit here" attaches to a node (a tap) — head layers, a
 * FullyConnected to the main classifier's class count, and an Exit. The head decides whether an exit ever fires, so
 * more than global-pool + FC is offered:
 *   gap-fc        GlobalAveragePool → FullyConnected → Exit                          (cheapest; weak on early features)
 *   conv-gap-fc   Conv2D 3×3 stride 2 (ReLU) → GlobalAveragePool → FullyConnected → Exit   (BranchyNet-style)
 *   dwsep-gap-fc  DepthwiseConv2D 3×3 stride 2 (ReLU) → Conv2D 1×1 (ReLU) → GlobalAveragePool → FC → Exit
 *   pool-fc       MaxPool2D 2×2 stride 2 → Flatten → FullyConnected → Exit         (keeps the spatial layout)
 * A rank-2 tap (a vector) takes FullyConnected → Exit whatever the template. `exitHeadChanges` returns the changes
 * (one undoable edit) or throws ExitHeadError with one sentence.
 */
import type { GraphAnalysis } from '../analysis/analyze-graph.ts'
import { analyzeGraph } from '../analysis/analyze-graph.ts'
import { graphOutputs } from '../analysis/execution-order.ts'
import type { GraphChange } from '../ir/changes.ts'
import type { Attrs, Graph, GraphNode } from '../ir/types.ts'
import { formatShape, shapeSize } from '../ir/types.ts'
import { withDefaults } from '../ops/op-def.ts'
import { getOp } from '../ops/registry.ts'

export type ExitHeadId = 'gap-fc' | 'conv-gap-fc' | 'dwsep-gap-fc' | 'pool-fc'

export interface ExitHeadTemplate {
  id: ExitHeadId
  label: string
  description: string
  /** Layers before the FullyConnected, for a rank-4 tap with `channels` channels. */
  layers(channels: number): Layer[]
}

type Layer = { op: string; attrs: Attrs }
const conv3s2: Attrs = { kernelH: 3, kernelW: 3, strideH: 2, strideW: 2, padding: 'same', activation: 'relu' }
const layer = (op: string, attrs: Attrs = {}): Layer => ({ op, attrs })

export const EXIT_HEADS: readonly ExitHeadTemplate[] = [
  { id: 'conv-gap-fc', label: 'Strided conv → pool → FC', description: 'Conv2D 3×3 stride 2 (ReLU), global average pool, FullyConnected',
    layers: (c) => [layer('Conv2D', { filters: Math.max(8, c), ...conv3s2 }), layer('GlobalAveragePool'), layer('Flatten')] },
  { id: 'dwsep-gap-fc', label: 'Depthwise-separable → pool → FC',
    description: 'DepthwiseConv2D 3×3 stride 2, Conv2D 1×1 (ReLU), global average pool, FullyConnected',
    layers: (c) => [layer('DepthwiseConv2D', { depthMultiplier: 1, ...conv3s2 }),
      layer('Conv2D', { filters: Math.max(8, 2 * c), kernelH: 1, kernelW: 1, padding: 'valid', activation: 'relu' }),
      layer('GlobalAveragePool'), layer('Flatten')] },
  { id: 'gap-fc', label: 'Global pool → FC', description: 'Global average pool, FullyConnected',
    layers: () => [layer('GlobalAveragePool'), layer('Flatten')] },
  { id: 'pool-fc', label: 'Max pool → flatten → FC', description: 'MaxPool2D 2×2 stride 2, Flatten, FullyConnected',
    layers: () => [layer('MaxPool2D', { poolH: 2, poolW: 2, strideH: 2, strideW: 2, padding: 'same' }), layer('Flatten')] },
]

export class ExitHeadError extends Error {}

export function exitHeadById(id: string): ExitHeadTemplate | undefined {
  return EXIT_HEADS.find((h) => h.id === id)
}

/** The class count of the graph's main output (its last dimension). */
export function mainClassCount(graph: Graph, analysis: GraphAnalysis = analyzeGraph(graph)): number | undefined {
  const main = graphOutputs(graph, analysis.order).find((id) => graph.nodes.find((n) => n.id === id)?.op !== 'Exit')
  const shape = main ? analysis.nodes.get(main)?.output?.shape : undefined
  return shape ? shape[shape.length - 1] : undefined
}

const SHORT: Record<string, string> = {
  Conv2D: 'conv', DepthwiseConv2D: 'dw', GlobalAveragePool: 'gap', Flatten: 'flat', FullyConnected: 'fc', MaxPool2D: 'pool',
}

/** `exit<k>` for the smallest k ≥ `from` that no node id or name starts with. */
function freshStem(ids: Set<string>, names: Set<string>, from: number): string {
  const taken = (stem: string) => [...ids, ...names].some((x) => x === stem || x.startsWith(`${stem}_`))
  let k = from
  while (taken(`exit${k}`)) k++
  return `exit${k}`
}

function fresh(used: Set<string>, prefix: string): string {
  let k = 1
  while (used.has(`${prefix}${k}`)) k++
  used.add(`${prefix}${k}`)
  return `${prefix}${k}`
}

/**
 * The changes that attach head `headId` and an Exit to node `tapId`: new nodes (ids and names fresh, placed below
 * and right of the tap) and their edges. Throws ExitHeadError with a sentence when the tap cannot take an exit.
 */
export function exitHeadChanges(graph: Graph, tapId: string, headId: ExitHeadId, options: { classes?: number } = {}):
  { changes: GraphChange[]; exitId: string; nodeIds: string[] } {
  const tap = graph.nodes.find((n) => n.id === tapId)
  if (!tap) throw new ExitHeadError(`no node '${tapId}' to attach an exit to`)
  const head = exitHeadById(headId)
  if (!head) throw new ExitHeadError(`unknown exit head '${headId}'; one of ${EXIT_HEADS.map((h) => h.id).join(', ')}`)
  if (tap.op === 'Exit') throw new ExitHeadError(`${tap.name} is an Exit already; attach the exit to a layer of the main path`)
  const analysis = analyzeGraph(graph)
  const shape = analysis.nodes.get(tapId)?.output?.shape
  if (!shape) throw new ExitHeadError(`${tap.name} has no known output shape; fix its problems first`)
  const classes = options.classes ?? mainClassCount(graph, analysis)
  if (!classes || classes < 2) throw new ExitHeadError('the graph has no classifier output to copy the class count from; give the number of classes')
  let layers: Layer[]
  if (shape.length === 4) layers = head.layers(shape[3])
  else if (shape.length === 2) layers = []
  else throw new ExitHeadError(`${tap.name} outputs ${formatShape(shape)}; an exit head needs a 1×H×W×C feature map or a 1×N vector`)
  if (shapeSize(shape) === 0) throw new ExitHeadError(`${tap.name} outputs an empty tensor`)
  layers = [...layers, layer('FullyConnected', { units: classes }), layer('Exit')]
  const ids = new Set([...graph.nodes.map((n) => n.id), ...graph.edges.map((e) => e.id)])
  const names = new Set(graph.nodes.map((n) => n.name))
  const exitIndex = graph.nodes.filter((n) => n.op === 'Exit').length + 1
  const changes: GraphChange[] = []
  const nodeIds: string[] = []
  let previous = tapId
  const stem = freshStem(ids, names, exitIndex)
  layers.forEach((l, i) => {
    const def = getOp(l.op)!
    const base = l.op === 'Exit' ? stem : `${stem}_${SHORT[l.op] ?? l.op.toLowerCase()}`
    const id = ids.has(base) ? fresh(ids, `${base}_`) : (ids.add(base), base)
    const name = names.has(base) ? fresh(names, `${base}_`) : (names.add(base), base)
    const node: GraphNode = { id, op: l.op, name, attrs: withDefaults(def.attrs, l.attrs),
      position: { x: Math.round(tap.position.x + 220 * (i + 1)), y: Math.round(tap.position.y + 140) } }
    changes.push({ type: 'addNode', node })
    changes.push({ type: 'addEdge', edge: { id: fresh(ids, `e_${id}_`), source: previous, target: id, targetPort: 0 } })
    nodeIds.push(id)
    previous = id
  })
  return { changes, exitId: previous, nodeIds }
}
