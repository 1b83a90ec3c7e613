/**
 * Golden specs of Softmax at int16 (TFLite's int16 SOFTMAX, CMSIS-NN v7.0.0 arm_softmax_s16): output 1/32768 with zero
 * point 0, the exp and 1/(1+x) tables, input rescales with right and left shifts, a wide row (small headroom), β ≠ 1.
 * The first case is CMSIS-NN's own unit test (Tests/UnitTest/TestCases/TestData/softmax_s16: its input, and its input
 * scale 1/32767, which gives its multiplier 1718013132 and shift −2); its expected bytes equal the test's reference output.
 */
import type { GoldenSpec, GoldenTensor } from './golden-cases.ts'
import { ints, q, tensor } from './spec-helpers.ts'

const s16 = (shape: number[], scale: number, seed: number, data: number[] = []): GoldenTensor =>
  ({ ...tensor(shape, q(scale, 0), [...data, ...ints(seed, shape.reduce((a, b) => a * b, 1) - data.length, -32768, 32767)]), dtype: 'int16' })
const Q15 = q(1 / 32768, 0)

/** CMSIS-NN v7.0.0 Tests/UnitTest/TestCases/TestData/softmax_s16/input_data.h (3 rows of 10). */
const CMSIS_TEST_INPUT = [-9644, -28042, -8526, 29765, -5843, -5893, -21496, 20033, 23677, 18875,
  -27118, -15266, 17315, 24609, 24257, 8343, -2746, -27513, 19950, -24181,
  -11068, -27257, -27051, 18595, -22234, 5207, 24933, -27986, 31412, 28522]

export const INT16_SOFTMAX_SPECS: readonly GoldenSpec[] = [
  {
    name: 'softmax-s16-cmsis-unit-test', op: 'Softmax', scheme: 's8',
    covers: "CMSIS-NN's arm_softmax_s16 unit test: 3 rows of 10, input scale 1/32767 (multiplier 1718013132, shift −2); expected = its output_ref",
    attrs: { beta: 1 }, inputs: [s16([3, 10], 1 / 32767, 0, CMSIS_TEST_INPUT)], outputQuant: Q15, outputDType: 'int16',
  },
  {
    name: 'softmax-s16-beta-rank4', op: 'Softmax', scheme: 's8',
    covers: 'rank 4 (6 rows of 17), β 0.7, input scale 0.002 (multiplier shift +4): differences beyond −10 clamp to the table start; a row of equal values, a row with one +32767 among −32768s',
    attrs: { beta: 0.7 },
    inputs: [s16([1, 2, 3, 17], 0.002, 701, [...new Array<number>(17).fill(1234), 32767, ...new Array<number>(16).fill(-32768)])],
    outputQuant: Q15, outputDType: 'int16',
  },
  {
    name: 'softmax-s16-wide-row', op: 'Softmax', scheme: 's8',
    covers: 'one row of 300 values at input scale 0.00005 (right shift 1): differences within −3.3, a sum of exponentials in the millions (small headroom)',
    attrs: { beta: 1 }, inputs: [s16([1, 300], 0.00005, 711)], outputQuant: Q15, outputDType: 'int16',
  },
]
