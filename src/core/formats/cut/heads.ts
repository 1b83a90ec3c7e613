/**
 * Head templates of cut training (docs/cut-training.md): the small classifier each block but the last trains with.
 * A head reads the cut tensor [1, H, W, C] and ends like the network does (FullyConnected to the class count, then
 * Softmax), so "blocks 1..k + head k" is a classifier of its own, deployable as it is.
 *
 *   gap-fc         GlobalAveragePool → FullyConnected(classes) → Softmax                 (any H, W ≥ 1)
 *   conv-pool-fc   Conv2D 3×3 'valid' ×16 + ReLU → MaxPool2D 2×2/2 → Flatten → FullyConnected(classes) → Softmax
 *                  (needs H, W ≥ 4: the 3×3 valid convolution leaves H−2 ≥ 2 for the pool)
 *
 * Head nodes are ordinary graph nodes marked by their provenance: `source = { format: 'cut-head', op: <template>,
 * name: <id of the node whose output the head reads> }`, ids `cut<k>_<role>` (k from 1), names `head<k>/<role>`. The
 * project file stores `source` as it is, so a trained project keeps its heads (and with them its cut plan).
 */
import type { Edge, GraphNode } from '../../ir/types.ts'

export type HeadTemplate = 'gap-fc' | 'conv-pool-fc'

export const HEAD_SOURCE = 'cut-head'

export const HEAD_TEMPLATES: readonly { id: HeadTemplate; label: string; description: string }[] = [
  { id: 'gap-fc', label: 'Global pool + FC', description: 'GlobalAveragePool → FullyConnected → Softmax' },
  { id: 'conv-pool-fc', label: 'Conv + pool + FC', description: 'Conv2D 3×3 ×16 ReLU → MaxPool 2×2 → Flatten → FullyConnected → Softmax' },
]

export const HEAD_CONV_FILTERS = 16

export function isHeadTemplate(value: unknown): value is HeadTemplate {
  return HEAD_TEMPLATES.some((t) => t.id === value)
}

export function isHeadNode(node: Pick<GraphNode, 'source'>): boolean {
  return node.source?.format === HEAD_SOURCE
}

export interface HeadGraph {
  nodes: GraphNode[]
  edges: Edge[]
  /** The head's last node (its Softmax): the cut model's output. */
  output: string
}

/** The nodes of head `k` (1-based) reading the output of `from`, classifying into `classes`. */
export function headGraph(template: HeadTemplate, k: number, from: Pick<GraphNode, 'id' | 'position'>, classes: number): HeadGraph {
  const source = { format: HEAD_SOURCE, op: template, name: from.id }
  const roles: [string, string, Record<string, number | string | boolean>][] = template === 'gap-fc'
    ? [['gap', 'GlobalAveragePool', {}]]
    : [
        ['conv', 'Conv2D', { filters: HEAD_CONV_FILTERS, kernelH: 3, kernelW: 3, strideH: 1, strideW: 1, dilationH: 1, dilationW: 1,
          padding: 'valid', useBias: true, activation: 'relu' }],
        ['pool', 'MaxPool2D', { poolH: 2, poolW: 2, strideH: 2, strideW: 2, padding: 'valid', activation: 'none' }],
        ['flatten', 'Flatten', {}],
      ]
  roles.push(['fc', 'FullyConnected', { units: classes, useBias: true, activation: 'none' }], ['softmax', 'Softmax', { beta: 1 }])
  const nodes: GraphNode[] = roles.map(([role, op, attrs], i) => ({
    id: `cut${k}_${role}`, op, name: `head${k}/${role}`, attrs,
    position: { x: from.position.x + 260, y: from.position.y + i * 90 }, source,
  }))
  const edges: Edge[] = nodes.map((n, i) => {
    const src = i === 0 ? from.id : nodes[i - 1].id
    return { id: `${src}->${n.id}:0`, source: src, target: n.id, targetPort: 0 }
  })
  return { nodes, edges, output: nodes[nodes.length - 1].id }
}
