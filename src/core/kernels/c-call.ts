/**
 * Pieces every binding shares: NHWC dims, clamps and windows from OpData; the node's constants in the order the
 * portable runtime lays them out (weights, bias, and — s8 — the per-channel multipliers and shifts, written once
 * per node and read by every variant); and `callText`, which formats a call plan (kernels/call-plan.ts) as the C
 * the package compiles. `CodegenError` is an internal invariant broken while emitting.
 */
import type { OpDataOf, OpType } from '../ops/registry.ts'
import type { CallPlan, KernelArg, KernelInvocation, NodeConstant } from './call-plan.ts'
import type { ConstantRef, StructOf } from './portable/runtime-structs.ts'
import type { BoundNode, CallIo, EmittedCall, KernelBinding, PlanNode } from './types.ts'
import { cArray, cInit } from './c-syntax.ts'

export class CodegenError extends Error {}

export const SCRATCH_S16 = '(int16_t *)(void *)tf_scratch'
export const SCRATCH_S8 = '(int8_t *)(void *)tf_scratch'
/** The int32_t the including function declares to receive an early-exit decision (KernelInvocation.decision). */
export const EXIT_DECISION = 'tf_exit_confident'

/** `static const <type> <name> = {…};` */
export const decl = (type: string, name: string, value: unknown): string => `static const ${type} ${name} = ${cInit(value)};`

/** {h, w, c} of an NHWC shape; a rank-2 shape is 1×1×N. */
export const dims = (shape: readonly number[]): { h: number; w: number; c: number } => {
  if (shape.length === 4) return { h: shape[1], w: shape[2], c: shape[3] }
  return { h: 1, w: 1, c: shape.reduce((n, d) => n * d, 1) }
}

export const clamp = (min: number, max: number): { min: number; max: number } => ({ min, max })

/** The bias argument of a vendor call: the node's bias array, or NULL. */
export const biasRef = (node: Pick<BoundNode, 'weights' | 'symbol'>): string => (node.weights.bias ? `${node.symbol}_bias` : 'NULL')

/** The window of a convolution's OpData as the runtime's tf_window struct. */
export function convWindow(d: OpDataOf<'Conv2D'> | OpDataOf<'DepthwiseConv2D'>) {
  return {
    kernel_h: d.kernelH, kernel_w: d.kernelW, stride_h: d.strideH, stride_w: d.strideW,
    dilation_h: d.dilationH, dilation_w: d.dilationW, pad_top: d.padTop, pad_left: d.padLeft,
  }
}

/** Weight and bias arrays (TF_WEIGHTS_ATTR in C) and, when given, the s8 per-channel multipliers and shifts. */
export function weightConstants<T extends OpType>(node: PlanNode<T>, quant?: { multipliers: readonly number[]; shifts: readonly number[] }):
  NodeConstant[] {
  const w = node.weights.weights
  if (!(w instanceof Int8Array)) throw new CodegenError(`${node.site.op}: int8 weights are missing`)
  const bias = node.weights.bias
  const out: NodeConstant[] = [{ name: 'weights', type: 'int8_t', data: w, weightsSection: true }]
  if (bias) out.push({ name: 'bias', type: bias instanceof Int32Array ? 'int32_t' : 'int8_t', data: bias, weightsSection: true })
  if (quant) {
    out.push({ name: 'multipliers', type: 'int32_t', data: quant.multipliers, weightsSection: false })
    out.push({ name: 'shifts', type: 'int32_t', data: quant.shifts, weightsSection: false })
  }
  return out
}

/** An int16 (16x8) layer's constants: int8 weights, the bias widened to int64_t (the _s16 kernels'), per-channel quantization. */
export function s16WeightConstants<T extends OpType>(node: PlanNode<T>, quant: { multipliers: readonly number[]; shifts: readonly number[] }):
  NodeConstant[] {
  const out = weightConstants(node, quant)
  return out.map((c) => (c.name === 'bias' ? { ...c, type: 'int64_t' as const } : c))
}

export const PARAMS: KernelArg = { kind: 'params' }
export const INPUT0: KernelArg = { kind: 'input', port: 0 }
export const OUTPUT: KernelArg = { kind: 'output' }
/** Input 0 and the output as int16 tensors (layers kept at 16 bits). */
export const INPUT0_S16: KernelArg = { kind: 'input', port: 0, element: 'int16_t' }
export const OUTPUT_S16: KernelArg = { kind: 'output', element: 'int16_t' }
export const constant = (name: NodeConstant['name'], optional = false): KernelArg => ({ kind: 'constant', name, ...(optional ? { optional } : {}) })
export const int = (value: number): KernelArg => ({ kind: 'int', value })

/** A plan of one kernel taking `(&params, input, output)` (no constants). */
export function paramsCall(fn: string, params: StructOf): CallPlan {
  return { runtime: [fn], constants: [], params, invocations: [{ fn, args: [PARAMS, INPUT0, OUTPUT] }] }
}

/** The plan of an aliasing op (Reshape, Flatten): no kernel, no code. */
export const ALIAS_PLAN: CallPlan = Object.freeze({ runtime: [], constants: [], invocations: [], alias: true })

function constantRef(symbol: string, ref: ConstantRef): string {
  return `${symbol}_${ref.constant}`
}

/** A struct value as the C99 designated initializer cInit writes, constant references as their array names. */
function structInit(value: object, symbol: string): unknown {
  const field = (v: unknown): unknown => typeof v === 'number' ? v : Array.isArray(v) ? v.map(field)
    : 'constant' in (v as object) ? constantRef(symbol, v as ConstantRef) : structInit(v as object, symbol)
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, field(v)]))
}

function argText(arg: KernelArg, plan: CallPlan, symbol: string, io: CallIo): string {
  switch (arg.kind) {
    case 'params': return `&${symbol}_params`
    case 'constant':
      if (plan.constants.some((c) => c.name === arg.name)) return `${symbol}_${arg.name}`
      if (arg.optional) return 'NULL'
      throw new CodegenError(`${symbol}: the call reads constant '${arg.name}', which the node lacks`)
    case 'input': {
      const ptr = io.inputs[arg.port]
      if (ptr === undefined) throw new CodegenError(`${symbol}: the call reads input ${arg.port}, which the node lacks`)
      return arg.element === 'int16_t' ? `(const int16_t *)(const void *)(${ptr})` : ptr
    }
    case 'output': return arg.element === 'int16_t' ? `(int16_t *)(void *)(${io.output})` : io.output
    case 'scratch': return arg.element === 'int16_t' ? SCRATCH_S16 : SCRATCH_S8
    case 'int': return cInit(arg.value)
    case 'byValue': return `(${arg.struct.type})${cInit(structInit(arg.struct.value, symbol))}`
    case 'state': {
      const ptr = io.state?.[arg.index]
      if (ptr === undefined) throw new CodegenError(`${symbol}: the call reads state buffer ${arg.index}, which the node lacks`)
      return arg.element === 'int16_t' ? `(int16_t *)(void *)(${ptr})` : ptr
    }
  }
}

/** The C of a call plan: constant arrays, the params struct declaration and the statements, for `symbol` at `io`. */
export function callText(plan: CallPlan, symbol: string, io: CallIo): EmittedCall {
  if (plan.alias && io.inputs[0] !== io.output) throw new CodegenError(`${symbol}: its output must alias its input (planner invariant)`)
  return {
    runtime: plan.runtime,
    constants: plan.constants.map((c) => cArray(c.type, `${symbol}_${c.name}`, c.data, c.weightsSection ? { attrs: 'TF_WEIGHTS_ATTR' } : {})),
    declarations: plan.params ? [decl(plan.params.type, `${symbol}_params`, structInit(plan.params.value, symbol))] : [],
    statements: plan.invocations.map((inv) => invocationText(inv, plan, symbol, io)),
    ...(plan.reset ? { reset: plan.reset.map((inv) => invocationText(inv, plan, symbol, io)) } : {}),
  }
}

/** One call as a C statement; a deciding call (an Exit's) assigns its result to EXIT_DECISION. */
function invocationText(inv: KernelInvocation, plan: CallPlan, symbol: string, io: CallIo): string {
  const call = `${inv.fn}(${inv.args.map((a) => argText(a, plan, symbol, io)).join(', ')});`
  return inv.decision ? `${EXIT_DECISION} = ${call}` : call
}

/** A binding's C for a node: its call plan formatted, or its own text (vendor bindings); undefined when it has neither. */
export function emittedCall(binding: KernelBinding, node: BoundNode, io: CallIo): EmittedCall | undefined {
  if (binding.call) {
    const plan = binding.call(node)
    return plan && callText(plan, node.symbol, io)
  }
  return binding.emit?.(node, io)
}
