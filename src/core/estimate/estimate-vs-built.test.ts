/**
 * The estimator against built C packages (issue 6, truth for the estimator): for the four MLPerf Tiny int8 models
 * and the Digits template, `make size-m4` of the package (arm-none-eabi-gcc -O2, the Makefile default) vs
 * estimate() for the NUCLEO-F446RE (Cortex-M4) with the portable runtime, which is what that build links.
 * Built = model image (zero-copy main) − board baseline (bench/c-package-build.ts).
 *
 * Tolerances: RAM must match exactly — the arena is the planner's, the scratch and guard word follow the
 * generator's rule. Flash within 1 %: constants are counted exactly, so only the code part can differ, and it must
 * stay within PORTABLE_CODE_ERROR_PCT of the built code; its sources of error are the per-kernel medians of call
 * code, alignment padding, and the 28 bytes of the test's own main(). Observed: ≤ 1.0 % of the code on Cortex-M0+,
 * M3, M4, M7 and M33, ≤ 3.6 % on Cortex-M55 (the smallest code part, AD's 1.4 KB). The same holds on the Cortex-M0+
 * (libgcc helpers charged once) and M55 images, linked with the package's M4 rules. Also: the instruction count
 * committed in kernel-code-sizes.measured.json reproduces exactly (QEMU with -icount is deterministic).
 */
import { afterAll, describe, expect, it } from 'vitest'
import { ARM_BOARDS, SIZE_ONLY_BOARDS, countInstructions, missingTools, writePackage } from '../../../bench/c-package-build.ts'
import { C_BENCH_MODELS, M4_TARGET, compareSizes } from '../../../bench/c-package.ts'
import { removeTempDirs } from '../testing/c-toolchain.ts'
import { parseTargetFile } from '../targets/target-file.ts'
import { CMSIS_NN } from '../vendors/cmsis-nn/index.ts'
import { PORTABLE_CODE_ERROR_PCT } from './flash-model.ts'
import measured from './kernel-code-sizes.measured.json' with { type: 'json' }

afterAll(removeTempDirs)

describe('estimate() vs built C packages (Cortex-M4, portable runtime, -O2)', () => {
  it('has the Arm toolchain and QEMU', () => {
    expect(missingTools()).toEqual([])
  })

  it.each(C_BENCH_MODELS.map(([prefix, title, graph]) => [title, prefix, graph] as const))('%s', (_title, prefix, graph) => {
    const s = compareSizes(writePackage(graph(), CMSIS_NN, prefix), ARM_BOARDS.m4, M4_TARGET)
    expect(s.predictedRam).toBe(s.builtRam)
    const builtCode = s.builtFlash - s.constantBytes
    expect(Math.abs(s.predictedCode - builtCode) / builtCode).toBeLessThanOrEqual(PORTABLE_CODE_ERROR_PCT / 100)
    expect(Math.abs(s.predictedFlash - s.builtFlash) / s.builtFlash).toBeLessThanOrEqual(0.01)
  }, 120_000)

  it('holds on Cortex-M0+ and Cortex-M55 images too', () => {
    for (const board of Object.values(SIZE_ONLY_BOARDS)) {
      const target = parseTargetFile(JSON.stringify({ id: board.id, name: board.core, core: board.core, clockMHz: 100, sramBytes: 1 << 20,
        flashBytes: 1 << 22 }), `${board.id}.json`)
      for (const [prefix, , graph] of C_BENCH_MODELS) {
        const s = compareSizes(writePackage(graph(), CMSIS_NN, prefix), board, target)
        const builtCode = s.builtFlash - s.constantBytes
        expect(s.predictedRam, `${prefix} on ${board.core}`).toBe(s.builtRam)
        expect(Math.abs(s.predictedCode - builtCode) / builtCode, `${prefix} on ${board.core}`).toBeLessThanOrEqual(PORTABLE_CODE_ERROR_PCT / 100)
      }
    }
  }, 300_000)

  it('reproduces the committed instruction count of the Digits template (rerun scripts/measure-c-sizes.ts if the C changed)', () => {
    const [, , graph] = C_BENCH_MODELS.find(([prefix]) => prefix === 'digits')!
    const count = countInstructions(writePackage(graph(), CMSIS_NN, 'digits'), ARM_BOARDS.m4)
    expect(count.verdict).toContain('digits: 3/3 vectors bit-exact')
    expect(count.perInference).toBe(measured.instructions.digits['cortex-m4'].portable.perInference)
    expect(count.scheduleOwn + count.nodes.reduce((s, n) => s + n.instructions, 0)).toBe(count.perInference)
  }, 120_000)
})
