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

/**
 * A streaming keyword-spotter shape: one 10-feature frame per invocation → SVDF 8 (rank 1, memory 4, ReLU) →
 * FullyConnected 6 → SVDF 4 (rank 2, memory 3) → FullyConnected 3 → Softmax. Both SVDFs keep state between calls.
 */
export const SVDF_STREAM_NET: Graph = {
  seed: 17,
  nodes: [
    node('in', 'Input', { shape: [10], mean: [0], scale: 1 / 16 }),
    node('svdf1', 'SVDF', { units: 8, rank: 1, memory: 4, activation: 'relu' }),
    node('fc1', 'FullyConnected', { units: 6, activation: 'relu' }),
    node('svdf2', 'SVDF', { units: 4, rank: 2, memory: 3, activation: 'none' }),
    node('fc2', 'FullyConnected', { units: 3 }),
    node('prob', 'Softmax', {}),
  ],
  edges: [edge('in', 'svdf1'), edge('svdf1', 'fc1'), edge('fc1', 'svdf2'), edge('svdf2', 'fc2'), edge('fc2', 'prob')],
}

/** A whole window per call: [1, 8, 6] → LSTM 12 (every step) → LSTM 8 (last step) → FullyConnected 4 → Softmax. */
export const LSTM_WINDOW_NET: Graph = {
  seed: 19,
  nodes: [
    node('in', 'Input', { shape: [8, 6], mean: [0], scale: 1 / 32 }),
    node('lstm1', 'LSTM', { units: 12, returnSequences: true }),
    node('lstm2', 'LSTM', { units: 8, returnSequences: false }),
    node('fc', 'FullyConnected', { units: 4 }),
    node('prob', 'Softmax', {}),
  ],
  edges: [edge('in', 'lstm1'), edge('lstm1', 'lstm2'), edge('lstm2', 'fc'), edge('fc', 'prob')],
}

/** Streaming LSTM: one frame [1, 1, 6] per call, h and c kept (stateful), sigmoid cell gate → FullyConnected 3. */
export const LSTM_STREAM_NET: Graph = {
  seed: 23,
  nodes: [
    node('in', 'Input', { shape: [1, 6], mean: [0], scale: 1 / 32 }),
    node('lstm', 'LSTM', { units: 10, stateful: true, returnSequences: false, activation: 'sigmoid' }),
    node('fc', 'FullyConnected', { units: 3 }),
  ],
  edges: [edge('in', 'lstm'), edge('lstm', 'fc')],
}

/** pow2: in 4×4×2 → { Conv2D 4 | Conv2D 4 } → Mul (arm_nn_mult_q7) → Flatten → FullyConnected 3 → Softmax. */
export const POW2_MUL_NET: Graph = {
  seed: 29,
  nodes: [
    node('in', 'Input', { shape: [4, 4, 2], mean: [0], scale: 1 / 64 }),
    node('a', 'Conv2D', { filters: 4, kernelH: 3, kernelW: 3, padding: 'same', activation: 'relu' }),
    node('b', 'Conv2D', { filters: 4, kernelH: 1, kernelW: 1, padding: 'valid', activation: 'none' }),
    node('prod', 'Mul', { activation: 'none' }),
    node('flat', 'Flatten', {}),
    node('fc', 'FullyConnected', { units: 3 }),
    node('prob', 'Softmax', {}),
  ],
  edges: [edge('in', 'a'), edge('in', 'b'), edge('a', 'prod', 0), edge('b', 'prod', 1), edge('prod', 'flat'), edge('flat', 'fc'),
    edge('fc', 'prob')],
}

/** MFCC-style keyword MLP: [1, T, F] = [1, 49, 10] frames → Flatten → FullyConnected 32 (ReLU) → FullyConnected 12 → Softmax. */
export const MFCC_MLP_NET: Graph = {
  seed: 31,
  nodes: [
    node('mfcc', 'Input', { shape: [49, 10], mean: [0], scale: 1 / 16 }),
    node('flat', 'Flatten', {}),
    node('fc1', 'FullyConnected', { units: 32, activation: 'relu' }),
    node('fc2', 'FullyConnected', { units: 12 }),
    node('prob', 'Softmax', {}),
  ],
  edges: [edge('mfcc', 'flat'), edge('flat', 'fc1'), edge('fc1', 'fc2'), edge('fc2', 'prob')],
}

/**
 * MFCC-style keyword CNN on [1, 49, 10]: Reshape to 49×10×1 → Conv2D 8 (10×4, stride 2, ReLU) → DepthwiseConv2D 3×3 (ReLU)
 * → Conv2D 8 1×1 (ReLU) → GlobalAveragePool → Flatten → FullyConnected 12 → Softmax (a small DS-CNN).
 */
export const MFCC_CNN_NET: Graph = {
  seed: 37,
  nodes: [
    node('mfcc', 'Input', { shape: [49, 10], mean: [0], scale: 1 / 16 }),
    node('image', 'Reshape', { shape: [49, 10, 1] }),
    node('conv', 'Conv2D', { filters: 8, kernelH: 10, kernelW: 4, strideH: 2, strideW: 2, padding: 'same', activation: 'relu' }),
    node('dw', 'DepthwiseConv2D', { kernelH: 3, kernelW: 3, padding: 'same', activation: 'relu' }),
    node('pw', 'Conv2D', { filters: 8, kernelH: 1, kernelW: 1, padding: 'valid', activation: 'relu' }),
    node('gap', 'GlobalAveragePool', {}),
    node('flat', 'Flatten', {}),
    node('fc', 'FullyConnected', { units: 12 }),
    node('prob', 'Softmax', {}),
  ],
  edges: [edge('mfcc', 'image'), edge('image', 'conv'), edge('conv', 'dw'), edge('dw', 'pw'), edge('pw', 'gap'), edge('gap', 'flat'),
    edge('flat', 'fc'), edge('fc', 'prob')],
}

/** A keyword LSTM on MFCC frames: [1, 49, 10] → LSTM 16 (last step) → FullyConnected 12 → Softmax. */
export const MFCC_LSTM_NET: Graph = {
  seed: 41,
  nodes: [
    node('mfcc', 'Input', { shape: [49, 10], mean: [0], scale: 1 / 16 }),
    node('lstm', 'LSTM', { units: 16, returnSequences: false }),
    node('fc', 'FullyConnected', { units: 12 }),
    node('prob', 'Softmax', {}),
  ],
  edges: [edge('mfcc', 'lstm'), edge('lstm', 'fc'), edge('fc', 'prob')],
}
