/**
 * One node's C code from its frozen OpData (the same object the int8 engine runs): the constants it owns
 * (weights, bias, per-channel multipliers and shifts, in flash), the portable call into runtime/ and, for the
 * s8 ops CMSIS-NN implements, the CMSIS-NN call (cmsis-emit.ts). Used by the package schedule and by the
 * golden-case C test driver, so both compile exactly the same calls.
 *
 * Names in the emitted text: `<symbol>_*` constants, `tf_scratch` (an int32_t array) and `TF_SCRATCH_BYTES`,
 * `TF_WEIGHTS_ATTR`; the including file defines them.
 */
import type { AddOpData } from '../../ops/add.ts'
import type { ConcatOpData } from '../../ops/concat.ts'
import type { ConvOpData } from '../../ops/conv2d.ts'
import type { DepthwiseOpData } from '../../ops/depthwise-conv2d.ts'
import type { FullyConnectedOpData } from '../../ops/fully-connected.ts'
import type { GlobalAveragePoolOpData } from '../../ops/global-average-pool.ts'
import type { InputOpData } from '../../ops/input.ts'
import type { Int8Weights, OpData } from '../../ops/op-def.ts'
import type { PadOpData } from '../../ops/pad.ts'
import type { SoftmaxOpData } from '../../ops/softmax.ts'
import type { PoolOpData } from '../../quant/pool-params.ts'
import type { ReluOpData } from '../../quant/relu-params.ts'
import { cArray, cInit } from './c-syntax.ts'
import type { CmsisScratch, CmsisVariant } from './cmsis-emit.ts'
import { emitCmsis } from './cmsis-emit.ts'

export interface KernelNode {
  op: string
  opData: OpData
  weights: Int8Weights
  /** Stem of this node's C constants, unique within the file (a valid identifier). */
  symbol: string
}

/** C pointer expressions of the node's tensors: inputs in port order (const int8_t *) and the output (int8_t *). */
export interface CallIo {
  inputs: readonly string[]
  output: string
}

export interface CallVariant {
  /** File-scope parameter structs of this variant. */
  declarations: string[]
  /** Statements inside the invoke function (may `return` a nonzero status). */
  statements: string[]
}

export interface EmittedKernel {
  /** Runtime kernels (file stems under runtime/) the portable call needs; empty for aliases. */
  runtime: string[]
  /** File-scope constants both variants read: weights, bias, per-channel multipliers and shifts. */
  constants: string[]
  portable: CallVariant & { scratchBytes: number }
  /** The CMSIS-NN variant (s8 ops with a CMSIS-NN kernel); absent when both builds use the portable call. */
  cmsis?: CmsisVariant
}

export class CodegenError extends Error {}

export const SCRATCH_S16 = '(int16_t *)(void *)tf_scratch'
export const SCRATCH_S8 = '(int8_t *)(void *)tf_scratch'

const dims = (shape: readonly number[]) => {
  if (shape.length === 4) return { h: shape[1], w: shape[2], c: shape[3] }
  return { h: 1, w: 1, c: shape.reduce((n, d) => n * d, 1) }
}
const clamp = (min: number, max: number) => ({ min, max })

function weightsOf(node: KernelNode): { w: Int8Array; bias?: Int8Array | Int32Array } {
  const w = node.weights.weights
  if (!(w instanceof Int8Array)) throw new CodegenError(`${node.op} ${node.symbol}: int8 weights are missing`)
  return { w, bias: node.weights.bias }
}

/** Weight/bias (and s8 per-channel quantization) arrays of a weighted node. */
function weightConstants(node: KernelNode, quant?: { multipliers: number[]; shifts: number[] }): string[] {
  const { w, bias } = weightsOf(node)
  const out = [cArray('int8_t', `${node.symbol}_weights`, w, { attrs: 'TF_WEIGHTS_ATTR' })]
  if (bias) out.push(cArray(bias instanceof Int32Array ? 'int32_t' : 'int8_t', `${node.symbol}_bias`, bias, { attrs: 'TF_WEIGHTS_ATTR' }))
  if (quant) {
    out.push(cArray('int32_t', `${node.symbol}_multipliers`, quant.multipliers))
    out.push(cArray('int32_t', `${node.symbol}_shifts`, quant.shifts))
  }
  return out
}

const biasRef = (node: KernelNode) => (node.weights.bias ? `${node.symbol}_bias` : 'NULL')

function window(d: ConvOpData) {
  return {
    kernel_h: d.kernelH, kernel_w: d.kernelW, stride_h: d.strideH, stride_w: d.strideW,
    dilation_h: d.dilationH, dilation_w: d.dilationW, pad_top: d.padTop, pad_left: d.padLeft,
  }
}

function poolWindow(d: PoolOpData) {
  return {
    kernel_h: d.poolH, kernel_w: d.poolW, stride_h: d.strideH, stride_w: d.strideW,
    dilation_h: 1, dilation_w: 1, pad_top: d.padTop, pad_left: d.padLeft,
  }
}

const decl = (type: string, name: string, value: unknown) => `static const ${type} ${name} = ${cInit(value)};`

function conv(node: KernelNode, io: CallIo): EmittedKernel {
  const d = node.opData as DepthwiseOpData
  const s = node.symbol
  const depthwise = node.op === 'DepthwiseConv2D'
  const base = { input: dims(d.inputShape), output: dims(d.outputShape), window: window(d) }
  const [inC, kh, kw] = [d.inputShape[3], d.kernelH, d.kernelW]
  if (d.scheme === 's8') {
    const params = { ...base, input_offset: d.inputOffset, output_offset: d.outputOffset,
      depth_multiplier: depthwise ? d.depthMultiplier : 1, act: clamp(d.actMin, d.actMax) }
    const kernel = depthwise ? 'tf_depthwise_conv_s8' : 'tf_convolve_s8'
    const args = [`&${s}_params`, `${s}_multipliers`, `${s}_shifts`, io.inputs[0], `${s}_weights`, biasRef(node), io.output]
    if (!depthwise) args.push(SCRATCH_S16)
    return {
      runtime: depthwise ? ['tf_convolve_s8', kernel] : [kernel],
      constants: weightConstants(node, d),
      portable: { declarations: [decl('tf_conv_s8_params', `${s}_params`, params)], statements: [`${kernel}(${args.join(', ')});`],
        // Two int16 im2col columns (tf_convolve_s8_get_buffer_size): the DSP path fills both.
        scratchBytes: depthwise ? 0 : kh * kw * inC * 4 },
    }
  }
  const params = { ...base, depth_multiplier: depthwise ? d.depthMultiplier : 1, bias_shift: d.biasShift,
    out_shift: d.outShift, act: clamp(d.actMin, d.actMax) }
  const kernel = depthwise ? 'tf_depthwise_conv_q7' : 'tf_convolve_q7'
  const args = [`&${s}_params`, io.inputs[0], `${s}_weights`, biasRef(node), io.output]
  if (!depthwise) args.push(SCRATCH_S8)
  return {
    runtime: depthwise ? ['tf_convolve_q7', kernel] : [kernel],
    constants: weightConstants(node),
    portable: { declarations: [decl('tf_conv_q7_params', `${s}_params`, params)], statements: [`${kernel}(${args.join(', ')});`],
      // Two int16 im2col columns (tf_convolve_q7_get_buffer_size): the DSP path fills both.
      scratchBytes: depthwise ? 0 : kh * kw * inC * 4 },
  }
}

function fullyConnected(node: KernelNode, io: CallIo): EmittedKernel {
  const d = node.opData as FullyConnectedOpData
  const s = node.symbol
  if (d.scheme === 's8') {
    const params = { input_length: d.inputLength, units: d.units, input_offset: d.inputOffset, output_offset: d.outputOffset,
      per_channel: d.multipliers.length > 1 ? 1 : 0, act: clamp(d.actMin, d.actMax) }
    return {
      runtime: ['tf_fully_connected_s8'],
      constants: weightConstants(node, d),
      portable: { declarations: [decl('tf_fc_s8_params', `${s}_params`, params)], scratchBytes: 0,
        statements: [`tf_fully_connected_s8(&${s}_params, ${s}_multipliers, ${s}_shifts, ${io.inputs[0]}, ${s}_weights, ${biasRef(node)}, ${io.output});`] },
    }
  }
  const params = { input_length: d.inputLength, units: d.units, bias_shift: d.biasShift, out_shift: d.outShift,
    act: clamp(d.actMin, d.actMax) }
  return {
    runtime: ['tf_fully_connected_q7'],
    constants: weightConstants(node),
    portable: { declarations: [decl('tf_fc_q7_params', `${s}_params`, params)], scratchBytes: 0,
      statements: [`tf_fully_connected_q7(&${s}_params, ${io.inputs[0]}, ${s}_weights, ${biasRef(node)}, ${io.output});`] },
  }
}

function pool(node: KernelNode, io: CallIo): EmittedKernel {
  const d = node.opData as GlobalAveragePoolOpData
  const s = node.symbol
  if (node.op === 'GlobalAveragePool' && d.mode === 'mean') {
    const params = { input: dims(d.inputShape), input_offset: d.inputOffset, output_offset: d.outputOffset,
      multiplier: d.multiplier, shift: d.shift }
    return {
      runtime: ['tf_mean_s8'], constants: [],
      portable: { declarations: [decl('tf_mean_s8_params', `${s}_params`, params)], scratchBytes: 0,
        statements: [`tf_mean_s8(&${s}_params, ${io.inputs[0]}, ${io.output});`] },
    }
  }
  const kernel = node.op === 'MaxPool2D' ? 'tf_max_pool_s8' : d.scheme === 's8' ? 'tf_avgpool_s8' : 'tf_avgpool_q7'
  const params = { input: dims(d.inputShape), output: dims(d.outputShape), window: poolWindow(d), act: clamp(d.actMin, d.actMax) }
  return {
    runtime: [kernel], constants: [],
    portable: { declarations: [decl('tf_pool_params', `${s}_params`, params)], scratchBytes: 0,
      statements: [`${kernel}(&${s}_params, ${io.inputs[0]}, ${io.output});`] },
  }
}

function add(node: KernelNode, io: CallIo): EmittedKernel {
  const d = node.opData as AddOpData
  const s = node.symbol
  if (d.scheme === 'pow2') {
    return {
      runtime: ['tf_add_q7'], constants: [],
      portable: { declarations: [], scratchBytes: 0,
        statements: [`tf_add_q7(${io.inputs[0]}, ${io.inputs[1]}, ${io.output}, ${d.size}, (tf_clamp)${cInit(clamp(d.actMin, d.actMax))});`] },
    }
  }
  const params = { size: d.size, left_shift: d.leftShift, input1_offset: d.input1Offset, input1_multiplier: d.input1Multiplier,
    input1_shift: d.input1Shift, input2_offset: d.input2Offset, input2_multiplier: d.input2Multiplier, input2_shift: d.input2Shift,
    output_offset: d.outputOffset, output_multiplier: d.outputMultiplier, output_shift: d.outputShift, act: clamp(d.actMin, d.actMax) }
  return {
    runtime: ['tf_elementwise_add_s8'], constants: [],
    portable: { declarations: [decl('tf_add_s8_params', `${s}_params`, params)], scratchBytes: 0,
      statements: [`tf_elementwise_add_s8(&${s}_params, ${io.inputs[0]}, ${io.inputs[1]}, ${io.output});`] },
  }
}

function softmax(node: KernelNode, io: CallIo): EmittedKernel {
  const d = node.opData as SoftmaxOpData
  const s = node.symbol
  if (d.scheme === 'pow2') {
    return {
      runtime: ['tf_softmax_q7'], constants: [],
      portable: { declarations: [], scratchBytes: 0, statements: [`tf_softmax_q7(${io.inputs[0]}, ${d.rows}, ${d.rowSize}, ${io.output});`] },
    }
  }
  const params = { rows: d.rows, row_size: d.rowSize, multiplier: d.multiplier, shift: d.shift, diff_min: d.diffMin }
  return {
    runtime: ['tf_softmax_s8'], constants: [],
    portable: { declarations: [decl('tf_softmax_s8_params', `${s}_params`, params)], scratchBytes: 0,
      statements: [`tf_softmax_s8(&${s}_params, ${io.inputs[0]}, ${io.output});`] },
  }
}

function concat(node: KernelNode, io: CallIo): EmittedKernel {
  const d = node.opData as ConcatOpData
  let offset = 0
  const statements = d.inputChannels.map((c, port) => {
    const call = `tf_concatenation_s8(${io.inputs[port]}, ${d.rows}, ${c}, ${io.output}, ${d.outputChannels}, ${offset});`
    offset += c
    return call
  })
  return { runtime: ['tf_concatenation_s8'], constants: [], portable: { declarations: [], statements, scratchBytes: 0 } }
}

function pad(node: KernelNode, io: CallIo): EmittedKernel {
  const d = node.opData as PadOpData
  const s = node.symbol
  const [, H, W] = d.inputShape
  const [, OH, OW] = d.outputShape
  const params = { input: dims(d.inputShape), top: d.top, bottom: OH - H - d.top, left: d.left, right: OW - W - d.left,
    pad_value: d.padValue }
  return {
    runtime: ['tf_pad_s8'], constants: [],
    portable: { declarations: [decl('tf_pad_params', `${s}_params`, params)], scratchBytes: 0,
      statements: [`tf_pad_s8(&${s}_params, ${io.inputs[0]}, ${io.output});`] },
  }
}

function relu(node: KernelNode, io: CallIo): EmittedKernel {
  const d = node.opData as ReluOpData
  const s = node.symbol
  if (d.scheme === 'pow2') {
    return {
      runtime: ['tf_relu_q7'], constants: [],
      portable: { declarations: [], scratchBytes: 0,
        statements: [`tf_relu_q7(${io.inputs[0]}, ${io.output}, ${d.size}, (tf_clamp)${cInit(clamp(d.actMin, d.actMax))});`] },
    }
  }
  const params = { size: d.size, input_zero_point: d.inputZeroPoint, output_zero_point: d.outputZeroPoint,
    multiplier: d.multiplier, shift: d.shift, act: clamp(d.actMin, d.actMax) }
  return {
    runtime: ['tf_relu_s8'], constants: [],
    portable: { declarations: [decl('tf_relu_s8_params', `${s}_params`, params)], scratchBytes: 0,
      statements: [`tf_relu_s8(&${s}_params, ${io.inputs[0]}, ${io.output});`] },
  }
}

/** Reshape and Flatten share their input's bytes (the planner aliases their buffers): no code. */
function alias(node: KernelNode, io: CallIo): EmittedKernel {
  if (io.inputs[0] !== io.output) {
    throw new CodegenError(`${node.op} ${node.symbol}: its output must alias its input (planner invariant)`)
  }
  return { runtime: [], constants: [], portable: { declarations: [], statements: [], scratchBytes: 0 } }
}

const EMITTERS: Readonly<Record<string, (node: KernelNode, io: CallIo) => EmittedKernel>> = {
  Conv2D: conv, DepthwiseConv2D: conv, FullyConnected: fullyConnected, MaxPool2D: pool, AvgPool2D: pool,
  GlobalAveragePool: pool, Add: add, Softmax: softmax, Concat: concat, Pad: pad, ReLU: relu, ReLU6: relu,
  Reshape: alias, Flatten: alias,
}

/** Scratch of a node in a CMSIS-NN build, per CMSIS-NN code path (its portable scratch when it stays portable). */
export function cmsisScratchOf(code: EmittedKernel): CmsisScratch {
  const p = code.portable.scratchBytes
  return code.cmsis?.scratch ?? { c: p, dsp: p, mve: p }
}

/** The C code of one prepared node (not Input: see emitPreprocess). */
export function emitKernel(node: KernelNode, io: CallIo): EmittedKernel {
  const emit = EMITTERS[node.op]
  if (!emit) throw new CodegenError(`${node.op} has no C kernel`)
  const out = emit(node, io)
  const cmsis = emitCmsis(node, io)
  return cmsis ? { ...out, cmsis } : out
}

/**
 * An Input's integer preprocessing as a call `tf_preprocess_<s8|q7>(&params, raw, out)`: the mean table and
 * params struct (constants) and the statement.
 */
export function emitPreprocess(symbol: string, d: InputOpData, raw: string, output: string): EmittedKernel {
  const mean = cArray('int32_t', `${symbol}_mean`, d.mean)
  const common = { size: d.size, channels: d.channels, mean_count: d.mean.length, mean: `${symbol}_mean` }
  const [type, kernel, params] = d.scheme === 's8'
    ? ['tf_preprocess_s8_params', 'tf_preprocess_s8', { ...common, multiplier: d.multiplier, shift: d.shift, zero_point: d.outputZeroPoint }]
    : ['tf_preprocess_q7_params', 'tf_preprocess_q7', { ...common, left_shift: d.leftShift }]
  return {
    runtime: [kernel as string], constants: [mean],
    portable: { declarations: [decl(type as string, `${symbol}_params`, params)], scratchBytes: 0,
      statements: [`${kernel}(&${symbol}_params, ${raw}, ${output});`] },
  }
}
