/**
 * GlobalAveragePool — NHWC [1, H, W, C] → [1, 1, 1, C]:  y[c] = (1 / (H·W)) · Σ_{y, x} x[y, x, c]
 * No attributes. MACs: 0 (pooling convention, as AVERAGE_POOL_2D in MLPerf Tiny's per-layer counts).
 */
import { defineOp, expectNHWC } from './op-def.ts'

type GlobalAveragePoolAttrs = Record<string, never>

export const globalAveragePool = defineOp<GlobalAveragePoolAttrs>({
  type: 'GlobalAveragePool',
  label: 'GlobalAveragePool',
  category: 'pooling',
  summary: 'y[c] = mean of channel c over all H×W positions',
  attrs: {},

  inputCount: () => 1,

  weightSpecs: () => [],

  inferShape(_attrs, inputs) {
    const [, , c] = expectNHWC('GlobalAveragePool', inputs[0])
    return [1, 1, 1, c]
  },

  validate: () => [],

  macs: () => 0,

  evalFloat({ inputs, inputShapes }) {
    const x = inputs[0]
    const [, H, W, C] = inputShapes[0]
    const sums = new Float64Array(C)
    const cells = H * W
    for (let p = 0; p < cells; p++) {
      const base = p * C
      for (let c = 0; c < C; c++) sums[c] += x[base + c]
    }
    const out = new Float32Array(C)
    for (let c = 0; c < C; c++) out[c] = sums[c] / cells
    return out
  },
})
