/**
 * Measures the flash taken by the kernels the estimator charges as "runtime code", and by one generated call of
 * each, and writes src/core/estimate/kernel-code-sizes.json.
 *
 *   node bin/run-ts.mjs bench/code-sizes/measure.ts --cmsis-nn <CMSIS-NN v7.0.0 tree> --cmsis5 <CMSIS_5 5.9.0 tree>
 *   (git clone --depth 1 --branch v7.0.0 https://github.com/ARM-software/CMSIS-NN;
 *    git clone --depth 1 --branch 5.9.0 https://github.com/ARM-software/CMSIS_5 — only CMSIS/NN, CMSIS/Core/Include,
 *    CMSIS/DSP/Include, CMSIS/DSP/PrivateInclude and CMSIS/DSP/Source/BasicMathFunctions/arm_{add,clip}_q7.c are read)
 *
 * Method, per CPU (arm-none-eabi-gcc, -Os -mthumb -ffunction-sections -fdata-sections, newlib-nano):
 *   - every source file of CMSIS-NN v7.0.0 (the cmsis-nn library's kernels) and of CMSIS_5 5.9.0 CMSIS/NN plus
 *     arm_add_q7.c and arm_clip_q7.c of CMSIS-DSP (the pow2-q7 library's) goes into a static library;
 *   - kernel bytes = flash (text + data) of an image whose entry calls that kernel (arguments from a volatile, so
 *     nothing folds) and memcpy + memset, linked with --gc-sections, minus the same image without the kernel call:
 *     the kernel with everything it pulls in, except the C library's memcpy/memset, which are counted once
 *     (`libcBytes`);
 *   - call-site bytes = text + rodata of one function that calls the kernel the way generated code does: pointer
 *     arguments to `static const` parameter structs of the kernel's real sizes (e.g. cmsis_nn_conv_params 40 B,
 *     cmsis_nn_dims 16 B), arena/weight pointers as addresses, scalars as immediates;
 *   - `together` = the same measure for all kernels of a library in one image; Σ kernels − together is the code
 *     the kernels share (counted once per kernel by the estimator, which therefore over-counts by at most that).
 */
import { execFileSync, execSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

type Arg = 'p' | 'i' | number // pointer to arena/weights, scalar, pointer to a const struct of that many bytes
interface KernelSpec { library: 'cmsis-nn' | 'pow2-q7'; name: string; args: readonly Arg[] }

const CONV: Arg[] = [8, 40, 8, 16, 'p', 16, 'p', 16, 'p', 16, 'p']
const Q7_CONV: Arg[] = ['p', 'i', 'i', 'i', 'p', 'i', 'i', 'i', 'i', 'i', 'i', 'i', 'p', 'i', 'i', 'p', 'i', 'i', 'p', 'p']
const Q7_POOL: Arg[] = ['p', 'i', 'i', 'i', 'i', 'i', 'i', 'p', 'p']

export const KERNELS: readonly KernelSpec[] = [
  { library: 'cmsis-nn', name: 'arm_convolve_wrapper_s8', args: CONV },
  { library: 'cmsis-nn', name: 'arm_depthwise_conv_wrapper_s8', args: [8, 44, 8, 16, 'p', 16, 'p', 16, 'p', 16, 'p'] },
  { library: 'cmsis-nn', name: 'arm_fully_connected_wrapper_s8', args: [8, 20, 12, 16, 'p', 16, 'p', 16, 'p', 16, 'p'] },
  { library: 'cmsis-nn', name: 'arm_max_pool_s8', args: [8, 24, 16, 'p', 16, 16, 'p'] },
  { library: 'cmsis-nn', name: 'arm_avgpool_s8', args: [8, 24, 16, 'p', 16, 16, 'p'] },
  { library: 'cmsis-nn', name: 'arm_elementwise_add_s8', args: ['p', 'p', 'i', 'i', 'i', 'i', 'i', 'i', 'i', 'p', 'i', 'i', 'i', 'i', 'i', 'i'] },
  { library: 'cmsis-nn', name: 'arm_concatenation_s8_x', args: ['p', 'i', 'i', 'i', 'i', 'p', 'i', 'i'] },
  { library: 'cmsis-nn', name: 'arm_softmax_s8', args: ['p', 'i', 'i', 'i', 'i', 'i', 'p'] },
  { library: 'cmsis-nn', name: 'arm_pad_s8', args: ['p', 'p', 'i', 16, 16, 16] },
  { library: 'cmsis-nn', name: 'arm_reshape_s8', args: ['p', 'p', 'i'] },
  { library: 'cmsis-nn', name: 'tinyforge_relu_s8', args: ['p', 'p', 'i', 'i', 'i', 'i', 'i', 'i', 'i'] },
  // Second operator set (v7.0.0 has all of them).
  { library: 'cmsis-nn', name: 'arm_elementwise_mul_s8', args: ['p', 'p', 'i', 'i', 'p', 'i', 'i', 'i', 'i', 'i', 'i'] },
  { library: 'cmsis-nn', name: 'arm_maximum_s8', args: [8, 'p', 16, 'p', 16, 'p', 16] },
  { library: 'cmsis-nn', name: 'arm_minimum_s8', args: [8, 'p', 16, 'p', 16, 'p', 16] },
  { library: 'cmsis-nn', name: 'arm_transpose_s8', args: ['p', 'p', 16, 16, 8] },
  { library: 'cmsis-nn', name: 'arm_batch_matmul_s8', args: [8, 24, 8, 16, 'p', 16, 'p', 16, 'p'] },
  { library: 'cmsis-nn', name: 'arm_transpose_conv_wrapper_s8', args: [8, 8, 48, 8, 16, 'p', 16, 'p', 16, 'p', 16, 'p'] },
  { library: 'cmsis-nn', name: 'arm_svdf_state_s16_s8', args: [8, 8, 28, 8, 8, 16, 'p', 16, 'p', 16, 'p', 16, 'p', 16, 'p', 16, 'p'] },
  { library: 'cmsis-nn', name: 'arm_lstm_unidirectional_s8', args: ['p', 'p', 220, 12] },
  // int4 packed weights (v7.0.0's _s4 kernels): same argument structs as the s8 calls; the FC takes per-tensor quant params.
  { library: 'cmsis-nn', name: 'arm_convolve_wrapper_s4', args: CONV },
  { library: 'cmsis-nn', name: 'arm_depthwise_conv_wrapper_s4', args: [8, 44, 8, 16, 'p', 16, 'p', 16, 'p', 16, 'p'] },
  { library: 'cmsis-nn', name: 'arm_fully_connected_s4', args: [8, 20, 8, 16, 'p', 16, 'p', 16, 'p', 16, 'p'] },
  // TinyForge's portable kernels that a CMSIS-NN build keeps where CMSIS-NN has no (exact) kernel: broadcasting Mul,
  // v7.0.0's misaligned transposed convolution, a stateful LSTM (src/core/codegen/c/runtime, built like the rest).
  { library: 'cmsis-nn', name: 'tf_mul_s8', args: [76, 'p', 'p', 'p'] },
  { library: 'cmsis-nn', name: 'tf_transpose_conv_s8', args: [72, 'p', 'p', 'p', 'p', 'p', 'p'] },
  { library: 'cmsis-nn', name: 'tf_lstm_unidirectional_s8', args: [188, 'p', 'p', 'p', 'p', 'p'] },
  // int16 activations (16x8): the s16 kernels, and the portable int16 sigmoid/tanh a non-power-of-two input scale keeps.
  { library: 'cmsis-nn', name: 'arm_fully_connected_s16', args: [8, 20, 8, 16, 'p', 16, 'p', 16, 'p', 16, 'p'] },
  { library: 'cmsis-nn', name: 'arm_nn_activation_s16', args: ['p', 'p', 'i', 'i', 'i'] },
  // cmsis_nn_bias_data (8 B: pointer + is_int32_bias) for the conv; the depthwise takes an int64_t pointer.
  { library: 'cmsis-nn', name: 'arm_convolve_wrapper_s16', args: [8, 40, 8, 16, 'p', 16, 'p', 16, 8, 16, 'p'] },
  { library: 'cmsis-nn', name: 'arm_depthwise_conv_wrapper_s16', args: [8, 44, 8, 16, 'p', 16, 'p', 16, 'p', 16, 'p'] },
  { library: 'cmsis-nn', name: 'arm_max_pool_s16', args: [8, 24, 16, 'p', 16, 16, 'p'] },
  { library: 'cmsis-nn', name: 'arm_avgpool_s16', args: [8, 24, 16, 'p', 16, 16, 'p'] },
  { library: 'cmsis-nn', name: 'arm_elementwise_mul_s16', args: ['p', 'p', 'i', 'i', 'p', 'i', 'i', 'i', 'i', 'i', 'i'] },
  { library: 'cmsis-nn', name: 'tf_mul_s16', args: [76, 'p', 'p', 'p'] },
  { library: 'cmsis-nn', name: 'arm_batch_matmul_s16', args: [8, 24, 8, 16, 'p', 16, 'p', 16, 'p'] },
  { library: 'cmsis-nn', name: 'tf_batch_matmul_s16', args: [56, 'p', 'p', 'p'] },
  { library: 'cmsis-nn', name: 'arm_elementwise_add_s16', args: ['p', 'p', 'i', 'i', 'i', 'i', 'i', 'i', 'i', 'p', 'i', 'i', 'i', 'i', 'i', 'i'] },
  // cmsis_nn_softmax_lut_s16: two table pointers (8 B); the tables themselves are the portable runtime's (tf_softmax_s16.c).
  { library: 'cmsis-nn', name: 'arm_softmax_s16', args: ['p', 'i', 'i', 'i', 'i', 8, 'p'] },
  // The int16 Softmax's exp and 1/(1+x) tables (2 × 1,026 B) come from tf_softmax_s16.c: charged as that kernel (its
  // function, which a CMSIS-NN build drops by --gc-sections, is counted too — a small over-count).
  { library: 'cmsis-nn', name: 'tf_softmax_s16', args: [16, 'p', 'p'] },
  { library: 'cmsis-nn', name: 'tf_activation_s16', args: [16, 'p', 'p'] },
  { library: 'pow2-q7', name: 'arm_convolve_HWC_q7_basic_nonsquare', args: Q7_CONV },
  { library: 'pow2-q7', name: 'arm_convolve_HWC_q7_fast_nonsquare', args: Q7_CONV },
  { library: 'pow2-q7', name: 'arm_convolve_1x1_HWC_q7_fast_nonsquare', args: Q7_CONV },
  { library: 'pow2-q7', name: 'arm_depthwise_separable_conv_HWC_q7_nonsquare', args: Q7_CONV },
  { library: 'pow2-q7', name: 'arm_fully_connected_q7', args: ['p', 'p', 'i', 'i', 'i', 'i', 'p', 'p', 'p'] },
  { library: 'pow2-q7', name: 'arm_maxpool_q7_HWC', args: Q7_POOL },
  { library: 'pow2-q7', name: 'arm_avepool_q7_HWC', args: Q7_POOL },
  { library: 'pow2-q7', name: 'arm_add_q7', args: ['p', 'p', 'p', 'i'] },
  { library: 'pow2-q7', name: 'arm_relu_q7', args: ['p', 'i'] },
  { library: 'pow2-q7', name: 'arm_clip_q7', args: ['p', 'p', 'i', 'i', 'i'] },
  { library: 'pow2-q7', name: 'arm_softmax_with_batch_q7', args: ['p', 'i', 'i', 'p'] },
  { library: 'pow2-q7', name: 'arm_concatenation_s8_x', args: ['p', 'i', 'i', 'i', 'i', 'p', 'i', 'i'] },
  { library: 'pow2-q7', name: 'arm_reshape_s8', args: ['p', 'p', 'i'] },
  { library: 'pow2-q7', name: 'arm_nn_mult_q7', args: ['p', 'p', 'p', 'i', 'i'] },
]

/** CPUs measured (gcc 12.2 has no -mcpu=cortex-m85; the estimator uses the Cortex-M55 figures for it). */
export const CPUS: Readonly<Record<string, string>> = {
  'cortex-m0plus': '-mcpu=cortex-m0plus -mfloat-abi=soft',
  'cortex-m3': '-mcpu=cortex-m3 -mfloat-abi=soft',
  'cortex-m4': '-mcpu=cortex-m4 -mfloat-abi=hard -mfpu=fpv4-sp-d16',
  'cortex-m7': '-mcpu=cortex-m7 -mfloat-abi=hard -mfpu=fpv5-d16',
  'cortex-m33': '-mcpu=cortex-m33 -mfloat-abi=hard -mfpu=fpv5-sp-d16',
  'cortex-m55': '-mcpu=cortex-m55 -mfloat-abi=hard',
}
const COMMON = '-mthumb -Os -ffunction-sections -fdata-sections -std=c99 -w'
const LINK = '-nostartfiles -Wl,--gc-sections -Wl,-e,entry --specs=nano.specs'

function option(name: string): string {
  const i = process.argv.indexOf(name)
  const value = i > 0 ? process.argv[i + 1] : undefined
  if (!value) throw new Error(`missing ${name} <dir>; see the header of bench/code-sizes/measure.ts`)
  return resolve(value)
}

function sh(command: string): string {
  return execSync(command, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
}

/** text + data of a linked image or object (Berkeley format: text includes rodata). */
function flashOf(file: string): number {
  const [, line] = execFileSync('arm-none-eabi-size', [file], { encoding: 'utf8' }).trim().split('\n')
  const [text, data] = line.trim().split(/\s+/).map(Number)
  return text + data
}

function callExpression(k: KernelSpec, prefix: string): { decls: string; call: string } {
  const decls: string[] = []
  const values = k.args.map((a, i) => {
    if (a === 'p') return `(long)(arena + ${64 * (i + 1)})`
    if (a === 'i') return `${3 + 7 * i}L`
    const values = Array.from({ length: a / 4 }, (_, j) => 1 + i + j).join(', ')
    decls.push(`static const int ${prefix}s${i}[${a / 4}] = { ${values} };`)
    return `(long)${prefix}s${i}`
  })
  return { decls: decls.join('\n'), call: `${k.name}(${values.join(', ')});` }
}

function main(): void {
  const nnDir = option('--cmsis-nn')
  const c5Dir = option('--cmsis5')
  const out = resolve(new URL('../../src/core/estimate/kernel-code-sizes.json', import.meta.url).pathname)
  const here = new URL('.', import.meta.url).pathname
  const work = mkdtempSync(join(tmpdir(), 'tf-code-sizes-'))
  const gccVersion = sh('arm-none-eabi-gcc --version').split('\n')[0]
  const nnSources = readdirSync(join(nnDir, 'Source')).flatMap((d) => existsSync(join(nnDir, 'Source', d)) && !d.includes('.')
    ? readdirSync(join(nnDir, 'Source', d)).filter((f) => f.endsWith('.c')).map((f) => join(nnDir, 'Source', d, f)) : [])
  const c5Nn = join(c5Dir, 'CMSIS/NN/Source')
  const c5Sources = [...readdirSync(c5Nn).flatMap((d) => !d.includes('.')
    ? readdirSync(join(c5Nn, d)).filter((f) => f.endsWith('.c')).map((f) => join(c5Nn, d, f)) : []),
  join(c5Dir, 'CMSIS/DSP/Source/BasicMathFunctions/arm_add_q7.c'), join(c5Dir, 'CMSIS/DSP/Source/BasicMathFunctions/arm_clip_q7.c')]
  const runtime = resolve(here, '../../src/core/codegen/c/runtime')
  const portableFallbacks = ['tf_mul_s8', 'tf_mul_s16', 'tf_batch_matmul_s16', 'tf_transpose_conv_s8', 'tf_lstm_unidirectional_s8', 'tf_activation_s16', 'tf_softmax_s16'].map((k) => join(runtime, `${k}.c`))
  const nnInc = `-I${join(nnDir, 'Include')} -I${runtime}`
  const c5Inc = ['CMSIS/NN/Include', 'CMSIS/DSP/Include', 'CMSIS/DSP/PrivateInclude', 'CMSIS/Core/Include'].map((d) => `-I${join(c5Dir, d)}`).join(' ')

  const kernels: Record<string, Record<string, number>> = {}
  const callSites: Record<string, Record<string, number>> = {}
  const libcBytes: Record<string, number> = {}
  const together: Record<string, Record<string, number>> = { 'cmsis-nn': {}, 'pow2-q7': {} }
  const failures: string[] = []
  for (const [cpu, flags] of Object.entries(CPUS)) {
    const dir = join(work, cpu)
    for (const [tree, sources, inc] of [['nn', [...nnSources, join(here, 'relu-s8-reference.c'), ...portableFallbacks], nnInc],
      ['c5', c5Sources, c5Inc]] as const) {
      mkdirSync(join(dir, tree), { recursive: true })
      writeFileSync(join(dir, `${tree}.list`), sources.join('\n') + '\n')
      // Files a compiler cannot build for this CPU (gcc 12.2 ICEs on one unused CMSIS_5 file for the M55) are skipped.
      sh(`xargs -P2 -I{} sh -c 'arm-none-eabi-gcc ${flags} ${COMMON} ${inc} -c {} -o ${join(dir, tree)}/$(basename {} .c).o 2>/dev/null || true' < ${join(dir, `${tree}.list`)}`)
      sh(`arm-none-eabi-ar rcs ${join(dir, `lib${tree}.a`)} ${join(dir, tree)}/*.o`)
    }
    const image = (name: string, body: string, libc = true): number => {
      const c = join(dir, `${name}.c`)
      const protos = KERNELS.map((k) => `extern int ${k.name}();`).join('\n')
      writeFileSync(c, `extern volatile long sink;\nextern signed char arena[];\n${protos}\nextern void *memcpy(void *, const void *, unsigned);\n` +
        `extern void *memset(void *, int, unsigned);\nvoid entry(void) {\n` +
        (libc ? '  memcpy((void *)sink, (void *)sink, sink);\n  memset((void *)sink, sink, sink);\n' : '') +
        `${body}\n}\nvolatile long sink;\nsigned char arena[1];\n`)
      execSync(`arm-none-eabi-gcc ${flags} ${COMMON} ${c} ${LINK} -L${dir} -lnn -lc5 -o ${join(dir, `${name}.elf`)}`, { stdio: 'pipe' })
      return flashOf(join(dir, `${name}.elf`))
    }
    const volatileCall = (k: KernelSpec) => `  ${k.name}(${k.args.map(() => 'sink').join(', ')});`
    const base = image('base', '')
    libcBytes[cpu] = base - image('empty', '', false)
    for (const k of KERNELS) {
      const key = `${k.library}:${k.name}`
      try {
        ;(kernels[key] ??= {})[cpu] = image(`k_${k.library}_${k.name}`, volatileCall(k)) - base
        const { decls, call } = callExpression(k, 'c_')
        const c = join(dir, `call_${k.library}_${k.name}.c`)
        writeFileSync(c, `extern signed char arena[];\nextern int ${k.name}();\n${decls}\nvoid layer(void) {\n  ${call}\n}\n`)
        execSync(`arm-none-eabi-gcc ${flags} ${COMMON} -c ${c} -o ${c}.o`, { stdio: 'pipe' })
        ;(callSites[key] ??= {})[cpu] = flashOf(`${c}.o`)
      } catch (err) {
        failures.push(`${cpu} ${key}: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`)
      }
    }
    for (const library of ['cmsis-nn', 'pow2-q7'] as const) {
      const body = KERNELS.filter((k) => k.library === library).map(volatileCall).join('\n')
      together[library][cpu] = image(`all_${library}`, body) - base
    }
  }
  rmSync(work, { recursive: true, force: true })
  const json = {
    generator: 'bench/code-sizes/measure.ts',
    generatedAt: new Date().toISOString().slice(0, 10),
    toolchain: `${gccVersion}; ${COMMON}; link ${LINK}`,
    sources: {
      'cmsis-nn': 'CMSIS-NN v7.0.0 (commit 22080c68d040) Source/**, plus '
        + 'bench/code-sizes/relu-s8-reference.c (tinyforge_relu_s8) and the portable fallbacks tf_mul_s8, tf_transpose_conv_s8, '
        + 'tf_lstm_unidirectional_s8, tf_activation_s16, tf_mul_s16, tf_batch_matmul_s16, tf_softmax_s16 (its tables: the int16 Softmax) (src/core/codegen/c/runtime)',
      'pow2-q7': 'CMSIS_5 5.9.0 (commit 2b7495b8535b) CMSIS/NN/Source/** and CMSIS/DSP/Source/BasicMathFunctions/arm_{add,clip}_q7.c',
    },
    cpuFlags: CPUS,
    note: 'Generated file: do not edit. Bytes of flash (text + data). kernels: a kernel with everything it pulls in except '
      + 'memcpy/memset (libcBytes, counted once); callSites: one generated call with its const parameter structs; together: '
      + 'all kernels of a library in one image (Σ kernels − together = code they share). Method: bench/code-sizes/measure.ts.',
    libcBytes, kernels, callSites, together, failures,
  }
  writeFileSync(out, JSON.stringify(json, null, 1) + '\n')
  console.log(`wrote ${out}${failures.length ? ` (${failures.length} kernel/CPU pairs failed: ${failures.join('; ')})` : ''}`)
}

main()
