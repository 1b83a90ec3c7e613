/**
 * Test-only checks shared by the import tests that end in a C package: seeded int8 inputs (the two extremes, then an
 * LCG stream) and "the package's self-test is bit-exact with the engine" on the host (ASan/UBSan) and, optionally, on
 * qemu Cortex-M4. The package embeds the engine's outputs for its test vectors, so a pass means C = engine.
 */
import { expect } from 'vitest'
import { generateCPackage } from '../codegen/c/generate-package.ts'
import type { Graph } from '../ir/types.ts'
import { run, tempDir, writeFiles } from './c-toolchain.ts'

/** All −128, all 127, then `count` inputs of `length` values from the LCG seeded with `seed` (same stream for a seed). */
export function seededInt8Inputs(seed: number, length: number, count: number): Int8Array[] {
  let s = seed
  const next = () => ((s = (s * 1103515245 + 12345) >>> 0) >>> 16) % 256 - 128
  return [Int8Array.from({ length }, () => -128), Int8Array.from({ length }, () => 127),
    ...Array.from({ length: count }, () => Int8Array.from({ length }, next))]
}

/**
 * Writes `graph`'s CMSIS-NN-library C package under `prefix`, runs `make test SANITIZE=1` (and `make test-qemu-m4`
 * when `qemu`) and expects "<prefix>: 3/3 vectors bit-exact (<outputBytes> output bytes each)" from each, nothing else.
 */
export function expectPackageBitExact(graph: Graph, prefix: string, outputBytes: number, qemu = true): void {
  const dir = tempDir(prefix)
  writeFiles(dir, generateCPackage(graph, { prefix, library: 'cmsis-nn' }))
  const line = `${prefix}: 3/3 vectors bit-exact \\(${outputBytes} output bytes each\\) on`
  const host = run('make', ['-s', 'test', 'SANITIZE=1'], dir)
  expect(host.output).toMatch(new RegExp(`${line} host\\n`))
  expect(host.stderr).toBe('')
  expect(host.code).toBe(0)
  if (!qemu) return
  const m4 = run('make', ['-s', 'test-qemu-m4'], dir, 300_000)
  expect(m4.stderr).toMatch(new RegExp(`${line} qemu mps2-an386`))
  expect(m4.code).toBe(0)
}
