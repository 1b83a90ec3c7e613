/** Graphs for tests of the second operator set and of sequence models (not used by production code). */
import type { Attrs, Edge, Graph, GraphNode } from '../ir/types.ts'

function node(id: string, op: string, attrs: Attrs = {}): GraphNode {
  return { id, op, name: id, attrs, position: { x: 0, y: 0 } }
}
function edge(source: string, target: string, targetPort = 0): Edge {
  return { id: `${source}-${target}-${targetPort}`, source, target, targetPort }
}

/**
 * in 6×6×2 → Conv2D 4 (ReLU) → TransposeConv2D 4, 4×4 stride 2 'same' (ReLU) → 12×12×4 → GlobalAveragePool → Mul
 * (broadcast gate) → { Maximum, Minimum } of gate and upsampled → Transpose to 4×12×12 each → Reshape 4×144 →
 * BatchMatMul (max · minᵀ) 4×4 → Flatten → FullyConnected 3 → Softmax: every operator of the second set but the
 * recurrent ones, s8.
 */
export const SECOND_SET_NET: Graph = {
  seed: 11,
  nodes: [
    node('in', 'Input', { shape: [6, 6, 2], mean: [0], scale: 1 / 64 }),
    node('conv', 'Conv2D', { filters: 4, kernelH: 3, kernelW: 3, padding: 'same', activation: 'relu' }),
    node('up', 'TransposeConv2D', { filters: 4, kernelH: 4, kernelW: 4, strideH: 2, strideW: 2, padding: 'same', activation: 'relu' }),
    node('gap', 'GlobalAveragePool', {}),
    node('gate', 'Mul', { activation: 'none' }),
    node('hi', 'Maximum', {}),
    node('lo', 'Minimum', {}),
    node('hiT', 'Transpose', { perm: [0, 3, 1, 2] }),
    node('loT', 'Transpose', { perm: [0, 3, 1, 2] }),
    node('hiR', 'Reshape', { shape: [4, 144] }),
    node('loR', 'Reshape', { shape: [4, 144] }),
    node('bmm', 'BatchMatMul', { transposeB: true }),
    node('flat', 'Flatten', {}),
    node('fc', 'FullyConnected', { units: 3 }),
    node('prob', 'Softmax', {}),
  ],
  edges: [
    edge('in', 'conv'), edge('conv', 'up'), edge('up', 'gap'), edge('up', 'gate', 0), edge('gap', 'gate', 1),
    edge('gate', 'hi', 0), edge('up', 'hi', 1), edge('gate', 'lo', 0), edge('up', 'lo', 1),
    edge('hi', 'hiT'), edge('lo', 'loT'), edge('hiT', 'hiR'), edge('loT', 'loR'), edge('hiR', 'bmm', 0), edge('loR', 'bmm', 1),
    edge('bmm', 'flat'), edge('flat', 'fc'), edge('fc', 'prob'),
  ],
}

/**
 * A sequence (MFCC-style) graph on [1, T, F] = [1, 8, 6]: Transpose to 6×8 → BatchMatMul with itself (a·aᵀ, 6×6) and
 * a rank-3 Mul of the input with a Transpose back … → Flatten → FullyConnected 4 → Softmax.
 */
export const SEQUENCE_NET: Graph = {
  seed: 13,
  nodes: [
    node('in', 'Input', { shape: [8, 6], mean: [0], scale: 1 / 32 }),
    node('xt', 'Transpose', { perm: [0, 2, 1] }),
    node('gram', 'BatchMatMul', { transposeB: true }),
    node('back', 'BatchMatMul', { transposeB: false }),
    node('sq', 'Mul', { activation: 'relu' }),
    node('flat', 'Flatten', {}),
    node('fc', 'FullyConnected', { units: 4 }),
    node('prob', 'Softmax', {}),
  ],
  edges: [
    edge('in', 'xt'), edge('xt', 'gram', 0), edge('xt', 'gram', 1), edge('in', 'back', 0), edge('gram', 'back', 1),
    edge('back', 'sq', 0), edge('in', 'sq', 1), edge('sq', 'flat'), edge('flat', 'fc'), edge('fc', 'prob'),
  ],
}
