/**
 * mobilenet-v2 — MCUNet-style inverted-residual CNN (MobileNetV2 blocks): Conv 3×3 stride 2, a separable block to
 * 16·width, then four stages of inverted-residual blocks (1×1 expand by the stage's expansion ratio, ReLU6;
 * depthwise k×k, ReLU6; 1×1 project; Add when the block keeps its shape), global average pool, FC 2, Softmax.
 * Each stage opens with its strided block and repeats the identity block depth − 1 times. Knobs: input resolution,
 * width multiplier, and per stage the expansion ratio, kernel and depth — a space of ~10^7 points, explored by
 * sampling and evolution. No MLPerf reference model; the reference point is a mid-size member.
 */
import type { Family } from '../family.ts'
import type { Spec } from './builder.ts'
import { add, chain, conv, dw, fc, input, knob, softmax } from './builder.ts'

const ch = (c: number) => `=make_divisible(${c} * width, 8)`
const STAGES: readonly [name: string, channels: number, stride: number][] = [['a', 24, 2], ['b', 32, 2], ['c', 64, 2], ['d', 96, 1]]

/** An inverted-residual block from `from` (channels `inCh`) to `outCh`; with `residual`, Add with the block input. */
function inverted(id: string, from: string, inCh: string, outCh: string, stage: string, stride: number, residual: boolean): Spec[] {
  const specs: Spec[] = [
    conv(`${id}_expand`, `=make_divisible(${inCh.slice(1)} * e${stage}, 8)`, 1, 1, 'relu6', [from]),
    dw(`${id}_dw`, `=k${stage}`, stride, 'relu6'),
    conv(`${id}_project`, outCh, 1, 1, 'none'),
  ]
  if (residual) specs.push(add(`${id}_add`, [`${id}_project`, from], 'none'))
  return specs
}

function stages(): Spec[] {
  const specs: Spec[] = []
  let from = 'b0_pw'
  let inCh = ch(16)
  for (const [s, c, stride] of STAGES) {
    specs.push(...inverted(`${s}1`, from, inCh, ch(c), s, stride, false))
    specs.push(...inverted(`${s}x`, `${s}1_project`, ch(c), ch(c), s, 1, true))
    from = `${s}x_add`
    inCh = ch(c)
  }
  return specs
}

export const MOBILENET_V2: Family = {
  format: 'tinyforge-family', version: 1, id: 'mobilenet-v2', name: 'MobileNetV2 / MCUNet-style (inverted residual)',
  description: 'Inverted-residual CNN for 2-class person detection with per-stage expansion, kernel and depth.',
  library: 'cmsis-nn',
  knobs: [
    knob('res', 'Input resolution', 'resolution', [64, 80, 96, 112, 128, 144, 160], 96),
    knob('width', 'Width multiplier', 'width', [0.35, 0.5, 0.75, 1], 0.35),
    ...STAGES.flatMap(([s]) => [
      knob(`e${s}`, `Expansion, stage ${s}`, 'expansion', [3, 4, 6], 4),
      knob(`k${s}`, `Kernel, stage ${s}`, 'kernel', [3, 5, 7], 3),
      knob(`d${s}`, `Blocks, stage ${s}`, 'depth', [1, 2, 3], 2),
    ]),
  ],
  nodes: chain([
    input('image', ['=res', '=res', 3], [128], 1 / 128),
    conv('conv1', ch(32), 3, 2, 'relu6'),
    dw('b0_dw', 3, 1, 'relu6'),
    conv('b0_pw', ch(16), 1, 1, 'none'),
    ...stages(),
    { id: 'pool', op: 'GlobalAveragePool', attrs: {}, inputs: ['dx_add'] },
    fc('logits', 2, 'none'),
    softmax('probabilities'),
  ]),
  repeats: STAGES.map(([s]) => ({ nodes: [`${s}x_expand`, `${s}x_dw`, `${s}x_project`, `${s}x_add`], count: `=d${s} - 1` })),
}

