/**
 * Keyword spotting DS-CNN, shaped like the MLPerf Tiny KWS reference model (kws_ref_model.tflite):
 * 49×10 MFCC frames → Conv2D 64 10×4 stride 2 'same' (25×5×64) → 4 × (DepthwiseConv2D 3×3 + Conv2D 64 1×1),
 * all ReLU → AvgPool over the whole 25×5 → 64 → FullyConnected 12 → Softmax. Layer for layer the same
 * convolutions, pooling and classifier as the reference (its Reshape is our Flatten), so MACs and
 * parameters equal the reference model's. Input features arrive as int8-range values (mean 0, scale 1).
 */
import type { ProjectDoc } from '../ir/project.ts'
import type { LayerSpec } from './layers.ts'
import { chainProject, conv2d, depthwiseConv2d, flatten, fullyConnected, input, pool2d, softmax } from './layers.ts'

export function buildKwsDsCnn(): ProjectDoc {
  const blocks: LayerSpec[] = []
  for (let b = 1; b <= 4; b++) {
    blocks.push(depthwiseConv2d(`dw${b}`, [3, 3], [1, 1], 'same', 'relu'))
    blocks.push(conv2d(`pw${b}`, 64, [1, 1], [1, 1], 'same', 'relu'))
  }
  return chainProject('Keyword spotting DS-CNN', [
    input('mfcc', [49, 10, 1], [0], 1),
    conv2d('conv1', 64, [10, 4], [2, 2], 'same', 'relu'),
    ...blocks,
    pool2d('AvgPool2D', 'avgpool', [25, 5], [25, 5]),
    flatten('flatten'),
    fullyConnected('logits', 12),
    softmax('probabilities'),
  ])
}
