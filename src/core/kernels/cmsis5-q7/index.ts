/**
 * CMSIS_5's legacy q7 kernels (CMSIS_5 5.9.0) for the pow2-q7 library: what a firmware linking them would call,
 * for the estimator (the C package builds pow2 graphs with its portable kernels: CMSIS-NN dropped the q7 API in
 * v4.0.0). No Pad kernel exists; Input, Reshape and Flatten fall back to the portable bindings (no kernel).
 */
import type { BindingTable } from '../types.ts'
import { conv2d } from './conv2d.ts'
import { depthwiseConv2d } from './depthwise-conv2d.ts'
import { add, concat, relu, relu6, softmax } from './elementwise.ts'
import { fullyConnected } from './fully-connected.ts'
import { mul } from './mul.ts'
import { avgPool2d, globalAveragePool, maxPool2d } from './pooling.ts'

export const CMSIS5_Q7_BINDINGS: BindingTable = {
  Conv2D: conv2d,
  DepthwiseConv2D: depthwiseConv2d,
  FullyConnected: fullyConnected,
  MaxPool2D: maxPool2d,
  AvgPool2D: avgPool2d,
  GlobalAveragePool: globalAveragePool,
  ReLU: relu,
  ReLU6: relu6,
  Softmax: softmax,
  Add: add,
  Mul: mul,
  Concat: concat,
}
