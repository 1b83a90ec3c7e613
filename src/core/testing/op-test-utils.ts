/**
 * Helpers for the op tests: run one operator in isolation the way the engine does — attrs with defaults
 * filled in, output shape inferred, float reference evaluated. Not used by production code.
 */
import type { Attrs, Shape, TensorInfo } from '../ir/types.ts'
import type { AnyOpDef, OpData, OpDef } from '../ops/op-def.ts'
import { withDefaults } from '../ops/op-def.ts'

export function infos(...shapes: Shape[]): TensorInfo[] {
  return shapes.map((shape) => ({ shape, dtype: 'float32' }))
}

/** Output shape for attrs (defaults filled in) and input shapes; throws the op's OpError. */
export function inferOp(def: AnyOpDef, attrs: Attrs, ...shapes: Shape[]): Shape {
  return def.inferShape(withDefaults(def.attrs, attrs), infos(...shapes))
}

/** MAC count for attrs (defaults filled in) and input shapes. */
export function macsOf(def: AnyOpDef, attrs: Attrs, ...shapes: Shape[]): number {
  const full = withDefaults(def.attrs, attrs)
  const inputs = infos(...shapes)
  return def.macs(full, inputs, def.inferShape(full, inputs))
}

export interface TestTensor {
  shape: Shape
  data: number[]
}

/** Evaluates the float reference; returns the output shape and values as a plain array. */
export function evalOp(
  def: AnyOpDef, attrs: Attrs, inputs: TestTensor[], weights: Record<string, number[]> = {},
): TestTensor {
  const full = withDefaults(def.attrs, attrs)
  const shapes = inputs.map((t) => t.shape)
  const outputShape = def.inferShape(full, infos(...shapes))
  const out = def.evalFloat({
    attrs: full,
    inputs: inputs.map((t) => Float32Array.from(t.data)),
    inputShapes: shapes,
    weights: Object.fromEntries(Object.entries(weights).map(([k, v]) => [k, Float32Array.from(v)])),
    outputShape,
  })
  return { shape: outputShape, data: Array.from(out) }
}

/** An op definition as the registry hands it out (attrs and OpData types erased), for tests that feed plain attrs. */
export function erased<T extends string, A extends Attrs, D extends OpData>(def: OpDef<T, A, D>): AnyOpDef {
  return def as unknown as AnyOpDef
}
