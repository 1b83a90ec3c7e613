/**
 * resnet — ResNet-style CNN for image classification (CIFAR-10 size): Conv 3×3, three stacks of basic blocks
 * (3×3 conv, 3×3 conv, Add with ReLU) at w, 2w and 4w channels; stacks 2 and 3 open with a stride-2 block whose
 * shortcut is a 1×1 stride-2 Conv2D; global average pool, FC 10, Softmax. Knobs: input resolution, base width w,
 * kernel of the 3×3 convolutions, blocks per stack. Reference point: MLPerf Tiny IC ResNet-8
 * (pretrainedResnet_quant.tflite): 32×32×3, w = 16, 3×3, one block per stack — 12,501,632 MACs.
 */
import type { Family } from '../family.ts'
import type { Spec } from './builder.ts'
import { add, chain, conv, fc, input, knob, softmax } from './builder.ts'

/** A basic block on `from` (identity shortcut), named id_*. */
const identity = (id: string, filters: string, from: string): Spec[] => [
  conv(`${id}_a`, filters, '=k', 1, 'relu', [from]),
  conv(`${id}_b`, filters, '=k', 1, 'none'),
  add(`${id}_add`, [`${id}_b`, from], 'relu'),
]

/** A stride-2 block on `from` whose shortcut is a 1×1 stride-2 convolution. */
const downsample = (id: string, filters: string, from: string): Spec[] => [
  conv(`${id}_a`, filters, '=k', 2, 'relu', [from]),
  conv(`${id}_b`, filters, '=k', 1, 'none'),
  conv(`${id}_short`, filters, 1, 2, 'none', [from]),
  add(`${id}_add`, [`${id}_b`, `${id}_short`], 'relu'),
]

export const RESNET: Family = {
  format: 'tinyforge-family', version: 1, id: 'resnet', name: 'ResNet (image classification)',
  description: 'Residual CNN with three stacks of basic blocks for 10-class image classification.',
  library: 'cmsis-nn', reference: 'MLPerf Tiny IC ResNet-8 (pretrainedResnet_quant.tflite): 32×32×3, 16/32/64 channels',
  knobs: [
    knob('res', 'Input resolution', 'resolution', [16, 24, 32, 40, 48], 32),
    knob('w', 'Base width', 'width', [8, 12, 16, 24, 32], 16),
    knob('k', 'Kernel', 'kernel', [3, 5], 3),
    knob('d1', 'Blocks, stack 1', 'depth', [1, 2, 3], 1),
    knob('d2', 'Blocks, stack 2', 'depth', [1, 2, 3], 1),
    knob('d3', 'Blocks, stack 3', 'depth', [1, 2, 3], 1),
  ],
  nodes: chain([
    input('image', ['=res', '=res', 3], [128], 1 / 128),
    conv('conv1', '=w', 3, 1, 'relu'),
    ...identity('s1', '=w', 'conv1'),
    ...downsample('s2', '=2 * w', 's1_add'),
    ...identity('s2x', '=2 * w', 's2_add'),
    ...downsample('s3', '=4 * w', 's2x_add'),
    ...identity('s3x', '=4 * w', 's3_add'),
    { id: 'pool', op: 'GlobalAveragePool', attrs: {}, inputs: ['s3x_add'] },
    fc('logits', 10, 'none'),
    softmax('probabilities'),
  ]),
  repeats: [
    { nodes: ['s1_a', 's1_b', 's1_add'], count: '=d1' },
    { nodes: ['s2x_a', 's2x_b', 's2x_add'], count: '=d2 - 1' },
    { nodes: ['s3x_a', 's3x_b', 's3x_add'], count: '=d3 - 1' },
  ],
}
