/**
 * A graph of TFLite's 16x8 scheme for the engine, C package and size tests: an int8 Input converted to int16 (Quantize),
 * two int16 FullyConnected layers each followed by an int16 activation (Sigmoid, Tanh), back to int8 (Quantize), an int8
 * FullyConnected and Softmax.
 */
import type { Edge, Graph, GraphNode } from '../ir/types.ts'

const node = (id: string, op: string, attrs: GraphNode['attrs'], precision?: 'int16'): GraphNode =>
  ({ id, op, name: id, attrs, position: { x: 0, y: 0 }, ...(precision ? { activations: precision } : {}) })
const edge = (source: string, target: string, targetPort = 0): Edge => ({ id: `${source}-${target}-${targetPort}`, source, target, targetPort })

export const INT16_NET: Graph = {
  seed: 16,
  nodes: [
    node('in', 'Input', { shape: [12], mean: [0], scale: 1 / 64 }),
    node('to16', 'Quantize', {}, 'int16'),
    node('fc1', 'FullyConnected', { units: 16, activation: 'none' }, 'int16'),
    node('sig', 'Sigmoid', {}),
    node('fc2', 'FullyConnected', { units: 8, activation: 'relu' }, 'int16'),
    node('tanh', 'Tanh', {}),
    node('to8', 'Quantize', {}),
    node('fc3', 'FullyConnected', { units: 4, activation: 'none' }),
    node('prob', 'Softmax', {}),
  ],
  edges: [edge('in', 'to16'), edge('to16', 'fc1'), edge('fc1', 'sig'), edge('sig', 'fc2'), edge('fc2', 'tanh'), edge('tanh', 'to8'),
    edge('to8', 'fc3'), edge('fc3', 'prob')],
}

/**
 * The 16x8 convolutions, Add and pools: in 6×7×3 → Quantize (int16) → Conv2D 6 3×3 same (ReLU, int16) → DepthwiseConv2D
 * 3×3 same (int16) → Add (conv + depthwise, int16) → MaxPool2D 2×2 stride 2 same (int16) → AvgPool2D 2×2 stride 1
 * (int16) → Quantize (int8) → Conv2D 4 1×1 → Flatten → FullyConnected 3 → Softmax.
 */
export const INT16_CONV_NET: Graph = {
  seed: 17,
  nodes: [
    node('in', 'Input', { shape: [6, 7, 3], mean: [0], scale: 1 / 64 }),
    node('to16', 'Quantize', {}, 'int16'),
    node('conv', 'Conv2D', { filters: 6, kernelH: 3, kernelW: 3, padding: 'same', activation: 'relu' }, 'int16'),
    node('dw', 'DepthwiseConv2D', { depthMultiplier: 1, kernelH: 3, kernelW: 3, padding: 'same', activation: 'none' }, 'int16'),
    node('sum', 'Add', { activation: 'none' }, 'int16'),
    node('max', 'MaxPool2D', { poolH: 2, poolW: 2, strideH: 2, strideW: 2, padding: 'same', activation: 'none' }, 'int16'),
    node('avg', 'AvgPool2D', { poolH: 2, poolW: 2, strideH: 1, strideW: 1, padding: 'valid', activation: 'relu' }, 'int16'),
    node('to8', 'Quantize', {}),
    node('pw', 'Conv2D', { filters: 4, kernelH: 1, kernelW: 1, padding: 'valid', activation: 'relu' }),
    node('flat', 'Flatten', {}),
    node('fc', 'FullyConnected', { units: 3, activation: 'none' }),
    node('prob', 'Softmax', {}),
  ],
  edges: [edge('in', 'to16'), edge('to16', 'conv'), edge('conv', 'dw'), edge('conv', 'sum', 0), edge('dw', 'sum', 1), edge('sum', 'max'),
    edge('max', 'avg'), edge('avg', 'to8'),
    edge('to8', 'pw'), edge('pw', 'flat'), edge('flat', 'fc'), edge('fc', 'prob')],
}

/**
 * Softmax at int16 (arm_softmax_s16): in 12 → FullyConnected 10 (int8) → Quantize (int16) → Softmax (int16, output
 * 1/32768) → Quantize (int8); a second int8 Softmax beside it keeps the int8 rule (1/256, zero point −128).
 */
export const INT16_SOFTMAX_NET: Graph = {
  seed: 18,
  nodes: [
    node('in', 'Input', { shape: [12], mean: [0], scale: 1 / 64 }),
    node('fc', 'FullyConnected', { units: 10, activation: 'none' }),
    node('to16', 'Quantize', {}, 'int16'),
    node('prob16', 'Softmax', { beta: 1.5 }, 'int16'),
    node('to8', 'Quantize', {}),
    node('prob8', 'Softmax', {}),
  ],
  edges: [edge('in', 'fc'), edge('fc', 'to16'), edge('to16', 'prob16'), edge('prob16', 'to8'), edge('fc', 'prob8')],
}

/**
 * Mul and BatchMatMul at int16 on a [1, T, F] = [1, 8, 6] input: Quantize (int16) → BatchMatMul with itself (a·aᵀ, 8×8,
 * arm_batch_matmul_s16) → BatchMatMul with the input untransposed (8×6, tf_batch_matmul_s16 in both builds) → Mul with the
 * input (equal shapes, arm_elementwise_mul_s16) → Quantize (int8) → Flatten → FullyConnected 4 → Softmax.
 */
export const INT16_SEQ_NET: Graph = {
  seed: 18,
  nodes: [
    node('in', 'Input', { shape: [8, 6], mean: [0], scale: 1 / 32 }),
    node('to16', 'Quantize', {}, 'int16'),
    node('gram', 'BatchMatMul', { transposeB: true }, 'int16'),
    node('back', 'BatchMatMul', { transposeB: false }, 'int16'),
    node('sq', 'Mul', { activation: 'relu' }, 'int16'),
    node('to8', 'Quantize', {}),
    node('flat', 'Flatten', {}),
    node('fc', 'FullyConnected', { units: 4 }),
    node('prob', 'Softmax', {}),
  ],
  edges: [
    edge('in', 'to16'), edge('to16', 'gram', 0), edge('to16', 'gram', 1), edge('gram', 'back', 0), edge('to16', 'back', 1),
    edge('back', 'sq', 0), edge('to16', 'sq', 1), edge('sq', 'to8'), edge('to8', 'flat'), edge('flat', 'fc'), edge('fc', 'prob'),
  ],
}
