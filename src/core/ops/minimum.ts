/**
 * Minimum — element-wise minimum of two tensors, broadcasting (broadcast.ts: equal shapes, or size 1 on an axis; rank ≤ 4):
 *   y[i] = min(a[i], b[i])
 * No fused activation (TFLite MINIMUM has none). MACs: 0.
 *
 * int8, both schemes (arm_minimum_s8 = TFLite reference MINIMUM): a comparison of the raw int8 values, exact only when
 *   both inputs and the output share one quantization (TFLite's int8 spec; outputQuant 'shared'). The float minimum of
 *   two values on one grid is on that grid, so the int8 result is exact.
 */
import { defineOp, int8All, passthroughChannels, sharedOutputQuant } from './op-def.ts'
import { broadcastShape } from './broadcast.ts'
import type { MinMaxOpData } from './min-max.ts'
import { minMaxFloat, minMaxInt8, prepareMinMax } from './min-max.ts'

export const minimum = defineOp<'Minimum', Record<string, never>, MinMaxOpData>({
  type: 'Minimum',
  label: 'Minimum',
  category: 'elementwise',
  summary: 'y = min(a, b), element-wise (broadcasting)',
  attrs: {},

  inputCount: () => 2,

  weightSpecs: () => [],

  inferShape: (_attrs, inputs) => broadcastShape('Minimum', inputs),

  validate: () => [],

  macs: () => 0,

  evalFloat: ({ inputs, inputShapes, outputShape }) => minMaxFloat(inputs, inputShapes, outputShape, false),

  outputQuant: sharedOutputQuant,

  costKind: () => 'elementwise',

  channels: passthroughChannels,

  prepare: ({ scheme, inputs, output }) => prepareMinMax('Minimum', scheme, inputs, output),

  evalInt8: (d, inputs) => minMaxInt8(d, int8All(inputs), false),
})
