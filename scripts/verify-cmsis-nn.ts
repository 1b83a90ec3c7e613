/**
 * Local verification of the C package's CMSIS-NN path against a real CMSIS-NN checkout (needs the network once to
 * get it, so it cannot run in CI):
 *   1. every golden int8 case through the portable kernels and through CMSIS-NN, on the host and on qemu mps2-an386;
 *   2. packages of the templates, the MLPerf Tiny int8 models and the all-operator test graphs, built with and without
 *      -DTINYFORGE_USE_CMSIS_NN on the host and on qemu mps2-an386 (Cortex-M4), the MLPerf models and the Digits
 *      template also on mps2-an500 (Cortex-M7) and mps2-an505 (Cortex-M33): every build must print N/N vectors
 *      bit-exact against the same engine outputs, so both paths give identical bytes.
 * Also records each M4 image's size and instructions per inference (qemu -icount shift=0).
 * --rounding single: the same with single rounding — the single-rounding golden cases (golden/single-rounding/), every
 * build (runtime and CMSIS-NN alike) with -DCMSIS_NN_USE_SINGLE_ROUNDING, the packages generated with rounding 'single'
 * (their Makefiles define the macro; their CMSIS-NN objects in a folder of their own).
 *
 *   npx tsx scripts/verify-cmsis-nn.ts /tmp/CMSIS-NN [--label v7.0.0] [--json out.json] [--golden-only] [--only pkg,pkg]
 *     [--rounding double|single]
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { GoldenFile } from '../src/core/testing/golden/golden-cases.ts'
import { generateCPackage } from '../src/core/codegen/c/generate-package.ts'
import { goldenCDriver } from '../src/core/testing/golden-c-test.ts'
import { MIXED_NET, POOL_NET } from '../src/core/testing/fixture-graphs.ts'
import { INT16_CONV_NET, INT16_NET, INT16_SEQ_NET, INT16_SOFTMAX_NET } from '../src/core/testing/fixture-graphs-int16.ts'
import {
  LSTM_STREAM_NET, LSTM_WINDOW_NET, MFCC_CNN_NET, MFCC_LSTM_NET, SECOND_SET_NET, SEQUENCE_NET, SVDF_STREAM_NET,
} from '../src/core/testing/fixture-graphs-seq.ts'
import { importModel } from '../src/core/formats/import-model.ts'
import { writeTflite } from '../tools/tflite-writer/write-tflite.ts'
import type { Graph } from '../src/core/ir/types.ts'
import { applyChanges } from '../src/core/ir/changes.ts'
import { int4CapableNodes, setWeightPrecision } from '../src/core/pipelines/precision/weight-precision.ts'
import { CMSIS_NN } from '../src/core/vendors/cmsis-nn/index.ts'
import { TWO_IO_NET, mlperfGraph, quantized, templateGraph } from '../src/core/testing/c-fixtures.ts'
import { C_DIR, removeTempDirs, run, tempDir, writeFiles } from '../src/core/testing/c-toolchain.ts'

const [cmsis, ...rest] = process.argv.slice(2)
if (!cmsis) throw new Error('usage: verify-cmsis-nn.ts <CMSIS-NN checkout> [--label name] [--json out.json]')
const flag = (name: string) => { const i = rest.indexOf(name); return i >= 0 ? rest[i + 1] : undefined }
const label = flag('--label') ?? cmsis
const rounding = flag('--rounding') ?? 'double'
if (rounding !== 'double' && rounding !== 'single') throw new Error(`--rounding must be double or single, not '${rounding}'`)
const single = rounding === 'single'
const ROUNDING_DEFS = single ? ['-DCMSIS_NN_USE_SINGLE_ROUNDING'] : []
const shared = tempDir('cmsis-objs')

/** Package, graph, and the Arm boards it runs on besides the Cortex-M4 (which every package runs on). */
const PACKAGES: [string, () => Graph, string[]][] = [
  ['digits', () => templateGraph('digits-cnn', 's8'), ['m7', 'm33']],
  ['int16', () => quantized(INT16_NET, 's8'), []],
  ['int16_conv', () => quantized(INT16_CONV_NET, 's8'), []],
  ['int16_softmax', () => quantized(INT16_SOFTMAX_NET, 's8'), []],
  ['int16_seq', () => quantized(INT16_SEQ_NET, 's8'), []],
  ['kws_template', () => templateGraph('kws-ds-cnn', 's8'), []],
  ['vww_template', () => templateGraph('vww-mobilenet', 's8'), []],
  ['kws', () => mlperfGraph('kws_ref_model.tflite'), ['m7', 'm33']],
  ['vww', () => mlperfGraph('vww_96_int8.tflite'), ['m7', 'm33']],
  ['resnet', () => mlperfGraph('pretrainedResnet_quant.tflite'), ['m7', 'm33']],
  ['ad01', () => mlperfGraph('ad01_int8.tflite'), ['m7', 'm33']],
  ['mixed', () => quantized(MIXED_NET, 's8'), []],
  ['pool', () => quantized(POOL_NET, 's8'), []],
  ['two_io', () => quantized(TWO_IO_NET, 's8'), []],
  ['second', () => quantized(SECOND_SET_NET, 's8'), []],
  ['sequence', () => quantized(SEQUENCE_NET, 's8'), []],
  ['svdf', () => quantized(SVDF_STREAM_NET, 's8'), []],
  ['lstm', () => quantized(LSTM_WINDOW_NET, 's8'), []],
  ['lstm_stream', () => quantized(LSTM_STREAM_NET, 's8'), []],
  // TFLite files written by tools/tflite-writer and imported back (exact quantization from the files).
  ['tfl_second', () => viaTflite(SECOND_SET_NET), []],
  ['tfl_svdf', () => viaTflite(SVDF_STREAM_NET), []],
  ['tfl_mfcc_cnn', () => viaTflite(MFCC_CNN_NET), []],
  ['tfl_mfcc_lstm', () => viaTflite(MFCC_LSTM_NET), []],
  // The same LSTM with Stateful cleared after import (a whole window per call): arm_lstm_unidirectional_s8 runs it.
  ['tfl_mfcc_lstm_window', () => stateless(viaTflite(MFCC_LSTM_NET)), []],
  // int4 packed weights: arm_convolve_wrapper_s4 / arm_depthwise_conv_wrapper_s4 / arm_fully_connected_s4 on every
  // weighted layer (requantized from the int8 values).
  ['vww_s4', () => allInt4(mlperfGraph('vww_96_int8.tflite')), ['m7', 'm33']],
  ['kws_s4', () => allInt4(mlperfGraph('kws_ref_model.tflite')), []],
  ['digits_s4', () => allInt4(templateGraph('digits-cnn', 's8')), ['m7', 'm33']],
]

function allInt4(g: Graph): Graph {
  return applyChanges(g, setWeightPrecision(g, CMSIS_NN, int4CapableNodes(g, CMSIS_NN).map((n) => n.id), 'int4').changes).graph
}

function viaTflite(graph: Graph): Graph {
  return importModel(writeTflite(quantized(graph, 's8')), 'model.tflite').doc.graph
}

function stateless(graph: Graph): Graph {
  return { ...graph, nodes: graph.nodes.map((n) => (n.op === 'LSTM' ? { ...n, attrs: { ...n.attrs, stateful: false } } : n)) }
}

function check(what: string, r: { code: number; output: string }, expect: RegExp): string {
  const line = r.output.split('\n').find((l) => expect.test(l))
  if (r.code !== 0 || !line) throw new Error(`${what} failed (exit ${r.code}):\n${r.output.slice(-3000)}`)
  return line
}

// 1. Golden cases.
const goldenDir = join(C_DIR, '../../testing/golden', single ? 'single-rounding' : '')
const golden = readdirSync(goldenDir).filter((f) => f.endsWith('.json')).sort()
  .map((f) => JSON.parse(readFileSync(join(goldenDir, f), 'utf8')) as GoldenFile)
const driverDir = tempDir('golden-cmsis')
const goldenCases = golden.flatMap((f) => f.cases)
const allGolden = new RegExp(`^golden: ${goldenCases.length}/${goldenCases.length} `)
writeFiles(driverDir, { 'golden_test.c': goldenCDriver(goldenCases, golden[0].generator).source })
const kernels = readdirSync(join(C_DIR, 'runtime')).filter((f) => f.endsWith('.c')).map((f) => join(C_DIR, 'runtime', f))
const cmsisSources = readdirSync(join(cmsis, 'Source'), { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.c') && !/_f(16|32)\.c$/.test(f)).map((f) => join(cmsis, 'Source', f))
const M4 = ['-mcpu=cortex-m4', '-mthumb', '-mfloat-abi=hard', '-mfpu=fpv4-sp-d16']
const inc = [`-I${join(C_DIR, 'runtime')}`, `-I${join(C_DIR, 'board')}`]
const results: Record<string, unknown> = { cmsisNn: label, rounding, golden: {}, packages: {} }
for (const useCmsis of [false, true]) {
  const defs = [...ROUNDING_DEFS, ...(useCmsis ? ['-DTINYFORGE_USE_CMSIS_NN', `-I${join(cmsis, 'Include')}`] : [])]
  const extra = useCmsis ? cmsisSources : []
  const host = run('gcc', ['-std=c99', '-O2', ...defs, ...inc, 'golden_test.c', ...kernels, join(C_DIR, 'board/board_host.c'), ...extra,
    '-o', 'golden'], driverDir)
  if (host.code !== 0) throw new Error(host.output)
  const hostLine = check('golden host', run('./golden', [], driverDir), allGolden)
  const arm = run('arm-none-eabi-gcc', [...M4, '-std=c99', '-O2', '-ffunction-sections', '-fdata-sections', '-DBOARD_NAME="qemu mps2-an386"',
    ...defs, ...inc, 'golden_test.c', ...kernels, join(C_DIR, 'board/board_mps2.c'), ...extra, '-T', join(C_DIR, 'board/mps2-an386.ld'),
    `-L${join(C_DIR, 'board')}`, '-nostartfiles', '--specs=nano.specs', '-Wl,--gc-sections', '-o', 'golden.elf'], driverDir)
  if (arm.code !== 0) throw new Error(arm.output)
  const m4Line = check('golden m4', run('timeout', ['120', 'qemu-system-arm', '-M', 'mps2-an386', '-nographic', '-semihosting-config',
    'enable=on,target=native', '-kernel', 'golden.elf'], driverDir), allGolden)
  ;(results.golden as Record<string, string[]>)[useCmsis ? 'cmsis-nn' : 'portable'] = [hostLine, m4Line]
  console.log(hostLine)
  console.log(m4Line)
}

if (rest.includes('--golden-only')) {
  removeTempDirs()
  process.exit(0)
}

// 2. Packages, both ways, host and Cortex-M4.
console.log('\n| package | bit-exact both ways on | M4 portable: insns, text+data | M4 CMSIS-NN: insns, text+data |')
console.log('|---|---|---|---|')
const only = flag('--only')?.split(',')
for (const [prefix, graph, moreBoards] of PACKAGES) {
  if (only && !only.includes(prefix)) continue
  const dir = tempDir(`verify-${prefix}`)
  writeFiles(dir, generateCPackage(graph(), { prefix, library: 'cmsis-nn', rounding }))
  const cm = [`CMSIS_NN_PATH=${cmsis}`, `CMSIS_BUILD=${shared}`]
  const bitExact = new RegExp(`^${prefix}: 3/3 vectors bit-exact`)
  const entry: Record<string, unknown> = {}
  for (const [name, args] of [['portable', []], ['cmsis-nn', cm]] as const) {
    check(`${prefix} host ${name}`, run('make', ['-s', '-j2', 'test', ...args], dir, 600_000), bitExact)
    const r = run('make', ['-s', '-j2', 'test-qemu-m4', ...args], dir, 600_000)
    check(`${prefix} m4 ${name}`, r, bitExact)
    const insns = Number(/last invoke (\d+) ns/.exec(r.output)?.[1])
    const size = run('make', ['-s', 'size-m4', ...args], dir).stdout.trim().split('\n').pop()!.trim().split(/\s+/).map(Number)
    entry[name] = { instructions: insns, text: size[0], data: size[1], bss: size[2] }
    for (const board of moreBoards) {
      const m = run('make', ['-s', '-j2', `test-qemu-${board}`, ...args], dir, 600_000)
      check(`${prefix} ${board} ${name}`, m, bitExact)
      ;(entry as Record<string, unknown>)[`${name}-${board}`] = Number(/last invoke (\d+) ns/.exec(m.output)?.[1])
    }
  }
  ;(results.packages as Record<string, unknown>)[prefix] = entry
  const p = entry.portable as { instructions: number; text: number; data: number }
  const c = entry['cmsis-nn'] as { instructions: number; text: number; data: number }
  const boards = ['host', 'M4', ...moreBoards.map((b) => b.toUpperCase())].join(', ')
  console.log(`| ${prefix} | ${boards} | ${p.instructions}, ${p.text + p.data} | ${c.instructions}, ${c.text + c.data} |`)
}
const out = flag('--json')
if (out) writeFileSync(out, `${JSON.stringify(results, null, 1)}\n`)
removeTempDirs()
