/**
 * Which element type a node's quantized activations have (int8, or int16 for TFLite's 16x8 scheme) and whether its
 * kernels take that combination — the one rule the analysis, PTQ, the planner, the engines and the C package share.
 *
 * A node's output is int16 when the user marks it (`GraphNode.activations = 'int16'`), or when its kernels have no int8
 * output for the inputs it gets (Sigmoid and Tanh make int16 only; Reshape and Flatten pass an int16 input through).
 * Everything else is int8. An int8 tensor meets an int16 layer only through an explicit Quantize node (TFLite's
 * QUANTIZE, int8 ↔ int16 requantization), so the graph, the engines and the C package see the same conversions.
 */
import type { ActDType, AnyOpDef, DTypeCombo } from './op-def.ts'

/** The output element type of a node of op `def` whose data inputs have `inputs` types, marked `activations`. */
export function outputDType(def: Pick<AnyOpDef, 'dtypes'>, precision: 'int16' | undefined, inputs: readonly ActDType[]): ActDType {
  if (precision) return precision
  const input = commonInput(inputs)
  if (def.dtypes.some((c) => c.input === input && c.output === 'int8')) return 'int8'
  return def.dtypes.find((c) => c.input === input)?.output ?? 'int8'
}

/** The data inputs' common element type (int8 for an op without inputs; int16 only when every input is int16). */
function commonInput(inputs: readonly ActDType[]): ActDType {
  return inputs.length > 0 && inputs.every((t) => t === 'int16') ? 'int16' : 'int8'
}

/** The combination a node runs, or undefined when its kernels have none for these types. */
export function dtypeCombo(def: Pick<AnyOpDef, 'dtypes'>, inputs: readonly ActDType[], output: ActDType): DTypeCombo | undefined {
  if (inputs.length > 0 && inputs.some((t) => t !== inputs[0])) return undefined
  const input = inputs[0] ?? 'int8'
  return def.dtypes.find((c) => c.input === input && c.output === output)
}

/** One sentence when the node's kernels cannot take its element types (undefined when they can). */
export function dtypeProblem(def: Pick<AnyOpDef, 'dtypes' | 'label'>, inputs: readonly ActDType[], output: ActDType): string | undefined {
  if (dtypeCombo(def, inputs, output)) return undefined
  const have = `${inputs.length > 0 ? inputs.join(' + ') : 'no input'} → ${output}`
  const forms = def.dtypes.map((c) => `${c.input} → ${c.output}`).join(', ')
  if (inputs.some((t) => t !== inputs[0])) {
    return `${def.label} takes inputs of one element type (${forms}), not ${have}; insert a Quantize to convert one of them`
  }
  const fix = inputs.length === 0 ? 'it cannot be marked int16'
    : output === 'int16' && inputs[0] === 'int8' ? 'insert a Quantize (int8 → int16) before it'
    : output === 'int8' && inputs[0] === 'int16' ? 'mark it int16 or insert a Quantize (int16 → int8) before it'
    : 'insert a Quantize to convert its input'
  return `${def.label} has kernels for ${forms} only, not ${have}: ${fix}`
}

/** Bytes of one element of an activation tensor. */
export const dtypeBytes = (t: ActDType): number => (t === 'int16' ? 2 : 1)
