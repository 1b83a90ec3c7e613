/**
 * Measures the C package's real code size, RAM and instructions and writes src/core/estimate/kernel-code-sizes.measured.json,
 * the estimator's figures for the portable runtime (flash-model.ts, portable-runtime.ts).
 *
 *   npx tsx scripts/measure-c-sizes.ts [--cmsis-nn <CMSIS-NN checkout> --cmsis-label v7.0.0]   (a few minutes)
 *
 * Needs arm-none-eabi-gcc, qemu-system-arm, make and a host cc. Sections of the JSON:
 * 1. kernels — per runtime kernel (runtime/tf_*.c), CPU and optimisation level (-mthumb -ffunction-sections
 *    -fdata-sections -std=c99, newlib-nano, --gc-sections): flash (text + data) of an image whose entry keeps the
 *    kernel's address, calls memcpy + memset and keeps every compiler helper any kernel calls (libgcc's __aeabi_lmul,
 *    __aeabi_idiv, ... on Cortex-M0+), minus the same image without the kernel — the kernel with its static helpers.
 *    A kernel that calls other runtime kernels (the palette and sparse kernels: the headers its .c includes that have
 *    a .c of their own) is measured with those linked and kept in both images, so each kernel is charged once.
 *    memcpy/memset (`libcBytes`) are not the model's: every firmware's start-up links them (the package's MPS2 reset
 *    handler does).
 * 2. portable — the estimator's table at the Makefile's default -O2: `kernels` (section 1), `helperBytes` and
 *    `kernelHelpers` (each compiler helper's bytes, and which helpers each kernel calls: charged once per model),
 *    `callSites` (one generated call: its code in `<prefix>_run` + its parameter struct) and `fixedBytes` (the
 *    zero-copy API: `_run`'s prologue and return, `_input`, `_output`), from the compiled schedules of the packages
 *    below (bench/c-schedule-sizes.ts).
 * 3. images — per package and Cortex-M4/M7/M33 at -O2 and -Os: `make size-<core>` of the model image (zero-copy
 *    main, no test vectors) and of the board baseline (empty main); model flash = the difference (bench/c-package-build.ts).
 * 4. instructions — per package, core (M3 on mps2-an385, M4, M7, M33) and build (portable, and CMSIS-NN with
 *    --cmsis-nn), instructions of one inference by op kind, counted by the insn-segments QEMU plugin; and `ratios`:
 *    portable ÷ CMSIS-NN instructions per op kind for each CMSIS-NN code path (Σ over packages and cores of that path),
 *    with the packages' deviation from it (errorPct: weighted by their CMSIS-NN instructions; maxDeviationPct). Without --cmsis-nn the CMSIS-NN counts and
 *    ratios of the existing JSON are kept (the portable counts are re-measured).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { ArmBoard, BuiltPackage, InstructionCount } from '../bench/c-package-build.ts'
import { ARM_BOARDS, countInstructions, imageSize, instructionsByKind, writePackage } from '../bench/c-package-build.ts'
import type { ScheduleSizes } from '../bench/c-schedule-sizes.ts'
import { callSiteModel, scheduleSizes } from '../bench/c-schedule-sizes.ts'
import { C_RUNTIME_FILES } from '../src/core/codegen/c/runtime-files.generated.ts'
import { mlperfGraph, quantized, templateGraph } from '../src/core/testing/c-fixtures.ts'
import { C_DIR, removeTempDirs, run, tempDir, writeFiles } from '../src/core/testing/c-toolchain.ts'
import type { Graph } from '../src/core/ir/types.ts'
import { MIXED_NET, POOL_NET } from '../src/core/testing/fixture-graphs.ts'
import { INT16_CONV_NET, INT16_NET, INT16_SEQ_NET, INT16_SOFTMAX_NET } from '../src/core/testing/fixture-graphs-int16.ts'
import { clusterWeights } from '../src/core/pipelines/compress/cluster.ts'
import { magnitudePrune } from '../src/core/pipelines/compress/magnitude-prune.ts'
import { int4CapableNodes, setWeightPrecision } from '../src/core/pipelines/precision/weight-precision.ts'
import { applyChanges } from '../src/core/ir/changes.ts'
import {
  LSTM_STREAM_NET, LSTM_WINDOW_NET, POW2_MUL_NET, SECOND_SET_NET, SEQUENCE_NET, SVDF_STREAM_NET,
} from '../src/core/testing/fixture-graphs-seq.ts'
import { getLibrary } from '../src/core/vendors/registry.ts'

const args = process.argv.slice(2)
const flag = (name: string) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : undefined }
const cmsisNn = flag('--cmsis-nn')
const cmsisLabel = flag('--cmsis-label') ?? cmsisNn
const OUT = join(C_DIR, '../../estimate/kernel-code-sizes.measured.json')
const previous = existsSync(OUT) ? JSON.parse(readFileSync(OUT, 'utf8')) as { instructions?: Record<string, unknown> } : {}

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

function flashOf(elf: string, cwd: string): number {
  const r = run('arm-none-eabi-size', [elf], cwd)
  if (r.code !== 0) throw new Error(r.output)
  const [text, data] = r.stdout.trim().split('\n')[1].trim().split(/\s+/).map(Number)
  return text + data
}

/** An entry that keeps memcpy, memset, the given compiler helpers and (optionally) a kernel. */
const entrySource = (helpers: readonly string[], ...kernels: string[]) => ['#include <stdint.h>', '#include <string.h>',
  ...kernels.map((k) => `#include "${k}.h"`), ...helpers.map((h) => `void ${h}(void);`), 'void entry(void);', 'volatile uintptr_t tf_keep;',
  'static char a[64], b[64];', 'void entry(void)', '{', '    memcpy(a, b, (size_t)tf_keep);', '    memset(a, (int)tf_keep, (size_t)tf_keep);',
  ...helpers.map((h) => `    tf_keep = (uintptr_t)&${h};`), ...kernels.map((k) => `    tf_keep = (uintptr_t)&${k};`),
  // A stateful kernel's reset function is linked with it (`<prefix>_reset` calls it).
  ...kernels.filter((k) => C_RUNTIME_FILES[`runtime/${k}.h`]?.includes(`${k}_reset(`)).map((k) => `    tf_keep = (uintptr_t)&${k}_reset;`),
  '}', ''].join('\n')

// ---- 1. kernels, and the compiler helpers (libgcc: __aeabi_lmul, __aeabi_idiv, ...) they call, counted apart so
// that a helper several kernels share is charged once
const kernelNames = Object.keys(C_RUNTIME_FILES).filter((p) => /^runtime\/tf_.*\.c$/.test(p)).map((p) => p.slice(8, -2)).sort()
/** Runtime kernels a kernel calls, transitively (the s4 kernels call the palette kernels, which call the decoder). */
const depsOf = (k: string, seen = new Set<string>()): string[] => {
  for (const m of C_RUNTIME_FILES[`runtime/${k}.c`].matchAll(/#include "(tf_\w+)\.h"/g)) {
    const d = m[1]
    if (d === k || seen.has(d) || !C_RUNTIME_FILES[`runtime/${d}.c`]) continue
    seen.add(d)
    depsOf(d, seen)
  }
  return [...seen]
}
const kernelDir = tempDir('sizes')
const runtime = join(C_DIR, 'runtime')
writeFiles(kernelDir, { 'empty.c': 'void entry(void);\nvoid entry(void)\n{\n}\n' })
const kernels: Record<string, Record<string, Record<string, number>>> = {}
const libcBytes: Record<string, number> = {}
const helperBytes: Record<string, Record<string, number>> = {}
const kernelHelpers: Record<string, Record<string, string[]>> = {}
for (const [cpu, flags] of Object.entries(CPUS)) {
  const image = (opt: string, source: string, ...ks: string[]) => {
    const out = `${source}-${cpu}${opt}.elf`
    const r = run('arm-none-eabi-gcc', [...flags, ...COMMON, opt, `-I${runtime}`, source, ...ks.map((k) => join(runtime, `${k}.c`)),
      ...LINK, '-o', out], kernelDir)
    if (r.code !== 0) throw new Error(r.output)
    return flashOf(out, kernelDir)
  }
  for (const opt of OPTS) {
    const uses: Record<string, string[]> = {}
    for (const k of kernelNames) {
      const r = run('sh', ['-c', `arm-none-eabi-gcc ${[...flags, ...COMMON, opt].join(' ')} -I${runtime} -c ${join(runtime, `${k}.c`)} ` +
        `-o ${k}.o && arm-none-eabi-nm -u ${k}.o`], kernelDir)
      if (r.code !== 0) throw new Error(r.output)
      uses[k] = r.stdout.split('\n').map((l) => l.trim().split(/\s+/).pop() ?? '').filter((n) => n.startsWith('__')).sort()
    }
    const all = [...new Set(Object.values(uses).flat())].sort()
    writeFiles(kernelDir, Object.fromEntries([['entry_base.c', entrySource(all)], ['entry_libc.c', entrySource([])],
      ...all.map((h) => [`entry_${h}.c`, entrySource([h])]), ...kernelNames.map((k) => [`entry_${k}.c`, entrySource(all, k, ...depsOf(k))]),
      ...kernelNames.filter((k) => depsOf(k).length > 0).map((k) => [`entry_deps_${k}.c`, entrySource(all, ...depsOf(k))])]))
    const base = image(opt, 'entry_base.c')
    const libc = image(opt, 'entry_libc.c')
    if (opt === '-Os') libcBytes[cpu] = libc - image(opt, 'empty.c')
    if (opt === '-O2') {
      helperBytes[cpu] = Object.fromEntries(all.map((h) => [h, image(opt, `entry_${h}.c`) - libc]))
      kernelHelpers[cpu] = uses
    }
    for (const k of kernelNames) {
      kernels[k] ??= { '-Os': {}, '-O2': {} }
      const deps = depsOf(k)
      kernels[k][opt][cpu] = image(opt, `entry_${k}.c`, k, ...deps) - (deps.length > 0 ? image(opt, `entry_deps_${k}.c`, ...deps) : base)
    }
  }
  console.log(`kernels measured for ${cpu}`)
}

// ---- packages
const s8 = getLibrary('cmsis-nn')!
const allInt4 = (g: Graph) => applyChanges(g, setWeightPrecision(g, s8, int4CapableNodes(g, s8).map((n) => n.id), 'int4').changes).graph
const pow2 = getLibrary('pow2-q7')!
/** [prefix, graph, library, measured on QEMU (images + instructions)] */
const PACKAGES: [string, () => Graph, typeof s8, boolean][] = [
  ['kws', () => mlperfGraph('kws_ref_model.tflite'), s8, true],
  ['vww', () => mlperfGraph('vww_96_int8.tflite'), s8, true],
  ['resnet', () => mlperfGraph('pretrainedResnet_quant.tflite'), s8, true],
  ['ad01', () => mlperfGraph('ad01_int8.tflite'), s8, true],
  ['digits', () => templateGraph('digits-cnn', 's8'), s8, true],
  ['digits_pow2', () => templateGraph('digits-cnn', 'pow2'), pow2, true],
  ['mixed', () => quantized(MIXED_NET, 's8'), s8, true],
  ['mixed_pow2', () => quantized(MIXED_NET, 'pow2'), pow2, false],
  ['pool', () => quantized(POOL_NET, 's8'), s8, true],
  // The second operator set: schedules only (call sites of its kernels), not in the instruction ratios.
  ['second', () => quantized(SECOND_SET_NET, 's8'), s8, false],
  ['sequence', () => quantized(SEQUENCE_NET, 's8'), s8, false],
  ['svdf', () => quantized(SVDF_STREAM_NET, 's8'), s8, false],
  ['lstm', () => quantized(LSTM_WINDOW_NET, 's8'), s8, false],
  ['lstm_stream', () => quantized(LSTM_STREAM_NET, 's8'), s8, false],
  ['mul_pow2', () => quantized(POW2_MUL_NET, 'pow2'), pow2, false],
  // int16 activations (16x8): Quantize, FullyConnected s16, Sigmoid, Tanh
  ['int16', () => quantized(INT16_NET, 's8'), s8, false],
  // int16 Conv2D, DepthwiseConv2D, Add, MaxPool2D, AvgPool2D (16x8)
  ['int16_conv', () => quantized(INT16_CONV_NET, 's8'), s8, false],
  // int16 Softmax (arm_softmax_s16) beside an int8 one
  ['int16_softmax', () => quantized(INT16_SOFTMAX_NET, 's8'), s8, false],
  // int16 BatchMatMul and Mul (16x8)
  ['int16_seq', () => quantized(INT16_SEQ_NET, 's8'), s8, false],
  // palettized weights (decoding kernels): VWW at 16 clusters, Digits at 3, 6 and 2 bits
  ['vww_pal', () => clusterWeights(mlperfGraph('vww_96_int8.tflite'), s8, { clusters: 16 }).graph, s8, false],
  ['digits_pal', () => clusterWeights(templateGraph('digits-cnn', 's8'), s8, { clusters: 8, layers: ['conv1'], perLayer: { conv2: 64, logits: 4 } }).graph,
    s8, false],
  // sparse weights (zero-skipping kernels): VWW at 80 %, Digits at 50 %
  ['vww_sparse', () => magnitudePrune(mlperfGraph('vww_96_int8.tflite'), s8, { sparsity: 0.8, format: 'sparse' }).graph, s8, false],
  ['digits_sparse', () => magnitudePrune(templateGraph('digits-cnn', 's8'), s8, { sparsity: 0.5, format: 'sparse' }).graph, s8, false],
  // int4 packed weights (tf_*_s4): VWW with every weighted layer at int4, Digits likewise
  ['vww_s4', () => allInt4(mlperfGraph('vww_96_int8.tflite')), s8, false],
  ['digits_s4', () => allInt4(templateGraph('digits-cnn', 's8')), s8, false],
]
const QEMU_BOARDS: ArmBoard[] = [ARM_BOARDS.m3, ARM_BOARDS.m4, ARM_BOARDS.m7, ARM_BOARDS.m33]
const cmsisBuild = tempDir('cmsis-objs')

const schedules: Record<string, ScheduleSizes[]> = Object.fromEntries(Object.keys(CPUS).map((c) => [c, []]))
const images: Record<string, unknown> = {}
type Counted = { perInference: number; systickNs: number; byKind: Record<string, number> }
const instructions: Record<string, Record<string, { portable?: Counted; cmsisNn?: Counted }>> = {}
const summary = (c: InstructionCount): Counted => ({ perInference: c.perInference, systickNs: c.systickNs,
  byKind: Object.fromEntries(Object.entries(instructionsByKind(c)).filter(([, n]) => n! > 0)) as Record<string, number> })

for (const [prefix, makeGraph, library, onQemu] of PACKAGES) {
  const pkg: BuiltPackage = writePackage(makeGraph(), library, prefix)
  for (const [cpu, flags] of Object.entries(CPUS)) schedules[cpu].push(scheduleSizes(pkg, flags, cpu))
  if (onQemu) {
    const perCore: Record<string, unknown> = {}
    for (const board of [ARM_BOARDS.m4, ARM_BOARDS.m7, ARM_BOARDS.m33]) {
      perCore[board.core] = Object.fromEntries(OPTS.map((opt) => [opt, {
        model: imageSize(pkg, board, 'model', { opt }), board: imageSize(pkg, board, 'board', { opt }) }]))
    }
    images[prefix] = { library: library.id, arenaBytes: pkg.model.plan.arenaBytes, scratchBytes: pkg.model.scratchBytes, cores: perCore }
    instructions[prefix] = {}
    for (const board of QEMU_BOARDS) {
      const old = (previous.instructions?.[prefix] as Record<string, { cmsisNn?: Counted }> | undefined)?.[board.core]?.cmsisNn
      const entry: { portable?: Counted; cmsisNn?: Counted } = { portable: summary(countInstructions(pkg, board)) }
      if (cmsisNn && library.scheme === 's8') entry.cmsisNn = summary(countInstructions(pkg, board, { cmsisNn, cmsisBuild }))
      else if (old) entry.cmsisNn = old
      instructions[prefix][board.core] = entry
    }
  }
  console.log(`package ${prefix} measured`)
}

// ---- 2. the estimator's portable table
const portable = { opt: '-O2', kernels: {} as Record<string, Record<string, number>>, callSites: {} as Record<string, Record<string, number>>,
  fixedBytes: {} as Record<string, number>, helperBytes, kernelHelpers, callSiteSamples: {} as Record<string, Record<string, number>> }
for (const k of kernelNames) portable.kernels[k] = kernels[k]['-O2']
for (const cpu of Object.keys(CPUS)) {
  const m = callSiteModel(schedules[cpu], kernelNames)
  for (const k of kernelNames) {
    (portable.callSites[k] ??= {})[cpu] = m.callSites[k]
    ;(portable.callSiteSamples[k] ??= {})[cpu] = m.samples[k]
  }
  portable.fixedBytes[cpu] = m.fixedBytes
}

// ---- 4. ratios: portable ÷ CMSIS-NN instructions per op kind and CMSIS-NN code path
interface Ratio { ratio: number; errorPct: number; maxDeviationPct: number; portable: number; cmsisNn: number; packages: number }
const ratios: Record<string, Record<string, Ratio>> = {}
for (const isa of ['c', 'dsp'] as const) {
  const cores = QEMU_BOARDS.filter((b) => b.isa === isa).map((b) => b.core)
  const perKind: Record<string, { p: number; c: number }[]> = {}
  for (const perCore of Object.values(instructions)) {
    const byPackage: Record<string, { p: number; c: number }> = {}
    for (const core of cores) {
      const e = perCore[core]
      if (!e?.portable || !e.cmsisNn) continue
      for (const [kind, n] of Object.entries(e.cmsisNn.byKind)) {
        const s = (byPackage[kind] ??= { p: 0, c: 0 })
        s.p += e.portable.byKind[kind] ?? 0
        s.c += n
      }
    }
    for (const [kind, s] of Object.entries(byPackage)) (perKind[kind] ??= []).push(s)
  }
  if (Object.keys(perKind).length === 0) continue
  // errorPct: the packages' deviation from the pooled ratio, weighted by their CMSIS-NN instructions of the kind
  // (the tiny test graphs, where call overheads dominate, count for little); maxDeviationPct: the largest one.
  ratios[isa] = Object.fromEntries(Object.entries(perKind).map(([kind, list]) => {
    const p = list.reduce((s, x) => s + x.p, 0)
    const c = list.reduce((s, x) => s + x.c, 0)
    const ratio = p / c
    const deviation = list.map((x) => Math.abs(x.p / x.c / ratio - 1) * 100)
    const errorPct = list.reduce((s, x, i) => s + x.c * deviation[i], 0) / c
    const round = (x: number, k: number) => Math.round(x * k) / k
    return [kind, { ratio: round(ratio, 1000), errorPct: round(errorPct, 10), maxDeviationPct: round(Math.max(...deviation), 10),
      portable: p, cmsisNn: c, packages: list.length }]
  }))
}

const toolchain = run('arm-none-eabi-gcc', ['--version'], kernelDir).stdout.split('\n')[0]
const qemu = run('qemu-system-arm', ['--version'], kernelDir).stdout.split('\n')[0]
const report = {
  generator: 'scripts/measure-c-sizes.ts',
  toolchain: `${toolchain}; ${COMMON.join(' ')}; link -nostartfiles --specs=nano.specs -Wl,--gc-sections`,
  qemu,
  cmsisNn: cmsisNn ? cmsisLabel : (previous as { cmsisNn?: string }).cmsisNn ?? null,
  cpuFlags: Object.fromEntries(Object.entries(CPUS).map(([k, v]) => [k, v.join(' ')])),
  note: 'Generated file: do not edit. Method: scripts/measure-c-sizes.ts (its header comment). Bytes are flash (text + data).',
  libcBytes,
  portable,
  ratios,
  images,
  instructions,
  kernels,
}
writeFileSync(OUT, `${JSON.stringify(report, null, 1)}\n`)
console.log(`wrote ${OUT}`)
removeTempDirs()
