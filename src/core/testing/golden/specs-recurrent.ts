/**
 * Golden specs of the stateful operators (s8 only: no q7 kernels): SVDF (int16 state, one frame per call) and LSTM
 * (int16 cell, a sequence per call). Cases give the state's quantization and, where they test persistence, a non-zero
 * initial state; the generator records the state after the call too.
 */
import type { GoldenSpec, GoldenTensor } from './golden-cases.ts'
import { int16, int32, int8, ints, q, tensor, weights8 } from './spec-helpers.ts'

/** LSTM weights: 4 input [H, F], 4 recurrent [H, H] int8 per tensor, 4 int32 biases with scale s_x·s_W. */
function lstmWeights(seed: number, H: number, F: number, inScale: number, wScales: number[], rScales: number[], biases: number[][]) {
  const gates = ['Input', 'Forget', 'Cell', 'Output']
  const out: NonNullable<GoldenSpec['weights']> = {}
  gates.forEach((g, k) => {
    out[`weights${g}`] = weights8(seed + k, [H, F], q(wScales[k]))
    out[`recurrent${g}`] = weights8(seed + 10 + k, [H, H], q(rScales[k]))
    out[`bias${g}`] = int32([H], q(Math.fround(Math.fround(inScale) * Math.fround(wScales[k]))), biases[k])
  })
  return out
}

/** An int16 activation (zero point 0): the given values, then seeded ones over the int16 range up to the shape's size. */
const s16 = (shape: number[], scale: number, seed: number, data: number[] = [], lo = -32768, hi = 32767): GoldenTensor =>
  ({ ...tensor(shape, q(scale, 0), [...data, ...ints(seed, shape.reduce((a, b) => a * b, 1) - data.length, lo, hi)]), dtype: 'int16' })

export const RECURRENT_SPECS: GoldenSpec[] = [
  {
    name: 'svdf-s8-rank1-kept-state', op: 'SVDF', scheme: 's8',
    covers: 'rank 1, memory 5: the seeded int16 state shifts left, the new feature column enters, time weights and bias per unit',
    attrs: { units: 4, rank: 1, memory: 5, useBias: true, activation: 'relu' },
    inputs: [tensor([1, 6], q(0.1, 3), ints(401, 6))],
    weights: {
      weightsFeature: weights8(402, [4, 6], q(0.02)),
      weightsTime: int16([4, 5], q(0.00003), ints(403, 20, -32767, 32767)),
      bias: int32([4], q(Math.fround(Math.fround(0.003) * Math.fround(0.00003))), [40000, -40000, 0, 900000]),
    },
    stateQuant: { state: q(0.003) },
    state: { state: ints(404, 20, -20000, 20000) },
    outputQuant: q(1.5, -10),
  },
  {
    name: 'svdf-s8-rank2-reset-no-bias', op: 'SVDF', scheme: 's8',
    covers: 'rank 2 (two filters summed per unit), memory 3, no bias, from the reset state; feature values clamped to the int16 range',
    attrs: { units: 3, rank: 2, memory: 3, useBias: false, activation: 'none' },
    inputs: [tensor([1, 4], q(0.5, -2), [127, -128, 60, -60])],
    weights: { weightsFeature: weights8(411, [6, 4], q(0.05)), weightsTime: int16([6, 3], q(0.0001), ints(412, 18, -32767, 32767)) },
    stateQuant: { state: q(0.02) },
    outputQuant: q(15, 5),
  },
  {
    name: 'lstm-s8-sequence-from-reset', op: 'LSTM', scheme: 's8',
    covers: '4 frames × 3 features, 5 units, tanh cell gate, no clip (±32767), every h returned; state reset at the start',
    attrs: { units: 5, useBias: true, cellClip: 0, activation: 'tanh', stateful: false, returnSequences: true },
    inputs: [tensor([1, 4, 3], q(0.05, -5), ints(421, 12))],
    weights: lstmWeights(430, 5, 3, 0.05, [0.02, 0.015, 0.025, 0.01], [0.012, 0.02, 0.018, 0.016],
      [ints(440, 5, -2000, 2000), ints(441, 5, 0, 6000), ints(442, 5, -3000, 3000), ints(443, 5, -2000, 2000)]),
    stateQuant: { hidden: q(1 / 128, 0), cell: q(2 ** -11) },
    state: { hidden: ints(444, 5), cell: ints(445, 5, -30000, 30000) },
    outputQuant: q(1 / 128, 0),
  },
  {
    name: 'lstm-s8-stateful-clip-last', op: 'LSTM', scheme: 's8',
    covers: 'stateful: continues from a seeded h and c; cell clip 3 (12288 at 2^-12); sigmoid cell gate; only the last h returned',
    attrs: { units: 4, useBias: true, cellClip: 3, activation: 'sigmoid', stateful: true, returnSequences: false },
    inputs: [tensor([1, 3, 2], q(0.1, 10), ints(451, 6))],
    weights: lstmWeights(460, 4, 2, 0.1, [0.03, 0.02, 0.04, 0.025], [0.02, 0.03, 0.02, 0.01],
      [ints(470, 4, -500, 500), ints(471, 4, 0, 3000), ints(472, 4, -800, 800), ints(473, 4, -500, 500)]),
    stateQuant: { hidden: q(0.008, -3), cell: q(2 ** -12) },
    state: { hidden: ints(474, 4), cell: ints(475, 4, -12000, 12000) },
    outputQuant: q(0.008, -3),
  },
  {
    name: 'lstm-s8-saturating-gates', op: 'LSTM', scheme: 's8',
    covers: 'large inputs and weights: gate sums past ±8 (int16 saturation of gx + gh), σ and tanh past the table (index ≥ 255)',
    attrs: { units: 3, useBias: false, cellClip: 0, activation: 'tanh', stateful: false, returnSequences: true },
    inputs: [tensor([1, 2, 4], q(0.5, 0), [127, -128, 127, -128, -128, 127, 100, -100])],
    weights: lstmWeights(480, 3, 4, 0.5, [0.2, 0.3, 0.25, 0.15], [0.4, 0.5, 0.3, 0.35], [[0, 0, 0], [0, 0, 0], [0, 0, 0], [0, 0, 0]]),
    stateQuant: { hidden: q(1 / 128, 0), cell: q(2 ** -10) },
    outputQuant: q(1 / 128, 0),
  },
  {
    name: 'lstm-s8-recurrent-sum-saturation', op: 'LSTM', scheme: 's8',
    covers: 'gx ≈ +4.9 with a recurrent product past −8 (Q3.12): CMSIS-NN saturates only the sum gx + gh (TFLite Micro\'s reference would saturate gh first); the cell state shows it',
    attrs: { units: 1, useBias: false, cellClip: 0, activation: 'tanh', stateful: true, returnSequences: true },
    inputs: [tensor([1, 1, 1], q(0.5, 0), [127])],
    weights: Object.fromEntries(['Input', 'Forget', 'Cell', 'Output'].flatMap((g) => [
      [`weights${g}`, int8([1, 1], q(0.0077), [10])], [`recurrent${g}`, int8([1, 1], q(0.1), [-127])]])),
    stateQuant: { hidden: q(1 / 128, 0), cell: q(2 ** -11) },
    state: { hidden: [127], cell: [0] },
    outputQuant: q(1 / 128, 0),
  },
  {
    name: 'lstm-s8-recurrent-sum-saturation-sequence', op: 'LSTM', scheme: 's8',
    covers: 'the same saturation in step 2 of a sequence from reset (h ≈ 0.76 after step 1), so the CMSIS-NN kernel runs it too',
    attrs: { units: 1, useBias: false, cellClip: 0, activation: 'tanh', stateful: false, returnSequences: true },
    inputs: [tensor([1, 2, 1], q(0.5, 0), [127, 127])],
    weights: {
      weightsInput: int8([1, 1], q(0.0077), [10]), recurrentInput: int8([1, 1], q(0.1), [-127]),
      weightsForget: int8([1, 1], q(0.1), [127]), recurrentForget: int8([1, 1], q(0.1), [0]),
      weightsCell: int8([1, 1], q(0.1), [127]), recurrentCell: int8([1, 1], q(0.1), [0]),
      weightsOutput: int8([1, 1], q(0.1), [127]), recurrentOutput: int8([1, 1], q(0.1), [0]),
    },
    stateQuant: { hidden: q(1 / 128, 0), cell: q(2 ** -11) },
    outputQuant: q(1 / 128, 0),
  },
  {
    name: 'lstm-s16-sequence-from-reset', op: 'LSTM', scheme: 's8',
    covers: 'arm_lstm_unidirectional_s16: int16 x and h (zero points 0), 4 frames × 3 features, 5 units, tanh cell gate, no clip, int32 biases of scale s_x·s_W summed in 64 bits, every h returned; from reset',
    attrs: { units: 5, useBias: true, cellClip: 0, activation: 'tanh', stateful: false, returnSequences: true },
    inputs: [s16([1, 4, 3], 0.0002, 491, [], -12000, 12000)],
    weights: lstmWeights(500, 5, 3, 0.0002, [0.02, 0.015, 0.025, 0.01], [0.012, 0.02, 0.018, 0.016],
      [ints(510, 5, -200000, 200000), ints(511, 5, 0, 600000), ints(512, 5, -300000, 300000), ints(513, 5, -200000, 200000)]),
    stateQuant: { hidden: q(1 / 32768, 0), cell: q(2 ** -11) },
    state: { hidden: ints(514, 5, -32768, 32767), cell: ints(515, 5, -30000, 30000) },
    outputQuant: q(1 / 32768, 0), outputDType: 'int16',
  },
  {
    name: 'lstm-s16-stateful-clip-last', op: 'LSTM', scheme: 's8',
    covers: 'int16, stateful: continues from a seeded int16 h and c; cell clip 3 (12288 at 2^-12, not reached); sigmoid cell gate; only the last h returned',
    attrs: { units: 4, useBias: true, cellClip: 3, activation: 'sigmoid', stateful: true, returnSequences: false },
    inputs: [s16([1, 3, 2], 0.0004, 521, [], -20000, 20000)],
    weights: lstmWeights(530, 4, 2, 0.0004, [0.03, 0.02, 0.04, 0.025], [0.02, 0.03, 0.02, 0.01],
      [ints(540, 4, -40000, 40000), ints(541, 4, 0, 300000), ints(542, 4, -80000, 80000), ints(543, 4, -40000, 40000)]),
    stateQuant: { hidden: q(0.00004, 0), cell: q(2 ** -12) },
    state: { hidden: ints(544, 4, -25000, 25000), cell: ints(545, 4, -12000, 12000) },
    outputQuant: q(0.00004, 0), outputDType: 'int16',
  },
  {
    name: 'lstm-s16-saturating', op: 'LSTM', scheme: 's8',
    covers: 'int16 extremes: x at ±32767/−32768 with large weights (gate sums past ±8, σ and tanh past the table), h scale 2^-16 so o·tanh(c) past 32767 saturates the int16 output and hidden state',
    attrs: { units: 3, useBias: false, cellClip: 0, activation: 'tanh', stateful: false, returnSequences: true },
    inputs: [s16([1, 3, 4], 0.002, 551, [32767, -32768, 32767, -32768, -32768, 32767, 20000, -20000, 32767, 32767, 32767, 32767])],
    weights: lstmWeights(560, 3, 4, 0.002, [0.2, 0.3, 0.25, 0.15], [0.4, 0.5, 0.3, 0.35], [[0, 0, 0], [0, 0, 0], [0, 0, 0], [0, 0, 0]]),
    stateQuant: { hidden: q(2 ** -16, 0), cell: q(2 ** -10) },
    outputQuant: q(2 ** -16, 0), outputDType: 'int16',
  },
]
