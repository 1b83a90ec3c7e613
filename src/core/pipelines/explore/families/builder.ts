/**
 * Helpers that write the shipped families' nodes: each spells out every attribute (a family never depends on an
 * operator's defaults), with knob expressions as '=…' strings. `chain` links nodes in order unless a node names
 * its inputs.
 */
import type { FamilyAttr, FamilyNode, Knob, KnobKind } from '../family.ts'

type Value = number | string

export function knob(name: string, label: string, kind: KnobKind, values: number[], reference: number): Knob {
  if (!values.includes(reference)) throw new Error(`knob ${name}: reference ${reference} is not one of its values`)
  return { name, label, kind, values, reference }
}

export interface Spec {
  id: string
  op: string
  attrs: Record<string, FamilyAttr>
  /** Explicit producers; default: the previous node of the chain. */
  inputs?: string[]
}

/** Nodes with names = ids, each fed by the one before unless it names its inputs. */
export function chain(specs: readonly Spec[]): FamilyNode[] {
  return specs.map((s, i) => ({ id: s.id, op: s.op, name: s.id, attrs: s.attrs, inputs: s.inputs ?? (i === 0 ? [] : [specs[i - 1].id]) }))
}

export const input = (id: string, shape: Value[], mean: number[], scale: number): Spec =>
  ({ id, op: 'Input', attrs: { shape, mean, scale } })

export function conv(id: string, filters: Value, kernel: Value, stride: Value, activation: string, inputs?: string[]): Spec {
  return { id, op: 'Conv2D', inputs, attrs: { filters, kernelH: kernel, kernelW: kernel, strideH: stride, strideW: stride,
    dilationH: 1, dilationW: 1, padding: 'same', useBias: true, activation } }
}

export function convHW(id: string, filters: Value, [kh, kw]: [Value, Value], [sh, sw]: [Value, Value], activation: string): Spec {
  return { id, op: 'Conv2D', attrs: { filters, kernelH: kh, kernelW: kw, strideH: sh, strideW: sw, dilationH: 1, dilationW: 1,
    padding: 'same', useBias: true, activation } }
}

export function dw(id: string, kernel: Value, stride: Value, activation: string): Spec {
  return { id, op: 'DepthwiseConv2D', attrs: { depthMultiplier: 1, kernelH: kernel, kernelW: kernel, strideH: stride,
    strideW: stride, dilationH: 1, dilationW: 1, padding: 'same', useBias: true, activation } }
}

export const add = (id: string, inputs: string[], activation: string): Spec => ({ id, op: 'Add', inputs, attrs: { activation } })
export const gap = (id: string): Spec => ({ id, op: 'GlobalAveragePool', attrs: {} })
export const fc = (id: string, units: Value, activation: string): Spec =>
  ({ id, op: 'FullyConnected', attrs: { units, useBias: true, activation } })
export const softmax = (id: string): Spec => ({ id, op: 'Softmax', attrs: { beta: 1 } })
