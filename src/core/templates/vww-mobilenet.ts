/**
 * Visual wake words MobileNetV1-0.25 at 96×96×3, shaped like the MLPerf Tiny VWW reference model
 * (vww_96_int8.tflite): Conv2D 8 3×3 stride 2, then 13 depthwise-separable blocks (DepthwiseConv2D 3×3 +
 * Conv2D 1×1) with MobileNetV1's channel/stride schedule × 0.25, all ReLU and 'same' padding
 * (96 → 48 → 24 → 12 → 6 → 3), AvgPool 3×3 → 256 → FullyConnected 2 → Softmax. Layer for layer the
 * reference's convolutions, pooling and classifier (its Reshape is our Flatten), so MACs and parameters
 * equal the reference model's. Pixels 0..255 are centred and scaled to [−1, 1).
 */
import type { ProjectDoc } from '../ir/project.ts'
import type { LayerSpec } from './layers.ts'
import { chainProject, conv2d, depthwiseConv2d, flatten, fullyConnected, input, pool2d, softmax } from './layers.ts'

/** MobileNetV1 (α = 1) pointwise filters and depthwise stride of each separable block. */
const MOBILENET_V1_BLOCKS: readonly [filters: number, stride: number][] = [
  [64, 1], [128, 2], [128, 1], [256, 2], [256, 1], [512, 2],
  [512, 1], [512, 1], [512, 1], [512, 1], [512, 1], [1024, 2], [1024, 1],
]
const ALPHA = 0.25

export function buildVwwMobilenet(): ProjectDoc {
  const blocks: LayerSpec[] = []
  MOBILENET_V1_BLOCKS.forEach(([filters, stride], i) => {
    blocks.push(depthwiseConv2d(`dw${i + 1}`, [3, 3], [stride, stride], 'same', 'relu'))
    blocks.push(conv2d(`pw${i + 1}`, filters * ALPHA, [1, 1], [1, 1], 'same', 'relu'))
  })
  return chainProject('Visual wake words MobileNetV1-0.25', [
    input('image', [96, 96, 3], [128], 1 / 128),
    conv2d('conv1', 32 * ALPHA, [3, 3], [2, 2], 'same', 'relu'),
    ...blocks,
    pool2d('AvgPool2D', 'avgpool', [3, 3], [3, 3]),
    flatten('flatten'),
    fullyConnected('logits', 2),
    softmax('probabilities'),
  ])
}
