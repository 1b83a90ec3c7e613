/**
 * The CMSIS-NN variant of an s8 node's call (compiled with -DTINYFORGE_USE_CMSIS_NN): CMSIS-NN's own
 * functions and parameter structs (cmsis_nn_context / _dims / _conv_params / …) filled from the same frozen
 * OpData, so the outputs are the same bytes. Written against CMSIS-NN v7.0.0 (Include/arm_nnfunctions.h); the
 * functions used are unchanged on CMSIS-NN main (see vendors/cmsis-nn).
 *
 * Ops without a CMSIS-NN s8 kernel keep the portable call in both builds: Input preprocessing, standalone ReLU /
 * ReLU6 (CMSIS-NN's arm_relu6_s8 ignores quantization), GlobalAveragePool with requantization (TFLite MEAN), and
 * the aliased Reshape / Flatten — as TensorFlow Lite Micro runs its reference kernels next to CMSIS-NN.
 *
 * Scratch: `scratch` bounds the `*_get_buffer_size` answer of each CMSIS-NN code path (plain C, DSP, Helium; Arm
 * Compiler's 1×1 variant included); the generated file reserves the figure of the path CMSIS-NN itself selects
 * (ARM_MATH_MVEI / ARM_MATH_DSP), and every call still checks the function's real answer against TF_SCRATCH_BYTES
 * at run time, returning TF_STATUS_SCRATCH instead of overflowing.
 */
import type { AddOpData } from '../../ops/add.ts'
import type { ConcatOpData } from '../../ops/concat.ts'
import type { DepthwiseOpData } from '../../ops/depthwise-conv2d.ts'
import type { FullyConnectedOpData } from '../../ops/fully-connected.ts'
import type { GlobalAveragePoolOpData } from '../../ops/global-average-pool.ts'
import type { PadOpData } from '../../ops/pad.ts'
import type { SoftmaxOpData } from '../../ops/softmax.ts'
import { cInit } from './c-syntax.ts'
import type { CallIo, CallVariant, KernelNode } from './kernel-emit.ts'

/**
 * Upper bounds of the scratch CMSIS-NN asks for, per code path CMSIS-NN compiles (its own ARM_MATH_* choice):
 * plain C, DSP (ARM_MATH_DSP, e.g. Cortex-M4/M7/M33) and Helium (ARM_MATH_MVEI, Cortex-M55/M85).
 */
export interface CmsisScratch {
  c: number
  dsp: number
  mve: number
}

export type CmsisVariant = CallVariant & { scratch: CmsisScratch; kernel: string }

const NO_SCRATCH: CmsisScratch = { c: 0, dsp: 0, mve: 0 }

/** CMSIS-NN's arm_concatenation_s8_x takes uint16_t extents. */
const UINT16_MAX = 65535

const decl = (type: string, name: string, value: unknown) => `static const ${type} ${name} = ${cInit(value)};`
const nhwc = (shape: readonly number[]) => shape.length === 4
  ? { n: 1, h: shape[1], w: shape[2], c: shape[3] }
  : { n: 1, h: 1, w: 1, c: shape.reduce((p, d) => p * d, 1) }
const tile = (w: number, h: number) => ({ w, h })
const act = (min: number, max: number) => ({ min, max })
const align4 = (n: number) => Math.ceil(n / 4) * 4
const biasRef = (node: KernelNode) => (node.weights.bias ? `${node.symbol}_bias` : 'NULL')
const CTX = 'const cmsis_nn_context ctx = {.buf = tf_scratch, .size = TF_SCRATCH_BYTES};'
const scratchCheck = (call: string) => `if (${call} > TF_SCRATCH_BYTES) return TF_STATUS_SCRATCH;`

/**
 * arm_convolve_wrapper_s8_get_buffer_size (CMSIS-NN v7.0.0 arm_convolve_get_buffer_sizes_s8.c), bounded above:
 * a 1×1 unpadded, undilated window needs none (Arm Compiler's 1×1 fast kernel 2·C int16 at stride 1); otherwise
 * the im2col of arm_convolve_s8, 2·align4(C·kh·kw) int16 (C/DSP) or 4·⌈C·kh·kw/16⌉·16 int8 (Helium, whose 1×N
 * variant for H = 1 needs at most (kw + pad_left + 1)·C).
 */
export function convScratch(cin: number, kh: number, kw: number, inputH: number, padLeft: number, padTop: number,
  dilated: boolean, unitStride: boolean): CmsisScratch {
  const cols = kh * kw * cin
  if (kh === 1 && kw === 1 && padLeft === 0 && padTop === 0 && !dilated) {
    const fast = unitStride ? 4 * cin : 0
    return { c: fast, dsp: fast, mve: 0 }
  }
  const oneByN = inputH === 1 && kh === 1 ? (kw + padLeft + 1) * cin : 0
  return { c: 4 * align4(cols), dsp: 4 * align4(cols), mve: Math.max(4 * 16 * Math.ceil(cols / 16), oneByN) }
}

const maxScratch = (a: CmsisScratch, b: CmsisScratch): CmsisScratch =>
  ({ c: Math.max(a.c, b.c), dsp: Math.max(a.dsp, b.dsp), mve: Math.max(a.mve, b.mve) })

function conv(node: KernelNode, io: CallIo): CmsisVariant {
  const d = node.opData as DepthwiseOpData
  const s = node.symbol
  const [, H, , C] = d.inputShape
  const OC = d.outputShape[3]
  const depthwise = node.op === 'DepthwiseConv2D'
  const common = {
    input_offset: d.inputOffset, output_offset: d.outputOffset,
    ...(depthwise ? { ch_mult: d.depthMultiplier } : {}),
    stride: tile(d.strideW, d.strideH), padding: tile(d.padLeft, d.padTop), dilation: tile(d.dilationW, d.dilationH),
    activation: act(d.actMin, d.actMax),
  }
  const filter = depthwise ? { n: 1, h: d.kernelH, w: d.kernelW, c: OC } : { n: OC, h: d.kernelH, w: d.kernelW, c: C }
  const declarations = [
    decl(depthwise ? 'cmsis_nn_dw_conv_params' : 'cmsis_nn_conv_params', `${s}_cmsis_params`, common),
    decl('cmsis_nn_dims', `${s}_cmsis_input`, nhwc(d.inputShape)),
    decl('cmsis_nn_dims', `${s}_cmsis_filter`, filter),
    decl('cmsis_nn_dims', `${s}_cmsis_bias`, { n: 1, h: 1, w: 1, c: OC }),
    decl('cmsis_nn_dims', `${s}_cmsis_output`, nhwc(d.outputShape)),
  ]
  const fn = depthwise ? 'arm_depthwise_conv_wrapper_s8' : 'arm_convolve_wrapper_s8'
  const dimsArgs = `&${s}_cmsis_params, &${s}_cmsis_input, &${s}_cmsis_filter, &${s}_cmsis_output`
  const statements = [
    '{',
    `    const cmsis_nn_per_channel_quant_params quant = {.multiplier = (int32_t *)${s}_multipliers, .shift = (int32_t *)${s}_shifts};`,
    `    ${CTX}`,
    `    ${scratchCheck(`${fn}_get_buffer_size(${dimsArgs})`)}`,
    `    TF_CMSIS_CHECK(${fn}(&ctx, &${s}_cmsis_params, &quant, &${s}_cmsis_input, ${io.inputs[0]}, &${s}_cmsis_filter, ` +
      `${s}_weights, &${s}_cmsis_bias, ${biasRef(node)}, &${s}_cmsis_output, ${io.output}));`,
    '}',
  ]
  const kh = d.kernelH
  const kw = d.kernelW
  const dilated = d.dilationH !== 1 || d.dilationW !== 1
  const unitStride = d.strideH === 1 && d.strideW === 1
  let scratch: CmsisScratch
  if (!depthwise) scratch = convScratch(C, kh, kw, H, d.padLeft, d.padTop, dilated, unitStride)
  else {
    // arm_depthwise_conv_wrapper_s8_get_buffer_size: the _opt kernel (multiplier 1, no dilation) needs C·kh·kw int16
    // on DSP cores unless the 3×3 kernel (padding ≤ 1) runs, 4·124·kh·kw on Helium; Helium turns a one-channel
    // input into a convolution (its scratch + OC·kh·kw).
    const opt = C === OC && !dilated
    const threeByThree = kh === 3 && kw === 3 && d.padTop <= 1 && d.padLeft <= 1
    const oneChannel = C === 1 ? convScratch(1, kh, kw, H, d.padLeft, d.padTop, dilated, unitStride).mve + OC * kh * kw : 0
    scratch = { c: 0, dsp: opt && !threeByThree ? 2 * C * kh * kw : 0, mve: Math.max(opt ? 4 * 124 * kh * kw : 0, oneChannel) }
  }
  return { kernel: fn, declarations, statements, scratch }
}

function fullyConnected(node: KernelNode, io: CallIo): CmsisVariant {
  const d = node.opData as FullyConnectedOpData
  const s = node.symbol
  const perChannel = d.multipliers.length > 1
  const declarations = [
    decl('cmsis_nn_fc_params', `${s}_cmsis_params`, { input_offset: d.inputOffset, filter_offset: 0, output_offset: d.outputOffset,
      activation: act(d.actMin, d.actMax) }),
    decl('cmsis_nn_dims', `${s}_cmsis_input`, { n: 1, h: 1, w: 1, c: d.inputLength }),
    decl('cmsis_nn_dims', `${s}_cmsis_filter`, { n: d.inputLength, h: 1, w: 1, c: d.units }),
    decl('cmsis_nn_dims', `${s}_cmsis_bias`, { n: 1, h: 1, w: 1, c: d.units }),
    decl('cmsis_nn_dims', `${s}_cmsis_output`, { n: 1, h: 1, w: 1, c: d.units }),
  ]
  const statements = [
    '{',
    `    const cmsis_nn_quant_params quant = {.multiplier = (int32_t *)${s}_multipliers, .shift = (int32_t *)${s}_shifts, ` +
      `.is_per_channel = ${perChannel ? 1 : 0}};`,
    `    ${CTX}`,
    `    ${scratchCheck(`arm_fully_connected_s8_get_buffer_size(&${s}_cmsis_filter)`)}`,
    '#if defined(ARM_MATH_MVEI)',
    `    TF_CMSIS_CHECK(arm_vector_sum_s8(tf_scratch, ${d.inputLength}, ${d.units}, ${s}_weights, ${d.inputOffset}, 0, ${biasRef(node)}));`,
    '#endif',
    `    TF_CMSIS_CHECK(arm_fully_connected_wrapper_s8(&ctx, &${s}_cmsis_params, &quant, &${s}_cmsis_input, ${io.inputs[0]}, ` +
      `&${s}_cmsis_filter, ${s}_weights, &${s}_cmsis_bias, ${biasRef(node)}, &${s}_cmsis_output, ${io.output}));`,
    '}',
  ]
  return { kernel: 'arm_fully_connected_wrapper_s8', declarations, statements, scratch: { c: 0, dsp: 0, mve: 4 * d.units } }
}

function pool(node: KernelNode, io: CallIo): CmsisVariant | undefined {
  const d = node.opData as GlobalAveragePoolOpData
  if (node.op === 'GlobalAveragePool' && d.mode === 'mean') return undefined
  const s = node.symbol
  const [, , , C] = d.inputShape
  const max = node.op === 'MaxPool2D'
  const fn = max ? 'arm_max_pool_s8' : 'arm_avgpool_s8'
  const declarations = [
    decl('cmsis_nn_pool_params', `${s}_cmsis_params`, { stride: tile(d.strideW, d.strideH), padding: tile(d.padLeft, d.padTop),
      activation: act(d.actMin, d.actMax) }),
    decl('cmsis_nn_dims', `${s}_cmsis_input`, nhwc(d.inputShape)),
    decl('cmsis_nn_dims', `${s}_cmsis_filter`, { n: 1, h: d.poolH, w: d.poolW, c: 1 }),
    decl('cmsis_nn_dims', `${s}_cmsis_output`, nhwc(d.outputShape)),
  ]
  const statements = [
    '{',
    `    ${CTX}`,
    ...(max ? [] : [`    ${scratchCheck(`arm_avgpool_s8_get_buffer_size(${d.outputShape[2]}, ${C})`)}`]),
    `    TF_CMSIS_CHECK(${fn}(&ctx, &${s}_cmsis_params, &${s}_cmsis_input, ${io.inputs[0]}, &${s}_cmsis_filter, ` +
      `&${s}_cmsis_output, ${io.output}));`,
    '}',
  ]
  return { kernel: fn, declarations, statements, scratch: max ? NO_SCRATCH : { c: 0, dsp: 4 * C, mve: 0 } }
}

function add(node: KernelNode, io: CallIo): CmsisVariant {
  const d = node.opData as AddOpData
  const args = [io.inputs[0], io.inputs[1], d.input1Offset, d.input1Multiplier, d.input1Shift, d.input2Offset, d.input2Multiplier,
    d.input2Shift, d.leftShift, io.output, d.outputOffset, d.outputMultiplier, d.outputShift, d.actMin, d.actMax, d.size]
  return { kernel: 'arm_elementwise_add_s8', declarations: [], scratch: NO_SCRATCH,
    statements: [`TF_CMSIS_CHECK(arm_elementwise_add_s8(${args.map((a) => cInit(a)).join(', ')}));`] }
}

function softmax(node: KernelNode, io: CallIo): CmsisVariant {
  const d = node.opData as SoftmaxOpData
  const args = [io.inputs[0], d.rows, d.rowSize, d.multiplier, d.shift, d.diffMin, io.output]
  return { kernel: 'arm_softmax_s8', declarations: [], scratch: NO_SCRATCH, statements: [`arm_softmax_s8(${args.map((a) => cInit(a)).join(', ')});`] }
}

function concat(node: KernelNode, io: CallIo): CmsisVariant {
  const d = node.opData as ConcatOpData
  const statements: string[] = []
  let offset = 0
  d.inputChannels.forEach((c, port) => {
    for (let r0 = 0; r0 < d.rows; r0 += UINT16_MAX) {
      const rows = Math.min(UINT16_MAX, d.rows - r0)
      const input = r0 === 0 ? io.inputs[port] : `${io.inputs[port]} + ${r0 * c}`
      const output = r0 === 0 ? io.output : `${io.output} + ${r0 * d.outputChannels}`
      statements.push(`arm_concatenation_s8_x(${input}, ${c}, ${rows}, 1, 1, ${output}, ${d.outputChannels}, ${offset});`)
    }
    offset += c
  })
  return { kernel: 'arm_concatenation_s8_x', declarations: [], statements, scratch: NO_SCRATCH }
}

function pad(node: KernelNode, io: CallIo): CmsisVariant {
  const d = node.opData as PadOpData
  const s = node.symbol
  const [, H, W] = d.inputShape
  const [, OH, OW] = d.outputShape
  const declarations = [
    decl('cmsis_nn_dims', `${s}_cmsis_input`, nhwc(d.inputShape)),
    decl('cmsis_nn_dims', `${s}_cmsis_pre`, { n: 0, h: d.top, w: d.left, c: 0 }),
    decl('cmsis_nn_dims', `${s}_cmsis_post`, { n: 0, h: OH - H - d.top, w: OW - W - d.left, c: 0 }),
  ]
  return { kernel: 'arm_pad_s8', declarations, scratch: NO_SCRATCH,
    statements: [`TF_CMSIS_CHECK(arm_pad_s8(${io.inputs[0]}, ${io.output}, (int8_t)${cInit(d.padValue)}, &${s}_cmsis_input, ` +
      `&${s}_cmsis_pre, &${s}_cmsis_post));`] }
}

const CMSIS: Readonly<Record<string, (node: KernelNode, io: CallIo) => CmsisVariant | undefined>> = {
  Conv2D: conv, DepthwiseConv2D: conv, FullyConnected: fullyConnected, MaxPool2D: pool, AvgPool2D: pool,
  GlobalAveragePool: pool, Add: add, Softmax: softmax, Concat: concat, Pad: pad,
}

export { maxScratch }

/** The CMSIS-NN call of an s8 node, or undefined when the portable call serves both builds. */
export function emitCmsis(node: KernelNode, io: CallIo): CmsisVariant | undefined {
  if ((node.opData as { scheme?: string }).scheme !== 's8') return undefined
  return CMSIS[node.op]?.(node, io)
}
