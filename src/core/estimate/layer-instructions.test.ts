/**
 * The per-layer instruction model: features follow the kernels' loops (a hand-counted im2col), builds map to cores,
 * and the committed coefficients predict the Early-exit CNN's layers (QEMU counts in tools/layer-instructions/rows.json).
 */
import { describe, expect, it } from 'vitest'
import { instructionBuildOf, instructionFeatures, predictInstructions } from './layer-instructions.ts'

describe('layer instruction model', () => {
  it('counts the DSP im2col of a 1-channel 3×3 "same" convolution by hand', () => {
    const f = instructionFeatures({ op: 'Conv2D', attrs: { kernelH: 3, kernelW: 3, strideH: 1, strideW: 1, padding: 'same', filters: 8 },
      inputs: [[1, 4, 4, 1]], output: [1, 4, 4, 8], macs: 4 * 4 * 9 * 8 })!
    expect(f.key).toBe('Conv2D')
    // Valid taps per axis 2, 3, 3, 2 → (Σ = 10)² cells inside the input; every run is shorter than 4: all scalar.
    expect(f.x).toMatchObject({ pixels: 16, taps: 144, validTaps: 100, validRows: 40, colElems: 144, colScalar: 144, dotCalls: 32,
      tailMacs: 16 * 8 * 1 })
    // Runs per pixel: 3 rows, + one padding run per valid row at the left and right edge columns: 48 + 10 · 2.
    expect(f.x.colRuns).toBe(68)
  })

  it('keys 1×1 convolutions and the Exit rules apart, and covers no other op', () => {
    const conv1x1 = { op: 'Conv2D', attrs: { kernelH: 1, kernelW: 1, padding: 'valid', filters: 4 }, inputs: [[1, 2, 2, 8]], output: [1, 2, 2, 4], macs: 128 }
    expect(instructionFeatures(conv1x1)?.key).toBe('Conv2D:1x1')
    expect(instructionFeatures({ op: 'Exit', attrs: { rule: 'margin' }, inputs: [[1, 10]], output: [1, 10], macs: 0 })?.key).toBe('Exit:margin')
    expect(instructionFeatures({ op: 'ReLU', attrs: {}, inputs: [[1, 10]], output: [1, 10], macs: 0 })).toBeNull()
    expect(predictInstructions('portable/s8/dsp', conv1x1)).toBeGreaterThan(0)
  })

  it('maps each core and runtime to the fitted build it runs (none for Helium CMSIS-NN and pow2)', () => {
    expect(instructionBuildOf('s8', 'portable', 'cortex-m4')).toBe('portable/s8/dsp')
    expect(instructionBuildOf('s8', 'portable', 'cortex-m55')).toBe('portable/s8/dsp')
    expect(instructionBuildOf('s8', 'portable', 'cortex-m0plus')).toBe('portable/s8/c')
    expect(instructionBuildOf('s8', 'cmsis-nn', 'cortex-m7')).toBe('cmsis-nn/s8/dsp')
    expect(instructionBuildOf('s8', 'cmsis-nn', 'cortex-m3')).toBe('cmsis-nn/s8/c')
    expect(instructionBuildOf('s8', 'cmsis-nn', 'cortex-m85')).toBeNull()
    expect(instructionBuildOf('pow2', 'portable', 'cortex-m4')).toBeNull()
  })
})
