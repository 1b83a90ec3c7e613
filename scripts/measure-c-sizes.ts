/**
 * Measures the C package's real code and memory sizes and writes src/core/estimate/kernel-code-sizes.measured.json,
 * for the estimator to use in place of the CMSIS-NN stand-ins of kernel-code-sizes.json.
 *
 *   npx tsx scripts/measure-c-sizes.ts            (about a minute; needs arm-none-eabi-gcc and qemu-system-arm)
 *
 * 1. Kernels (runtime/tf_*.c), per CPU and optimisation level (arm-none-eabi-gcc 12.2, -mthumb -ffunction-sections
 *    -fdata-sections -std=c99, newlib-nano, --gc-sections): bytes = flash (text + data) of an image whose entry keeps
 *    the kernel's address and calls memcpy + memset, minus the same image without the kernel: the kernel with
 *    everything it pulls in (fixed-point helpers, libgcc routines), except memcpy/memset (`libcBytes`, once).
 *    `estimatorKernels` restates them under the estimator's kernel names (library:CMSIS-NN counterpart), at -Os.
 * 2. Models (the MLPerf Tiny int8 models, the templates, a pow2 network), per Cortex-M4/M7/M33 at -O2 (the package
 *    Makefile's default) and -Os: flash and RAM of an image with the model, its runtime, the MPS2 start-up code and a
 *    main() that runs it once through the zero-copy API (no test vectors, no I/O buffers outside the arena); the schedule's own code (the model's C file minus its constant
 *    arrays) per kernel call; instructions per inference from `make test-qemu-<core>` (qemu -icount shift=0: one
 *    instruction per virtual ns; SysTick resolution 40 ns on an386/an500, 50 ns on an505); and the estimator's
 *    prediction for a catalog board with that core, for comparison.
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { buildPackageModel } from '../src/core/codegen/c/package-model.ts'
import { generateCPackage } from '../src/core/codegen/c/generate-package.ts'
import { QEMU_BOARDS } from '../src/core/codegen/c/build-files.ts'
import { C_RUNTIME_FILES } from '../src/core/codegen/c/runtime-files.generated.ts'
import { mlperfGraph, templateGraph } from '../src/core/codegen/c/test-support/fixtures.ts'
import { C_DIR, removeTempDirs, run, tempDir, writeFiles } from '../src/core/codegen/c/test-support/toolchain.ts'
import { estimate } from '../src/core/estimate/estimate.ts'
import type { Graph } from '../src/core/ir/types.ts'
import { CATALOG_TARGETS } from '../src/core/targets/catalog.ts'
import { getLibrary } from '../src/core/vendors/registry.ts'

const CPUS: Record<string, string[]> = {
  'cortex-m0plus': ['-mcpu=cortex-m0plus', '-mfloat-abi=soft'],
  'cortex-m3': ['-mcpu=cortex-m3', '-mfloat-abi=soft'],
  'cortex-m4': ['-mcpu=cortex-m4', '-mfloat-abi=hard', '-mfpu=fpv4-sp-d16'],
  'cortex-m7': ['-mcpu=cortex-m7', '-mfloat-abi=hard', '-mfpu=fpv5-d16'],
  'cortex-m33': ['-mcpu=cortex-m33', '-mfloat-abi=hard', '-mfpu=fpv5-sp-d16'],
  'cortex-m55': ['-mcpu=cortex-m55', '-mfloat-abi=hard'],
}
const OPTS = ['-Os', '-O2'] as const
const COMMON = ['-mthumb', '-std=c99', '-ffunction-sections', '-fdata-sections']
const LINK = ['-nostartfiles', '--specs=nano.specs', '-Wl,--gc-sections', '-Wl,-e,entry']

/** Runtime kernel → the estimator's kernel keys (library:CMSIS-NN or legacy q7 counterpart). */
const COUNTERPARTS: Record<string, string[]> = {
  tf_convolve_s8: ['cmsis-nn:arm_convolve_wrapper_s8'],
  tf_depthwise_conv_s8: ['cmsis-nn:arm_depthwise_conv_wrapper_s8'],
  tf_fully_connected_s8: ['cmsis-nn:arm_fully_connected_wrapper_s8'],
  tf_max_pool_s8: ['cmsis-nn:arm_max_pool_s8', 'pow2-q7:arm_maxpool_q7_HWC'],
  tf_avgpool_s8: ['cmsis-nn:arm_avgpool_s8'],
  tf_elementwise_add_s8: ['cmsis-nn:arm_elementwise_add_s8'],
  tf_concatenation_s8: ['cmsis-nn:arm_concatenation_s8_x', 'pow2-q7:arm_concatenation_s8_x'],
  tf_softmax_s8: ['cmsis-nn:arm_softmax_s8'],
  tf_pad_s8: ['cmsis-nn:arm_pad_s8'],
  tf_relu_s8: ['cmsis-nn:tinyforge_relu_s8'],
  tf_mean_s8: [],
  tf_preprocess_s8: [],
  tf_convolve_q7: ['pow2-q7:arm_convolve_HWC_q7_basic_nonsquare', 'pow2-q7:arm_convolve_HWC_q7_fast_nonsquare',
    'pow2-q7:arm_convolve_1x1_HWC_q7_fast_nonsquare'],
  tf_depthwise_conv_q7: ['pow2-q7:arm_depthwise_separable_conv_HWC_q7_nonsquare'],
  tf_fully_connected_q7: ['pow2-q7:arm_fully_connected_q7'],
  tf_avgpool_q7: ['pow2-q7:arm_avepool_q7_HWC'],
  tf_add_q7: ['pow2-q7:arm_add_q7'],
  tf_relu_q7: ['pow2-q7:arm_relu_q7', 'pow2-q7:arm_clip_q7'],
  tf_softmax_q7: ['pow2-q7:arm_softmax_with_batch_q7'],
  tf_preprocess_q7: [],
}

function flashOf(elf: string, cwd: string): { text: number; data: number; bss: number } {
  const r = run('arm-none-eabi-size', [elf], cwd)
  if (r.code !== 0) throw new Error(r.output)
  const [text, data, bss] = r.stdout.trim().split('\n')[1].trim().split(/\s+/).map(Number)
  return { text, data, bss }
}

function entrySource(kernel?: string): string {
  return [
    '#include <stdint.h>',
    '#include <string.h>',
    kernel ? `#include "${kernel}.h"` : '',
    'void entry(void);',
    'volatile uintptr_t tf_keep;',
    'static char a[64], b[64];',
    'void entry(void)',
    '{',
    '    memcpy(a, b, (size_t)tf_keep);',
    '    memset(a, (int)tf_keep, (size_t)tf_keep);',
    kernel ? `    tf_keep = (uintptr_t)&${kernel};` : '',
    '}',
    '',
  ].join('\n')
}

// ---- 1. kernels
const kernelDir = tempDir('sizes')
const runtime = join(C_DIR, 'runtime')
const kernelNames = Object.keys(COUNTERPARTS)
const missing = Object.keys(C_RUNTIME_FILES).filter((p) => /^runtime\/tf_.*\.c$/.test(p))
  .map((p) => p.slice(8, -2)).filter((k) => !kernelNames.includes(k))
if (missing.length > 0) throw new Error(`no counterpart listed for ${missing.join(', ')}`)
writeFiles(kernelDir, Object.fromEntries(['', ...kernelNames].map((k) => [`entry_${k || 'none'}.c`, entrySource(k || undefined)])))
const kernels: Record<string, Record<string, Record<string, number>>> = {}
const libcBytes: Record<string, number> = {}
for (const [cpu, flags] of Object.entries(CPUS)) {
  for (const opt of OPTS) {
    const image = (k: string) => {
      const sources = k ? [join(runtime, `${k}.c`)] : []
      const out = `${k || 'none'}-${cpu}${opt}.elf`
      const r = run('arm-none-eabi-gcc', [...flags, ...COMMON, opt, `-I${runtime}`, `entry_${k || 'none'}.c`, ...sources, ...LINK, '-o', out], kernelDir)
      if (r.code !== 0) throw new Error(r.output)
      const s = flashOf(out, kernelDir)
      return s.text + s.data
    }
    const base = image('')
    if (opt === '-Os') libcBytes[cpu] = base
    for (const k of kernelNames) {
      kernels[k] ??= { '-Os': {}, '-O2': {} }
      kernels[k][opt][cpu] = image(k) - base
    }
  }
  console.log(`kernels measured for ${cpu}`)
}
// libcBytes: the image with only entry + memcpy + memset, minus an image with an empty entry.
for (const [cpu, flags] of Object.entries(CPUS)) {
  writeFiles(kernelDir, { 'empty.c': 'void entry(void);\nvoid entry(void)\n{\n}\n' })
  const r = run('arm-none-eabi-gcc', [...flags, ...COMMON, '-Os', 'empty.c', ...LINK, '-o', 'empty.elf'], kernelDir)
  if (r.code !== 0) throw new Error(r.output)
  const s = flashOf('empty.elf', kernelDir)
  libcBytes[cpu] -= s.text + s.data
}
const estimatorKernels: Record<string, Record<string, number>> = {}
for (const [k, keys] of Object.entries(COUNTERPARTS)) for (const key of keys) estimatorKernels[key] = kernels[k]['-Os']
estimatorKernels['cmsis-nn:arm_reshape_s8'] = Object.fromEntries(Object.keys(CPUS).map((c) => [c, 0]))
estimatorKernels['pow2-q7:arm_reshape_s8'] = Object.fromEntries(Object.keys(CPUS).map((c) => [c, 0]))

// ---- 2. models
const MODELS: [string, () => Graph, string][] = [
  ['kws', () => mlperfGraph('kws_ref_model.tflite'), 'cmsis-nn'],
  ['vww', () => mlperfGraph('vww_96_int8.tflite'), 'cmsis-nn'],
  ['resnet', () => mlperfGraph('pretrainedResnet_quant.tflite'), 'cmsis-nn'],
  ['ad01', () => mlperfGraph('ad01_int8.tflite'), 'cmsis-nn'],
  ['digits', () => templateGraph('digits-cnn', 's8'), 'cmsis-nn'],
  ['kws_template', () => templateGraph('kws-ds-cnn', 's8'), 'cmsis-nn'],
  ['vww_template', () => templateGraph('vww-mobilenet', 's8'), 'cmsis-nn'],
  ['digits_pow2', () => templateGraph('digits-cnn', 'pow2'), 'pow2-q7'],
]
const models: Record<string, unknown> = {}
for (const [prefix, makeGraph, libraryId] of MODELS) {
  const graph = makeGraph()
  const library = getLibrary(libraryId)!
  const model = buildPackageModel(graph, library)
  const dir = tempDir(`model-${prefix}`)
  writeFiles(dir, generateCPackage(graph, { prefix, library }))
  // The zero-copy API: the input is written into the arena, so RAM = arena + scratch + start-up code's .bss.
  writeFiles(dir, { 'size_main.c': `#include "${prefix}.h"\nint main(void);\nint main(void)\n{\n    ${prefix}_input(0)[0] = 1;\n` +
    `    return ${prefix}_run() + ${prefix}_output(0)[0];\n}\n` })
  let constantBytes = 0
  let calls = 0
  for (const n of model.nodes) {
    for (const t of Object.values(n.prepared.weights)) constantBytes += t.byteLength
    const q = n.prepared.opData as { scheme?: string; multipliers?: number[] }
    if (n.prepared.op !== 'Input' && q.scheme === 's8' && Array.isArray(q.multipliers)) constantBytes += q.multipliers.length * 8
    calls += n.code.portable.statements.length
  }
  const perCore: Record<string, unknown> = {}
  for (const board of QEMU_BOARDS) {
    const cpu = board.cpu
    const images: Record<string, unknown> = {}
    for (const opt of OPTS) {
      const sources = ['size_main.c', `src/${prefix}.c`, ...model.kernels.map((k) => `runtime/${k}.c`), 'board/board_mps2.c']
      const r = run('arm-none-eabi-gcc', [...CPUS[cpu], ...COMMON, opt, '-Iinclude', '-Iruntime', '-Iboard', ...sources, '-T',
        `board/${board.machine}.ld`, '-Lboard', '-nostartfiles', '--specs=nano.specs', '-Wl,--gc-sections', '-o', `image${opt}.elf`], dir)
      if (r.code !== 0) throw new Error(r.output)
      const s = flashOf(`image${opt}.elf`, dir)
      const obj = run('arm-none-eabi-gcc', [...CPUS[cpu], ...COMMON, opt, '-Iinclude', '-Iruntime', '-c', `src/${prefix}.c`, '-o', 'schedule.o'], dir)
      if (obj.code !== 0) throw new Error(obj.output)
      const sched = flashOf('schedule.o', dir)
      const scheduleBytes = sched.text + sched.data - constantBytes
      images[opt] = { flashBytes: s.text + s.data, ramBytes: s.data + s.bss, text: s.text, data: s.data, bss: s.bss,
        scheduleBytes, scheduleBytesPerCall: Math.round(scheduleBytes / Math.max(1, calls)) }
    }
    const q = run('make', ['-s', `test-qemu-${board.id}`], dir, 600_000)
    const ns = Number(/last invoke (\d+) ns/.exec(q.output)?.[1])
    if (q.code !== 0 || !Number.isFinite(ns)) throw new Error(`${prefix} on ${board.machine}: ${q.output.slice(-2000)}`)
    const target = CATALOG_TARGETS.find((t) => t.core === cpu)!
    const predicted = estimate(graph, library, [target]).targets[0]
    perCore[cpu] = { images, instructions: ns, qemu: board.machine,
      predicted: { target: target.id, flashBytes: predicted.flashBytes, ramBytes: predicted.ramBytes, cycles: predicted.cycles } }
  }
  models[prefix] = { library: libraryId, arenaBytes: model.plan.arenaBytes, scratchBytes: model.scratchBytes,
    constantBytes, kernelCalls: calls, kernels: model.kernels, cores: perCore }
  console.log(`model ${prefix} measured`)
}

const toolchain = run('arm-none-eabi-gcc', ['--version'], kernelDir).stdout.split('\n')[0]
const report = {
  generator: 'scripts/measure-c-sizes.ts',
  toolchain: `${toolchain}; ${[...COMMON].join(' ')}; link -nostartfiles --specs=nano.specs -Wl,--gc-sections`,
  cpuFlags: Object.fromEntries(Object.entries(CPUS).map(([k, v]) => [k, v.join(' ')])),
  note: 'Generated file: do not edit. Bytes of flash (text + data) of the TinyForge C runtime kernels (src/core/codegen/c/' +
    'runtime), each with everything it pulls in except memcpy/memset (libcBytes, once); estimatorKernels gives the same ' +
    '-Os figures under kernel-code-sizes.json\'s keys (Reshape/Flatten are aliased: 0). models: built images of whole ' +
    'packages (model + runtime + MPS2 start-up, no test vectors) with instructions per inference under qemu -icount ' +
    'shift=0 and the estimator\'s prediction for a catalog board of the same core. Method: scripts/measure-c-sizes.ts.',
  libcBytes,
  kernels,
  estimatorKernels,
  models,
}
const out = join(C_DIR, '../../estimate/kernel-code-sizes.measured.json')
writeFileSync(out, `${JSON.stringify(report, null, 1)}\n`)
console.log(`wrote ${out}`)
removeTempDirs()
