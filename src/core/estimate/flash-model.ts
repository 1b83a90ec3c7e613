/**
 * Flash of a deployed model = constant data + runtime code.
 *
 * Constant data (counted exactly from the graph, source 'computed'):
 *   weights  1 byte per element (int8, both libraries);
 *   biases   the library's bias type: int32 for cmsis-nn (s8), int8 (q7) for pow2-q7; int64 for a layer kept at int16;
 *   other    a weight spec's own `deployedDType` where it has one (SVDF's int16 time weights, LSTM's int32 gate biases);
 *   quant    s8 only: one int32 multiplier + one int32 shift per output channel of each weighted op (along its
 *            `weightQuant` channel axis; per-channel weights, the TFLite int8 spec; a stored int8 tensor quantized
 *            per tensor needs one pair). pow2 shifts, and the per-tensor multipliers of other s8 ops, are immediates.
 * Runtime code depends on the kernels the package links (kernel-runtime.ts); which kernel functions a layer calls
 * is its kernel binding's answer (kernels/), this file only prices them:
 *   'portable' (default; kernel-code-sizes.measured.json, scripts/measure-c-sizes.ts, source 'measurement') — the
 *     C package's own kernels at the Makefile's -O2: each runtime kernel used, once, with what it pulls in; one
 *     generated call per kernel call (its code in `<prefix>_run` + its parameter struct); the fixed zero-copy API
 *     (`_run`'s prologue and return, `_input`, `_output`); the compiler helpers (libgcc) the kernels call, each once
 *     (Cortex-M0+ only: 64-bit multiply, division). memcpy/memset are not charged: the kernels call only
 *     memset (gcc's loop distribution), and the firmware's start-up code links both (the package's MPS2 reset
 *     handler does). Input preprocessing (`_preprocess`) and `_invoke` are left out: the application may not link them.
 *   vendor runtimes 'cmsis-nn', 'cmsis5-q7' (kernel-code-sizes.json keyed by their `codeSizeKey`,
 *     bench/code-sizes/measure.ts, source 'assumption') — CMSIS-NN v7.0.0 / CMSIS_5 5.9.0 kernels built with arm-none-eabi-gcc 12.2 -Os for the target's CPU, call sites with CMSIS
 *     parameter structs, memcpy + memset (newlib-nano) once.
 * Cores without a measured CPU use a stand-in (targets/cores.ts `codeSize`): Cortex-M85 the Cortex-M55 sizes,
 * ESP32-S3 and RISC-V the Cortex-M3 sizes (portable C, Thumb-2 code density).
 */
import type { GraphNode } from '../ir/types.ts'
import { dtypeBytes, shapeSize } from '../ir/types.ts'
import { getKernelRuntime } from '../kernels/registry.ts'
import type { WeightSpec } from '../ops/op-def.ts'
import { getOp } from '../ops/registry.ts'
import { CORES } from '../targets/cores.ts'
import type { CoreId } from '../targets/types.ts'
import type { VendorLibrary } from '../vendors/types.ts'
import type { StoredEncoding } from '../quant/weight-encoding.ts'
import { encodedWeightBytes } from '../quant/weight-encoding.ts'
import sizes from './kernel-code-sizes.json' with { type: 'json' }
import measured from './kernel-code-sizes.measured.json' with { type: 'json' }
import type { FigureSource } from './report-types.ts'

export interface LayerConstants {
  /** All constant tensors of the layer as deployed (int8 weights + biases in the library's bias type). */
  weightBytes: number
  /** The bias part of weightBytes. */
  biasBytes: number
  /** Per-channel requantization multipliers and shifts (s8). */
  quantParamBytes: number
}

/**
 * Constant bytes of one layer from its weight specs (shapes the op needs) and its stored tensors; `encoding` is how its
 * 'weights' are stored (quant/weight-encoding.ts: packed indices + codebook, or bitmap + non-zero values).
 */
export function layerConstants(library: VendorLibrary, node: GraphNode, specs: readonly WeightSpec[], encoding?: StoredEncoding): LayerConstants {
  let weightBytes = 0
  let biasBytes = 0
  for (const spec of specs) {
    const n = shapeSize(spec.shape)
    const dtype = spec.deployedDType ?? (spec.name === 'bias' ? library.dtypes.bias : library.dtypes.weights)
    // A layer kept at int16 (16x8) deploys a 64-bit bias (the _s16 kernels' int64_t).
    const bytes = spec.name === 'weights' && encoding ? encodedWeightBytes(n, encoding)
      : spec.name === 'bias' && node.activations === 'int16' ? n * 8 : n * dtypeBytes(dtype)
    weightBytes += bytes
    if (spec.name === 'bias' || spec.deployedDType === 'int32') biasBytes += bytes
  }
  let quantParamBytes = 0
  const axis = getOp(node.op)?.weightQuant?.channelAxis
  const weights = specs.find((s) => s.name === 'weights')
  // An int16 FullyConnected's s16 kernel takes one multiplier and shift (per tensor): immediates in its parameter struct;
  // the int16 convolutions keep per-channel arrays.
  if (library.scheme === 's8' && axis !== undefined && weights && !(node.activations === 'int16' && node.op === 'FullyConnected')) {
    const stored = node.weights?.weights
    const storedScales = stored?.dtype === 'int8' ? stored.quant?.scale.length ?? 0 : 0
    const channels = storedScales > 0 ? storedScales : weights.shape[axis]
    quantParamBytes = channels * 8
  }
  return { weightBytes, biasBytes, quantParamBytes }
}

type SizeTable = Record<string, Record<string, number>>
const KERNELS = sizes.kernels as SizeTable
/** Kernels not measured yet, priced as the one they were written from (same steps, int16 element loads). */
const PRICED_AS: Readonly<Record<string, string>> = { tf_lstm_unidirectional_s16: 'tf_lstm_unidirectional_s8' }
const priced = (kernel: string): string => PRICED_AS[kernel] ?? kernel
const CALL_SITES = sizes.callSites as SizeTable
const LIBC = sizes.libcBytes as Record<string, number>

/** Bytes of one kernel function with its callees on a core (undefined when not measured). */
export function kernelCodeBytes(libraryId: string, kernel: string, core: CoreId): number | undefined {
  return KERNELS[`${libraryId}:${priced(kernel)}`]?.[CORES[core].codeSize.cpu]
}

/** Bytes of one generated call of a kernel, with its const parameter structs. */
export function callSiteBytes(libraryId: string, kernel: string, core: CoreId): number | undefined {
  return CALL_SITES[`${libraryId}:${priced(kernel)}`]?.[CORES[core].codeSize.cpu]
}

/** memcpy + memset of newlib-nano on a core. */
export function libcCodeBytes(core: CoreId): number {
  return LIBC[CORES[core].codeSize.cpu] ?? 0
}

/** Where the CMSIS code sizes come from, for reports. */
export const CODE_SIZE_PROVENANCE = { generator: sizes.generator, generatedAt: sizes.generatedAt, toolchain: sizes.toolchain, sources: sizes.sources }

/** Stated uncertainty of the CMSIS code sizes (stand-ins built outside the package), in percent. */
export const CODE_SIZE_ERROR_PCT = 50

// ---- the portable runtime (kernels/portable/ name these kernels; sizes measured from the package)

type CpuTable = Record<string, Record<string, number>>
const PORTABLE = measured.portable as { opt: string; kernels: CpuTable; callSites: CpuTable; fixedBytes: Record<string, number>;
  helperBytes: Record<string, Record<string, number>>; kernelHelpers: Record<string, Record<string, string[]>> }

/** Bytes of the compiler helpers (libgcc) the given portable kernels call on a CPU, each once. */
function portableHelperBytes(cpu: string, kernels: readonly string[]): number {
  const names = new Set(kernels.flatMap((k) => PORTABLE.kernelHelpers[cpu]?.[priced(k)] ?? []))
  return [...names].reduce((sum, h) => sum + (PORTABLE.helperBytes[cpu]?.[h] ?? 0), 0)
}

/**
 * Stated uncertainty of the portable code sizes, in percent of the code part. Predicted code against built packages
 * (the MLPerf models and the Digits template): within 1.0 % on Cortex-M0+, M3, M4, M7 and M33, 3.6 % on M55;
 * estimate-vs-built.test.ts asserts every one stays within this band.
 */
export const PORTABLE_CODE_ERROR_PCT = 5

/** The code-size figures of one runtime on one core, with their provenance. */
export interface CodeSizeTable {
  runtime: string
  /** The CPU whose measurements are used, and why when it stands in for the core. */
  cpu: string
  standIn: string | null
  kernelBytes(kernel: string): number | undefined
  callSiteBytes(kernel: string): number | undefined
  /**
   * Library code the given kernels share, once: CMSIS — memcpy + memset (newlib-nano); portable — the compiler
   * helpers they call (libgcc's 64-bit multiply and division on Cortex-M0+; none on Armv7-M and later).
   */
  libcBytes(kernels: readonly string[]): number
  /** Code every model links once (portable: the zero-copy API), 0 for CMSIS. */
  fixedBytes: number
  source: FigureSource
  /** Uncertainty of the code part, in percent. */
  errorPct: number
  basis: string
}

const TABLES = new Map<string, CodeSizeTable>()

/** The code-size figures of a kernel runtime (kernels/registry.ts id) on a core (static data: built once per pair). */
export function codeSizeTable(runtimeId: string, core: CoreId): CodeSizeTable {
  const key = `${runtimeId}|${core}`
  let table = TABLES.get(key)
  if (!table) {
    table = buildCodeSizeTable(runtimeId, core)
    TABLES.set(key, table)
  }
  return table
}

/** A lookup remembered per key (the tables are static). */
function remembered<T>(fn: (k: string) => T): (k: string) => T {
  const cache = new Map<string, T>()
  return (k) => {
    if (cache.has(k)) return cache.get(k) as T
    const v = fn(k)
    cache.set(k, v)
    return v
  }
}

function buildCodeSizeTable(runtimeId: string, core: CoreId): CodeSizeTable {
  const { cpu, standIn } = CORES[core].codeSize
  if (runtimeId !== 'portable') {
    const libraryId = getKernelRuntime(runtimeId).codeSizeKey
    return {
      runtime: runtimeId, cpu, standIn: standIn ?? null, libcBytes: (k) => (k.length > 0 ? LIBC[cpu] ?? 0 : 0), fixedBytes: 0, source: 'assumption',
      errorPct: CODE_SIZE_ERROR_PCT,
      // TinyForge's own kernels (tf_*) a vendor build links — ops the vendor lacks (e.g. Exit) and the decoding kernels
      // of encoded weights — are compiled into it: their portable sizes.
      kernelBytes: remembered((name) => { const k = priced(name); return KERNELS[`${libraryId}:${k}`]?.[cpu] ?? (k.startsWith('tf_') ? PORTABLE.kernels[k]?.[cpu] : undefined) }),
      callSiteBytes: remembered((name) => { const k = priced(name); return CALL_SITES[`${libraryId}:${k}`]?.[cpu] ?? (k.startsWith('tf_') ? PORTABLE.callSites[k]?.[cpu] : undefined) }),
      basis: `CMSIS kernel sizes measured for ${cpu} (±${CODE_SIZE_ERROR_PCT} %, built outside the package, -Os)`,
    }
  }
  return {
    runtime: runtimeId, cpu, standIn: standIn ?? null, libcBytes: (k) => portableHelperBytes(cpu, k), fixedBytes: PORTABLE.fixedBytes[cpu] ?? 0,
    source: standIn ? 'assumption' : 'measurement', errorPct: PORTABLE_CODE_ERROR_PCT,
    kernelBytes: (k) => PORTABLE.kernels[priced(k)]?.[cpu], callSiteBytes: (k) => PORTABLE.callSites[priced(k)]?.[cpu],
    basis: `portable kernel, call and API sizes of the C package measured for ${cpu} at ${PORTABLE.opt} ` +
      `(±${PORTABLE_CODE_ERROR_PCT} %, checked against built packages), compiler helpers once; memcpy/memset are the start-up code's`,
  }
}
