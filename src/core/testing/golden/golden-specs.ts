/**
 * Every golden spec, grouped by operator file (dense first, then the weightless operators, then the edges of the C
 * runtime's DSP paths, appended to their operators' files, then the second operator set, then the worked example of the
 * two requantization roundings, the int16 (16x8) cases and int4 packed weights). Single-rounding specs:
 * specs-single-rounding.ts.
 */
import type { GoldenSpec } from './golden-cases.ts'
import { BINARY_SPECS } from './specs-binary.ts'
import { DENSE_SPECS, WORKED_EXAMPLE_SPEC } from './specs-dense.ts'
import { EXIT_SPECS } from './specs-exit.ts'
import { INT16_SPECS } from './specs-int16.ts'
import { INT16_LAYER_SPECS } from './specs-int16-layers.ts'
import { INT16_SOFTMAX_SPECS } from './specs-int16-softmax.ts'
import { INT4_SPECS } from './specs-int4.ts'
import { KERNEL_PATH_SPECS } from './specs-kernel-paths.ts'
import { OTHER_SPECS } from './specs-other.ts'
import { RECURRENT_SPECS } from './specs-recurrent.ts'

export const GOLDEN_SPECS: readonly GoldenSpec[] = [...DENSE_SPECS, ...OTHER_SPECS, ...KERNEL_PATH_SPECS, ...EXIT_SPECS, ...BINARY_SPECS,
  ...RECURRENT_SPECS, WORKED_EXAMPLE_SPEC, ...INT16_SPECS, ...INT4_SPECS,
  ...INT16_LAYER_SPECS, ...INT16_SOFTMAX_SPECS]
