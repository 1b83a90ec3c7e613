/** Graphs for tests (not used by production code). */
import type { Attrs, Edge, Graph, GraphNode } from '../ir/types.ts'

function node(id: string, op: string, attrs: Attrs = {}): GraphNode {
  return { id, op, name: id, attrs, position: { x: 0, y: 0 } }
}
function edge(source: string, target: string, targetPort = 0): Edge {
  return { id: `${source}-${target}-${targetPort}`, source, target, targetPort }
}

/**
 * in 6×6×1 → Conv2D 4 (ReLU) → MaxPool 2×2 → { DepthwiseConv2D (ReLU6) | Conv2D 1×1 } → Concat → { ReLU6 } → Add
 * (concat + relu6(concat)) → Flatten → FullyConnected 10 → Softmax. Seeded weights; every operator kind but Pad,
 * Reshape, AvgPool2D and GlobalAveragePool, with branches that force shared quantization (Concat, pow2 Add).
 */
export const MIXED_NET: Graph = {
  seed: 3,
  nodes: [
    node('in', 'Input', { shape: [6, 6, 1], mean: [0], scale: 1 / 64 }),
    node('conv', 'Conv2D', { filters: 4, kernelH: 3, kernelW: 3, padding: 'same', activation: 'relu' }),
    node('pool', 'MaxPool2D', { poolH: 2, poolW: 2, strideH: 2, strideW: 2 }),
    node('dw', 'DepthwiseConv2D', { depthMultiplier: 1, kernelH: 3, kernelW: 3, padding: 'same', activation: 'relu6' }),
    node('pw', 'Conv2D', { filters: 4, kernelH: 1, kernelW: 1, padding: 'valid', activation: 'none' }),
    node('cat', 'Concat', { inputs: 2 }),
    node('r6', 'ReLU6', {}),
    node('sum', 'Add', { activation: 'none' }),
    node('flat', 'Flatten', {}),
    node('fc', 'FullyConnected', { units: 10 }),
    node('prob', 'Softmax', {}),
  ],
  edges: [
    edge('in', 'conv'), edge('conv', 'pool'), edge('pool', 'dw'), edge('pool', 'pw'), edge('dw', 'cat', 0), edge('pw', 'cat', 1),
    edge('cat', 'r6'), edge('cat', 'sum', 0), edge('r6', 'sum', 1), edge('sum', 'flat'), edge('flat', 'fc'), edge('fc', 'prob'),
  ],
}

/**
 * in 8×8×2 (mean 128, scale 1/128) → Pad 1 → Conv2D 6 3×3 valid → AvgPool2D 2×2 → ReLU → Reshape 4×8×3 →
 * GlobalAveragePool → Flatten → FullyConnected 3 → Softmax: the operators MIXED_NET leaves out.
 */
export const POOL_NET: Graph = {
  seed: 5,
  nodes: [
    node('in', 'Input', { shape: [8, 8, 2], mean: [128], scale: 1 / 128 }),
    node('pad', 'Pad', { top: 1, bottom: 1, left: 1, right: 1 }),
    node('conv', 'Conv2D', { filters: 6, kernelH: 3, kernelW: 3, padding: 'valid', activation: 'none' }),
    node('avg', 'AvgPool2D', { poolH: 2, poolW: 2, strideH: 2, strideW: 2 }),
    node('relu', 'ReLU', {}),
    node('shape', 'Reshape', { shape: [4, 8, 3] }),
    node('gap', 'GlobalAveragePool', {}),
    node('flat', 'Flatten', {}),
    node('fc', 'FullyConnected', { units: 3 }),
    node('prob', 'Softmax', {}),
  ],
  edges: [
    edge('in', 'pad'), edge('pad', 'conv'), edge('conv', 'avg'), edge('avg', 'relu'), edge('relu', 'shape'),
    edge('shape', 'gap'), edge('gap', 'flat'), edge('flat', 'fc'), edge('fc', 'prob'),
  ],
}

/**
 * Two early exits (docs/early-exit.md): in 12×12×1 → conv1 8 (ReLU) → pool1 → conv2 16 (ReLU) → pool2 → conv3 16 →
 * GAP → fc 10 → Softmax, with exit A on pool1 (GAP → fc_a 10 → Exit, margin rule) and exit B on conv2 (Conv2D 8 3×3
 * stride 2 → GAP → fc_b 10 → Exit, softmax rule). The exits' nodes come last in node order, so only the exit-aware
 * execution order (analysis/execution-order.ts) runs their heads early.
 */
export const EXIT_NET: Graph = {
  seed: 7,
  nodes: [
    node('in', 'Input', { shape: [12, 12, 1], mean: [0], scale: 1 / 64 }),
    node('conv1', 'Conv2D', { filters: 8, kernelH: 3, kernelW: 3, padding: 'same', activation: 'relu' }),
    node('pool1', 'MaxPool2D', { poolH: 2, poolW: 2, strideH: 2, strideW: 2 }),
    node('conv2', 'Conv2D', { filters: 16, kernelH: 3, kernelW: 3, padding: 'same', activation: 'relu' }),
    node('pool2', 'MaxPool2D', { poolH: 2, poolW: 2, strideH: 2, strideW: 2 }),
    node('conv3', 'Conv2D', { filters: 16, kernelH: 3, kernelW: 3, padding: 'same', activation: 'relu' }),
    node('gap', 'GlobalAveragePool', {}),
    node('flat', 'Flatten', {}),
    node('fc', 'FullyConnected', { units: 10 }),
    node('prob', 'Softmax', {}),
    node('gap_a', 'GlobalAveragePool', {}),
    node('flat_a', 'Flatten', {}),
    node('fc_a', 'FullyConnected', { units: 10 }),
    node('exit_a', 'Exit', { rule: 'margin', threshold: 12 }),
    node('conv_b', 'Conv2D', { filters: 8, kernelH: 3, kernelW: 3, strideH: 2, strideW: 2, padding: 'same', activation: 'relu' }),
    node('gap_b', 'GlobalAveragePool', {}),
    node('flat_b', 'Flatten', {}),
    node('fc_b', 'FullyConnected', { units: 10 }),
    node('exit_b', 'Exit', { rule: 'softmax', threshold: 65 }),
  ],
  edges: [
    edge('in', 'conv1'), edge('conv1', 'pool1'), edge('pool1', 'conv2'), edge('conv2', 'pool2'), edge('pool2', 'conv3'),
    edge('conv3', 'gap'), edge('gap', 'flat'), edge('flat', 'fc'), edge('fc', 'prob'),
    edge('pool1', 'gap_a'), edge('gap_a', 'flat_a'), edge('flat_a', 'fc_a'), edge('fc_a', 'exit_a'),
    edge('conv2', 'conv_b'), edge('conv_b', 'gap_b'), edge('gap_b', 'flat_b'), edge('flat_b', 'fc_b'), edge('fc_b', 'exit_b'),
  ],
}
