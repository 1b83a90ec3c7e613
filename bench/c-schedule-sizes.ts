/**
 * Node-only: what the generated schedule (`src/<prefix>.c`) costs in flash besides the model's constants, from the
 * compiled object (arm-none-eabi-gcc, the package Makefile's -O2 and section flags, per CPU):
 *   per kernel call — the call's code in `<prefix>_run` (argument set-up and the `bl`, from the previous call's end
 *     to this one's, plus 4 bytes per literal-pool load it makes) and its `static const` parameter struct;
 *   fixed — `<prefix>_run`'s code that is no call's (prologue, the first-run reset check, shared literals, return) +
 *     `<prefix>_input`, `<prefix>_output` with their offset tables, and `<prefix>_reset` where `_run` calls it (stateful
 *     packages; a stateless package's empty `_reset` is dropped by --gc-sections unless the application calls it): the
 *     zero-copy API an application links.
 * `_invoke` and `_preprocess` are left out: the estimator prices the zero-copy API (I/O in the arena).
 */
import { join } from 'node:path'
import { run } from '../src/core/testing/c-toolchain.ts'
import type { BuiltPackage, ElfSymbol } from './c-package-build.ts'
import { expectedCalls, symbols } from './c-package-build.ts'

export interface CallSample {
  kernel: string
  /** Code bytes of the call in `_run`, literal-pool loads included. */
  codeBytes: number
  /** The first call of `_run` also carries the function's prologue. */
  first: boolean
}

export interface ScheduleSizes {
  calls: CallSample[]
  /** Parameter-struct bytes per node's kernel (nodes without a struct: none). */
  params: { kernel: string; bytes: number }[]
  /** size(_run) + size(_input) + size(_output) + their offset tables. */
  apiBytes: number
}

interface Line { address: number; text: string; call?: string }

function disassemble(object: string, fn: string, cwd: string): Line[] {
  const r = run('arm-none-eabi-objdump', ['-dr', '--no-show-raw-insn', object], cwd)
  if (r.code !== 0) throw new Error(r.output)
  const lines = r.stdout.split('\n')
  const start = lines.findIndex((l) => l.endsWith(`<${fn}>:`))
  if (start < 0) throw new Error(`${fn} not in ${object}`)
  const out: Line[] = []
  for (const l of lines.slice(start + 1)) {
    if (l.trim() === '' || /^[0-9a-f]+ <.*>:$/.test(l)) break
    const reloc = /^\s*[0-9a-f]+: R_ARM_THM_(?:CALL|JUMP24)\s+(\S+)/.exec(l)
    if (reloc) { out[out.length - 1].call = reloc[1]; continue }
    const insn = /^\s*([0-9a-f]+):\t(.*)$/.exec(l)
    if (insn && !/R_ARM_/.test(l)) out.push({ address: parseInt(insn[1], 16), text: insn[2] })
  }
  return out
}

/** Compiles the package's schedule for one CPU and measures its calls, structs and API functions. */
export function scheduleSizes(pkg: BuiltPackage, cpuFlags: readonly string[], label: string): ScheduleSizes {
  const object = join(`obj-${label}`, 'schedule.o')
  const r = run('sh', ['-c', `mkdir -p obj-${label} && arm-none-eabi-gcc ${cpuFlags.join(' ')} -mthumb -O2 -std=c99 ` +
    `-ffunction-sections -fdata-sections -Iinclude -Iruntime -c src/${pkg.prefix}.c -o ${object}`], pkg.dir)
  if (r.code !== 0) throw new Error(r.output)
  const syms: ElfSymbol[] = symbols(object, pkg.dir)
  const size = (name: string) => syms.find((s) => s.name === name)?.size ?? 0
  const runName = `${pkg.prefix}_run`
  const lines = disassemble(object, runName, pkg.dir)
  const calls: CallSample[] = []
  let from = 0
  let pcLoads = 0
  let resets = false
  for (const line of lines) {
    if (/^ldr(\.w)?\s+\w+, \[pc, #/.test(line.text)) pcLoads++
    // The first run resets the state (`<prefix>_reset`, or its inlined kernel resets): the API's code, not a layer's.
    if (line.call?.endsWith('_reset')) {
      resets = true
      continue
    }
    if (line.call) {
      calls.push({ kernel: line.call, codeBytes: line.address + 4 - from + 4 * pcLoads, first: calls.length === 0 })
      from = line.address + 4
      pcLoads = 0
    }
  }
  const expected = expectedCalls(pkg.model, false, 'c').flatMap((e) => e.calls)
  if (calls.map((c) => c.kernel).join() !== expected.join()) {
    throw new Error(`${pkg.prefix}: calls in ${runName} (${calls.map((c) => c.kernel).join()}) differ from the schedule (${expected.join()})`)
  }
  const params: ScheduleSizes['params'] = []
  for (const n of pkg.model.nodes) {
    const bytes = size(`${n.symbol}_params`)
    const kernel = expectedCalls({ ...pkg.model, nodes: [n] }, false, 'c')[0]?.calls[0]
    if (bytes > 0 && kernel) params.push({ kernel, bytes })
  }
  const offsets = syms.filter((s) => /^offsets\.\d+$/.test(s.name)).reduce((sum, s) => sum + s.size, 0)
  return { calls, params,
    apiBytes: size(runName) + size(`${pkg.prefix}_input`) + size(`${pkg.prefix}_output`) + (resets ? size(`${pkg.prefix}_reset`) : 0) + offsets }
}

const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length === 0 ? 0 : s.length % 2 ? s[(s.length - 1) / 2] : Math.round((s[s.length / 2 - 1] + s[s.length / 2]) / 2)
}

export interface CallSiteModel {
  /** Bytes of one call of each kernel: median call code (calls after the first) + median struct bytes. */
  callSites: Record<string, number>
  /** Median over packages of apiBytes − Σ the package's call codes as priced by callSites' code part. */
  fixedBytes: number
  samples: Record<string, number>
}

/** The per-call and fixed schedule bytes of one CPU from several packages' measurements. */
export function callSiteModel(measured: readonly ScheduleSizes[], kernels: readonly string[]): CallSiteModel {
  const calls = measured.flatMap((m) => m.calls)
  const later = calls.filter((c) => !c.first)
  const anyCode = median(later.map((c) => c.codeBytes))
  const code: Record<string, number> = {}
  const callSites: Record<string, number> = {}
  const samples: Record<string, number> = {}
  for (const k of kernels) {
    const own = later.filter((c) => c.kernel === k).map((c) => c.codeBytes)
    code[k] = own.length > 0 ? median(own) : anyCode
    const structs = measured.flatMap((m) => m.params).filter((p) => p.kernel === k).map((p) => p.bytes)
    callSites[k] = code[k] + median(structs)
    samples[k] = own.length
  }
  const fixed = measured.map((m) => m.apiBytes - m.calls.reduce((s, c) => s + (code[c.kernel] ?? anyCode), 0))
  return { callSites, fixedBytes: median(fixed), samples }
}
