/**
 * A generated graph of exactly `nodeCount` nodes (≥ 8) for timing the estimator and the planners: an Input
 * 32×32×16, then inverted-residual blocks (Conv2D 1×1 → 32, DepthwiseConv2D 3×3, Conv2D 1×1 → 16, Add with the
 * block input: 4 nodes each, so every block keeps a skip tensor alive), padded with ReLU nodes to the exact
 * count, and a GlobalAveragePool → FullyConnected 10 → Softmax head. Valid for both libraries; deterministic.
 */
import type { Attrs, Edge, Graph, GraphNode } from '../src/core/ir/types.ts'

export function syntheticGraph(nodeCount: number): Graph {
  if (!Number.isInteger(nodeCount) || nodeCount < 8) throw new RangeError(`syntheticGraph needs at least 8 nodes, got ${nodeCount}`)
  const nodes: GraphNode[] = []
  const edges: Edge[] = []
  const add = (op: string, attrs: Attrs, inputs: string[]): string => {
    const id = `n${nodes.length + 1}`
    nodes.push({ id, op, name: `${op.toLowerCase()}_${nodes.length + 1}`, attrs, position: { x: 0, y: 40 * nodes.length } })
    inputs.forEach((source, port) => edges.push({ id: `e${edges.length + 1}`, source, target: id, targetPort: port }))
    return id
  }
  const conv1x1 = (filters: number, activation: string) => ({ filters, kernelH: 1, kernelW: 1, strideH: 1, strideW: 1,
    dilationH: 1, dilationW: 1, padding: 'same', useBias: true, activation })
  const depthwise = { depthMultiplier: 1, kernelH: 3, kernelW: 3, strideH: 1, strideW: 1, dilationH: 1, dilationW: 1,
    padding: 'same', useBias: true, activation: 'relu' }

  let x = add('Input', { shape: [32, 32, 16], mean: [128], scale: 1 / 128 }, [])
  const head = 3
  const blocks = Math.floor((nodeCount - 1 - head) / 4)
  for (let b = 0; b < blocks; b++) {
    const expanded = add('Conv2D', conv1x1(32, 'relu'), [x])
    const filtered = add('DepthwiseConv2D', depthwise, [expanded])
    const projected = add('Conv2D', conv1x1(16, 'none'), [filtered])
    x = add('Add', { activation: 'none' }, [x, projected])
  }
  while (nodes.length < nodeCount - head) x = add('ReLU', {}, [x])
  x = add('GlobalAveragePool', {}, [x])
  x = add('FullyConnected', { units: 10, useBias: true, activation: 'none' }, [x])
  add('Softmax', { beta: 1 }, [x])
  return { nodes, edges, seed: 1 }
}
