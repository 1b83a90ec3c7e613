/**
 * The constant tensors a node runs with: stored tensors when their shape matches what the op needs,
 * seeded ones otherwise (only for tensors of origin 'seeded' or missing). A stored imported/trained tensor
 * of the wrong shape is a problem, never silently replaced.
 */
import type { OpDef } from '../ops/op-def.ts'
import type { Attrs, GraphNode, Tensor, TensorInfo } from '../ir/types.ts'
import { formatShape } from '../ir/types.ts'
import { seededTensor } from '../ir/seeded-init.ts'

export interface ResolvedWeights {
  weights: Record<string, Tensor>
  problems: { name: string; have: string; need: string }[]
}

/**
 * What analysis needs without materialising tensors: the parameter count (from the op's weight specs) and the
 * stored imported/trained tensors whose shape no longer fits. Same verdicts as resolveNodeWeights, no allocation.
 */
export function checkNodeWeights(
  def: OpDef, node: GraphNode, attrs: Attrs, inputs: readonly TensorInfo[],
): { params: number; problems: ResolvedWeights['problems'] } {
  let params = 0
  const problems: ResolvedWeights['problems'] = []
  for (const spec of def.weightSpecs(attrs, inputs)) {
    params += spec.shape.reduce((n, d) => n * d, 1)
    const stored = node.weights?.[spec.name]
    if (stored && stored.origin !== 'seeded' && !sameShape(stored.shape, spec.shape)) {
      problems.push({ name: spec.name, have: formatShape(stored.shape), need: formatShape(spec.shape) })
    }
  }
  return { params, problems }
}

export function resolveNodeWeights(
  def: OpDef, node: GraphNode, attrs: Attrs, inputs: readonly TensorInfo[], graphSeed: number,
): ResolvedWeights {
  const weights: Record<string, Tensor> = {}
  const problems: ResolvedWeights['problems'] = []
  for (const spec of def.weightSpecs(attrs, inputs)) {
    const stored = node.weights?.[spec.name]
    if (stored && sameShape(stored.shape, spec.shape)) {
      weights[spec.name] = stored
    } else if (stored && stored.origin !== 'seeded') {
      problems.push({ name: spec.name, have: formatShape(stored.shape), need: formatShape(spec.shape) })
    } else {
      const fanOut = spec.shape.length > 0 ? spec.shape[0] : 1
      weights[spec.name] = seededTensor(graphSeed, node.id, spec.name, spec.shape, spec.fanIn, spec.init, fanOut)
    }
  }
  return { weights, problems }
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i])
}
