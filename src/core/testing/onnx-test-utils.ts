/**
 * Test-only helpers: encode small ONNX models with the importer's own schema subset (protobufjs
 * fromObject/encode, weights in raw_data little-endian), run them with onnxruntime-web as the reference,
 * and convert between NCHW and NHWC. Imported only by *.test.ts files.
 */
import protobuf from 'protobufjs'
import { ONNX_PROTO } from '../formats/onnx/onnx-schema.ts'

const ROOT = protobuf.parse(ONNX_PROTO, { keepCase: true }).root
const MODEL = ROOT.lookupType('onnx.ModelProto')

export type AttrSpec = number | number[] | string | { floats: number[] } | { float: number } | { strings: string[] }

export interface NodeSpec {
  op: string
  inputs: string[]
  outputs: string[]
  name?: string
  attrs?: Record<string, AttrSpec>
}

export interface ModelSpec {
  inputs: { name: string; dims: number[] }[]
  outputs: string[]
  initializers?: { name: string; dims: number[]; values: ArrayLike<number>; int64?: boolean }[]
  nodes: NodeSpec[]
  opset?: number
}

function attribute(name: string, v: AttrSpec): Record<string, unknown> {
  if (typeof v === 'string') return { name, type: 3, s: new TextEncoder().encode(v) }
  if (Array.isArray(v)) return { name, type: 7, ints: v }
  if (typeof v === 'number') return Number.isInteger(v) ? { name, type: 2, i: v } : { name, type: 1, f: v }
  if ('floats' in v) return { name, type: 6, floats: v.floats }
  if ('strings' in v) return { name, type: 8, strings: v.strings.map((x) => new TextEncoder().encode(x)) }
  return { name, type: 1, f: v.float }
}

function rawData(values: ArrayLike<number>, int64: boolean): Uint8Array {
  if (int64) {
    const view = new DataView(new ArrayBuffer(values.length * 8))
    for (let i = 0; i < values.length; i++) view.setBigInt64(8 * i, BigInt(values[i]), true)
    return new Uint8Array(view.buffer)
  }
  return new Uint8Array(Float32Array.from(values).buffer)
}

export function encodeModel(spec: ModelSpec): Uint8Array {
  const valueInfo = (name: string, dims?: number[]) => ({
    name, type: { tensor_type: { elem_type: 1, ...(dims ? { shape: { dim: dims.map((d) => ({ dim_value: d })) } } : {}) } },
  })
  const model = MODEL.fromObject({
    ir_version: 8,
    producer_name: 'tinyforge-test',
    opset_import: [{ domain: '', version: spec.opset ?? 13 }],
    graph: {
      name: 'test',
      node: spec.nodes.map((n, i) => ({
        op_type: n.op, name: n.name ?? `${n.op}_${i}`, input: n.inputs, output: n.outputs,
        attribute: Object.entries(n.attrs ?? {}).map(([k, v]) => attribute(k, v)),
      })),
      initializer: (spec.initializers ?? []).map((t) => ({
        name: t.name, dims: t.dims, data_type: t.int64 ? 7 : 1, raw_data: rawData(t.values, t.int64 ?? false),
      })),
      input: spec.inputs.map((i) => valueInfo(i.name, i.dims)),
      output: spec.outputs.map((o) => valueInfo(o)),
    },
  })
  return MODEL.encode(model).finish()
}

/** Runs the model with onnxruntime-web (wasm, in Node); returns output name → values. */
export async function runOrt(bytes: Uint8Array, feeds: Record<string, { dims: number[]; data: Float32Array }>):
  Promise<Record<string, Float32Array>> {
  const ort = await import('onnxruntime-web')
  ort.env.wasm.numThreads = 1
  const session = await ort.InferenceSession.create(bytes)
  const inputs: Record<string, InstanceType<typeof ort.Tensor>> = {}
  for (const [name, f] of Object.entries(feeds)) inputs[name] = new ort.Tensor('float32', f.data, f.dims)
  const result = await session.run(inputs)
  const out: Record<string, Float32Array> = {}
  for (const [name, t] of Object.entries(result)) out[name] = t.data as Float32Array
  await session.release()
  return out
}

/** [1, C, H, W] (NCHW) values → [1, H, W, C] (NHWC). */
export function nchwToNhwc(x: ArrayLike<number>, [, C, H, W]: readonly number[]): Float32Array {
  const out = new Float32Array(C * H * W)
  for (let c = 0; c < C; c++) for (let h = 0; h < H; h++) for (let w = 0; w < W; w++) out[(h * W + w) * C + c] = x[(c * H + h) * W + w]
  return out
}

/** Deterministic test values in [−1, 1). */
export function seeded(n: number, seed: number): Float32Array {
  let s = seed >>> 0
  return Float32Array.from({ length: n }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0
    return s / 2 ** 31 - 1
  })
}

type AnyModel = any // a decoded ModelProto object, edited freely by tests that break it on purpose

/** Decodes `bytes`, lets `edit` change the plain ModelProto object, and encodes it again. */
export function mutateModel(bytes: Uint8Array, edit: (model: AnyModel) => void): Uint8Array {
  const model = MODEL.toObject(MODEL.decode(bytes), { longs: Number, defaults: false })
  edit(model)
  return MODEL.encode(MODEL.fromObject(model)).finish()
}
