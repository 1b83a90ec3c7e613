/**
 * Maximum — element-wise maximum of two tensors, broadcasting (broadcast.ts: equal shapes, or size 1 on an axis; rank ≤ 4):
 *   y[i] = max(a[i], b[i])
 * No fused activation (TFLite MAXIMUM has none). MACs: 0.
 *
 * int8, both schemes (arm_maximum_s8 = TFLite reference MAXIMUM): a comparison of the raw int8 values, exact only when
 *   both inputs and the output share one quantization (TFLite's int8 spec; outputQuant 'shared'). The float maximum of
 *   two values on one grid is on that grid, so the int8 result is exact.
 */
import { defineOp, int8All, passthroughChannels, sharedOutputQuant } from './op-def.ts'
import { broadcastShape } from './broadcast.ts'
import type { MinMaxOpData } from './min-max.ts'
import { minMaxFloat, minMaxInt8, prepareMinMax } from './min-max.ts'

export const maximum = defineOp<'Maximum', Record<string, never>, MinMaxOpData>({
  type: 'Maximum',
  label: 'Maximum',
  category: 'elementwise',
  summary: 'y = max(a, b), element-wise (broadcasting)',
  attrs: {},

  inputCount: () => 2,

  weightSpecs: () => [],

  inferShape: (_attrs, inputs) => broadcastShape('Maximum', inputs),

  validate: () => [],

  macs: () => 0,

  evalFloat: ({ inputs, inputShapes, outputShape }) => minMaxFloat(inputs, inputShapes, outputShape, true),

  outputQuant: sharedOutputQuant,

  costKind: () => 'elementwise',

  channels: passthroughChannels,

  prepare: ({ scheme, inputs, output }) => prepareMinMax('Maximum', scheme, inputs, output),

  evalInt8: (d, inputs) => minMaxInt8(d, int8All(inputs), true),
})
