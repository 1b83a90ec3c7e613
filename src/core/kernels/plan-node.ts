/** A prepared node (plan/prepare-graph.ts) as its kernel bindings see it: site, frozen OpData and integer constants. */
import type { PreparedNode } from '../plan/prepare-graph.ts'
import type { QuantScheme } from '../quant/scheme.ts'
import type { PlanNode } from './types.ts'

export function planNodeOf(p: PreparedNode, scheme: QuantScheme): PlanNode {
  return { site: { op: p.op, scheme, attrs: p.attrs, inputs: p.inputs, output: p.output, ...(p.encoding ? { encoding: p.encoding } : {}) }, opData: p.opData, weights: p.weights }
}
