/**
 * Flash of a deployed model = constant data + runtime code.
 *
 * Constant data (counted exactly from the graph, source 'computed'):
 *   weights  1 byte per element (int8, both libraries);
 *   biases   the library's bias type: int32 for cmsis-nn (s8), int8 (q7) for pow2-q7;
 *   quant    s8 only: one int32 multiplier + one int32 shift per output channel of Conv2D, DepthwiseConv2D and
 *            FullyConnected (per-channel weights, the TFLite int8 spec; a stored int8 tensor quantized per tensor
 *            needs one pair). pow2 shifts, and the per-tensor multipliers of other s8 ops, are immediates of the call.
 * Runtime code (source 'assumption'; numbers in kernel-code-sizes.json, measured by bench/code-sizes/measure.ts):
 *   kernels     each distinct kernel function the layers call, once, with everything it pulls in — the size of the
 *               CMSIS-NN v7.0.0 / CMSIS_5 5.9.0 kernel built with arm-none-eabi-gcc 12.2 -Os for the target's CPU,
 *               standing in for the C package's kernels until their sizes are measured;
 *   call sites  one generated call per kernel call of a layer, with its const parameter structs;
 *   libc        memcpy + memset (newlib-nano), once.
 * Cores without a measured CPU use a stand-in: Cortex-M85 the Cortex-M55 sizes (same Armv8.1-M + Helium ISA; gcc 12.2
 * has no -mcpu=cortex-m85), ESP32-S3 and RISC-V the Cortex-M3 sizes (CMSIS-NN's portable C path, Thumb-2 code density).
 */
import type { Attrs, GraphNode, Shape, TensorInfo } from '../ir/types.ts'
import { dtypeBytes, shapeSize } from '../ir/types.ts'
import type { WeightSpec } from '../ops/op-def.ts'
import type { CoreId } from '../targets/types.ts'
import type { VendorLibrary } from '../vendors/types.ts'
import sizes from './kernel-code-sizes.json' with { type: 'json' }

export interface LayerConstants {
  /** All constant tensors of the layer as deployed (int8 weights + biases in the library's bias type). */
  weightBytes: number
  /** The bias part of weightBytes. */
  biasBytes: number
  /** Per-channel requantization multipliers and shifts (s8). */
  quantParamBytes: number
}

const PER_CHANNEL_OPS: Readonly<Record<string, number>> = { Conv2D: 0, DepthwiseConv2D: 3, FullyConnected: 0 }

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
  const axis = PER_CHANNEL_OPS[node.op]
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
 * The kernel calls of a layer, or undefined when the library has no code-size table or no kernel for the op
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

/** Where the code sizes come from, for reports. */
export const CODE_SIZE_PROVENANCE = { generator: sizes.generator, generatedAt: sizes.generatedAt, toolchain: sizes.toolchain, sources: sizes.sources }

/** Stated uncertainty of the code-size stand-ins (the C package's own kernels may differ), in percent. */
export const CODE_SIZE_ERROR_PCT = 50
