/** Golden specs of the Exit operator: the logits copied, and the decision (GoldenCase.decision) of each rule. */
import type { GoldenSpec } from './golden-cases.ts'
import { ints, p2, q, tensor } from './spec-helpers.ts'

const S8 = q(0.1, 3)

export const EXIT_SPECS: GoldenSpec[] = [
  {
    name: 'exit-s8-margin-fires', op: 'Exit', scheme: 's8',
    covers: 'margin rule: max 90 − second 64 = 26 ≥ threshold 26 fires (raw values; the zero point cancels)',
    attrs: { rule: 'margin', threshold: 26 },
    inputs: [tensor([1, 10], S8, [12, -40, 64, 90, 0, -128, 5, 63, 64, 1])],
    outputQuant: S8,
  },
  {
    name: 'exit-s8-margin-tie', op: 'Exit', scheme: 's8',
    covers: 'margin rule: two equal maxima give margin 0, below threshold 1',
    attrs: { rule: 'margin', threshold: 1 },
    inputs: [tensor([1, 6], S8, [127, -3, 127, 100, -128, 0])],
    outputQuant: S8,
  },
  {
    name: 'exit-s8-softmax-below', op: 'Exit', scheme: 's8',
    covers: 'softmax rule on a flat seeded row: arm_softmax_s8 (β = 1) max + 128 below threshold 230',
    attrs: { rule: 'softmax', threshold: 230 },
    inputs: [tensor([1, 10], S8, ints(401, 10))],
    outputQuant: S8,
  },
  {
    name: 'exit-s8-softmax-fires', op: 'Exit', scheme: 's8',
    covers: 'softmax rule on a peaked row (scale 0.25): p = max + 128 reaches threshold 200',
    attrs: { rule: 'softmax', threshold: 200 },
    inputs: [tensor([1, 8], q(0.25, -5), [-60, -50, 40, -70, -80, -55, -65, -128])],
    outputQuant: q(0.25, -5),
  },
  {
    name: 'exit-pow2-softmax', op: 'Exit', scheme: 'pow2',
    covers: 'softmax rule on q7 logits: tf_softmax_q7 base-2, p = 2·max = 2·64 ≥ threshold 128',
    attrs: { rule: 'softmax', threshold: 128 },
    inputs: [tensor([1, 5], p2(3), [40, 20, 10, -5, -100])],
    outputQuant: p2(3),
  },
  {
    name: 'exit-pow2-margin-never', op: 'Exit', scheme: 'pow2',
    covers: 'margin rule with threshold 256 never fires, even on the widest margin (127 − (−128) = 255)',
    attrs: { rule: 'margin', threshold: 256 },
    inputs: [tensor([1, 3], p2(2), [127, -128, -128])],
    outputQuant: p2(2),
  },
]
