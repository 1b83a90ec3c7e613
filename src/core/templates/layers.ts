/**
 * Building blocks for templates: a linear chain of layers becomes a ProjectDoc with stable ids (nodes
 * n1, n2, … in chain order; edge eK feeds node n(K+1) from nK), library 'cmsis-nn', seed 1, no stored
 * weights (seeded on demand) and an automatic top-to-bottom layout. Layer helpers spell out every
 * attribute, so a template never depends on an operator's defaults.
 */
import { applyChanges } from '../ir/changes.ts'
import type { ProjectDoc } from '../ir/project.ts'
import type { Attrs, Edge, Graph, GraphNode } from '../ir/types.ts'
import { autoLayout } from '../layout/auto-layout.ts'

export interface LayerSpec {
  op: string
  name: string
  attrs: Attrs
}

export type Activation = 'none' | 'relu' | 'relu6'
export type Padding = 'same' | 'valid'

export function chainProject(name: string, layers: readonly LayerSpec[]): ProjectDoc {
  const nodes: GraphNode[] = layers.map((l, i) => ({
    id: `n${i + 1}`, op: l.op, name: l.name, attrs: l.attrs, position: { x: 0, y: 0 },
  }))
  const edges: Edge[] = nodes.slice(1).map((n, i) => ({ id: `e${i + 1}`, source: nodes[i].id, target: n.id, targetPort: 0 }))
  const unplaced: Graph = { nodes, edges, seed: 1 }
  const graph = applyChanges(unplaced, autoLayout(unplaced)).graph
  return { name, library: 'cmsis-nn', targets: [], graph }
}

export function input(name: string, shape: number[], mean: number[], scale: number): LayerSpec {
  return { op: 'Input', name, attrs: { shape, mean, scale } }
}

export function conv2d(
  name: string, filters: number, [kernelH, kernelW]: [number, number], [strideH, strideW]: [number, number],
  padding: Padding, activation: Activation,
): LayerSpec {
  return { op: 'Conv2D', name, attrs: {
    filters, kernelH, kernelW, strideH, strideW, dilationH: 1, dilationW: 1, padding, useBias: true, activation,
  } }
}

export function depthwiseConv2d(
  name: string, [kernelH, kernelW]: [number, number], [strideH, strideW]: [number, number],
  padding: Padding, activation: Activation,
): LayerSpec {
  return { op: 'DepthwiseConv2D', name, attrs: {
    depthMultiplier: 1, kernelH, kernelW, strideH, strideW, dilationH: 1, dilationW: 1, padding, useBias: true, activation,
  } }
}

export function pool2d(
  op: 'MaxPool2D' | 'AvgPool2D', name: string, [poolH, poolW]: [number, number], [strideH, strideW]: [number, number],
): LayerSpec {
  return { op, name, attrs: { poolH, poolW, strideH, strideW, padding: 'valid', activation: 'none' } }
}

export function flatten(name: string): LayerSpec {
  return { op: 'Flatten', name, attrs: {} }
}

export function fullyConnected(name: string, units: number, activation: Activation = 'none'): LayerSpec {
  return { op: 'FullyConnected', name, attrs: { units, useBias: true, activation } }
}

export function softmax(name: string): LayerSpec {
  return { op: 'Softmax', name, attrs: { beta: 1 } }
}
