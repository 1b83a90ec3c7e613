/**
 * LSTM — unidirectional LSTM over a sequence (TFLite UNIDIRECTIONAL_SEQUENCE_LSTM, Keras LSTM without peepholes,
 * projection or layer norm), input x [1, T, F] (batch-major), hidden size H = units. Per time step t, gates
 * i, f, o = σ(·) and g = act(·) (tanh, or σ) of  W_k x_t + R_k h_{t−1} + b_k  (W_k [H, F], R_k [H, H], b_k [H]), then
 *   c_t = f ⊙ c_{t−1} + i ⊙ g   (clipped to ±cellClip when cellClip > 0),   h_t = o ⊙ tanh(c_t)
 * Output: every h_t, [1, T, H] (returnSequences), or the last, [1, H]. State: h and c, zero after a reset; `stateful`
 * keeps them from one invocation to the next (streaming, e.g. one frame per call), otherwise every invocation starts
 * from zero (a whole window per call). MACs: T·4·H·(F + H). Ranges: units 1..1024.
 *
 * int8, s8 only: CMSIS-NN's arm_lstm_unidirectional_s8 (main since 4ab83cc3 for the state; TFLite Micro's integer LSTM
 * with int8 activations and int16 cell): int8 per-tensor weights, int32 gate biases (scale s_x·s_W), hidden state h in the
 * output's quantization, cell state int16 with a power-of-two scale 2^p. Gate pre-activations are Q3.12 (scale 2^−12):
 *   gx = sat16(MBQM(bx + Σ W·x, M_x, s_x)),  bx = b + Σ W·(−zp_x)   (M_x ≈ float32(s_x·s_W)/2^−12)
 *   gh = MBQM(bh + Σ R·h, M_h, s_h),          bh = Σ R·(−zp_h)       (M_h ≈ float32(s_h·s_R)/2^−12)
 *   gate = act16(sat16(gx + gh))   (σ / tanh of quant/activation-s16.ts, Q0.15)
 *   c = sat16(MBQM(f·c, 2^−15));  c = clamp(c + MBQM(i·g, 2^−30/2^p), −clip, clip)   (clip 32767 when none)
 *   h = clamp(MBQM(o·tanh16(c, p + 12), 2^−30/s_h) + zp_h, −128, 127)
 * Where this differs from TFLite Micro's reference LSTM, it is CMSIS-NN's arithmetic (what runs on the device): the
 * recurrent product is not saturated to int16 before the sum, and "no clip" clamps the cell to ±32767 (not −32768).
 * int16 (16x8: CMSIS-NN arm_lstm_unidirectional_s16, v7.0.0; TFLite Micro's 16x8→16 integer LSTM): int16 input, output
 * and hidden state, symmetric (zero points 0, so the effective biases are the bias and 0), the same int8 weights, gate
 * order, cell and multipliers (shift ≤ 14). Sums in 64 bits, each part requantized by arm_nn_requantize_s64 with
 * REDUCE_MULTIPLIER (quant/int16-params.ts; no rounding-mode choice there):
 *   gx = sat16(requantize_s64(b + Σ W·x, M_x, s_x)),  gate = act16(sat16(gx + requantize_s64(Σ R·h, M_h, s_h)))
 * the cell update as above (arm_nn_requantize: the rounding mode applies), and h = sat16(MBQM(o·tanh16(c), 2^−30/s_h)).
 * v7.0.0 starts every call from a zero state, so a stateful int16 LSTM runs the portable kernel in both builds.
 */
import type { QuantParams, Tensor } from '../ir/types.ts'
import { formatShape } from '../ir/types.ts'
import { activationS16 } from '../quant/activation-s16.ts'
import { multiplyByQuantizedMultiplier, quantizeMultiplier } from '../quant/fixed-point.ts'
import type { RoundingField } from '../quant/kernel-params.ts'
import { QuantError, freeze, roundingField } from '../quant/kernel-params.ts'
import { activationQuantOf, reduceMultiplier, requantizeS64 } from '../quant/int16-params.ts'
import { quantizeBiasS8, quantizeWeightsS8 } from '../quant/weight-quant.ts'
import type { Int8State, WeightSpec } from './op-def.ts'
import { INT8_OR_INT16, OpError, S8_ONLY, defineOp, requireScheme, requireWeight } from './op-def.ts'

type LstmAttrs = {
  units: number
  useBias: boolean
  cellClip: number
  activation: 'tanh' | 'sigmoid'
  stateful: boolean
  returnSequences: boolean
}

/** Gate order of every per-gate array: input, forget, cell, output (TFLite's tensor order). */
export const LSTM_GATES = ['input', 'forget', 'cell', 'output'] as const
const SUFFIX = ['Input', 'Forget', 'Cell', 'Output'] as const
export const lstmWeightName = (g: number) => `weights${SUFFIX[g]}`
export const lstmRecurrentName = (g: number) => `recurrent${SUFFIX[g]}`
export const lstmBiasName = (g: number) => `bias${SUFFIX[g]}`

/** One gate's frozen requantization and effective biases. */
export interface LstmGateData {
  inputMultiplier: number
  inputShift: number
  hiddenMultiplier: number
  hiddenShift: number
  /** b + Σ W·(−zp_x) per unit. */
  inputEffectiveBias: number[]
  /** Σ R·(−zp_h) per unit. */
  hiddenEffectiveBias: number[]
}

export interface LstmOpData extends RoundingField {
  scheme: 's8'
  /** int16 input, output and hidden state (arm_lstm_unidirectional_s16): zero points 0, 64-bit gate sums. */
  int16?: true
  timeSteps: number
  inputSize: number
  units: number
  returnSequences: boolean
  stateful: boolean
  /** Cell gate activation. */
  cellActivation: 'tanh' | 'sigmoid'
  gates: LstmGateData[]
  forgetToCellMultiplier: number
  forgetToCellShift: number
  inputToCellMultiplier: number
  inputToCellShift: number
  /** Quantized clip of the cell (32767 when the layer has none). */
  cellClip: number
  /** log2 of the cell scale. */
  cellScalePower: number
  hiddenMultiplier: number
  hiddenShift: number
  /** zp_h: the output's (and hidden state's) zero point. */
  hiddenZeroPoint: number
  /** −zp_x (folded into the effective biases; CMSIS-NN's params carry it too). */
  inputOffset: number
}

function sequence(shape: readonly number[] | undefined): [number, number] {
  if (!shape) throw new OpError('LSTM needs an input')
  if (shape.length !== 3 || shape[0] !== 1) {
    throw new OpError(`LSTM takes a sequence [1, frames, features]; got ${formatShape(shape)}`)
  }
  return [shape[1], shape[2]]
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x))

/** The per-tensor symmetric scale of an int8 constant. */
function int8Scale(t: Tensor | undefined, what: string): number {
  if (!t || t.dtype !== 'int8' || !(t.data instanceof Int8Array)) throw new QuantError(`LSTM ${what} must be int8`)
  const q = t.quant
  if (!q || q.scale.length !== 1 || (q.zeroPoint[0] ?? 0) !== 0) throw new QuantError(`LSTM ${what} must be quantized per tensor, symmetric`)
  return Math.fround(q.scale[0])
}

function cellPower(q: Readonly<Record<string, QuantParams>> | undefined): number {
  const s = q?.cell?.scale[0]
  const p = s !== undefined ? Math.log2(s) : NaN
  if (!Number.isInteger(p) || (q!.cell.zeroPoint[0] ?? 0) !== 0) {
    throw new QuantError('LSTM cell state needs a symmetric int16 quantization with a power-of-two scale; quantize the graph first')
  }
  return p
}

/** Σ_c w[r, c] · offset for every row r of a [rows, cols] int8 matrix, plus bias. */
function effectiveBias(w: Int8Array, rows: number, cols: number, offset: number, bias?: ArrayLike<number>): number[] {
  return Array.from({ length: rows }, (_, r) => {
    let sum = 0
    for (let c = 0; c < cols; c++) sum += w[r * cols + c]
    return ((bias ? bias[r] : 0) + sum * offset) | 0
  })
}

const sat16 = (v: number) => (v < -32768 ? -32768 : v > 32767 ? 32767 : v)

/** arm_nn_requantize_s64(acc, REDUCE_MULTIPLIER(m), shift), exact (BigInt where acc·m could pass 2^53). */
function requantize64(acc: number, multiplier: number, shift: number): number {
  const rm = reduceMultiplier(multiplier)
  if (Math.abs(acc) * rm < 2 ** 53) return requantizeS64(acc, rm, shift)
  const r = Number(BigInt.asIntN(32, (BigInt(acc) * BigInt(rm)) >> BigInt(14 - shift)))
  return (r + 1) >> 1
}

export const lstm = defineOp<'LSTM', LstmAttrs, LstmOpData>({
  type: 'LSTM',
  label: 'LSTM',
  category: 'recurrent',
  summary: 'h_t = o ⊙ tanh(c_t), c_t = f ⊙ c_{t−1} + i ⊙ g over the frames of [1, T, F]',
  attrs: {
    units: { kind: 'int', label: 'Units', default: 16, min: 1, max: 1024, help: 'Hidden state size H' },
    useBias: { kind: 'bool', label: 'Use bias', default: true },
    cellClip: { kind: 'float', label: 'Cell clip', default: 0, min: 0, max: 1e6, help: 'Clip the cell state to ±value (0: none)' },
    activation: { kind: 'enum', label: 'Cell gate activation', default: 'tanh', options: ['tanh', 'sigmoid'] },
    stateful: { kind: 'bool', label: 'Stateful', default: false,
      help: 'Keep h and c from one invocation to the next (streaming); otherwise every invocation starts from zero' },
    returnSequences: { kind: 'bool', label: 'Return sequences', default: true, help: 'Output every h_t [1, T, H], or only the last [1, H]' },
  },

  inputCount: () => 1,

  weightSpecs(attrs, inputs) {
    const [, F] = sequence(inputs[0]?.shape)
    const H = attrs.units
    const specs: WeightSpec[] = []
    for (let g = 0; g < 4; g++) specs.push({ name: lstmWeightName(g), shape: [H, F], dtype: 'float32', fanIn: F, init: 'glorot-uniform' })
    for (let g = 0; g < 4; g++) specs.push({ name: lstmRecurrentName(g), shape: [H, H], dtype: 'float32', fanIn: H, init: 'glorot-uniform' })
    if (attrs.useBias) {
      for (let g = 0; g < 4; g++) {
        specs.push({ name: lstmBiasName(g), shape: [H], dtype: 'float32', fanIn: F, init: g === 1 ? 'ones' : 'zeros', deployedDType: 'int32' })
      }
    }
    return specs
  },

  inferShape(attrs, inputs) {
    const [T] = sequence(inputs[0]?.shape)
    return attrs.returnSequences ? [1, T, attrs.units] : [1, attrs.units]
  },

  validate: () => [],

  macs(attrs, inputs) {
    const [T, F] = sequence(inputs[0].shape)
    return T * 4 * attrs.units * (F + attrs.units)
  },

  evalFloat({ attrs, inputs, inputShapes, weights, state, observe }) {
    const [T, F] = sequence(inputShapes[0])
    const H = attrs.units
    const W = [0, 1, 2, 3].map((g) => requireWeight(weights, lstmWeightName(g), 'LSTM'))
    const R = [0, 1, 2, 3].map((g) => requireWeight(weights, lstmRecurrentName(g), 'LSTM'))
    const B = [0, 1, 2, 3].map((g) => (attrs.useBias ? requireWeight(weights, lstmBiasName(g), 'LSTM') : undefined))
    const reset = !attrs.stateful || !state
    const h = reset ? new Float32Array(H) : state.hidden
    const c = reset ? new Float32Array(H) : state.cell
    const x = inputs[0]
    const out = new Float32Array(attrs.returnSequences ? T * H : H)
    const gate = new Float32Array(4 * H)
    for (let t = 0; t < T; t++) {
      for (let g = 0; g < 4; g++) {
        for (let r = 0; r < H; r++) {
          let acc = B[g] ? B[g]![r] : 0
          for (let k = 0; k < F; k++) acc += W[g][r * F + k] * x[t * F + k]
          for (let k = 0; k < H; k++) acc += R[g][r * H + k] * h[k]
          gate[g * H + r] = g === 2 ? (attrs.activation === 'tanh' ? Math.tanh(acc) : sigmoid(acc)) : sigmoid(acc)
        }
      }
      for (let r = 0; r < H; r++) {
        let cell = gate[H + r] * c[r] + gate[r] * gate[2 * H + r]
        if (attrs.cellClip > 0) cell = Math.max(-attrs.cellClip, Math.min(attrs.cellClip, cell))
        c[r] = cell
        h[r] = gate[3 * H + r] * Math.tanh(cell)
      }
      observe?.('cell', c)
      if (attrs.returnSequences) out.set(h, t * H)
    }
    if (!attrs.returnSequences) out.set(h)
    if (state) { state.hidden.set(h); state.cell.set(c) }
    return out
  },

  quantizeConstants({ inputs, output, weights, shapes, origins, observed }) {
    const inScale = activationQuantOf(inputs[0], 'LSTM input').scale
    const out: Record<string, Tensor> = {}
    for (let g = 0; g < 4; g++) {
      const w = quantizeWeightsS8(weights[lstmWeightName(g)], shapes[lstmWeightName(g)], undefined, origins[lstmWeightName(g)])
      out[lstmWeightName(g)] = w
      out[lstmRecurrentName(g)] = quantizeWeightsS8(weights[lstmRecurrentName(g)], shapes[lstmRecurrentName(g)], undefined,
        origins[lstmRecurrentName(g)])
      const b = weights[lstmBiasName(g)]
      if (b) out[lstmBiasName(g)] = quantizeBiasS8(b, inScale, w.quant!.scale, origins[lstmBiasName(g)])
    }
    const cell = observed.cell ?? { min: 0, max: 0 }
    const range = Math.max(Math.abs(cell.min), Math.abs(cell.max), 2 ** -15)
    const power = Math.min(0, Math.max(-15, Math.ceil(Math.log2(range)) - 15))
    const hidden = output.quant!
    return { weights: out, state: {
      hidden: { scale: [...hidden.scale], zeroPoint: [...hidden.zeroPoint] },
      cell: { scale: [2 ** power], zeroPoint: [0] },
    } }
  },

  internalRanges: ['cell'],

  costKind: () => 'fc',

  schemes: S8_ONLY,

  dtypes: INT8_OR_INT16,

  stateSpecs: (attrs, inputs) => [
    { name: 'hidden', shape: [1, attrs.units], dtype: inputs[0]?.dtype === 'int16' ? 'int16' : 'int8' },
    { name: 'cell', shape: [1, attrs.units], dtype: 'int16' },
  ],

  prepare({ scheme, attrs, inputs, output, weights, stateQuant, rounding }) {
    requireScheme('LSTM', S8_ONLY, scheme)
    const [T, F] = sequence(inputs[0].shape)
    const H = attrs.units
    const int16 = output.dtype === 'int16'
    if (int16 !== (inputs[0].dtype === 'int16')) throw new QuantError('LSTM takes int8 → int8 or int16 → int16')
    const x = activationQuantOf(inputs[0], 'LSTM input')
    const h = activationQuantOf(output, 'LSTM output')
    const hq = stateQuant?.hidden
    if (hq && (Math.fround(hq.scale[0]) !== h.scale || (hq.zeroPoint[0] ?? 0) !== h.zeroPoint)) {
      throw new QuantError('LSTM hidden state must have the output\'s quantization (it is the output)')
    }
    const p = cellPower(stateQuant)
    const gates = [0, 1, 2, 3].map((g): LstmGateData => {
      const w = weights[lstmWeightName(g)]
      const r = weights[lstmRecurrentName(g)]
      const sw = int8Scale(w, `${LSTM_GATES[g]} gate input weights`)
      const sr = int8Scale(r, `${LSTM_GATES[g]} gate recurrent weights`)
      const b = weights[lstmBiasName(g)]
      if (attrs.useBias && (!b || b.dtype !== 'int32' || b.data.length !== H)) throw new QuantError(`LSTM ${LSTM_GATES[g]} gate bias must be int32 [${H}]`)
      const mi = quantizeMultiplier(Math.fround(x.scale * sw) / 2 ** -12)
      const mh = quantizeMultiplier(Math.fround(h.scale * sr) / 2 ** -12)
      if (int16 && (mi.shift > 14 || mh.shift > 14)) {
        throw new QuantError(`LSTM at int16: the ${LSTM_GATES[g]} gate's rescale needs shift ${Math.max(mi.shift, mh.shift)}; arm_nn_requantize_s64 takes at most 14`)
      }
      return {
        inputMultiplier: mi.multiplier, inputShift: mi.shift, hiddenMultiplier: mh.multiplier, hiddenShift: mh.shift,
        inputEffectiveBias: effectiveBias(w!.data as Int8Array, H, F, -x.zeroPoint, attrs.useBias ? b!.data : undefined),
        hiddenEffectiveBias: effectiveBias(r!.data as Int8Array, H, H, -h.zeroPoint),
      }
    })
    const fc = quantizeMultiplier(2 ** -15)
    const ic = quantizeMultiplier(2 ** -30 / 2 ** p)
    const hm = quantizeMultiplier(2 ** -30 / h.scale)
    const clip = attrs.cellClip > 0 ? Math.trunc(Math.min(Math.max(Math.fround(attrs.cellClip) / 2 ** p, -32768), 32767)) : 32767
    return freeze<LstmOpData>({
      scheme: 's8', ...(int16 ? { int16 } : {}), timeSteps: T, inputSize: F, units: H, returnSequences: attrs.returnSequences, stateful: attrs.stateful,
      cellActivation: attrs.activation, gates, forgetToCellMultiplier: fc.multiplier, forgetToCellShift: fc.shift,
      inputToCellMultiplier: ic.multiplier, inputToCellShift: ic.shift, cellClip: clip, cellScalePower: p,
      hiddenMultiplier: hm.multiplier, hiddenShift: hm.shift, hiddenZeroPoint: h.zeroPoint, inputOffset: -x.zeroPoint,
      ...roundingField(rounding),
    })
  },

  initState: (d): Int8State => ({ hidden: d.int16 ? new Int16Array(d.units) : new Int8Array(d.units).fill(d.hiddenZeroPoint),
    cell: new Int16Array(d.units) }),

  evalInt8(d, inputs, weights, state) {
    const { timeSteps: T, inputSize: F, units: H } = d
    if (!state || !(state.hidden instanceof (d.int16 ? Int16Array : Int8Array)) || !(state.cell instanceof Int16Array)) throw new Error('LSTM needs its state')
    const h = state.hidden
    const c = state.cell
    if (!d.stateful) { h.fill(d.hiddenZeroPoint); c.fill(0) }
    const x = inputs[0]
    const W = [0, 1, 2, 3].map((g) => weights[lstmWeightName(g)])
    const R = [0, 1, 2, 3].map((g) => weights[lstmRecurrentName(g)])
    const out = d.int16 ? new Int16Array(d.returnSequences ? T * H : H) : new Int8Array(d.returnSequences ? T * H : H)
    const [hMin, hMax] = d.int16 ? [-32768, 32767] : [-128, 127]
    const gate = new Int16Array(4 * H)
    for (let t = 0; t < T; t++) {
      for (let g = 0; g < 4; g++) {
        const p = d.gates[g]
        for (let r = 0; r < H; r++) {
          let sum: number
          if (d.int16) {
            // 64-bit sums (exact in doubles: |W·x| ≤ 2^22), arm_nn_requantize_s64; the recurrent part is not saturated alone.
            let ax = p.inputEffectiveBias[r]
            for (let k = 0; k < F; k++) ax += W[g][r * F + k] * x[t * F + k]
            let ah = 0
            for (let k = 0; k < H; k++) ah += R[g][r * H + k] * h[k]
            sum = sat16(sat16(requantize64(ax, p.inputMultiplier, p.inputShift)) + requantize64(ah, p.hiddenMultiplier, p.hiddenShift))
          } else {
            let ax = p.inputEffectiveBias[r]
            for (let k = 0; k < F; k++) ax = (ax + W[g][r * F + k] * x[t * F + k]) | 0
            let ah = p.hiddenEffectiveBias[r]
            for (let k = 0; k < H; k++) ah = (ah + R[g][r * H + k] * h[k]) | 0
            const gx = sat16(multiplyByQuantizedMultiplier(ax, p.inputMultiplier, p.inputShift, d.rounding))
            sum = sat16(gx + multiplyByQuantizedMultiplier(ah, p.hiddenMultiplier, p.hiddenShift, d.rounding))
          }
          gate[g * H + r] = activationS16(sum, 0, g === 2 ? d.cellActivation : 'sigmoid')
        }
      }
      for (let r = 0; r < H; r++) {
        const kept = sat16(multiplyByQuantizedMultiplier(gate[H + r] * c[r], d.forgetToCellMultiplier, d.forgetToCellShift, d.rounding))
        const added = multiplyByQuantizedMultiplier(gate[r] * gate[2 * H + r], d.inputToCellMultiplier, d.inputToCellShift, d.rounding)
        const cell = kept + added
        c[r] = cell < -d.cellClip ? -d.cellClip : cell > d.cellClip ? d.cellClip : cell
        const tanh = activationS16(c[r], d.cellScalePower + 12, 'tanh')
        const v = multiplyByQuantizedMultiplier(gate[3 * H + r] * tanh, d.hiddenMultiplier, d.hiddenShift, d.rounding) + d.hiddenZeroPoint
        h[r] = v < hMin ? hMin : v > hMax ? hMax : v
      }
      if (d.returnSequences) out.set(h, t * H)
    }
    if (!d.returnSequences) out.set(h)
    return out
  },
})
