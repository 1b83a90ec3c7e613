/**
 * Which kernels the exported C package links, and what that changes in the estimate (method: docs/estimator.md).
 *   'portable' — TinyForge's own portable C99 runtime (src/core/codegen/c/runtime), what a plain `make` builds;
 *   'cmsis-nn' — the vendor library's kernels: CMSIS-NN s8 (`-DTINYFORGE_USE_CMSIS_NN`), or CMSIS_5's legacy q7
 *                kernels for pow2-q7 (the package itself always builds pow2 with the portable kernels).
 * Default (`defaultKernelRuntime`): the vendor's kernels for an s8 library — choosing `cmsis-nn` means deploying with
 * CMSIS-NN, and that is what the cost model is fitted to — and the portable runtime for pow2, the only one the
 * package builds for it.
 * This file holds the portable runtime's RAM rule and its latency relative to CMSIS-NN; its kernel scratch is its
 * bindings' (kernels/portable/), its code sizes are in flash-model.ts. All figures come from kernel-code-sizes.measured.json
 * (scripts/measure-c-sizes.ts): instructions per inference counted under QEMU for both builds of the same packages.
 *
 * Latency (portable) = the CMSIS-NN cost model's cycles × (portable ÷ CMSIS-NN instructions) for the op kind on the
 * core's CMSIS-NN code path, measured on Cortex-M4/M7/M33 ('dsp') and Cortex-M3 ('c'). Instructions are not
 * cycles: the ratio assumes both builds retire instructions at the same rate on one core. Source 'scaled' on the
 * cores measured, 'assumption' elsewhere: Cortex-M0+, ESP32-S3 and RISC-V take the 'c' ratios of the Cortex-M3;
 * the Helium cores, whose portable kernels take their DSP-extension paths (32-bit SIMD, no Helium vectors), are priced
 * as an Armv8-M / Armv7E-M stand-in (Cortex-M55 as the Cortex-M33, Cortex-M85 as the dual-issue Cortex-M7) with that
 * core's 'dsp' ratios, plus HELIUM_STANDIN_ERROR_PCT.
 */
import type { QuantScheme } from '../quant/scheme.ts'
import { CORES } from '../targets/cores.ts'
import type { CoreId } from '../targets/types.ts'
import type { VendorLibrary } from '../vendors/types.ts'
import type { OpKind } from '../ops/op-def.ts'
import measured from './kernel-code-sizes.measured.json' with { type: 'json' }
import type { FigureSource } from './report-types.ts'

/**
 * The user's kernels choice: 'portable', or 'cmsis-nn' = the library's vendor kernels (CMSIS-NN for cmsis-nn, CMSIS_5's
 * q7 kernels for pow2-q7; the id is kept from when CMSIS-NN was the only vendor, so saved choices and `--runtime`
 * stay valid). `runtimeIdOf` resolves it to a kernel runtime of kernels/registry.ts.
 */
export type KernelRuntime = 'portable' | 'cmsis-nn'

export const KERNEL_RUNTIMES: readonly KernelRuntime[] = ['portable', 'cmsis-nn']

/** The kernel runtime (kernels/registry.ts id) a choice means for a library. */
export function runtimeIdOf(choice: KernelRuntime, library: Pick<VendorLibrary, 'kernelRuntime'>): string {
  return choice === 'portable' ? 'portable' : library.kernelRuntime
}

/** The runtime an estimate assumes unless told otherwise: the vendor kernels for s8, the portable ones for pow2. */
export function defaultKernelRuntime(scheme: QuantScheme): KernelRuntime {
  return scheme === 's8' ? 'cmsis-nn' : 'portable'
}

/**
 * Static RAM of the portable package beyond the planned arena (c-source-parts.ts, package-sources.ts): the arena
 * array has one guard word after the planned bytes, and the scratch array is whole words — linked only when a
 * kernel uses it (the linker drops the unreferenced array when no layer needs scratch).
 */
export function portableStaticRam(scratchBytes: number): { scratchBytes: number; overheadBytes: number } {
  return { scratchBytes: Math.ceil(scratchBytes / 4) * 4, overheadBytes: 4 }
}

type PathRatios = Record<string, { ratio: number; errorPct: number; maxDeviationPct: number; portable: number; cmsisNn: number; packages: number }>
const RATIOS = measured.ratios as Record<'c' | 'dsp', PathRatios>

/** Added to the stated error of the Helium stand-ins (not measured: QEMU 7.2 cannot run Helium). */
export const HELIUM_STANDIN_ERROR_PCT = 25

/** The smallest error band a ratio carries: layer shapes outside the measured packages move it. */
export const MIN_RATIO_ERROR_PCT = 10

export interface RuntimeLatencyScale {
  /** The core whose CMSIS-NN cost model is scaled (a stand-in for Helium cores). */
  costCore: CoreId
  ratio: number
  source: FigureSource
  errorPct: number
}

/** How the portable runtime's cycles of an op kind follow from the CMSIS-NN cost model on a core. */
export function portableLatencyScale(core: CoreId, kind: OpKind): RuntimeLatencyScale {
  const p = CORES[core].portable
  const table = RATIOS[p.path]
  // 'unknown' is priced as elementwise by the cost model; a kind without a measured ratio takes the path's pooled one.
  const r = table[kind === 'unknown' ? 'elementwise' : kind] ?? pooled(p.path)
  const helium = p.costCore !== core ? HELIUM_STANDIN_ERROR_PCT : 0
  const errorPct = Math.max(MIN_RATIO_ERROR_PCT, r.errorPct) + helium
  return { costCore: p.costCore, ratio: r.ratio, source: p.measured && table[kind] ? 'scaled' : 'assumption', errorPct }
}

const pooledCache = new Map<string, PathRatios[string]>()
function pooled(path: 'c' | 'dsp'): PathRatios[string] {
  let r = pooledCache.get(path)
  if (!r) {
    const rows = Object.values(RATIOS[path])
    const portable = rows.reduce((s, x) => s + x.portable, 0)
    const cmsisNn = rows.reduce((s, x) => s + x.cmsisNn, 0)
    const deviation = rows.map((x) => Math.abs(x.ratio / (portable / cmsisNn) - 1) * 100)
    const errorPct = rows.reduce((s, x, i) => s + x.cmsisNn * deviation[i], 0) / cmsisNn
    r = { ratio: portable / cmsisNn, errorPct, maxDeviationPct: Math.max(...deviation), portable, cmsisNn, packages: 0 }
    pooledCache.set(path, r)
  }
  return r
}

/** One sentence on how a core's portable latency is derived, for the report's basis. */
export function portableLatencyBasis(core: CoreId): string {
  const p = CORES[core].portable
  const how = p.note ?? `ratios measured on the ${p.path === 'dsp' ? 'DSP' : 'plain-C'} path`
  return `× portable ÷ CMSIS-NN instructions per op kind (${measured.cmsisNn}, counted under QEMU; ${how})`
}
