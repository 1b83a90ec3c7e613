/** The portable runtime's bindings: one line per operator (every registered op runs here). */
import type { BindingTable } from '../types.ts'
import { add } from './add.ts'
import { avgPool2d } from './avg-pool2d.ts'
import { batchMatMul } from './batch-matmul.ts'
import { concat } from './concat.ts'
import { conv2d } from './conv2d.ts'
import { depthwiseConv2d } from './depthwise-conv2d.ts'
import { exit } from './exit.ts'
import { flatten } from './flatten.ts'
import { fullyConnected } from './fully-connected.ts'
import { globalAveragePool } from './global-average-pool.ts'
import { input } from './input.ts'
import { lstm } from './lstm.ts'
import { maxPool2d } from './max-pool2d.ts'
import { maximum, minimum } from './min-max.ts'
import { mul } from './mul.ts'
import { pad } from './pad.ts'
import { quantize } from './quantize.ts'
import { relu } from './relu.ts'
import { relu6 } from './relu6.ts'
import { reshape } from './reshape.ts'
import { sigmoid, tanh } from './s16-activation.ts'
import { softmax } from './softmax.ts'
import { svdf } from './svdf.ts'
import { transpose } from './transpose.ts'
import { transposeConv2d } from './transpose-conv2d.ts'

export const PORTABLE_BINDINGS: BindingTable = {
  Input: input,
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
  Reshape: reshape,
  Flatten: flatten,
  Transpose: transpose,
  Pad: pad,
  Quantize: quantize,
  Exit: exit,
}
