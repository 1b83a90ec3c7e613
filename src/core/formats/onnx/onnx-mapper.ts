/**
 * Maps a prepared ONNX graph (onnx-graph.ts) onto the TinyForge IR, one source node at a time in
 * execution order. Activations are NCHW in ONNX and NHWC in the IR: every mapped value remembers its ONNX
 * shape, and a flat vector made from NCHW data remembers its [C, H, W] so the FullyConnected layer that
 * reads it gets its weight columns permuted into HWC order. Operator rules live in onnx-map-*.ts, one
 * handler per op type; each handler records exactly one report entry. Anything without a rule becomes an
 * 'onnx:<op>' node that the analyzer flags, never an exception.
 */
import type { AttrValue, Tensor } from '../../ir/types.ts'
import type { PendingNode } from '../import/graph-builder.ts'
import { ImportGraphBuilder, uniqueNamer } from '../import/graph-builder.ts'
import type { ImportEntry } from '../import/import-types.ts'
import type { OnnxGraph } from './onnx-graph.ts'
import type { Pads } from '../import/padding.ts'
import type { OnnxAttribute, OnnxConst, OnnxNodeProto } from './onnx-proto.ts'
import { attrString, readAttributes } from './onnx-proto.ts'

/** A mapped ONNX value: the IR node computing it and what is known of its ONNX-side shape. */
export interface Val {
  node: string
  /** ONNX shape with batch 1 (NCHW for rank 4), when known. */
  shape?: number[]
  /** Set on a flat [1, C·H·W] value whose ONNX order is CHW while the IR holds it in HWC order. */
  chw?: [number, number, number]
  /** An explicit Pad merged into the Conv that reads this value, which must take it as 'same' padding. */
  mergedPad?: { pads: Pads; entry: ImportEntry }
  /**
   * A view: the IR node holds this value's elements in ONNX row-major order under this (batch-1) IR shape, while the
   * ONNX shape differs — a time-major [T, 1, F] of a [1, T, F] sequence, an LSTM's [T, 1, 1, H] output. Only the
   * view-aware handlers (reshapes, Transpose, LSTM) read views.
   */
  irShape?: number[]
}

export type OpHandler = (m: OnnxMapper, n: OnnxNodeProto) => void

/** Ops with a fused `activation` attribute (operator contract). */
export const ACTIVATION_OPS = new Set(['Conv2D', 'DepthwiseConv2D', 'FullyConnected', 'Add', 'MaxPool2D', 'AvgPool2D', 'Mul',
  'TransposeConv2D'])

/** Unmapped ops whose output has their first data input's shape (for shapes downstream of them). */
const SHAPE_PRESERVING = new Set([
  'Sigmoid', 'Tanh', 'LeakyRelu', 'PRelu', 'Elu', 'Selu', 'HardSigmoid', 'HardSwish', 'Exp', 'Log', 'Abs', 'Neg',
  'Sqrt', 'Erf', 'Softplus', 'Softsign', 'Cast', 'LRN', 'InstanceNormalization', 'LogSoftmax', 'Mul', 'Add', 'Sub',
  'Div', 'Clip', 'QuantizeLinear', 'DequantizeLinear', 'Relu', 'Softmax', 'Dropout', 'Identity', 'BatchNormalization',
  'Pow', 'Reciprocal', 'Floor', 'Ceil', 'Round', 'Sign', 'Min', 'Max', 'Mish', 'Gelu',
])

/** Reads a node's attributes with ONNX defaults. */
export class NodeAttrs {
  private readonly map: Map<string, OnnxAttribute>
  constructor(n: OnnxNodeProto) { this.map = readAttributes(n) }
  has(name: string): boolean { return this.map.has(name) }
  int(name: string, fallback: number): number { return this.map.get(name)?.i ?? fallback }
  float(name: string, fallback: number): number { return this.map.get(name)?.f ?? fallback }
  ints(name: string, fallback: number[]): number[] { return this.map.get(name)?.ints ?? fallback }
  floats(name: string, fallback: number[]): number[] { return this.map.get(name)?.floats ?? fallback }
  str(name: string, fallback: string): string { return attrString(this.map.get(name)) ?? fallback }
  strs(name: string): string[] | undefined {
    const list = this.map.get(name)?.strings
    return list ? list.map((b) => new TextDecoder().decode(b)) : undefined
  }
  tensor(name: string): OnnxAttribute['t'] { return this.map.get(name)?.t }
  /** Simple attribute values (numbers, number lists, strings) for display on an unsupported node. */
  display(): Record<string, AttrValue> {
    const out: Record<string, AttrValue> = {}
    for (const [k, a] of this.map) {
      if (a.i !== undefined) out[k] = a.i
      else if (a.f !== undefined) out[k] = a.f
      else if (a.ints) out[k] = a.ints
      else if (a.floats) out[k] = a.floats
      else if (a.s) out[k] = attrString(a)!
    }
    return out
  }
}

export function floatTensor(shape: number[], data: Float32Array): Tensor {
  return { dtype: 'float32', shape, data, origin: 'imported' }
}

export class OnnxMapper {
  readonly b = new ImportGraphBuilder('onnx')
  readonly vals = new Map<string, Val>()
  readonly consts: Map<string, OnnxConst>
  /** IR node id → the ONNX value it currently outputs (fusion moves this along). */
  private readonly tail = new Map<string, string>()
  private readonly unique = uniqueNamer()

  constructor(readonly g: OnnxGraph) {
    this.consts = new Map(g.consts)
  }

  get opset(): number { return this.g.opset }

  /** The constant behind a value name, if it is one (initializer, Constant node or folded). */
  constOf(name: string | undefined): OnnxConst | undefined {
    return name ? this.consts.get(name) : undefined
  }

  val(name: string): Val {
    const v = this.vals.get(name)
    if (!v) throw new Error(`onnx import: value '${name}' used before it was mapped`)
    return v
  }

  /** Data (non-constant, non-empty) input names of a node. */
  dataInputs(n: OnnxNodeProto): string[] {
    return (n.input ?? []).filter((name) => name && !this.consts.has(name))
  }

  displayName(n: OnnxNodeProto): string {
    return n.name || (n.output ?? [])[0] || n.op_type || 'node'
  }

  /** The IR node producing `name` when a consumer may fold into it: `name` is its current output and is read only once. */
  fusable(name: string): PendingNode | undefined {
    const v = this.vals.get(name)
    if (!v || this.tail.get(v.node) !== name) return undefined
    if ((this.g.consumers.get(name) ?? 0) !== 1 || this.g.outputs.has(name)) return undefined
    return this.b.node(v.node)
  }

  emit(op: string, n: OnnxNodeProto, attrs: Record<string, AttrValue>, inputs: string[], nameSuffix = ''): PendingNode {
    return this.b.addNode(op, this.unique(this.displayName(n) + nameSuffix), attrs, inputs,
      { op: n.op_type ?? '', name: this.displayName(n) })
  }

  /** Declares output `index` of `n` as the output of IR node `node` (a view when `irShape` is given). */
  setOut(n: OnnxNodeProto, node: PendingNode, shape: number[] | undefined, chw?: [number, number, number], index = 0,
    irShape?: number[]): void {
    const name = (n.output ?? [])[index]
    if (!name) return
    this.vals.set(name, { node: node.id, ...(shape ? { shape } : {}), ...(chw ? { chw } : {}), ...(irShape ? { irShape } : {}) })
    this.tail.set(node.id, name)
  }

  /** Output `out` is the same data as input `input` (a dropped or folded op). */
  alias(out: string | undefined, input: string, patch: Partial<Val> = {}): void {
    if (!out) return
    const v = this.val(input)
    const moved = this.tail.get(v.node) === input && (this.g.consumers.get(input) ?? 0) === 1 && !this.g.outputs.has(input)
    this.vals.set(out, { ...v, mergedPad: undefined, ...patch })
    if (moved) this.tail.set(v.node, out)
  }

  /** Keeps `n` as a marked node 'onnx:<op>' wired to its data inputs. */
  unsupported(n: OnnxNodeProto, reason: string, suggestion?: string): void {
    const op = n.op_type ?? '?'
    const inputs = this.dataInputs(n).filter((name) => this.vals.has(name))
    const node = this.emit(`onnx:${op}`, n, new NodeAttrs(n).display(), inputs.map((name) => this.val(name).node))
    const first = inputs[0] ? this.val(inputs[0]).shape : undefined
    ;(n.output ?? []).forEach((out, i) => {
      if (!out) return
      const shape = i === 0 && SHAPE_PRESERVING.has(op) ? first : this.declaredShape(out)
      this.vals.set(out, { node: node.id, ...(shape ? { shape } : {}) })
      if (i === 0) this.tail.set(node.id, out)
    })
    this.b.record(op, this.displayName(n), 'unsupported', [node], reason, suggestion)
  }

  /** A value's declared shape (value_info / graph outputs) with batch 1, when fully numeric. */
  declaredShape(name: string): number[] | undefined {
    const dims = this.g.declared.get(name)
    if (!dims || dims.length === 0) return undefined
    const shape = dims.map((d, i) => (i === 0 ? 1 : d))
    return shape.every((d) => typeof d === 'number') ? (shape as number[]) : undefined
  }
}
