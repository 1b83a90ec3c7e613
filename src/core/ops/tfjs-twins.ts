/** The TensorFlow.js training twins by op type, one line each (every registered op has one: completeness test). */
import { addTwin } from './add.tfjs.ts'
import { avgPool2dTwin } from './avg-pool2d.tfjs.ts'
import { batchMatMulTwin } from './batch-matmul.tfjs.ts'
import { concatTwin } from './concat.tfjs.ts'
import { conv2dTwin } from './conv2d.tfjs.ts'
import { depthwiseConv2dTwin } from './depthwise-conv2d.tfjs.ts'
import { exitTwin } from './exit.tfjs.ts'
import { flattenTwin } from './flatten.tfjs.ts'
import { fullyConnectedTwin } from './fully-connected.tfjs.ts'
import { globalAveragePoolTwin } from './global-average-pool.tfjs.ts'
import { inputTwin } from './input.tfjs.ts'
import { lstmTwin } from './lstm.tfjs.ts'
import { maxPool2dTwin } from './max-pool2d.tfjs.ts'
import { maximumTwin } from './maximum.tfjs.ts'
import { minimumTwin } from './minimum.tfjs.ts'
import { mulTwin } from './mul.tfjs.ts'
import { padTwin } from './pad.tfjs.ts'
import { quantizeTwin } from './quantize.tfjs.ts'
import type { OpType } from './registry.ts'
import { reluTwin } from './relu.tfjs.ts'
import { relu6Twin } from './relu6.tfjs.ts'
import { reshapeTwin } from './reshape.tfjs.ts'
import { sigmoidTwin } from './sigmoid.tfjs.ts'
import { softmaxTwin } from './softmax.tfjs.ts'
import { svdfTwin } from './svdf.tfjs.ts'
import { tanhTwin } from './tanh.tfjs.ts'
import type { TfjsTwin } from './tfjs-twin.ts'
import { transposeConv2dTwin } from './transpose-conv2d.tfjs.ts'
import { transposeTwin } from './transpose.tfjs.ts'

export const TFJS_TWINS: { readonly [T in OpType]?: TfjsTwin<never> } = {
  Input: inputTwin,
  Conv2D: conv2dTwin,
  DepthwiseConv2D: depthwiseConv2dTwin,
  TransposeConv2D: transposeConv2dTwin,
  FullyConnected: fullyConnectedTwin,
  BatchMatMul: batchMatMulTwin,
  MaxPool2D: maxPool2dTwin,
  AvgPool2D: avgPool2dTwin,
  GlobalAveragePool: globalAveragePoolTwin,
  ReLU: reluTwin,
  ReLU6: relu6Twin,
  Softmax: softmaxTwin,
  Add: addTwin,
  Mul: mulTwin,
  Maximum: maximumTwin,
  Minimum: minimumTwin,
  Concat: concatTwin,
  Reshape: reshapeTwin,
  Flatten: flattenTwin,
  Transpose: transposeTwin,
  Pad: padTwin,
  Exit: exitTwin,
  SVDF: svdfTwin,
  LSTM: lstmTwin,
  Sigmoid: sigmoidTwin,
  Tanh: tanhTwin,
  Quantize: quantizeTwin,
}
