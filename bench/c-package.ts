/**
 * `npm run bench`, C package part: for the MLPerf Tiny int8 models and the Digits template, generate the package,
 * build it for the Cortex-M4 with its own Makefile (arm-none-eabi-gcc, -O2), size it (arm-none-eabi-size), run its
 * bit-exact test on qemu mps2-an386 counting instructions (bench/qemu-plugin/insn-segments.c), and set the built
 * figures against estimate() for the catalog's Cortex-M4 board (NUCLEO-F446RE) with the portable runtime.
 * Built flash / RAM = model image − board baseline (bench/c-package-build.ts); CMSIS-NN instruction counts are the
 * ones measured locally by scripts/measure-c-sizes.ts (kernel-code-sizes.measured.json), since CI has no checkout.
 * Skips with one line when the Arm toolchain or QEMU is missing. Also runnable alone: node bin/run-ts.mjs bench/c-package.ts
 */
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { mlperfGraph, templateGraph } from '../src/core/testing/c-fixtures.ts'
import { removeTempDirs } from '../src/core/testing/c-toolchain.ts'
import { estimate } from '../src/core/estimate/estimate.ts'
import measured from '../src/core/estimate/kernel-code-sizes.measured.json' with { type: 'json' }
import type { Graph } from '../src/core/ir/types.ts'
import { CATALOG_TARGETS } from '../src/core/targets/catalog.ts'
import type { Target } from '../src/core/targets/types.ts'
import { CMSIS_NN } from '../src/core/vendors/cmsis-nn/index.ts'
import type { ArmBoard, BuiltPackage, ImageSize } from './c-package-build.ts'
import { ARM_BOARDS, countInstructions, imageSize, missingTools, writePackage } from './c-package-build.ts'

/** The models of the comparison: [prefix (also the key in the measured JSON), title, graph]. */
export const C_BENCH_MODELS: readonly [string, string, () => Graph][] = [
  ['kws', 'MLPerf KWS DS-CNN', () => mlperfGraph('kws_ref_model.tflite')],
  ['vww', 'MLPerf VWW MobileNetV1-0.25', () => mlperfGraph('vww_96_int8.tflite')],
  ['resnet', 'MLPerf IC ResNet-8', () => mlperfGraph('pretrainedResnet_quant.tflite')],
  ['ad01', 'MLPerf AD autoencoder', () => mlperfGraph('ad01_int8.tflite')],
  ['digits', 'Digits template (s8)', () => templateGraph('digits-cnn', 's8')],
]

/** The catalog board whose Cortex-M4 the predictions are made for. */
export const M4_TARGET: Target = CATALOG_TARGETS.find((t) => t.id === 'nucleo-f446re')!

export interface SizeComparison {
  model: ImageSize
  board: ImageSize
  /** The model's share: model image − board image. */
  builtFlash: number
  builtRam: number
  constantBytes: number
  predictedFlash: number
  predictedRam: number
  predictedCode: number
}

/** Built (Makefile default -O2) vs estimate() (portable runtime) on one board. */
export function compareSizes(pkg: BuiltPackage, board: ArmBoard, target: Target): SizeComparison {
  const model = imageSize(pkg, board, 'model')
  const boardImage = imageSize(pkg, board, 'board')
  const t = estimate(pkg.graph, pkg.library, [target], { runtime: 'portable' }).targets[0]
  const constantBytes = t.flash.weightBytes + t.flash.quantParamBytes
  return {
    model, board: boardImage, constantBytes,
    builtFlash: model.text + model.data - boardImage.text - boardImage.data,
    builtRam: model.data + model.bss - boardImage.data - boardImage.bss,
    predictedFlash: t.flashBytes, predictedRam: t.ramBytes, predictedCode: t.flashBytes - constantBytes,
  }
}

type Stored = Record<string, Record<string, { cmsisNn?: { perInference: number } }>>

export interface CBenchRow {
  prefix: string
  title: string
  macs: number
  sizes: SizeComparison
  instructions: number
  verdict: string
  storedCmsisInstructions: number | null
  /** estimate() cycles, portable runtime and CMSIS-NN. */
  predictedCycles: number
  cmsisCycles: number
}

export function runCPackageBench(): CBenchRow[] {
  const board = ARM_BOARDS.m4
  const rows: CBenchRow[] = []
  try {
    for (const [prefix, title, makeGraph] of C_BENCH_MODELS) {
      const pkg = writePackage(makeGraph(), CMSIS_NN, prefix)
      const sizes = compareSizes(pkg, board, M4_TARGET)
      const count = countInstructions(pkg, board)
      const portable = estimate(pkg.graph, CMSIS_NN, [M4_TARGET], { runtime: 'portable' })
      const cmsis = estimate(pkg.graph, CMSIS_NN, [M4_TARGET], { runtime: 'cmsis-nn' })
      rows.push({ prefix, title, macs: portable.model.macs, sizes, instructions: count.perInference, verdict: count.verdict,
        storedCmsisInstructions: (measured.instructions as Stored)[prefix]?.[board.core]?.cmsisNn?.perInference ?? null,
        predictedCycles: portable.targets[0].cycles ?? 0, cmsisCycles: cmsis.targets[0].cycles ?? 0 })
    }
  } finally {
    removeTempDirs()
  }
  return rows
}

const int = (x: number) => Math.round(x).toLocaleString('en-US')
const pct = (a: number, b: number) => `${a >= b ? '+' : ''}${((a / b - 1) * 100).toFixed(1)} %`

function table(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)))
  return rows.map((r) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ')).join('\n')
}

export function printCPackageBench(): void {
  const missing = missingTools()
  if (missing.length > 0) {
    console.log(`\nC package sizes and instruction counts: skipped (${missing.join(', ')} not installed)`)
    return
  }
  const start = performance.now()
  const rows = runCPackageBench()
  const b = rows[0].sizes.board
  console.log(`\nC package on Cortex-M4 (arm-none-eabi-gcc -O2, the Makefile default; qemu mps2-an386; predicted: estimate() ` +
    `for ${M4_TARGET.board}, portable runtime). Built = model image − board baseline (start-up, memcpy/memset, semihosting: ` +
    `text ${b.text}, data ${b.data}, bss ${b.bss})`)
  console.log(table([
    ['model', 'image text', 'data', 'bss', 'built flash', 'predicted', 'Δ', 'built RAM', 'predicted', 'Δ'],
    ...rows.map((r) => {
      const s = r.sizes
      return [r.title, int(s.model.text), int(s.model.data), int(s.model.bss), int(s.builtFlash), int(s.predictedFlash),
        pct(s.predictedFlash, s.builtFlash), int(s.builtRam), int(s.predictedRam), pct(s.predictedRam, s.builtRam)]
    }),
  ]))
  console.log('\ninstructions per inference (portable kernels, insn-segments plugin; CMSIS-NN: stored local run, ' +
    `${measured.cmsisNn}) and the estimator's cycles`)
  console.log(table([
    ['model', 'MACs', 'instructions', 'instr/MAC', 'CMSIS-NN instr', 'CMSIS-NN instr/MAC', 'portable ÷ CMSIS-NN',
      'CMSIS-NN fit cycles/MAC', 'predicted portable cycles', 'predicted ÷ instructions'],
    ...rows.map((r) => {
      const c = r.storedCmsisInstructions
      return [r.title, int(r.macs), int(r.instructions), (r.instructions / r.macs).toFixed(2), c === null ? '—' : int(c),
        c === null ? '—' : (c / r.macs).toFixed(2), c === null ? '—' : (r.instructions / c).toFixed(2), (r.cmsisCycles / r.macs).toFixed(2),
        int(r.predictedCycles), (r.predictedCycles / r.instructions).toFixed(2)]
    }),
  ]))
  const failed = rows.filter((r) => !/ (\d+)\/\1 vectors bit-exact/.test(r.verdict))
  console.log(failed.length === 0 ? `every package bit-exact on qemu (${((performance.now() - start) / 1000).toFixed(1)} s)`
    : `NOT bit-exact: ${failed.map((r) => `${r.prefix}: ${r.verdict}`).join('; ')}`)
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) printCPackageBench()
