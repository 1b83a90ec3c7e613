/**
 * The operator registry: one line per operator. Order is the palette order within each category.
 * `OpType` (the union of the registered type names) and `OpDataOf<T>` are derived from it, so adding an op here
 * is what makes it known to the typed consumers (kernel bindings, exporters).
 */
import { add } from './add.ts'
import { avgPool2d } from './avg-pool2d.ts'
import { batchMatMul } from './batch-matmul.ts'
import { concat } from './concat.ts'
import { conv2d } from './conv2d.ts'
import { depthwiseConv2d } from './depthwise-conv2d.ts'
import { exit } from './exit.ts'
import { flatten } from './flatten.ts'
import { fullyConnected } from './fully-connected.ts'
import { globalAveragePool } from './global-average-pool.ts'
import { input } from './input.ts'
import { lstm } from './lstm.ts'
import { maxPool2d } from './max-pool2d.ts'
import { maximum } from './maximum.ts'
import { minimum } from './minimum.ts'
import { mul } from './mul.ts'
import type { AnyOpDef, OpDef } from './op-def.ts'
import { pad } from './pad.ts'
import { relu } from './relu.ts'
import { relu6 } from './relu6.ts'
import { reshape } from './reshape.ts'
import { quantize } from './quantize.ts'
import { sigmoid } from './sigmoid.ts'
import { softmax } from './softmax.ts'
import { svdf } from './svdf.ts'
import { tanh } from './tanh.ts'
import { transpose } from './transpose.ts'
import { transposeConv2d } from './transpose-conv2d.ts'

const DEFS = [
  input,
  conv2d,
  depthwiseConv2d,
  transposeConv2d,
  fullyConnected,
  batchMatMul,
  svdf,
  lstm,
  maxPool2d,
  avgPool2d,
  globalAveragePool,
  relu,
  relu6,
  softmax,
  sigmoid,
  tanh,
  add,
  mul,
  maximum,
  minimum,
  concat,
  reshape,
  flatten,
  transpose,
  pad,
  quantize,
  exit,
] as const

type RegisteredDef = (typeof DEFS)[number]

/** The type name of a registered operator. */
export type OpType = RegisteredDef['type']

/** The frozen OpData type of operator T (a union over its schemes). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type OpDataOf<T extends OpType> = Extract<RegisteredDef, { type: T }> extends OpDef<T, any, infer D> ? D : never

/** The attrs type of operator T. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AttrsOf<T extends OpType> = Extract<RegisteredDef, { type: T }> extends OpDef<T, infer A, any> ? A : never

/** Every registered operator, its attrs and OpData types erased (see OpDataOf for the typed view). */
export const OPS: readonly AnyOpDef[] = DEFS as unknown as readonly AnyOpDef[]

export const OP_TYPES: readonly OpType[] = DEFS.map((d) => d.type)

const BY_TYPE = new Map(OPS.map((op) => [op.type, op]))

export function getOp(type: string): AnyOpDef | undefined {
  return BY_TYPE.get(type)
}

export function isOpType(type: string): type is OpType {
  return BY_TYPE.has(type)
}
