/**
 * Flash of a deployed model = constant data + runtime code.
 *
 * Constant data (counted exactly from the graph, source 'computed'):
 *   weights  1 byte per element (int8, both libraries);
 *   biases   the library's bias type: int32 for cmsis-nn (s8), int8 (q7) for pow2-q7;
 *   quant    s8 only: one int32 multiplier + one int32 shift per output channel of each weighted op (its
 *            `weightQuant` channel axis: Conv2D, DepthwiseConv2D, FullyConnected; per-channel weights, the TFLite int8 spec; a stored int8 tensor quantized per tensor
 *            needs one pair). pow2 shifts, and the per-tensor multipliers of other s8 ops, are immediates of the call.
 * Runtime code depends on the kernels the package links (kernel-runtime.ts):
 *   'portable' (default; kernel-code-sizes.measured.json, scripts/measure-c-sizes.ts, source 'measurement') — the
 *     C package's own kernels at the Makefile's -O2: each runtime kernel used, once, with what it pulls in; one
 *     generated call per kernel call (its code in `<prefix>_run` + its parameter struct); the fixed zero-copy API
 *     (`_run`'s prologue and return, `_input`, `_output`); the compiler helpers (libgcc) the kernels call, each once
 *     (Cortex-M0+ only: 64-bit multiply, division). memcpy/memset are not charged: the kernels call only
 *     memset (gcc's loop distribution), and the firmware's start-up code links both (the package's MPS2 reset
 *     handler does). Input preprocessing (`_preprocess`) and `_invoke` are left out: the application may not link them.
 *   'cmsis-nn' (kernel-code-sizes.json, bench/code-sizes/measure.ts, source 'assumption') — CMSIS-NN v7.0.0 /
 *     CMSIS_5 5.9.0 kernels built with arm-none-eabi-gcc 12.2 -Os for the target's CPU, call sites with CMSIS
 *     parameter structs, memcpy + memset (newlib-nano) once.
 * Cores without a measured CPU use a stand-in: Cortex-M85 the Cortex-M55 sizes (same Armv8.1-M + Helium ISA; gcc 12.2
 * has no -mcpu=cortex-m85), ESP32-S3 and RISC-V the Cortex-M3 sizes (portable C, Thumb-2 code density).
 */
import type { Attrs, GraphNode, Shape, TensorInfo } from '../ir/types.ts'
import { dtypeBytes, shapeSize } from '../ir/types.ts'
import type { WeightSpec } from '../ops/op-def.ts'
import { getOp } from '../ops/registry.ts'
import type { QuantScheme } from '../quant/scheme.ts'
import type { CoreId } from '../targets/types.ts'
import type { VendorLibrary } from '../vendors/types.ts'
import type { KernelRuntime } from './kernel-runtime.ts'
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

/** Constant bytes of one layer from its weight specs (shapes the op needs) and its stored tensors. */
export function layerConstants(library: VendorLibrary, node: GraphNode, specs: readonly WeightSpec[]): LayerConstants {
  let weightBytes = 0
  let biasBytes = 0
  for (const spec of specs) {
    const bytes = shapeSize(spec.shape) * (spec.name === 'bias' ? dtypeBytes(library.dtypes.bias) : dtypeBytes(library.dtypes.weights))
    weightBytes += bytes
    if (spec.name === 'bias') biasBytes += bytes
  }
  let quantParamBytes = 0
  const axis = getOp(node.op)?.weightQuant?.channelAxis
  const weights = specs.find((s) => s.name === 'weights')
  if (library.scheme === 's8' && axis !== undefined && weights) {
    const stored = node.weights?.weights
    const storedScales = stored?.dtype === 'int8' ? stored.quant?.scale.length ?? 0 : 0
    const channels = storedScales > 0 ? storedScales : weights.shape[axis]
    quantParamBytes = channels * 8
  }
  return { weightBytes, biasBytes, quantParamBytes }
}

/** A kernel function a layer calls, and how many times. */
export interface KernelCall {
  kernel: string
  calls: number
}

type KernelRule = (attrs: Attrs, inputs: readonly TensorInfo[], output: Shape) => KernelCall[]

const once = (kernel: string): KernelRule => () => [{ kernel, calls: 1 }]
const perInput = (kernel: string): KernelRule => (_a, inputs) => [{ kernel, calls: Math.max(1, inputs.length) }]
const none: KernelRule = () => []

/** pow2-q7 Conv2D: the kernel arm_convolve_HWC_q7_* picks by its own argument checks (CMSIS_5 5.9.0). */
const pow2Conv: KernelRule = (attrs, inputs, output) => {
  const cin = inputs[0]?.shape[3] ?? 0
  const cout = output[3] ?? 0
  if (cin % 4 !== 0 || cout % 2 !== 0) return [{ kernel: 'arm_convolve_HWC_q7_basic_nonsquare', calls: 1 }]
  // A 1×1 window at stride 1 never pads (TFLite 'same' and 'valid' alike), as the 1×1 kernel requires.
  const oneByOne = attrs.kernelH === 1 && attrs.kernelW === 1 && attrs.strideH === 1 && attrs.strideW === 1
  return [{ kernel: oneByOne ? 'arm_convolve_1x1_HWC_q7_fast_nonsquare' : 'arm_convolve_HWC_q7_fast_nonsquare', calls: 1 }]
}

/** arm_relu_q7 takes a uint16_t size: one call per 65535 values. */
const pow2Relu: KernelRule = (_a, _i, output) => [{ kernel: 'arm_relu_q7', calls: Math.max(1, Math.ceil(shapeSize(output) / 65535)) }]

/** Which kernel functions each op runs, per library (the vendor files name them; Reshape/Flatten alias: no call). */
const KERNEL_RULES: Readonly<Record<string, Readonly<Record<string, KernelRule>>>> = {
  'cmsis-nn': {
    Input: none, Reshape: none, Flatten: none,
    Conv2D: once('arm_convolve_wrapper_s8'),
    DepthwiseConv2D: once('arm_depthwise_conv_wrapper_s8'),
    FullyConnected: once('arm_fully_connected_wrapper_s8'),
    MaxPool2D: once('arm_max_pool_s8'),
    AvgPool2D: once('arm_avgpool_s8'),
    GlobalAveragePool: once('arm_avgpool_s8'),
    Add: once('arm_elementwise_add_s8'),
    Concat: perInput('arm_concatenation_s8_x'),
    Softmax: once('arm_softmax_s8'),
    Pad: once('arm_pad_s8'),
    ReLU: once('tinyforge_relu_s8'),
    ReLU6: once('tinyforge_relu_s8'),
  },
  'pow2-q7': {
    Input: none, Reshape: none, Flatten: none,
    Conv2D: pow2Conv,
    DepthwiseConv2D: once('arm_depthwise_separable_conv_HWC_q7_nonsquare'),
    FullyConnected: once('arm_fully_connected_q7'),
    MaxPool2D: once('arm_maxpool_q7_HWC'),
    AvgPool2D: once('arm_avepool_q7_HWC'),
    GlobalAveragePool: once('arm_avepool_q7_HWC'),
    Add: once('arm_add_q7'),
    Concat: perInput('arm_concatenation_s8_x'),
    Softmax: once('arm_softmax_with_batch_q7'),
    ReLU: pow2Relu,
    ReLU6: once('arm_clip_q7'),
  },
}

/**
 * The CMSIS kernel calls of a layer, or undefined when the library has no code-size table or no kernel for the op
 * (the layer's code is then unknown and reported so).
 */
export function kernelCallsOf(libraryId: string, op: string, attrs: Attrs, inputs: readonly TensorInfo[], output: Shape): KernelCall[] | undefined {
  return KERNEL_RULES[libraryId]?.[op]?.(attrs, inputs, output)
}

const CPU_OF: Readonly<Record<CoreId, { cpu: string; standIn?: string }>> = {
  'cortex-m0plus': { cpu: 'cortex-m0plus' }, 'cortex-m3': { cpu: 'cortex-m3' }, 'cortex-m4': { cpu: 'cortex-m4' },
  'cortex-m7': { cpu: 'cortex-m7' }, 'cortex-m33': { cpu: 'cortex-m33' }, 'cortex-m55': { cpu: 'cortex-m55' },
  'cortex-m85': { cpu: 'cortex-m55', standIn: 'Cortex-M55 sizes (same Armv8.1-M + Helium ISA; gcc 12.2 cannot target the M85)' },
  'esp32-s3': { cpu: 'cortex-m3', standIn: 'Cortex-M3 sizes of the portable C path (no Xtensa toolchain measured)' },
  riscv32: { cpu: 'cortex-m3', standIn: 'Cortex-M3 sizes of the portable C path (no RISC-V toolchain measured)' },
}

/** The measured CPU whose sizes a core uses, and why when it is a stand-in. */
export function codeSizeCpuOf(core: CoreId): { cpu: string; standIn?: string } {
  return CPU_OF[core]
}

type SizeTable = Record<string, Record<string, number>>
const KERNELS = sizes.kernels as SizeTable
const CALL_SITES = sizes.callSites as SizeTable
const LIBC = sizes.libcBytes as Record<string, number>

/** Bytes of one kernel function with its callees on a core (undefined when not measured). */
export function kernelCodeBytes(libraryId: string, kernel: string, core: CoreId): number | undefined {
  return KERNELS[`${libraryId}:${kernel}`]?.[CPU_OF[core].cpu]
}

/** Bytes of one generated call of a kernel, with its const parameter structs. */
export function callSiteBytes(libraryId: string, kernel: string, core: CoreId): number | undefined {
  return CALL_SITES[`${libraryId}:${kernel}`]?.[CPU_OF[core].cpu]
}

/** memcpy + memset of newlib-nano on a core. */
export function libcCodeBytes(core: CoreId): number {
  return LIBC[CPU_OF[core].cpu] ?? 0
}

/** Where the CMSIS code sizes come from, for reports. */
export const CODE_SIZE_PROVENANCE = { generator: sizes.generator, generatedAt: sizes.generatedAt, toolchain: sizes.toolchain, sources: sizes.sources }

/** Stated uncertainty of the CMSIS code sizes (stand-ins built outside the package), in percent. */
export const CODE_SIZE_ERROR_PCT = 50

// ---- the portable runtime (codegen/c/kernel-emit.ts picks these kernels; sizes measured from the package)

const s8OrQ7 = (s8: string, q7: string) => (scheme: QuantScheme): KernelRule => once(scheme === 's8' ? s8 : q7)
const sameQuant = (a: TensorInfo | undefined, b: TensorInfo | undefined) => a?.quant === undefined || b?.quant === undefined ||
  (a.quant.scale[0] === b.quant.scale[0] && (a.quant.zeroPoint[0] ?? 0) === (b.quant.zeroPoint[0] ?? 0))

const PORTABLE_RULES: Readonly<Record<string, (scheme: QuantScheme, output: TensorInfo) => KernelRule>> = {
  Input: () => none, Reshape: () => none, Flatten: () => none,
  Conv2D: s8OrQ7('tf_convolve_s8', 'tf_convolve_q7'),
  DepthwiseConv2D: s8OrQ7('tf_depthwise_conv_s8', 'tf_depthwise_conv_q7'),
  FullyConnected: s8OrQ7('tf_fully_connected_s8', 'tf_fully_connected_q7'),
  MaxPool2D: () => once('tf_max_pool_s8'),
  AvgPool2D: s8OrQ7('tf_avgpool_s8', 'tf_avgpool_q7'),
  // s8 GlobalAveragePool keeps its quantization (avgpool) or requantizes (TFLite MEAN), as its prepare decides.
  GlobalAveragePool: (scheme, output) => scheme === 'pow2' ? once('tf_avgpool_q7')
    : (attrs, inputs, shape) => once(sameQuant(inputs[0], output) ? 'tf_avgpool_s8' : 'tf_mean_s8')(attrs, inputs, shape),
  Add: s8OrQ7('tf_elementwise_add_s8', 'tf_add_q7'),
  Concat: () => perInput('tf_concatenation_s8'),
  Softmax: s8OrQ7('tf_softmax_s8', 'tf_softmax_q7'),
  Pad: () => once('tf_pad_s8'),
  ReLU: s8OrQ7('tf_relu_s8', 'tf_relu_q7'),
  ReLU6: s8OrQ7('tf_relu_s8', 'tf_relu_q7'),
}

/** The portable runtime's kernel calls of a layer (undefined for an op without a kernel). */
export function portableKernelCallsOf(scheme: QuantScheme, op: string, attrs: Attrs, inputs: readonly TensorInfo[],
  output: TensorInfo): KernelCall[] | undefined {
  return PORTABLE_RULES[op]?.(scheme, output)(attrs, inputs, output.shape)
}

type CpuTable = Record<string, Record<string, number>>
const PORTABLE = measured.portable as { opt: string; kernels: CpuTable; callSites: CpuTable; fixedBytes: Record<string, number>;
  helperBytes: Record<string, Record<string, number>>; kernelHelpers: Record<string, Record<string, string[]>> }

/** Bytes of the compiler helpers (libgcc) the given portable kernels call on a CPU, each once. */
function portableHelperBytes(cpu: string, kernels: readonly string[]): number {
  const names = new Set(kernels.flatMap((k) => PORTABLE.kernelHelpers[cpu]?.[k] ?? []))
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
  runtime: KernelRuntime
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

export function codeSizeTable(runtime: KernelRuntime, libraryId: string, core: CoreId): CodeSizeTable {
  const { cpu, standIn } = CPU_OF[core]
  if (runtime === 'cmsis-nn') {
    return {
      runtime, cpu, standIn: standIn ?? null, libcBytes: (k) => (k.length > 0 ? LIBC[cpu] ?? 0 : 0), fixedBytes: 0, source: 'assumption',
      errorPct: CODE_SIZE_ERROR_PCT,
      kernelBytes: (k) => KERNELS[`${libraryId}:${k}`]?.[cpu], callSiteBytes: (k) => CALL_SITES[`${libraryId}:${k}`]?.[cpu],
      basis: `CMSIS kernel sizes measured for ${cpu} (±${CODE_SIZE_ERROR_PCT} %, built outside the package, -Os)`,
    }
  }
  return {
    runtime, cpu, standIn: standIn ?? null, libcBytes: (k) => portableHelperBytes(cpu, k), fixedBytes: PORTABLE.fixedBytes[cpu] ?? 0,
    source: standIn ? 'assumption' : 'measurement', errorPct: PORTABLE_CODE_ERROR_PCT,
    kernelBytes: (k) => PORTABLE.kernels[k]?.[cpu], callSiteBytes: (k) => PORTABLE.callSites[k]?.[cpu],
    basis: `portable kernel, call and API sizes of the C package measured for ${cpu} at ${PORTABLE.opt} ` +
      `(±${PORTABLE_CODE_ERROR_PCT} %, checked against built packages), compiler helpers once; memcpy/memset are the start-up code's`,
  }
}
