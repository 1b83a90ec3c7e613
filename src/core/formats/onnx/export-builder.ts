/**
 * A small ONNX graph builder for the exporter: unique tensor names, initializers stored as little-endian
 * `raw_data`, nodes with typed attributes, and `encode()` to ModelProto bytes through protobufjs with the importer's
 * field-exact schema subset (onnx-schema.ts). Everything is emitted in insertion order and nothing depends on time
 * or randomness, so the same calls give the same bytes.
 *
 * Model header: IR version 8, default-domain opset 17 — the newest pair that both Debian's onnx 1.12 checker and
 * onnxruntime-web 1.30 validate (see ../shared/STACK.md §7) — except a QDQ model with int16 tensors (16x8 layers):
 * int16 QuantizeLinear / DequantizeLinear need opset 21, so such a model is written as IR 10 / opset 21
 * (EXPORT_INT16_HEADER), which onnxruntime-web 1.30 loads and runs and onnx 1.12's checker does not know.
 */
import protobuf from 'protobufjs'
import { ONNX_DTYPE } from './onnx-proto.ts'
import { ONNX_PROTO } from './onnx-schema.ts'

export const EXPORT_IR_VERSION = 8
export const EXPORT_OPSET = 17
/** The header of a QDQ model with int16 tensors: opset 21 is the first whose Q/DQ take int16. */
export const EXPORT_INT16_HEADER = { irVersion: 10, opset: 21 } as const

const MODEL = protobuf.parse(ONNX_PROTO, { keepCase: true }).root.lookupType('onnx.ModelProto')

/** Element types the exporter writes. */
export type ExportDType = 'float32' | 'int8' | 'int16' | 'int32' | 'int64'

const DATA_TYPE: Record<ExportDType, number> = {
  float32: ONNX_DTYPE.FLOAT, int8: ONNX_DTYPE.INT8, int16: ONNX_DTYPE.INT16, int32: ONNX_DTYPE.INT32, int64: ONNX_DTYPE.INT64,
}

/** Attribute values: an integer, a float (`{ f }`), a list of integers, a string, or a list of strings (`{ strings }`). */
export type ExportAttr = number | { f: number } | readonly number[] | string | { strings: readonly string[] }

interface NodeRecord {
  op_type: string
  name: string
  input: string[]
  output: string[]
  attribute: Record<string, unknown>[]
}

interface TensorRecord {
  name: string
  dims: number[]
  data_type: number
  raw_data: Uint8Array
}

export interface ValueSpec {
  name: string
  dtype: ExportDType
  dims: readonly number[]
}

/** Little-endian bytes of `values` as `dtype` (integers are expected to fit the type). */
export function rawBytes(dtype: ExportDType, values: ArrayLike<number>): Uint8Array {
  const n = values.length
  const width = dtype === 'int8' ? 1 : dtype === 'int16' ? 2 : dtype === 'int64' ? 8 : 4
  const view = new DataView(new ArrayBuffer(n * width))
  for (let i = 0; i < n; i++) {
    const v = values[i]
    if (dtype === 'float32') view.setFloat32(4 * i, v, true)
    else if (dtype === 'int32') view.setInt32(4 * i, v, true)
    else if (dtype === 'int8') view.setInt8(i, v)
    else if (dtype === 'int16') view.setInt16(2 * i, v, true)
    else view.setBigInt64(8 * i, BigInt(v), true)
  }
  return new Uint8Array(view.buffer)
}

function attribute(name: string, v: ExportAttr): Record<string, unknown> {
  if (typeof v === 'string') return { name, type: 3, s: new TextEncoder().encode(v) }
  if (typeof v === 'number') {
    if (!Number.isInteger(v)) throw new Error(`attribute ${name}: ${v} is not an integer; pass { f } for floats`)
    return { name, type: 2, i: v }
  }
  if ('f' in v) return { name, type: 1, f: v.f }
  if ('strings' in v) return { name, type: 8, strings: v.strings.map((x) => new TextEncoder().encode(x)) }
  return { name, type: 7, ints: [...v] }
}

function valueInfo(v: ValueSpec): Record<string, unknown> {
  return { name: v.name, type: { tensor_type: { elem_type: DATA_TYPE[v.dtype], shape: { dim: v.dims.map((d) => ({ dim_value: d })) } } } }
}

export class OnnxGraphBuilder {
  private readonly used = new Set<string>()
  private readonly nodes: NodeRecord[] = []
  private readonly initializers: TensorRecord[] = []
  private readonly nodeNames = new Set<string>()
  /** Prefix of the next nodes' names (the IR node being lowered), e.g. 'conv1' → node 'conv1/Conv'. */
  scope = ''

  /** Marks names as taken (e.g. graph outputs decided in advance) so `fresh` never hands them out. */
  reserve(name: string): void {
    if (this.used.has(name)) throw new Error(`ONNX name '${name}' is already used`)
    this.used.add(name)
  }

  /** A tensor name not used yet: `base`, else `base_1`, `base_2`, … */
  fresh(base: string): string {
    let name = base
    for (let k = 1; this.used.has(name); k++) name = `${base}_${k}`
    this.used.add(name)
    return name
  }

  /** Adds an initializer named after `base` and returns its name. */
  constant(base: string, dtype: ExportDType, dims: readonly number[], values: ArrayLike<number>): string {
    const count = dims.reduce((p, d) => p * d, 1)
    if (count !== values.length) throw new Error(`constant ${base}: ${values.length} values for dims [${dims.join(', ')}]`)
    const name = this.fresh(base)
    this.initializers.push({ name, dims: [...dims], data_type: DATA_TYPE[dtype], raw_data: rawBytes(dtype, values) })
    return name
  }

  /**
   * Adds a node with one output and returns the output's name: `output` when given (it must have been reserved or
   * be new), otherwise a fresh name from `outputBase`. An empty input name stands for an omitted optional input.
   */
  node(op: string, inputs: readonly string[], outputBase: string, attrs: Readonly<Record<string, ExportAttr>> = {},
    output?: string): string {
    const out = output ?? this.fresh(outputBase)
    if (output !== undefined && !this.used.has(output)) this.used.add(output)
    const base = this.scope ? `${this.scope}/${op}` : op
    let name = base
    for (let k = 1; this.nodeNames.has(name); k++) name = `${base}_${k}`
    this.nodeNames.add(name)
    this.nodes.push({
      op_type: op, name, input: [...inputs], output: [out],
      attribute: Object.entries(attrs).map(([key, v]) => attribute(key, v)),
    })
    return out
  }

  /** Adds a node with several outputs (fresh names from `outputBases`; '' leaves an optional output unused). */
  nodeOutputs(op: string, inputs: readonly string[], outputBases: readonly string[], attrs: Readonly<Record<string, ExportAttr>> = {}): string[] {
    const outputs = outputBases.map((b) => (b ? this.fresh(b) : ''))
    const base = this.scope ? `${this.scope}/${op}` : op
    let name = base
    for (let k = 1; this.nodeNames.has(name); k++) name = `${base}_${k}`
    this.nodeNames.add(name)
    this.nodes.push({ op_type: op, name, input: [...inputs], output: outputs,
      attribute: Object.entries(attrs).map(([key, v]) => attribute(key, v)) })
    return outputs
  }

  /** Renames the output of the node that produced `tensor`, which nothing may consume yet. */
  renameOutput(tensor: string, name: string): void {
    if (this.nodes.some((n) => n.input.includes(tensor))) throw new Error(`cannot rename ${tensor}: it is consumed`)
    const producer = this.nodes.find((n) => n.output.includes(tensor))
    if (!producer) throw new Error(`cannot rename ${tensor}: no node produces it`)
    producer.output = producer.output.map((o) => (o === tensor ? name : o))
    this.used.add(name)
  }

  get nodeCount(): number {
    return this.nodes.length
  }

  /** ModelProto bytes, in a Uint8Array of their own (protobufjs gives a pooled Buffer in Node). */
  encode(header: { graphName: string; docString: string; producerVersion: string; metadata: Record<string, string>;
    inputs: readonly ValueSpec[]; outputs: readonly ValueSpec[]; int16?: boolean }): Uint8Array {
    const model = MODEL.fromObject({
      ir_version: header.int16 ? EXPORT_INT16_HEADER.irVersion : EXPORT_IR_VERSION,
      producer_name: 'TinyForge',
      producer_version: header.producerVersion,
      doc_string: header.docString,
      opset_import: [{ domain: '', version: header.int16 ? EXPORT_INT16_HEADER.opset : EXPORT_OPSET }],
      metadata_props: Object.entries(header.metadata).map(([key, value]) => ({ key, value })),
      graph: {
        name: header.graphName,
        node: this.nodes,
        initializer: this.initializers,
        input: header.inputs.map(valueInfo),
        output: header.outputs.map(valueInfo),
      },
    })
    return new Uint8Array(MODEL.encode(model).finish())
  }
}
