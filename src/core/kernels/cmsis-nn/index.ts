/**
 * The CMSIS-NN runtime (Arm CMSIS-NN v7.0.0 s8 kernels; `-DTINYFORGE_USE_CMSIS_NN`): the ops it runs, one line
 * each. Input preprocessing and the aliasing Reshape / Flatten fall back to the portable bindings.
 */
import type { BindingTable } from '../types.ts'
import { add } from './add.ts'
import { avgPool2d } from './avg-pool2d.ts'
import { batchMatMul } from './batch-matmul.ts'
import { concat } from './concat.ts'
import { conv2d } from './conv2d.ts'
import { depthwiseConv2d } from './depthwise-conv2d.ts'
import { fullyConnected } from './fully-connected.ts'
import { globalAveragePool } from './global-average-pool.ts'
import { lstm } from './lstm.ts'
import { maxPool2d } from './max-pool2d.ts'
import { maximum, minimum } from './min-max.ts'
import { mul } from './mul.ts'
import { pad } from './pad.ts'
import { relu, relu6 } from './relu.ts'
import { sigmoid, tanh } from './s16-activation.ts'
import { softmax } from './softmax.ts'
import { svdf } from './svdf.ts'
import { transpose } from './transpose.ts'
import { transposeConv2d } from './transpose-conv2d.ts'

export const CMSIS_NN_BINDINGS: BindingTable = {
  Conv2D: conv2d,
  DepthwiseConv2D: depthwiseConv2d,
  TransposeConv2D: transposeConv2d,
  FullyConnected: fullyConnected,
  BatchMatMul: batchMatMul,
  SVDF: svdf,
  LSTM: lstm,
  MaxPool2D: maxPool2d,
  AvgPool2D: avgPool2d,
  GlobalAveragePool: globalAveragePool,
  ReLU: relu,
  ReLU6: relu6,
  Softmax: softmax,
  Sigmoid: sigmoid,
  Tanh: tanh,
  Add: add,
  Mul: mul,
  Maximum: maximum,
  Minimum: minimum,
  Concat: concat,
  Transpose: transpose,
  Pad: pad,
}
