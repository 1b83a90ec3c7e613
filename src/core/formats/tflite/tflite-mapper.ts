/**
 * Maps a decoded TFLite subgraph (tflite-reader.ts) onto the TinyForge IR. TFLite is NHWC like the IR,
 * so weights and shapes carry over unchanged. Integer models keep their quantization exactly: weights and
 * biases stay integer tensors with their scales and zero points, and every node's `quant.output` is its
 * output tensor's quantization (the Input node's is the input tensor's). Operator rules live in
 * tflite-map-ops.ts; each handler records exactly one report entry.
 */
import type { AttrValue } from '../../ir/types.ts'
import type { PendingNode } from '../import/graph-builder.ts'
import { ImportGraphBuilder, uniqueNamer } from '../import/graph-builder.ts'
import { ImportError } from '../import/import-error.ts'
import type { ImportEntry } from '../import/import-types.ts'
import { getOp } from '../../ops/registry.ts'
import { TensorType } from './generated/tflite_generated.ts'
import type { TflModel, TflOperator, TflTensor } from './tflite-reader.ts'
import { irQuant } from './tflite-tensors.ts'

export type TflHandler = (m: TfliteMapper, o: TflOperator) => void

const INTEGER_TYPES = new Set([TensorType.INT8, TensorType.UINT8, TensorType.INT16])

/** Display name of a tensor: the first of the ';'-joined names the converter gives fused tensors. */
export function shortName(t: TflTensor): string {
  return t.name.split(';')[0] || `tensor ${t.index}`
}

export class TfliteMapper {
  readonly b = new ImportGraphBuilder('tflite')
  /** Tensor index → IR node computing it. */
  readonly vals = new Map<number, string>()
  /** Constant tensors (with data), including the results of folded DEQUANTIZE ops. */
  readonly consts = new Map<number, TflTensor>()
  /** Pads merged into the convolution reading this tensor (which must then use 'same' padding). */
  readonly mergedPads = new Map<number, ImportEntry>()
  /** STRIDED_SLICE operators (by index) fused into the named LSTM as its last time step. */
  readonly lastStepSlices = new Map<number, string>()
  readonly consumers = new Map<number, number>()
  readonly outputs: Set<number>
  /** True when activations are integer: integer weights then stay integer. */
  readonly integerModel: boolean
  private readonly tail = new Map<string, number>()
  private readonly unique = uniqueNamer()

  constructor(readonly model: TflModel) {
    for (const t of model.tensors) if (t.data) this.consts.set(t.index, t)
    for (const o of model.operators) for (const t of o.inputs) if (t >= 0) this.consumers.set(t, (this.consumers.get(t) ?? 0) + 1)
    this.outputs = new Set(model.outputs)
    for (const t of model.outputs) this.consumers.set(t, (this.consumers.get(t) ?? 0) + 1)
    this.integerModel = model.operators.some((o) => o.outputs.some((t) => t >= 0 && INTEGER_TYPES.has(model.tensors[t].type)))
  }

  tensor(index: number): TflTensor {
    return this.model.tensors[index]
  }

  isConst(index: number): boolean {
    return this.consts.has(index)
  }

  displayName(o: TflOperator): string {
    const out = o.outputs.find((t) => t >= 0)
    return out !== undefined ? shortName(this.tensor(out)) : `${o.opName} ${o.index}`
  }

  /** The IR node computing tensor `t` when a consumer may fold into it: `t` is its output and is read once. */
  fusable(t: number): PendingNode | undefined {
    const id = this.vals.get(t)
    if (!id || this.tail.get(id) !== t) return undefined
    if ((this.consumers.get(t) ?? 0) !== 1 || this.outputs.has(t)) return undefined
    return this.b.node(id)
  }

  emit(op: string, o: TflOperator, attrs: Record<string, AttrValue>, inputs: string[], suffix = ''): PendingNode {
    return this.b.addNode(op, this.unique(this.displayName(o) + suffix), attrs, inputs, { op: o.opName, name: this.displayName(o) })
  }

  /** Tensor `t` (default: the op's first output) is computed by `node`; integer tensors set its output quant. */
  setOut(o: TflOperator, node: PendingNode, t = o.outputs[0]): void {
    if (t === undefined || t < 0) return
    this.vals.set(t, node.id)
    this.tail.set(node.id, t)
    const tensor = this.tensor(t)
    const quant = INTEGER_TYPES.has(tensor.type) ? irQuant(tensor.quant) : undefined
    if (quant) node.quant = { output: quant }
    else delete node.quant
    // An int16 output (TFLite 16x8) marks the layer int16, unless its kernels make int16 anyway (Sigmoid, Tanh).
    const derived = getOp(node.op)?.dtypes.every((c) => c.output === 'int16') ?? false
    if (tensor.type === TensorType.INT16 && quant && !derived) node.activations = 'int16'
    else delete node.activations
  }

  /** Tensor `out` holds the same data as tensor `input` (a dropped op). */
  alias(out: number, input: number): void {
    const id = this.vals.get(input)
    if (id === undefined) return
    const moved = this.tail.get(id) === input && (this.consumers.get(input) ?? 0) === 1 && !this.outputs.has(input)
    this.vals.set(out, id)
    if (moved) this.tail.set(id, out)
  }

  /** IR node ids feeding the op's data inputs at `positions`; undefined when one is constant or absent. */
  dataNodes(o: TflOperator, positions: number[]): string[] | undefined {
    const ids = positions.map((p) => o.inputs[p]).map((t) => (t !== undefined && t >= 0 && !this.isConst(t) ? this.vals.get(t) : undefined))
    return ids.every((id) => id !== undefined) ? (ids as string[]) : undefined
  }

  /** Keeps the op as a marked node 'tflite:<op>' wired to its computed inputs. */
  unsupported(o: TflOperator, reason: string, suggestion?: string): void {
    const inputs = o.inputs.filter((t) => t >= 0 && !this.isConst(t) && this.vals.has(t)).map((t) => this.vals.get(t)!)
    const node = this.emit(`tflite:${o.opName}`, o, attrsForDisplay(o), inputs)
    for (const t of o.outputs) if (t >= 0) { this.vals.set(t, node.id); if (!this.tail.has(node.id)) this.tail.set(node.id, t) }
    const out = o.outputs[0] !== undefined && o.outputs[0] >= 0 ? this.tensor(o.outputs[0]) : undefined
    const quant = out && INTEGER_TYPES.has(out.type) ? irQuant(out.quant) : undefined
    if (quant) node.quant = { output: quant }
    this.b.record(o.opName, this.displayName(o), 'unsupported', [node], reason, suggestion)
  }

  addInputs(): void {
    for (const index of this.model.inputs) {
      const t = this.tensor(index)
      if (t.data) continue
      const shape = t.shape.length === 1 ? [1, t.shape[0]] : [...t.shape]
      if (shape.length < 2 || shape.length > 4) {
        throw new ImportError('unsupported-file', `input '${t.name}' has shape [${t.shape.join(', ')}]; TinyForge inputs are 1×H×W×C, 1×T×F or 1×N`)
      }
      if (shape[0] !== 1) this.b.note('warning', `input '${t.name}' has batch ${shape[0]}; it is imported with batch 1`)
      const node = this.b.addNode('Input', t.name, { shape: shape.slice(1), mean: [0], scale: 1 }, [], { op: 'input', name: t.name })
      const quant = INTEGER_TYPES.has(t.type) ? irQuant(t.quant) : undefined
      if (quant) node.quant = { output: quant }
      this.vals.set(index, node.id)
      this.tail.set(node.id, index)
    }
  }

  /** Operators in a verified execution order; throws for reads of undefined tensors and for cycles. */
  executionOrder(): TflOperator[] {
    const { operators, tensors } = this.model
    const producer = new Map<number, number>()
    operators.forEach((o, i) => { for (const t of o.outputs) if (t >= 0) producer.set(t, i) })
    const available = new Set([...this.model.inputs, ...this.consts.keys()])
    const waiting = operators.map(() => 0)
    const dependents = operators.map(() => [] as number[])
    operators.forEach((o, i) => {
      for (const t of o.inputs) {
        if (t < 0 || available.has(t) || tensors[t].isVariable) continue
        const p = producer.get(t)
        if (p === undefined) {
          throw new ImportError('missing-tensor', `operator ${i} (${o.opName}) reads tensor '${shortName(tensors[t])}', which no operator produces and which holds no data`)
        }
        waiting[i]++
        dependents[p].push(i)
      }
    })
    const ready = waiting.flatMap((w, i) => (w === 0 ? [i] : []))
    const order: TflOperator[] = []
    while (ready.length > 0) {
      ready.sort((a, b) => a - b)
      const i = ready.shift()!
      order.push(operators[i])
      for (const d of dependents[i]) if (--waiting[d] === 0) ready.push(d)
    }
    if (order.length < operators.length) {
      const done = new Set(order.map((o) => o.index))
      let i = operators.findIndex((o) => !done.has(o.index))
      const seen = new Set<number>()
      while (!seen.has(i)) {
        seen.add(i)
        const next = operators[i].inputs.map((t) => producer.get(t)).find((p) => p !== undefined && !done.has(p))
        if (next === undefined) break
        i = next
      }
      throw new ImportError('cycle', `the graph has a cycle through operator ${i} (${operators[i].opName}): it depends on its own output`)
    }
    return order
  }
}

function attrsForDisplay(o: TflOperator): Record<string, AttrValue> {
  const out: Record<string, AttrValue> = {}
  for (const [k, v] of Object.entries(o.options)) out[k] = v
  return out
}
