/**
 * Byte-level edits of a .tflite flatbuffer for the oracle page. Each returns a patched copy; no existing
 * byte moves, so every offset in the file stays valid. Throws Error when the bytes are not a TFLite model
 * with the fields an edit needs.
 *
 * - withExtraOutputs: the main subgraph also lists `extra` tensors as outputs (after the original ones).
 *   The interpreter runs the same operators with the same kernels and returns those tensors too, which is
 *   how the page compares every layer. The new outputs vector is appended (4-byte aligned) after the last
 *   byte and the SubGraph's `outputs` uoffset is re-pointed at it.
 * - withXnnpackDeclined: for each given bias tensor, its first quantization zero point becomes 1 (in place).
 *   TFLite's XNNPACK delegate refuses an int32 bias whose zero point is not 0 ("unsupported zero-point
 *   value"), so that operator stays on TFLite's builtin kernel; the builtin int8 CONV_2D, DEPTHWISE_CONV_2D
 *   and FULLY_CONNECTED kernels add the int32 bias values as they are and never read its zero point (the
 *   oracle test checks that the patched model still computes the same tensors, see docs/int8-exactness.md).
 */

/** Field numbers in schema/tflite.fbs. */
const MODEL_SUBGRAPHS = 2
const SUBGRAPH_TENSORS = 0
const SUBGRAPH_OUTPUTS = 2
const TENSOR_QUANTIZATION = 4
const QUANT_ZERO_POINT = 3

class FlatView {
  readonly view: DataView
  constructor(readonly bytes: Uint8Array) {
    if (bytes.length < 8) throw new Error('not a TFLite model: too short')
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  }

  /** Byte position of field `field` of the table at `table`, or undefined when the field is absent. */
  field(table: number, field: number): number | undefined {
    const vtable = table - this.view.getInt32(table, true)
    const slot = 4 + 2 * field
    const offset = slot < this.view.getUint16(vtable, true) ? this.view.getUint16(vtable + slot, true) : 0
    return offset === 0 ? undefined : table + offset
  }

  requireField(table: number, field: number, what: string): number {
    const position = this.field(table, field)
    if (position === undefined) throw new Error(`the TFLite model has no ${what}`)
    return position
  }

  /** Follows the uoffset stored at `position`. */
  deref(position: number): number {
    return position + this.view.getUint32(position, true)
  }

  length(vector: number): number {
    return this.view.getUint32(vector, true)
  }

  /** The table at element `i` of a vector of tables. */
  tableAt(vector: number, i: number): number {
    return this.deref(vector + 4 + 4 * i)
  }

  mainSubgraph(): number {
    const model = this.view.getUint32(0, true)
    const subgraphs = this.deref(this.requireField(model, MODEL_SUBGRAPHS, 'subgraphs'))
    if (this.length(subgraphs) < 1) throw new Error('the TFLite model has no subgraph')
    return this.tableAt(subgraphs, 0)
  }
}

/** The main subgraph's output tensor indices. */
export function subgraphOutputs(bytes: Uint8Array): number[] {
  const f = new FlatView(bytes)
  const vector = f.deref(f.requireField(f.mainSubgraph(), SUBGRAPH_OUTPUTS, 'subgraph outputs'))
  return Array.from({ length: f.length(vector) }, (_, i) => f.view.getInt32(vector + 4 + 4 * i, true))
}

/** A copy of `bytes` whose main subgraph outputs are its original outputs followed by `extra`. */
export function withExtraOutputs(bytes: Uint8Array, extra: readonly number[]): Uint8Array {
  const field = new FlatView(bytes).requireField(new FlatView(bytes).mainSubgraph(), SUBGRAPH_OUTPUTS, 'subgraph outputs')
  const outputs = [...subgraphOutputs(bytes), ...extra]
  const start = Math.ceil(bytes.length / 4) * 4
  const out = new Uint8Array(start + 4 + 4 * outputs.length)
  out.set(bytes)
  const view = new DataView(out.buffer)
  view.setUint32(start, outputs.length, true)
  outputs.forEach((t, i) => view.setInt32(start + 4 + 4 * i, t, true))
  view.setUint32(field, start - field, true)
  return out
}

/** A copy of `bytes` in which each tensor of `biasTensors` has zero point 1 in its first channel. */
export function withXnnpackDeclined(bytes: Uint8Array, biasTensors: readonly number[]): Uint8Array {
  const out = bytes.slice()
  const f = new FlatView(out)
  const tensors = f.deref(f.requireField(f.mainSubgraph(), SUBGRAPH_TENSORS, 'tensors'))
  for (const t of biasTensors) {
    if (t < 0 || t >= f.length(tensors)) throw new Error(`tensor ${t} does not exist`)
    const tensor = f.tableAt(tensors, t)
    const quant = f.field(tensor, TENSOR_QUANTIZATION)
    const zeroPoint = quant === undefined ? undefined : f.field(f.deref(quant), QUANT_ZERO_POINT)
    const vector = zeroPoint === undefined ? undefined : f.deref(zeroPoint)
    if (vector === undefined || f.length(vector) < 1) throw new Error(`tensor ${t} has no quantization zero points to patch`)
    f.view.setBigInt64(vector + 4, 1n, true)
  }
  return out
}
