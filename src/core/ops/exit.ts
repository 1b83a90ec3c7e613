/**
 * Exit — marks a side-branch classifier's logits as an early exit: y = x (the logits, copied), plus a confidence
 * decision computed in integer arithmetic on the int8 logits. Inference stops at the first confident exit in
 * execution order (the C package's invoke returns there; the int8 engines do the same: engine/early-exit.ts), and
 * the exit's logits are the prediction. Input: rank 2, 1×N with N ≥ 2 (the logits of a head such as
 * pool → FullyConnected); an Exit ends its branch (nothing may consume it). MACs: 0.
 *
 * Rules, on the raw int8 logits q (threshold t, an integer 0..256; t = 256 never fires):
 *   'margin'  — q_max − q_second ≥ t   (in LSBs of the logits' scale; both schemes; ties give margin 0)
 *   'softmax' — the largest int8 softmax output p of the row, in 1/256 units, ≥ t:
 *               s8   p = y_max + 128 of arm_softmax_s8 (β = 1, output scale 1/256, zero point −128), so p ≤ 255;
 *               pow2 p = 2·y_max of arm_softmax_q7 (Q0.7 output), so p ≤ 254.
 *   Softmax threshold t means "max probability ≥ t/256" (t = 230: p ≥ 0.898).
 * `lossWeight` is a training hyperparameter only: the weight of this exit's cross-entropy in joint training.
 *
 * int8: the output keeps the input's quantization (a byte copy). C (kernels/portable/exit.ts): tf_exit_margin, or the
 * scheme's softmax kernel then tf_exit_probability; the last call copies the logits and returns 1 when confident.
 */
import { formatShape, shapeSize } from '../ir/types.ts'
import { quantizeMultiplier } from '../quant/fixed-point.ts'
import { QuantError, freeze, sharedQuant } from '../quant/kernel-params.ts'
import { softmaxQ7, softmaxS8 } from '../quant/softmax-int8.ts'
import { OpError, defineOp, sharedOutputQuant } from './op-def.ts'

export const EXIT_RULES = ['margin', 'softmax'] as const
export type ExitRule = (typeof EXIT_RULES)[number]

/** A threshold that never fires (larger than any margin or probability the rules compute). */
export const EXIT_NEVER = 256

type ExitAttrs = {
  rule: ExitRule
  threshold: number
  lossWeight: number
}

interface ExitBase {
  /** Logits per row (N). */
  size: number
  rule: ExitRule
  threshold: number
}

/** s8: the softmax rule runs arm_softmax_s8 with β = 1 on the logits (multiplier, shift, diffMin as Softmax's prepare). */
export interface ExitS8OpData extends ExitBase {
  scheme: 's8'
  multiplier: number
  shift: number
  diffMin: number
}

export interface ExitPow2OpData extends ExitBase {
  scheme: 'pow2'
}

export type ExitOpData = ExitS8OpData | ExitPow2OpData

/** max − second largest of the raw int8 values (0 on ties). */
export function exitMargin(logits: Int8Array): number {
  let first = -129
  let second = -129
  for (const v of logits) {
    if (v > first) { second = first; first = v } else if (v > second) second = v
  }
  return first - second
}

/** The confidence the rule compares with the threshold: the margin in LSBs, or the max softmax probability in 1/256. */
export function exitConfidence(d: ExitOpData, logits: Int8Array): number {
  if (d.rule === 'margin') return exitMargin(logits)
  const p = d.scheme === 's8' ? softmaxS8(logits, 1, d.size, d.multiplier, d.shift, d.diffMin) : softmaxQ7(logits, 1, d.size)
  let max = -128
  for (const v of p) if (v > max) max = v
  return d.scheme === 's8' ? max + 128 : 2 * max
}

/** True when the exit fires on these int8 logits (what tf_exit_* return). */
export function exitConfident(d: ExitOpData, logits: Int8Array): boolean {
  return exitConfidence(d, logits) >= d.threshold
}

/** The sentence for a threshold outside 0..256, or undefined. */
export function exitThresholdProblem(rule: string, threshold: number): string | undefined {
  if (!Number.isInteger(threshold) || threshold < 0 || threshold > EXIT_NEVER) {
    const what = rule === 'margin' ? 'a logit margin in LSBs' : 'a probability in 1/256 units'
    return `Exit threshold must be a whole number in 0..${EXIT_NEVER} (${what}; ${EXIT_NEVER} never fires), got ${threshold}`
  }
  return undefined
}

export const exit = defineOp<'Exit', ExitAttrs, ExitOpData>({
  type: 'Exit',
  label: 'Exit',
  category: 'exit',
  summary: 'early exit: stop when the int8 logits are confident (margin or max softmax ≥ threshold)',
  attrs: {
    rule: { kind: 'enum', label: 'Rule', default: 'softmax', options: EXIT_RULES,
      help: "'margin': top-1 minus top-2 int8 logit ≥ threshold (LSBs); 'softmax': max int8 softmax ≥ threshold/256" },
    threshold: { kind: 'int', label: 'Threshold', default: 230, min: 0, max: EXIT_NEVER,
      help: 'Integer 0..256: margin in LSBs, or probability × 256 (230 ≈ 0.9); 256 never fires' },
    lossWeight: { kind: 'float', label: 'Loss weight', default: 0.5, min: 0, max: 10,
      help: "Weight of this exit's cross-entropy when the exits are trained jointly with the main path" },
  },

  inputCount: () => 1,

  weightSpecs: () => [],

  inferShape(_attrs, inputs) {
    const info = inputs[0]
    if (!info) throw new OpError('Exit needs an input')
    const s = info.shape
    if (s.length !== 2 || s[0] !== 1 || s[1] < 2) {
      throw new OpError(`Exit takes a classifier's logits (1×N, N ≥ 2), got ${formatShape(s)}; end the branch with a head (pool → FullyConnected) first`)
    }
    return [...s]
  },

  validate: (attrs) => {
    const problem = exitThresholdProblem(attrs.rule, attrs.threshold)
    return problem ? [problem] : []
  },

  macs: () => 0,

  evalFloat: ({ inputs }) => Float32Array.from(inputs[0]),

  outputQuant: sharedOutputQuant,

  costKind: (attrs) => (attrs.rule === 'softmax' ? 'softmax' : 'copy'),

  prepare({ scheme, attrs, inputs, output }) {
    const problem = exitThresholdProblem(attrs.rule, attrs.threshold)
    if (problem) throw new QuantError(problem)
    const q = sharedQuant(scheme, inputs[0], output, 'Exit')
    const base = { size: shapeSize(output.shape), rule: attrs.rule, threshold: attrs.threshold }
    if (scheme === 'pow2') return freeze<ExitOpData>({ scheme, ...base })
    if (attrs.rule !== 'softmax') return freeze<ExitOpData>({ scheme, ...base, multiplier: 0, shift: 0, diffMin: 0 })
    const { multiplier, shift } = quantizeMultiplier(Math.min(q.scale * 2 ** 26, 2 ** 31 - 1))
    if (shift < 0) throw new QuantError(`Exit logits scale ${q.scale} is too small for the int8 softmax rule (scale·2^26 must exceed 1); use the margin rule`)
    const diffMin = -Math.floor((31 * 2 ** 26) / 2 ** shift)
    return freeze<ExitOpData>({ scheme, ...base, multiplier, shift, diffMin })
  },

  evalInt8: (_d, inputs) => Int8Array.from(inputs[0]),
})
