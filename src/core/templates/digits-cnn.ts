/**
 * Digits CNN: a small classifier for 28×28 grey-scale digits (MNIST-like), raw pixels 0..255 scaled to
 * [0, 1). Shapes: 28×28×1 → conv 28×28×8 → pool 14×14×8 → conv 14×14×16 → pool 7×7×16 → 784 → 10.
 */
import type { ProjectDoc } from '../ir/project.ts'
import { chainProject, conv2d, flatten, fullyConnected, input, pool2d, softmax } from './layers.ts'

export function buildDigitsCnn(): ProjectDoc {
  return chainProject('Digits CNN', [
    input('image', [28, 28, 1], [0], 1 / 256),
    conv2d('conv1', 8, [3, 3], [1, 1], 'same', 'relu'),
    pool2d('MaxPool2D', 'pool1', [2, 2], [2, 2]),
    conv2d('conv2', 16, [3, 3], [1, 1], 'same', 'relu'),
    pool2d('MaxPool2D', 'pool2', [2, 2], [2, 2]),
    flatten('flatten'),
    fullyConnected('logits', 10),
    softmax('probabilities'),
  ])
}
