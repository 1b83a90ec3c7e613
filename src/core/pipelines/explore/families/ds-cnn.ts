/**
 * ds-cnn — depthwise-separable CNN for keyword spotting on MFCC frames [T, 10, 1]: Conv 10×4 stride 2, `depth`
 * blocks of DepthwiseConv2D + 1×1 Conv2D (the repeat group), all ReLU, global average pool, FC 12, Softmax.
 * Knobs: frames (time resolution), width multiplier of the 64 channels, depthwise kernel, depth. Reference point:
 * MLPerf Tiny KWS (kws_ref_model.tflite): 49 frames, 64 channels, 3×3, 4 blocks — 2,656,768 MACs.
 */
import type { Family } from '../family.ts'
import { chain, conv, convHW, dw, fc, gap, input, knob, softmax } from './builder.ts'

const ch = '=make_divisible(64 * width, 8)'

export const DS_CNN: Family = {
  format: 'tinyforge-family', version: 1, id: 'ds-cnn', name: 'DS-CNN (keyword spotting)',
  description: 'Depthwise-separable CNN over MFCC frames for 12-class keyword spotting.',
  library: 'cmsis-nn', reference: 'MLPerf Tiny KWS (kws_ref_model.tflite): 49×10 MFCC, DS-CNN 64 channels',
  knobs: [
    knob('res', 'MFCC frames', 'resolution', [25, 33, 41, 49, 61], 49),
    knob('width', 'Width multiplier', 'width', [0.5, 0.75, 1, 1.5, 2], 1),
    knob('k', 'Depthwise kernel', 'kernel', [3, 5], 3),
    knob('depth', 'Separable blocks', 'depth', [1, 2, 3, 4, 5, 6], 4),
  ],
  nodes: chain([
    input('mfcc', ['=res', 10, 1], [0], 1),
    convHW('conv1', ch, [10, 4], [2, 2], 'relu'),
    dw('dw', '=k', 1, 'relu'),
    conv('pw', ch, 1, 1, 'relu'),
    gap('pool'),
    fc('logits', 12, 'none'),
    softmax('probabilities'),
  ]),
  repeats: [{ nodes: ['dw', 'pw'], count: '=depth' }],
}
