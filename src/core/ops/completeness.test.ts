/**
 * "Adding an operator" is one op file + one registry line + a kernel binding per runtime that runs it + vendor
 * entries (README). This test walks every registered op against every library, kernel runtime and exporter and
 * fails, naming what is missing, when one of them lacks what it needs.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { PRICED_KINDS } from '../estimate/cost-model-priors.ts'
import measured from '../estimate/kernel-code-sizes.measured.json' with { type: 'json' }
import sizes from '../estimate/kernel-code-sizes.json' with { type: 'json' }
import { LOWERINGS } from '../formats/onnx/export-ops.ts'
import { KERNEL_RUNTIMES, bindingOf, getKernelRuntime, kernelSite, ownBindingOf } from '../kernels/registry.ts'
import type { KernelSite } from '../kernels/types.ts'
import type { GoldenFile } from '../testing/golden/golden-cases.ts'
import { GOLDEN_FILE_STEMS } from '../testing/golden/golden-cases.ts'
import { KERNEL_ISAS } from '../targets/cores.ts'
import { LIBRARIES } from '../vendors/registry.ts'
import { OPS, OP_TYPES } from './registry.ts'

const GOLDEN_DIR = join(import.meta.dirname, '../testing/golden')
const OPS_DIR = import.meta.dirname

/** Every golden case as a kernel site (each op has cases in every scheme it has kernels for). */
function goldenSites(): KernelSite[] {
  const sites: KernelSite[] = []
  for (const name of readdirSync(GOLDEN_DIR).filter((f) => f.endsWith('.json'))) {
    const file = JSON.parse(readFileSync(join(GOLDEN_DIR, name), 'utf8')) as GoldenFile
    for (const c of file.cases) {
      const inputs = c.op === 'Input' ? [] : c.inputs.map((t) => ({ shape: t.shape, dtype: 'int8' as const, quant: t.quant }))
      const site = kernelSite(c.op, c.scheme, c.attrs, inputs, { shape: c.output.shape, dtype: 'int8', quant: c.output.quant })
      if (site) sites.push(site)
    }
  }
  return sites
}

describe('every registered operator is complete', () => {
  it('has its facets, int8 kernels, golden cases in each of its schemes, a file of its own and a priced cost kind', () => {
    const missing: string[] = []
    const sites = goldenSites()
    for (const op of OPS) {
      if (typeof op.outputQuant !== 'function' || typeof op.costKind !== 'function') missing.push(`${op.type}: defaults of defineOp`)
      if (!op.prepare || !op.evalInt8) missing.push(`${op.type}: prepare / evalInt8 (int8 engine)`)
      const stem = GOLDEN_FILE_STEMS[op.type]
      if (!stem) missing.push(`${op.type}: GOLDEN_FILE_STEMS entry`)
      else if (!readdirSync(OPS_DIR).includes(`${stem}.ts`)) missing.push(`${op.type}: ops/${stem}.ts`)
      if (op.schemes.length === 0) missing.push(`${op.type}: no scheme`)
      for (const scheme of op.schemes) {
        if (!sites.some((s) => s.op === op.type && s.scheme === scheme)) missing.push(`${op.type}: a ${scheme} golden case`)
      }
      if (op.stateSpecs && !op.initState) missing.push(`${op.type}: stateSpecs without initState`)
      for (const s of sites.filter((x) => x.op === op.type)) {
        const kind = op.costKind(s.attrs)
        if (kind !== 'none' && !(PRICED_KINDS as readonly string[]).includes(kind)) missing.push(`${op.type}: cost kind '${kind}' has no coefficients`)
      }
      if (op.weightQuant && !op.weightSpecs) missing.push(`${op.type}: weightQuant without weights`)
    }
    expect(missing).toEqual([])
  })

  it('runs on the portable runtime with a call plan, and every kernel it names has a measured code size', () => {
    const missing: string[] = []
    for (const type of OP_TYPES) {
      const b = ownBindingOf('portable', type)
      if (!b) { missing.push(`${type}: kernels/portable binding`); continue }
      if (!b.call) missing.push(`${type}: portable binding without a call plan (the C package and the wasm engine run it)`)
    }
    for (const site of goldenSites()) {
      const b = ownBindingOf('portable', site.op)
      for (const call of b?.calls(site) ?? []) {
        if (!(call.kernel in measured.portable.kernels)) missing.push(`${site.op}: no measured size for portable kernel ${call.kernel}`)
      }
      for (const isa of KERNEL_ISAS) if (!Number.isFinite(b?.scratchBytes(site, isa))) missing.push(`${site.op}: portable scratch on ${isa}`)
    }
    expect([...new Set(missing)]).toEqual([])
  })

  it('every library names a kernel runtime of its scheme, offers only registered ops, and each offered op has a priced binding', () => {
    const missing: string[] = []
    const sites = goldenSites()
    for (const library of LIBRARIES) {
      const runtime = getKernelRuntime(library.kernelRuntime)
      if (!runtime.schemes.includes(library.scheme)) missing.push(`${library.id}: runtime ${runtime.id} has no ${library.scheme} kernels`)
      for (const op of Object.keys(library.ops)) {
        if (!(OP_TYPES as readonly string[]).includes(op)) { missing.push(`${library.id}: offers unknown op ${op}`); continue }
        if (!OPS.find((d) => d.type === op)!.schemes.includes(library.scheme)) missing.push(`${library.id}: offers ${op}, which has no ${library.scheme} kernels`)
        const binding = bindingOf(runtime.id, op)
        if (!binding) { missing.push(`${library.id}: no binding for ${op} in ${runtime.id} or portable`); continue }
        // An op the vendor runtime does not override runs the portable kernel (priced from the portable sizes).
        const own = ownBindingOf(runtime.id, op) !== undefined
        for (const site of sites.filter((s) => s.op === op && s.scheme === library.scheme)) {
          for (const call of binding.calls(site)) {
            const key = `${runtime.codeSizeKey}:${call.kernel}`
            if (own && !(key in sizes.kernels)) missing.push(`${library.id}: no code size for ${key}`)
            if (!own && !(call.kernel in measured.portable.kernels)) missing.push(`${library.id}: no portable code size for ${call.kernel}`)
          }
        }
      }
      for (const op of Object.keys(runtime.bindings)) {
        if (!(op in library.ops)) missing.push(`${runtime.id}: binds ${op}, which ${library.id} does not offer`)
      }
    }
    for (const r of KERNEL_RUNTIMES) {
      for (const [op, b] of Object.entries(r.bindings)) if (b && b.op !== op) missing.push(`${r.id}: ${op} bound to ${b.op}`)
    }
    expect([...new Set(missing)]).toEqual([])
  })

  it('every exporter lowers it: ONNX (float and QDQ) and the C package', () => {
    const missing: string[] = []
    for (const type of OP_TYPES) {
      if (!LOWERINGS[type]) missing.push(`${type}: ONNX lowering (formats/onnx/export-ops.ts)`)
      if (!ownBindingOf('portable', type)?.call) missing.push(`${type}: C package call (kernels/portable)`)
    }
    expect(missing).toEqual([])
  })
})
