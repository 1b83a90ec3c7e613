/**
 * Node-only: builds generated C packages for Cortex-M with their own Makefile, sizes them with arm-none-eabi-size,
 * and counts instructions per inference under QEMU with the insn-segments TCG plugin (bench/qemu-plugin/). Shared
 * by bench/c-package.ts (`npm run bench`), scripts/measure-c-sizes.ts and the estimator's predicted-vs-built test.
 *
 * Images (all with the package Makefile's flags: OPT -O2 unless given, -ffunction-sections -fdata-sections,
 * newlib-nano, --gc-sections, the package's MPS2 start-up and linker script):
 *   'model' — the model through the zero-copy API (`size_main.c` writes input 0, calls `<prefix>_run()`, reads
 *             output 0): the model, its runtime and the start-up code, no test vectors, no I/O buffers;
 *   'board' — the same start-up code with an empty `main` (the board baseline: vector table, reset handler with
 *             the memcpy/memset it calls, semihosting exit, SysTick). Model flash = model image − board image.
 * Instruction counts come from `make test-qemu-<core>` (the package's bit-exact test: 3 vectors through
 * `<prefix>_invoke`, then one zero-copy run of vector 0) with the plugin counting every call of `<prefix>_run`
 * split by the kernel calls it makes; the figure per inference is the last call, the zero-copy run, which main()
 * makes from another translation unit (gcc may inline `_run` into `_invoke`, never into main).
 */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { analyzeGraph } from '../src/core/analysis/analyze-graph.ts'
import { generateCPackage } from '../src/core/codegen/c/generate-package.ts'
import type { PackageModel } from '../src/core/codegen/c/package-model.ts'
import { buildPackageModel } from '../src/core/codegen/c/package-model.ts'
import { hasTool, run, tempDir, writeFiles } from '../src/core/testing/c-toolchain.ts'
import type { OpKind } from '../src/core/ops/op-def.ts'
import { opKindOf } from '../src/core/estimate/cost-model.ts'
import type { Graph } from '../src/core/ir/types.ts'
import type { CoreId } from '../src/core/targets/types.ts'
import type { VendorLibrary } from '../src/core/vendors/types.ts'

/**
 * A QEMU MPS2 board the package's Makefile builds for (Cortex-M3 reuses its M4 rules with overrides), or a core
 * built with those rules for its sizes only (SIZE_ONLY_BOARDS: no QEMU machine runs it).
 */
export interface ArmBoard {
  id: 'm0plus' | 'm3' | 'm4' | 'm7' | 'm33' | 'm55'
  core: CoreId
  machine: string
  /** The Makefile's board rules used (`test-qemu-<rules>`, `size-<rules>`). */
  rules: 'm4' | 'm7' | 'm33'
  /** Make variables that retarget the rules (Cortex-M3: soft-float M3 code on mps2-an385, same memory map as an386). */
  overrides: Record<string, string>
  /** CMSIS-NN's code path on this core. */
  isa: 'c' | 'dsp'
}

export const ARM_BOARDS: Record<'m3' | 'm4' | 'm7' | 'm33', ArmBoard> = {
  m3: { id: 'm3', core: 'cortex-m3', machine: 'mps2-an385', rules: 'm4', isa: 'c', overrides: {
    ARCH_m4: '-mcpu=cortex-m3 -mthumb -mfloat-abi=soft', MACHINE_m4: 'mps2-an385',
    BOARD_m4: `-DBOARD_NAME='"qemu mps2-an385 (Cortex-M3)"' -DBOARD_SYSCLK_HZ=25000000u` } },
  m4: { id: 'm4', core: 'cortex-m4', machine: 'mps2-an386', rules: 'm4', isa: 'dsp', overrides: {} },
  m7: { id: 'm7', core: 'cortex-m7', machine: 'mps2-an500', rules: 'm7', isa: 'dsp', overrides: {} },
  m33: { id: 'm33', core: 'cortex-m33', machine: 'mps2-an505', rules: 'm33', isa: 'dsp', overrides: {} },
}

/** Cores linked with the M4 rules (same MPS2 memory map) to size their images; never run. */
export const SIZE_ONLY_BOARDS: Record<'m0plus' | 'm55', ArmBoard> = {
  m0plus: { id: 'm0plus', core: 'cortex-m0plus', machine: 'none (sizes only)', rules: 'm4', isa: 'c',
    overrides: { ARCH_m4: '-mcpu=cortex-m0plus -mthumb -mfloat-abi=soft' } },
  m55: { id: 'm55', core: 'cortex-m55', machine: 'none (sizes only)', rules: 'm4', isa: 'dsp',
    overrides: { ARCH_m4: '-mcpu=cortex-m55 -mthumb -mfloat-abi=hard' } },
}

const TOOLS = ['make', 'cc', 'arm-none-eabi-gcc', 'arm-none-eabi-size', 'arm-none-eabi-nm', 'arm-none-eabi-objdump', 'qemu-system-arm']

/** Tools this module needs that are not installed (empty when all are). */
export function missingTools(): string[] {
  return TOOLS.filter((t) => !hasTool(t))
}

export interface BuiltPackage {
  dir: string
  prefix: string
  graph: Graph
  library: VendorLibrary
  model: PackageModel
}

/** Generates the package (3 test vectors) into a fresh temporary folder, with the two size mains. */
export function writePackage(graph: Graph, library: VendorLibrary, prefix: string): BuiltPackage {
  const dir = tempDir(`cpkg-${prefix}`)
  writeFiles(dir, generateCPackage(graph, { prefix, library }))
  writeFiles(dir, {
    'size_main.c': `#include "${prefix}.h"\nint main(void);\nint main(void)\n{\n    ${prefix}_input(0)[0] = 1;\n` +
      `    return ${prefix}_run() + ${prefix}_output(0)[0];\n}\n`,
    'board_main.c': 'int main(void);\nint main(void)\n{\n    return 0;\n}\n',
  })
  return { dir, prefix, graph, library, model: buildPackageModel(graph, library) }
}

function make(pkg: BuiltPackage, target: string, vars: Record<string, string>, timeoutMs = 300_000) {
  const r = run('make', ['-s', target, ...Object.entries(vars).map(([k, v]) => `${k}=${v}`)], pkg.dir, timeoutMs)
  if (r.code !== 0) throw new Error(`make ${target} in ${pkg.dir} failed (exit ${r.code}):\n${r.output.slice(-3000)}`)
  return r
}

export interface ImageSize { text: number; data: number; bss: number }

function parseSize(output: string): ImageSize {
  const line = output.split('\n').find((l) => /^\s*\d+\s+\d+\s+\d+\s+\d+/.test(l))
  if (!line) throw new Error(`no arm-none-eabi-size line in:\n${output}`)
  const [text, data, bss] = line.trim().split(/\s+/).map(Number)
  return { text, data, bss }
}

export interface ImageOptions {
  /** Optimisation level (default the Makefile's -O2). */
  opt?: '-O2' | '-Os'
  /** CMSIS-NN checkout: build with -DTINYFORGE_USE_CMSIS_NN. */
  cmsisNn?: string
  /** Where CMSIS-NN objects are compiled (shared between packages; per board when overrides change flags). */
  cmsisBuild?: string
}

function buildVars(board: ArmBoard, options: ImageOptions, what: string): Record<string, string> {
  const vars: Record<string, string> = { ...board.overrides, BUILD: `build-${what}-${board.id}${options.opt ?? ''}` }
  if (options.opt) vars.OPT = options.opt
  if (options.cmsisNn) {
    vars.CMSIS_NN_PATH = options.cmsisNn
    vars.CMSIS_BUILD = options.cmsisBuild ? join(options.cmsisBuild, `${board.id}${options.opt ?? ''}`) : `cmsis-${board.id}`
  }
  return vars
}

/** `make size-<rules>` of the model image or the board baseline (see the file comment). */
export function imageSize(pkg: BuiltPackage, board: ArmBoard, image: 'model' | 'board', options: ImageOptions = {}): ImageSize {
  const vars = buildVars(board, options, image)
  vars.APP_SRCS = image === 'model' ? '$(LIB_SRCS) size_main.c' : 'board_main.c'
  return parseSize(make(pkg, `size-${board.rules}`, vars).stdout)
}

let pluginPath: string | undefined

/** Compiles the insn-segments plugin once per process (host cc). */
export function insnPlugin(): string {
  if (pluginPath && existsSync(pluginPath)) return pluginPath
  const dir = tempDir('qemu-plugin')
  const source = new URL('./qemu-plugin/insn-segments.c', import.meta.url).pathname
  const out = join(dir, 'libinsn-segments.so')
  const r = run('cc', ['-O2', '-std=c99', '-Wall', '-Wextra', '-Werror', '-shared', '-fPIC', '-o', out, source], dir)
  if (r.code !== 0) throw new Error(`cannot build the QEMU plugin:\n${r.output}`)
  pluginPath = out
  return out
}

export interface ElfSymbol { address: number; size: number; type: string; name: string }

/** Sized symbols of an ELF or object file (arm-none-eabi-nm -S), Thumb bit cleared. */
export function symbols(file: string, cwd: string): ElfSymbol[] {
  const r = run('arm-none-eabi-nm', ['-S', file], cwd)
  if (r.code !== 0) throw new Error(r.output)
  return r.stdout.split('\n').map((l) => l.trim().split(/\s+/)).filter((p) => p.length === 4)
    .map(([a, s, type, name]) => ({ address: parseInt(a, 16) & ~1, size: parseInt(s, 16), type, name }))
}

/** The functions each scheduled node calls, in order, in the portable or the CMSIS-NN build on a code path. */
export function expectedCalls(model: PackageModel, cmsis: boolean, isa: 'c' | 'dsp' | 'mve'): { node: string; calls: string[] }[] {
  return model.nodes.filter((n) => n.prepared.op !== 'Input').map((n) => {
    const statements = cmsis && n.code.cmsis ? n.code.cmsis.statements : n.code.portable.statements
    const calls: string[] = []
    const active: boolean[] = []
    for (const line of statements) {
      const t = line.trim()
      if (t.startsWith('#if')) active.push(!/ARM_MATH_MVEI/.test(t) || isa === 'mve')
      else if (t.startsWith('#endif')) active.pop()
      else if (active.every(Boolean)) for (const m of t.matchAll(/\b((?:tf|arm)_[a-z0-9_]+)\s*\(/g)) calls.push(m[1])
    }
    return { node: n.prepared.id, calls }
  })
}

export interface NodeCount {
  node: string
  name: string
  op: string
  kind: OpKind
  macs: number
  /** Instructions of this node's kernel calls, callees included. */
  instructions: number
}

export interface InstructionCount {
  /** Instructions of one `<prefix>_run` call (the zero-copy run of vector 0): the schedule's own + every kernel call. */
  perInference: number
  /** The schedule function's own instructions (argument set-up, returns). */
  scheduleOwn: number
  nodes: NodeCount[]
  /** The package's SysTick figure for its last `_invoke` (vector 2; ns = instructions, copies in and out included). */
  systickNs: number
  /** The package's own verdict line (3/3 vectors bit-exact ...). */
  verdict: string
}

/**
 * Runs `make test-qemu-<rules>` under the plugin and attributes the instructions of the last `_run` call to the
 * graph's nodes. Throws when the package's test fails (a wrong byte) or the calls do not match the schedule.
 */
export function countInstructions(pkg: BuiltPackage, board: ArmBoard, options: ImageOptions = {}): InstructionCount {
  const vars = buildVars(board, options, 'test')
  const elf = `${vars.BUILD}/${board.rules}${options.cmsisNn ? '-cmsis-nn' : ''}/${pkg.prefix}.elf`
  make(pkg, elf, vars)
  const syms = symbols(elf, pkg.dir)
  const runSym = syms.find((s) => s.name === `${pkg.prefix}_run`)
  if (!runSym) throw new Error(`${pkg.prefix}_run not found in ${elf}`)
  // The schedule and the clones gcc may split off it (`<prefix>_run.part.0` when early returns make a cold path).
  const code = syms.filter((s) => s.name === runSym.name || s.name.startsWith(`${runSym.name}.`))
  const countsFile = join(pkg.dir, `counts-${vars.BUILD}.txt`)
  const plugin = [insnPlugin(), `entry=0x${runSym.address.toString(16)}`,
    ...code.map((s) => `range=0x${s.address.toString(16)}:0x${(s.address + s.size).toString(16)}`), `out=${countsFile}`].join(',')
  const r = make(pkg, `test-qemu-${board.rules}`, {
    ...vars, QEMU_FLAGS: `-nographic -semihosting-config enable=on,target=native -icount shift=0 -plugin ${plugin}` })
  const verdict = r.output.split('\n').find((l) => /vectors bit-exact/.test(l)) ?? ''
  const systickNs = Number(/last invoke (\d+) ns/.exec(r.output)?.[1])
  return attribute(pkg, readFileSync(countsFile, 'utf8'), syms, options.cmsisNn !== undefined, board.isa, verdict, systickNs)
}

function attribute(pkg: BuiltPackage, text: string, syms: ElfSymbol[], cmsis: boolean, isa: 'c' | 'dsp', verdict: string,
  systickNs: number): InstructionCount {
  const functionAt = new Map(syms.filter((s) => /[tTwW]/.test(s.type)).map((s) => [s.address, s.name]))
  const rows = text.split('\n').map((l) => l.split(' '))
  if (rows.some(([tag]) => tag === 'overflow')) throw new Error('insn-segments: too many calls or segments')
  const own = rows.filter(([tag]) => tag === 'run')
  if (own.length === 0) throw new Error(`${pkg.prefix}: no call of ${pkg.prefix}_run was counted`)
  const last = own[own.length - 1][1]
  const scheduleOwn = Number(own[own.length - 1][2])
  const segments = rows.filter(([tag, k]) => tag === 'seg' && k === last)
    .map(([, , a, b]) => ({ name: functionAt.get(parseInt(a, 16)), insns: Number(b) }))
  const analysis = analyzeGraph(pkg.graph, pkg.library)
  const byId = new Map(pkg.graph.nodes.map((n) => [n.id, n]))
  const expected = expectedCalls(pkg.model, cmsis, isa)
  const nodes: NodeCount[] = []
  let at = 0
  for (const { node, calls } of expected) {
    let instructions = 0
    for (const call of calls) {
      // Segments that start elsewhere (an interrupt taken in the schedule's own code) are not kernel calls.
      while (at < segments.length && segments[at].name !== call && !expected.some((e) => e.calls.includes(segments[at].name ?? ''))) at++
      if (segments[at]?.name !== call) throw new Error(`${pkg.prefix}: expected a call of ${call} for node ${node}, found ${segments[at]?.name}`)
      instructions += segments[at++].insns
    }
    const n = byId.get(node)!
    const na = analysis.nodes.get(node)
    nodes.push({ node, name: n.name, op: n.op, kind: opKindOf(n.op, na?.attrs ?? n.attrs), macs: na?.macs ?? 0, instructions })
  }
  const perInference = scheduleOwn + nodes.reduce((s, n) => s + n.instructions, 0)
  return { perInference, scheduleOwn, nodes, systickNs, verdict }
}

/** Instructions per op kind (Σ over a model's nodes). */
export function instructionsByKind(count: InstructionCount): Partial<Record<OpKind, number>> {
  const out: Partial<Record<OpKind, number>> = {}
  for (const n of count.nodes) out[n.kind] = (out[n.kind] ?? 0) + n.instructions
  return out
}
