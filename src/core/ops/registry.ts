/** The operator registry: one line per operator. Order is the palette order within each category. */
import { add } from './add.ts'
import { avgPool2d } from './avg-pool2d.ts'
import { concat } from './concat.ts'
import { conv2d } from './conv2d.ts'
import { depthwiseConv2d } from './depthwise-conv2d.ts'
import { flatten } from './flatten.ts'
import { fullyConnected } from './fully-connected.ts'
import { globalAveragePool } from './global-average-pool.ts'
import { input } from './input.ts'
import { maxPool2d } from './max-pool2d.ts'
import type { OpDef } from './op-def.ts'
import { pad } from './pad.ts'
import { relu } from './relu.ts'
import { relu6 } from './relu6.ts'
import { reshape } from './reshape.ts'
import { softmax } from './softmax.ts'

export const OPS: readonly OpDef[] = [
  input,
  conv2d,
  depthwiseConv2d,
  fullyConnected,
  maxPool2d,
  avgPool2d,
  globalAveragePool,
  relu,
  relu6,
  softmax,
  add,
  concat,
  reshape,
  flatten,
  pad,
]

const BY_TYPE = new Map(OPS.map((op) => [op.type, op]))

export function getOp(type: string): OpDef | undefined {
  return BY_TYPE.get(type)
}
