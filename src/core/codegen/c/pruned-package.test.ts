/**
 * Structurally pruned models are ordinary graphs for the C package: the Digits template (s8) pruned 50 % and the
 * imported MLPerf KWS int8 model pruned 30 % export packages that are bit-exact with the int8 engine on the host (ASan +
 * UBSan) and on QEMU Cortex-M4, with the estimate's RAM exact and its flash within 1 % of the built image. (The
 * Fashion-MNIST training, pruning and fine-tuning figures of docs/compression.md come from
 * scripts/fashion-mnist-pruning.ts, which runs the same checks on the trained models.)
 */
import { afterAll, describe, expect, it } from 'vitest'
import { ARM_BOARDS, writePackage } from '../../../../bench/c-package-build.ts'
import { M4_TARGET, compareSizes } from '../../../../bench/c-package.ts'
import { pruneChannels } from '../../pipelines/compress/structured-prune.ts'
import { mlperfGraph, templateGraph } from '../../testing/c-fixtures.ts'
import { removeTempDirs, run } from '../../testing/c-toolchain.ts'
import { CMSIS_NN } from '../../vendors/cmsis-nn/index.ts'

afterAll(removeTempDirs)

describe('structurally pruned packages', () => {
  it.each([
    ['digits_p50', () => pruneChannels(templateGraph('digits-cnn', 's8'), CMSIS_NN, { ratio: 0.5 }).graph, 10],
    ['kws_p30', () => pruneChannels(mlperfGraph('kws_ref_model.tflite'), CMSIS_NN, { ratio: 0.3 }).graph, 12],
  ] as const)('%s: bit-exact on the host and QEMU Cortex-M4; estimate = built', (prefix, graph, outputBytes) => {
    const pkg = writePackage(graph(), CMSIS_NN, prefix)
    const host = run('make', ['-s', 'test', 'SANITIZE=1'], pkg.dir)
    expect(host.output).toContain(`${prefix}: 3/3 vectors bit-exact (${outputBytes} output bytes each) on host\n`)
    expect(host.stderr).toBe('')
    const qemu = run('make', ['-s', 'test-qemu-m4'], pkg.dir, 300_000)
    expect(qemu.stderr).toContain(`${prefix}: 3/3 vectors bit-exact (${outputBytes} output bytes each) on qemu mps2-an386 (Cortex-M4)\n`)
    const s = compareSizes(pkg, ARM_BOARDS.m4, M4_TARGET)
    expect(s.predictedRam).toBe(s.builtRam)
    expect(Math.abs(s.predictedFlash - s.builtFlash) / s.builtFlash).toBeLessThanOrEqual(0.01)
  }, 300_000)
})
