/**
 * mobilenet-v1 — MobileNetV1-style depthwise-separable CNN (visual wake words). Conv 3×3 stride 2, then 13 blocks of
 * DepthwiseConv2D + 1×1 Conv2D with MobileNetV1's channel and stride schedule × width (channels rounded to a multiple
 * of 8), all ReLU, global average pool, FC 2, Softmax. Knobs: input resolution, width multiplier, the depthwise kernel
 * of each of the four resolution stages, and the depth of the three repeatable runs (the 128- and 256-channel second
 * blocks, and the five 512-channel blocks). Reference point: MLPerf Tiny VWW (vww_96_int8.tflite), 96×96, ×0.25,
 * all kernels 3, depths 1/1/5 — 7,489,664 MACs (its AvgPool 3×3 + Reshape are this family's GlobalAveragePool).
 */
import type { Family } from '../family.ts'
import type { Spec } from './builder.ts'
import { chain, conv, dw, fc, gap, input, knob, softmax } from './builder.ts'

const ch = (c: number) => `=make_divisible(${c} * width, 8)`

/** One separable block: depthwise (kernel knob, stride) then pointwise to `filters`. */
const block = (id: string, kernel: string, stride: number, filters: number): Spec[] =>
  [dw(`${id}_dw`, kernel, stride, 'relu'), conv(`${id}_pw`, ch(filters), 1, 1, 'relu')]

export const MOBILENET_V1: Family = {
  format: 'tinyforge-family', version: 1, id: 'mobilenet-v1', name: 'MobileNetV1 (visual wake words)',
  description: 'Depthwise-separable CNN for 2-class person detection; MobileNetV1 channel schedule × width.',
  library: 'cmsis-nn', reference: 'MLPerf Tiny VWW (vww_96_int8.tflite): 96×96×3, MobileNetV1 ×0.25',
  knobs: [
    knob('res', 'Input resolution', 'resolution', [48, 64, 80, 96, 112, 128, 144, 160], 96),
    knob('width', 'Width multiplier', 'width', [0.125, 0.25, 0.35, 0.5, 0.75], 0.25),
    knob('k1', 'Kernel, stage 1 (48×48 at 96)', 'kernel', [3, 5], 3),
    knob('k2', 'Kernel, stage 2', 'kernel', [3, 5], 3),
    knob('k3', 'Kernel, stage 3', 'kernel', [3, 5], 3),
    knob('k4', 'Kernel, stages 4–5', 'kernel', [3, 5], 3),
    knob('d2', 'Extra 128-channel blocks', 'depth', [0, 1], 1),
    knob('d3', 'Extra 256-channel blocks', 'depth', [0, 1], 1),
    knob('d4', '512-channel blocks', 'depth', [1, 2, 3, 4, 5], 5),
  ],
  nodes: chain([
    input('image', ['=res', '=res', 3], [128], 1 / 128),
    conv('conv1', ch(32), 3, 2, 'relu'),
    ...block('b1', '=k1', 1, 64),
    ...block('b2', '=k2', 2, 128),
    ...block('b3', '=k2', 1, 128),
    ...block('b4', '=k3', 2, 256),
    ...block('b5', '=k3', 1, 256),
    ...block('b6', '=k4', 2, 512),
    ...block('b7', '=k4', 1, 512),
    ...block('b12', '=k4', 2, 1024),
    ...block('b13', '=k4', 1, 1024),
    gap('pool'),
    fc('logits', 2, 'none'),
    softmax('probabilities'),
  ]),
  repeats: [
    { nodes: ['b3_dw', 'b3_pw'], count: '=d2' },
    { nodes: ['b5_dw', 'b5_pw'], count: '=d3' },
    { nodes: ['b7_dw', 'b7_pw'], count: '=d4' },
  ],
}
