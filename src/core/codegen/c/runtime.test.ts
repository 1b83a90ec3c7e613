/**
 * The C runtime kernels (runtime/*.c, compiled straight from the repository) against the golden int8 cases of
 * testing/golden/*.json: every output byte on the host under AddressSanitizer + UndefinedBehaviorSanitizer — the plain
 * C99 paths, and the DSP paths over C twins of the instructions (TF_NN_DSP_EMULATE) — and on qemu mps2-an386
 * (Cortex-M4: the DSP paths on the instructions); the single-rounding cases (golden/single-rounding/) the same three
 * ways, built with -DCMSIS_NN_USE_SINGLE_ROUNDING; -Werror-clean builds for every Cortex-M core the estimator knows,
 * with the DSP paths selected exactly on the cores that have the DSP extension; the embedded copy of the runtime
 * (runtime-files.generated.ts) is current.
 */
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { GoldenCase, GoldenFile } from '../../testing/golden/golden-cases.ts'
import { runtimeModuleText } from './embed-runtime.ts'
import { goldenCDriver } from '../../testing/golden-c-test.ts'
import { C_RUNTIME_FILES } from './runtime-files.generated.ts'
import { readEmbeddedFolders } from '../../testing/c-read-runtime.ts'
import { C_DIR, removeTempDirs, run, tempDir, writeFiles } from '../../testing/c-toolchain.ts'

const GOLDEN_DIR = join(C_DIR, '../../testing/golden')
const FILES = readdirSync(GOLDEN_DIR).filter((f) => f.endsWith('.json')).sort()
  .map((f) => JSON.parse(readFileSync(join(GOLDEN_DIR, f), 'utf8')) as GoldenFile)
const CASES: GoldenCase[] = FILES.flatMap((f) => f.cases)
/** Golden cases on disk (every operator, every scheme it has); a changed count means the specs changed. */
const GOLDEN_CASES = 140
const SINGLE_DIR = join(GOLDEN_DIR, 'single-rounding')
const SINGLE_CASES: GoldenCase[] = readdirSync(SINGLE_DIR).filter((f) => f.endsWith('.json')).sort()
  .flatMap((f) => (JSON.parse(readFileSync(join(SINGLE_DIR, f), 'utf8')) as GoldenFile).cases)
const SINGLE = ['-DCMSIS_NN_USE_SINGLE_ROUNDING']
const RUNTIME = join(C_DIR, 'runtime')
const BOARD = join(C_DIR, 'board')
const KERNEL_SOURCES = Object.keys(C_RUNTIME_FILES).filter((p) => p.startsWith('runtime/') && p.endsWith('.c'))
  .map((p) => join(C_DIR, p))
/**
 * Kernels (a .c and a .h each) besides the 9 shared headers (types, fixed point, pool types, broadcast, int16
 * activations, DSP instructions, DSP dot products, sparse weights, the int4 nibble codebook).
 */
const KERNEL_COUNT = 53
const WARN = ['-std=c99', '-Wall', '-Wextra', '-Werror', '-pedantic']
const ARM_CORES: Record<string, string[]> = {
  'cortex-m0plus': ['-mcpu=cortex-m0plus', '-mfloat-abi=soft'],
  'cortex-m3': ['-mcpu=cortex-m3', '-mfloat-abi=soft'],
  'cortex-m4': ['-mcpu=cortex-m4', '-mfloat-abi=hard', '-mfpu=fpv4-sp-d16'],
  'cortex-m7': ['-mcpu=cortex-m7', '-mfloat-abi=hard', '-mfpu=fpv5-d16'],
  'cortex-m33': ['-mcpu=cortex-m33', '-mfloat-abi=hard', '-mfpu=fpv5-sp-d16'],
  'cortex-m55': ['-mcpu=cortex-m55', '-mfloat-abi=hard'],
}

function writeDriver(cases: readonly GoldenCase[]): string {
  const dir = tempDir('golden')
  writeFiles(dir, { 'golden_test.c': goldenCDriver(cases, FILES[0].generator).source })
  return dir
}

afterAll(removeTempDirs)

describe('C runtime', () => {
  it('is embedded as it is on disk (runtime-files.generated.ts is current; run scripts/gen-c-runtime.ts)', () => {
    const onDisk = readEmbeddedFolders(C_DIR)
    expect(readFileSync(join(C_DIR, 'runtime-files.generated.ts'), 'utf8')).toBe(runtimeModuleText(onDisk))
    expect(Object.keys(onDisk).filter((p) => p.startsWith('runtime/')).length).toBe(2 * KERNEL_COUNT + 9)
  })

  it('has no floating point, no allocation and no libc calls in any kernel', () => {
    for (const [path, text] of Object.entries(C_RUNTIME_FILES)) {
      if (!path.startsWith('runtime/')) continue
      const code = text.replace(/\/\*[\s\S]*?\*\//g, ' ')
      // <arm_acle.h>: the DSP paths' intrinsics (tf_nn_dsp.h), compiler built-ins, no library code.
      expect(code, path).not.toMatch(/\b(float|double|malloc|calloc|realloc|free|printf|memcpy|memset)\b|#include <(?!stdint\.h|stddef\.h|arm_acle\.h)/)
    }
  })

  it('every golden case (all operators, both schemes) is bit-exact on the host under ASan + UBSan', () => {
    expect(CASES.length).toBe(GOLDEN_CASES)
    const dir = writeDriver(CASES)
    const build = run('gcc', [...WARN, '-O1', '-g', '-fsanitize=address,undefined', '-fno-sanitize-recover=all',
      `-I${RUNTIME}`, `-I${BOARD}`, 'golden_test.c', ...KERNEL_SOURCES, join(BOARD, 'board_host.c'), '-o', 'golden'], dir)
    expect(build.output).not.toMatch(/warning|error/)
    expect(build.code).toBe(0)
    const r = run('./golden', [], dir)
    expect(r.stdout).toBe(`golden: ${GOLDEN_CASES}/${GOLDEN_CASES} cases bit-exact (${CASES.reduce((n, c) => n + c.expected.length * (c.output.dtype === 'int16' ? 2 : 1), 0)} bytes) on host\n`)
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
  })

  it('every golden case is bit-exact on the host through the DSP paths (C twins of the instructions), under ASan + UBSan', () => {
    const dir = writeDriver(CASES)
    const build = run('gcc', [...WARN, '-DTF_NN_DSP_EMULATE', '-O1', '-g', '-fsanitize=address,undefined',
      '-fno-sanitize-recover=all', `-I${RUNTIME}`, `-I${BOARD}`, 'golden_test.c', ...KERNEL_SOURCES, join(BOARD, 'board_host.c'),
      '-o', 'golden'], dir)
    expect(build.output).not.toMatch(/warning|error/)
    expect(build.code).toBe(0)
    const r = run('./golden', [], dir)
    expect(r.stdout).toBe(`golden: ${GOLDEN_CASES}/${GOLDEN_CASES} cases bit-exact (${CASES.reduce((n, c) => n + c.expected.length * (c.output.dtype === 'int16' ? 2 : 1), 0)} bytes) on host\n`)
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
  })

  it.each([['plain C99', []], ['DSP (C twins of the instructions)', ['-DTF_NN_DSP_EMULATE']]] as const)(
    'every single-rounding golden case is bit-exact on the host with -DCMSIS_NN_USE_SINGLE_ROUNDING, %s paths, under ASan + UBSan',
    (_paths, defs) => {
      expect(SINGLE_CASES.length).toBe(69)
      const dir = writeDriver(SINGLE_CASES)
      const build = run('gcc', [...WARN, ...SINGLE, ...defs, '-O1', '-g', '-fsanitize=address,undefined', '-fno-sanitize-recover=all',
        `-I${RUNTIME}`, `-I${BOARD}`, 'golden_test.c', ...KERNEL_SOURCES, join(BOARD, 'board_host.c'), '-o', 'golden'], dir)
      expect(build.output).not.toMatch(/warning|error/)
      expect(build.code).toBe(0)
      const r = run('./golden', [], dir)
      expect(r.stdout).toBe(`golden: 69/69 cases bit-exact (${SINGLE_CASES.reduce((n, c) => n + c.expected.length * (c.output.dtype === 'int16' ? 2 : 1), 0)} bytes) on host\n`)
      expect(r.stderr).toBe('')
      // Without the macro the same kernels give the double-rounding bytes: the cases that tell the two apart fail.
      const dbl = run('gcc', [...WARN, ...defs, '-O1', `-I${RUNTIME}`, `-I${BOARD}`, 'golden_test.c', ...KERNEL_SOURCES,
        join(BOARD, 'board_host.c'), '-o', 'golden-double'], dir)
      expect(dbl.code).toBe(0)
      expect(run('./golden-double', [], dir).stdout).toMatch(/^golden: 53\/69 cases bit-exact/m)
    })

  it('names the case and the byte when an output differs, and exits 1', () => {
    const conv = CASES.find((c) => c.name === 'conv2d-s8-dilation')!
    const wrong = { ...conv, expected: conv.expected.map((v, i) => (i === 3 ? (v === 127 ? 126 : v + 1) : v)) }
    const dir = writeDriver([CASES[0], wrong])
    const build = run('gcc', [...WARN, '-O1', `-I${RUNTIME}`, `-I${BOARD}`, 'golden_test.c', ...KERNEL_SOURCES,
      join(BOARD, 'board_host.c'), '-o', 'golden'], dir)
    expect(build.code).toBe(0)
    const r = run('./golden', [], dir)
    expect(r.stdout).toBe(`FAIL conv2d-s8-dilation: byte 3 is ${conv.expected[3]}, expected ${wrong.expected[3]}\n` +
      `golden: 1/2 cases bit-exact (${CASES[0].expected.length + conv.expected.length} bytes) on host\n`)
    expect(r.code).toBe(1)
  })

  it.each(Object.entries(ARM_CORES))('compiles -Werror clean with arm-none-eabi-gcc for %s (double and single rounding), DSP paths exactly where the core has them', (core, flags) => {
    const dir = tempDir('arm')
    const dsp = !['cortex-m0plus', 'cortex-m3'].includes(core)
    writeFiles(dir, { 'dsp_check.c': `#include "tf_nn_dsp.h"\n#if TF_NN_DSP != ${dsp ? 1 : 0}\n#error TF_NN_DSP\n#endif\nint dsp_check;\n` })
    for (const defs of [[], SINGLE]) {
      const r = run('arm-none-eabi-gcc', [...flags, '-mthumb', ...WARN, ...defs, '-O2', `-I${RUNTIME}`, '-c', 'dsp_check.c', ...KERNEL_SOURCES], dir)
      expect(r.output.trim()).toBe('')
      expect(r.code).toBe(0)
    }
  }, 120_000)

  it('every golden case is bit-exact on qemu mps2-an386 (Cortex-M4: the DSP paths), exit code passed through semihosting', () => {
    const dir = writeDriver(CASES)
    const build = run('arm-none-eabi-gcc', [...ARM_CORES['cortex-m4'], '-mthumb', ...WARN, '-O2', '-ffunction-sections',
      '-fdata-sections', '-DBOARD_NAME="qemu mps2-an386"', `-I${RUNTIME}`, `-I${BOARD}`, 'golden_test.c', ...KERNEL_SOURCES,
      join(BOARD, 'board_mps2.c'), '-T', join(BOARD, 'mps2-an386.ld'), `-L${BOARD}`, '-nostartfiles', '--specs=nano.specs',
      '-Wl,--gc-sections', '-o', 'golden.elf'], dir)
    expect(build.output.trim()).toBe('')
    const r = run('timeout', ['60', 'qemu-system-arm', '-M', 'mps2-an386', '-nographic', '-semihosting-config',
      'enable=on,target=native', '-kernel', 'golden.elf'], dir)
    // QEMU's semihosting console writes to stderr.
    expect(r.stderr).toBe(`golden: ${GOLDEN_CASES}/${GOLDEN_CASES} cases bit-exact (${CASES.reduce((n, c) => n + c.expected.length * (c.output.dtype === 'int16' ? 2 : 1), 0)} bytes) on qemu mps2-an386\n`)
    expect(r.code).toBe(0)
  })

  it('every single-rounding golden case is bit-exact on qemu mps2-an386 with -DCMSIS_NN_USE_SINGLE_ROUNDING (the DSP paths)', () => {
    const dir = writeDriver(SINGLE_CASES)
    const build = run('arm-none-eabi-gcc', [...ARM_CORES['cortex-m4'], '-mthumb', ...WARN, ...SINGLE, '-O2', '-ffunction-sections',
      '-fdata-sections', '-DBOARD_NAME="qemu mps2-an386"', `-I${RUNTIME}`, `-I${BOARD}`, 'golden_test.c', ...KERNEL_SOURCES,
      join(BOARD, 'board_mps2.c'), '-T', join(BOARD, 'mps2-an386.ld'), `-L${BOARD}`, '-nostartfiles', '--specs=nano.specs',
      '-Wl,--gc-sections', '-o', 'golden.elf'], dir)
    expect(build.output.trim()).toBe('')
    const r = run('timeout', ['60', 'qemu-system-arm', '-M', 'mps2-an386', '-nographic', '-semihosting-config',
      'enable=on,target=native', '-kernel', 'golden.elf'], dir)
    expect(r.stderr).toBe(`golden: 69/69 cases bit-exact (${SINGLE_CASES.reduce((n, c) => n + c.expected.length * (c.output.dtype === 'int16' ? 2 : 1), 0)} bytes) on qemu mps2-an386\n`)
    expect(r.code).toBe(0)
  })
})
