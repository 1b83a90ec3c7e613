/** The portable runtime's bindings: one line per operator (every registered op runs here). */
import type { BindingTable } from '../types.ts'
import { add } from './add.ts'
import { avgPool2d } from './avg-pool2d.ts'
import { concat } from './concat.ts'
import { conv2d } from './conv2d.ts'
import { depthwiseConv2d } from './depthwise-conv2d.ts'
import { exit } from './exit.ts'
import { flatten } from './flatten.ts'
import { fullyConnected } from './fully-connected.ts'
import { globalAveragePool } from './global-average-pool.ts'
import { input } from './input.ts'
import { maxPool2d } from './max-pool2d.ts'
import { pad } from './pad.ts'
import { relu } from './relu.ts'
import { relu6 } from './relu6.ts'
import { reshape } from './reshape.ts'
import { softmax } from './softmax.ts'

export const PORTABLE_BINDINGS: BindingTable = {
  Input: input,
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
  Concat: concat,
  Reshape: reshape,
  Flatten: flatten,
  Pad: pad,
  Exit: exit,
}
