/**
 * The estimator on palettized weights (weight clustering), against the built package: MLPerf VWW int8 clustered to
 * 16 and 4 clusters per layer. Weights stored as packed indices + one codebook per layer: ≤ 51 % (16 clusters) and
 * ≤ 26 % (4 clusters) of the int8 weights' bytes; estimate() (portable runtime, Cortex-M4) within 1 % of the built
 * image's flash and equal to its RAM; the built flash smaller than the dense package's by about the weights saved.
 * With CMSIS-NN as the runtime the palettized layers are priced on the portable decoding kernels.
 */
import { afterAll, describe, expect, it } from 'vitest'
import { ARM_BOARDS, missingTools, writePackage } from '../../../bench/c-package-build.ts'
import { M4_TARGET, compareSizes } from '../../../bench/c-package.ts'
import { clusterWeights } from '../pipelines/compress/cluster.ts'
import { mlperfGraph } from '../testing/c-fixtures.ts'
import { removeTempDirs } from '../testing/c-toolchain.ts'
import { CMSIS_NN } from '../vendors/cmsis-nn/index.ts'
import { estimate } from './estimate.ts'

afterAll(removeTempDirs)

const vww = mlperfGraph('vww_96_int8.tflite')

describe('estimate() of palettized weights vs the built package (VWW int8, Cortex-M4, portable runtime)', () => {
  it('has the Arm toolchain', () => expect(missingTools()).toEqual([]))

  const dense = compareSizes(writePackage(vww, CMSIS_NN, 'vww'), ARM_BOARDS.m4, M4_TARGET)
  it.each([[16, 0.51], [4, 0.26]] as const)('%i clusters', (clusters, bound) => {
    const r = clusterWeights(vww, CMSIS_NN, { clusters })
    const denseBytes = r.layers.reduce((s, l) => s + l.denseBytes, 0)
    const packedBytes = r.layers.reduce((s, l) => s + l.packedBytes, 0)
    expect(packedBytes / denseBytes).toBeLessThanOrEqual(bound)
    const report = estimate(r.graph, CMSIS_NN, [M4_TARGET], { runtime: 'portable' })
    const before = estimate(vww, CMSIS_NN, [M4_TARGET], { runtime: 'portable' })
    expect(before.model.weightBytes - report.model.weightBytes).toBe(denseBytes - packedBytes)
    const s = compareSizes(writePackage(r.graph, CMSIS_NN, `vww_pal${clusters}`), ARM_BOARDS.m4, M4_TARGET)
    expect(s.predictedRam).toBe(s.builtRam)
    expect(Math.abs(s.predictedFlash - s.builtFlash) / s.builtFlash).toBeLessThanOrEqual(0.01)
    // The flash saved is the weights saved, less the decoding kernels' code (a few hundred bytes).
    expect(dense.builtFlash - s.builtFlash).toBeGreaterThan(0.97 * (denseBytes - packedBytes))
    expect(dense.builtFlash - s.builtFlash).toBeLessThan(denseBytes - packedBytes)
    const t = report.targets[0]
    expect(t.latencyMs!).toBeGreaterThan(before.targets[0].latencyMs!)
    const cmsis = estimate(r.graph, CMSIS_NN, [M4_TARGET])
    const conv = cmsis.layers.find((l) => l.op === 'Conv2D')!
    expect(conv.kernels).toEqual(['tf_convolve_s8_pal', 'tf_palette_decode'])
    expect(conv.encoding).toEqual({ kind: 'palette', clusters, bits: Math.log2(clusters) })
    expect(cmsis.targets[0].flash.unknownCode).toEqual([])
  }, 120_000)
})
