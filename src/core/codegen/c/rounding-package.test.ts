/**
 * Single-rounding C packages (rounding 'single'): the Makefile and CMakeLists.txt define CMSIS_NN_USE_SINGLE_ROUNDING,
 * the test vectors are the single-rounding engine's, and the package is bit-exact with them under `make test
 * SANITIZE=1` and on qemu (Cortex-M4, its DSP paths); the schedule refuses to compile without the macro; a
 * double-rounding package is exactly as it was (no macro, no guard). The vectors of the two roundings differ on KWS.
 */
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { mlperfGraph, quantized } from '../../testing/c-fixtures.ts'
import { MIXED_NET } from '../../testing/fixture-graphs.ts'
import { removeTempDirs, run, tempDir, writeFiles } from '../../testing/c-toolchain.ts'
import { generateCPackage } from './generate-package.ts'

afterAll(removeTempDirs)

const MACRO = 'CMSIS_NN_USE_SINGLE_ROUNDING'

describe('single-rounding C packages', () => {
  const kws = mlperfGraph('kws_ref_model.tflite')

  it('define the macro in the Makefile and CMakeLists.txt and guard the schedule; double packages do not', () => {
    const single = generateCPackage(kws, { prefix: 'kws', library: 'cmsis-nn', rounding: 'single' })
    const double = generateCPackage(kws, { prefix: 'kws', library: 'cmsis-nn' })
    expect(single.get('Makefile')).toContain(`ROUNDING_DEFS := -D${MACRO}`)
    expect(single.get('Makefile')).toContain('CMSIS_BUILD ?= $(BUILD)/cmsis-nn-single-rounding')
    expect(single.get('CMakeLists.txt')).toContain(`target_compile_definitions(kws PUBLIC ${MACRO})`)
    expect(single.get('CMakeLists.txt')).toContain(`target_compile_definitions(cmsis-nn PUBLIC ${MACRO})`)
    expect(single.get('src/kws.c')).toContain(`#ifndef ${MACRO}\n#error`)
    for (const f of ['Makefile', 'CMakeLists.txt', 'src/kws.c']) expect(double.get(f)).not.toContain(MACRO)
    expect(single.get('examples/test_vectors.h')).not.toBe(double.get('examples/test_vectors.h'))
    expect(single.get('include/kws.h')).toBe(double.get('include/kws.h'))
  })

  it.each([['kws', () => kws, 12], ['mixed', () => quantized(MIXED_NET, 's8'), 10]] as const)(
    '%s: make test SANITIZE=1 and make test-qemu-m4 are bit-exact with the single-rounding engine', (prefix, graph, bytes) => {
      const dir = tempDir(`single-${prefix}`)
      writeFiles(dir, generateCPackage(graph(), { prefix, library: 'cmsis-nn', rounding: 'single' }))
      const host = run('make', ['-s', 'test', 'SANITIZE=1'], dir)
      expect(host.output).toContain(`${prefix}: 3/3 vectors bit-exact (${bytes} output bytes each) on host\n`)
      expect(host.code).toBe(0)
      const m4 = run('make', ['-s', 'test-qemu-m4'], dir, 300_000)
      expect(m4.stderr).toContain(`${prefix}: 3/3 vectors bit-exact (${bytes} output bytes each) on qemu mps2-an386 (Cortex-M4)\n`)
      expect(m4.code).toBe(0)
      // Built without the macro, the schedule stops the build with its reason.
      const bare = run('gcc', ['-std=c99', '-Iinclude', '-Iruntime', '-c', join('src', `${prefix}.c`), '-o', 'bare.o'], dir)
      expect(bare.code).not.toBe(0)
      expect(bare.output).toContain(`compile every source with -D${MACRO}`)
    }, 300_000)
})
