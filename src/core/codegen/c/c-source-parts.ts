/**
 * Pieces shared by every generated C file that calls kernels (the package schedule and the golden-case test
 * driver): the common macros, the scratch buffer, and the runtime files a set of kernels needs.
 */
import type { IsaScratch } from './node-code.ts'
import { C_RUNTIME_FILES } from './runtime-files.generated.ts'

/** Status a generated function returns when a CMSIS-NN kernel asks for more scratch than was reserved. */
export const TF_STATUS_SCRATCH = -100

/** Macros every generated source defines before its constants (overridable with -D). */
export function commonDefinitions(cmsisCapable: boolean): string {
  const lines = [
    '/* Placement of the weights and the arena, e.g. -DTF_WEIGHTS_ATTR=\'__attribute__((section(".qspi")))\'. */',
    '#ifndef TF_WEIGHTS_ATTR',
    '#define TF_WEIGHTS_ATTR',
    '#endif',
    '#ifndef TF_ARENA_ATTR',
    '#define TF_ARENA_ATTR',
    '#endif',
    `#define TF_STATUS_SCRATCH (${TF_STATUS_SCRATCH})`,
  ]
  if (cmsisCapable) {
    lines.push(
      '#if defined(TINYFORGE_USE_CMSIS_NN)',
      '#include "arm_nnfunctions.h"',
      '#define TF_CMSIS_CHECK(call)                                 \\',
      '    do                                                       \\',
      '    {                                                        \\',
      '        const arm_cmsis_nn_status tf_status_ = (call);       \\',
      '        if (tf_status_ != ARM_CMSIS_NN_SUCCESS)              \\',
      '        {                                                    \\',
      '            return (int)tf_status_;                          \\',
      '        }                                                    \\',
      '    } while (0)',
      '#endif',
    )
  } else {
    lines.push(
      '#if defined(TINYFORGE_USE_CMSIS_NN)',
      '/* pow2 (q7) packages always run the portable kernels: CMSIS-NN dropped its q7 API in v4.0.0. */',
      '#endif',
    )
  }
  return lines.join('\n')
}

/** Scratch bytes as reserved: whole int32 words, at least one. */
export function scratchWords(bytes: number): number {
  return Math.max(4, Math.ceil(bytes / 4) * 4)
}

/**
 * The scratch buffer (int32-aligned) sized for the portable kernels or, in a CMSIS-NN build, for the code path
 * CMSIS-NN's own headers selected (ARM_MATH_MVEI, ARM_MATH_DSP or plain C).
 */
export function scratchDefinition(portableBytes: number, cmsis: IsaScratch | undefined): string {
  const size = scratchWords
  const lines = cmsis === undefined
    ? [`#define TF_SCRATCH_BYTES ${size(portableBytes)}`]
    : ['#if defined(TINYFORGE_USE_CMSIS_NN) && defined(ARM_MATH_MVEI)', `#define TF_SCRATCH_BYTES ${size(cmsis.mve)}`,
        '#elif defined(TINYFORGE_USE_CMSIS_NN) && defined(ARM_MATH_DSP)', `#define TF_SCRATCH_BYTES ${size(cmsis.dsp)}`,
        '#elif defined(TINYFORGE_USE_CMSIS_NN)', `#define TF_SCRATCH_BYTES ${size(cmsis.c)}`, '#else',
        `#define TF_SCRATCH_BYTES ${size(portableBytes)}`, '#endif']
  lines.push('static int32_t tf_scratch[TF_SCRATCH_BYTES / 4] TF_ARENA_ATTR;')
  return lines.join('\n')
}

const INCLUDE = /^#include "([^"]+)"/gm

/** Runtime file names (runtime/…) that `kernels` need: their .c and .h files and every header they include. */
export function runtimeFilesFor(kernels: Iterable<string>): string[] {
  const needed = new Set<string>()
  const visit = (name: string) => {
    const path = `runtime/${name}`
    if (needed.has(path)) return
    const text = C_RUNTIME_FILES[path]
    if (text === undefined) return
    needed.add(path)
    for (const m of text.matchAll(INCLUDE)) visit(m[1])
  }
  for (const k of kernels) {
    visit(`${k}.h`)
    visit(`${k}.c`)
  }
  return [...needed].sort()
}

/** `#include` lines of the public headers of `kernels`. */
export function kernelIncludes(kernels: Iterable<string>): string[] {
  return [...new Set(kernels)].sort().map((k) => `#include "${k}.h"`)
}
