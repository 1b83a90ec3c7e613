/**
 * ONNX shape and element-wise ops → IR: Reshape / Flatten / Squeeze / Unsqueeze (Flatten or Reshape when
 * the NCHW → NHWC order allows it), Identity and Dropout (dropped), Concat on channels, Softmax on the
 * channel axis, Relu / Clip(0, 6) / Clip(0, ∞), fused into the producer's `activation` when it has one, and Sigmoid / Tanh.
 */
import type { OnnxMapper, OpHandler, Val } from './onnx-mapper.ts'
import { ACTIVATION_OPS, NodeAttrs } from './onnx-mapper.ts'
import { emitTranspose } from './onnx-map-second.ts'
import type { OnnxNodeProto } from './onnx-proto.ts'

const FLOAT_MAX = 3.4e38

/** Rank-1 results are vectors of the batch-1 IR: [N] → [1, N]. */
const batch1 = (shape: number[]): number[] => (shape.length === 1 ? [1, shape[0]] : shape)
const product = (dims: readonly number[]): number => dims.reduce((p, d) => p * d, 1)

/** The IR shape under which a value's elements sit in ONNX row-major order (views, and every value of rank ≤ 3). */
export function rowMajorShape(v: Val): number[] | undefined {
  return v.irShape ?? (v.shape && v.shape.length <= 3 ? v.shape : undefined)
}

/**
 * Reshapes that keep a row-major value's bytes where the IR has no tensor of that shape: to a batch other than 1 (a
 * time-major [T, 1, F] view for an LSTM) the value becomes a view; back to the view's IR shape, the plain value.
 */
function reshapeView(m: OnnxMapper, n: OnnxNodeProto, xName: string, shape: number[]): boolean {
  const x = m.val(xName)
  const out = (n.output ?? [])[0]
  const held = rowMajorShape(x)
  if (!held || product(held) !== product(shape)) return false
  if (shape[0] !== 1) {
    m.alias(out, xName, { shape, irShape: held })
    m.b.record(n.op_type!, m.displayName(n), 'dropped', [], `a view [${shape.join(', ')}] of the same values in the same order (batch 1)`)
    return true
  }
  if (x.irShape && shape.join() === x.irShape.join()) {
    m.alias(out, xName, { shape, irShape: undefined })
    m.b.record(n.op_type!, m.displayName(n), 'dropped', [], 'the same values in the same order')
    return true
  }
  return false
}

/** Maps a reshape of `xName` to the ONNX shape `target` (batch 1 included). */
function reshapeTo(m: OnnxMapper, n: OnnxNodeProto, xName: string, target: number[] | undefined): void {
  const viewed = m.val(xName)
  const x: Val = viewed.irShape ? { node: viewed.node, shape: viewed.irShape } : viewed
  const out = (n.output ?? [])[0]
  if (!x.shape || !target) return m.unsupported(n, 'a reshape whose input or result shape is unknown at import')
  const shape = batch1(target)
  if (reshapeView(m, n, xName, shape)) return
  if (shape[0] !== 1) return m.unsupported(n, `a reshape to [${shape.join(', ')}], which changes the batch dimension`)
  if (product(shape) !== product(x.shape)) return m.unsupported(n, `a reshape of ${product(x.shape)} values to [${shape.join(', ')}]`)
  if (shape.join() === x.shape.join() && !viewed.irShape) {
    m.alias(out, xName)
    return void m.b.record(n.op_type!, m.displayName(n), 'dropped', [], 'the shape does not change')
  }
  if (shape.length === 2) {
    if (x.shape.length === 2) {
      m.alias(out, xName, { shape, irShape: undefined })
      return void m.b.record(n.op_type!, m.displayName(n), 'dropped', [], 'already a flat vector')
    }
    if (x.shape.length !== 4 && x.shape.length !== 3) return m.unsupported(n, `flattening a rank-${x.shape.length} tensor`)
    const [, C, H, W] = x.shape
    const node = m.emit('Flatten', n, {}, [x.node])
    m.setOut(n, node, shape, x.shape.length === 4 && C > 1 && H * W > 1 ? [C, H, W] : undefined)
    return void m.b.record(n.op_type!, m.displayName(n), 'mapped', [node])
  }
  if (shape.length === 3) {
    // Rank 3 is row-major in both: a sequence [1, T, F] from a vector or sequence, or from 1×1×H×W / 1×C×1×1 data;
    // other NCHW data is first put in NCHW order by a Transpose.
    if (x.shape.length === 2 && x.chw) return m.unsupported(n, `a reshape to [${shape.join(', ')}] of a vector flattened from NCHW data`)
    const reorder = x.shape.length === 4 && x.shape[1] > 1 && x.shape[2] * x.shape[3] > 1
    const t = reorder ? emitTranspose(m, n, xName, [0, 3, 1, 2], [1, x.shape[2], x.shape[3], x.shape[1]], ' nchw') : undefined
    const node = m.emit('Reshape', n, { shape: shape.slice(1) }, [t ? t.node.id : x.node])
    m.setOut(n, node, shape)
    return void m.b.record(n.op_type!, m.displayName(n), 'mapped', t && !t.composed ? [t.node, node] : [node],
      reorder ? 'values put in ONNX\'s NCHW order first' : undefined)
  }
  if (shape.length === 4) {
    const [, C, H, W] = shape
    const sameOrder = C === 1 || H * W === 1
      || (x.shape.length === 2 && x.chw !== undefined && x.chw.join() === [C, H, W].join())
      || (x.shape.length === 4 && x.shape[1] === 1 && C === 1)
    if (!sameOrder && x.shape.length === 3) {
      // Row-major [1, T, F] values read as NCHW [1, C, H, W]: reshape to C×H×W, then a Transpose to the NHWC layout.
      const reshaped = m.emit('Reshape', n, { shape: [C, H, W] }, [x.node])
      m.setOut(n, reshaped, [1, C, H, W])
      const node = m.emit('Transpose', n, { perm: [0, 2, 3, 1] }, [reshaped.id], ' nhwc')
      m.setOut(n, node, shape)
      return void m.b.record(n.op_type!, m.displayName(n), 'mapped', [reshaped, node], 'a Transpose puts the NCHW values in the NHWC layout')
    }
    if (!sameOrder) {
      return m.unsupported(n, `a reshape to [${shape.join(', ')}] that reorders values between NCHW and NHWC`,
        'reshape only to 1×C×1×1 or 1×1×H×W, or flatten before a Gemm/MatMul')
    }
    const node = m.emit('Reshape', n, { shape: [H, W, C] }, [x.node])
    m.setOut(n, node, shape)
    return void m.b.record(n.op_type!, m.displayName(n), 'mapped', [node])
  }
  m.unsupported(n, `a reshape to a rank-${shape.length} tensor`, 'TinyForge tensors are 1×N, 1×T×F or 1×H×W×C')
}

const mapReshape: OpHandler = (m, n) => {
  const [xName, shapeName] = n.input ?? []
  const x = m.val(xName)
  const spec = m.constOf(shapeName)
  if (!spec) return m.unsupported(n, 'a reshape to a shape computed at run time')
  const allowZero = new NodeAttrs(n).int('allowzero', 0) === 1
  const dims = Array.from(spec.values).map((d, i) => (d === 0 && !allowZero ? (x.shape?.[i] ?? 0) : d))
  const known = dims.filter((d) => d !== -1).reduce((p, d) => p * d, 1)
  const total = x.shape ? product(x.shape) : undefined
  const target = total === undefined && dims.includes(-1) ? undefined
    : dims.map((d) => (d === -1 ? total! / known : d))
  reshapeTo(m, n, xName, target && target.every(Number.isInteger) ? target : undefined)
}

const mapFlatten: OpHandler = (m, n) => {
  const [xName] = n.input ?? []
  const x = m.val(xName)
  const axis = new NodeAttrs(n).int('axis', 1)
  if (!x.shape) return reshapeTo(m, n, xName, undefined)
  const k = axis < 0 ? axis + x.shape.length : axis
  reshapeTo(m, n, xName, [product(x.shape.slice(0, k)), product(x.shape.slice(k))])
}

function axesOf(m: OnnxMapper, n: OnnxNodeProto): number[] | undefined {
  const name = (n.input ?? [])[1]
  if (name) return m.constOf(name) ? Array.from(m.constOf(name)!.values) : undefined
  const a = new NodeAttrs(n)
  return a.has('axes') ? a.ints('axes', []) : undefined
}

const mapSqueeze: OpHandler = (m, n) => {
  const [xName] = n.input ?? []
  const x = m.val(xName)
  if (!x.shape) return reshapeTo(m, n, xName, undefined)
  const rank = x.shape.length
  const axes = axesOf(m, n)?.map((k) => (k < 0 ? k + rank : k))
  reshapeTo(m, n, xName, x.shape.filter((d, i) => (axes ? !axes.includes(i) : d !== 1 || i === 0)))
}

const mapUnsqueeze: OpHandler = (m, n) => {
  const [xName] = n.input ?? []
  const x = m.val(xName)
  const axes = axesOf(m, n)
  if (!x.shape || !axes) return reshapeTo(m, n, xName, undefined)
  const rank = x.shape.length + axes.length
  const set = new Set(axes.map((k) => (k < 0 ? k + rank : k)))
  const dims: number[] = []
  for (let i = 0, j = 0; i < rank; i++) dims.push(set.has(i) ? 1 : x.shape[j++])
  reshapeTo(m, n, xName, dims)
}

const mapPassThrough: OpHandler = (m, n) => {
  const [xName] = n.input ?? []
  if (m.constOf(xName)) return m.unsupported(n, 'its input is a constant')
  m.alias((n.output ?? [])[0], xName)
  m.b.record(n.op_type!, m.displayName(n), 'dropped', [], 'no effect at inference')
}

const mapConcat: OpHandler = (m, n) => {
  const names = (n.input ?? []).filter((name) => name)
  if (names.some((name) => m.constOf(name))) return m.unsupported(n, 'a concatenation with a constant')
  const vals: Val[] = names.map((name) => m.val(name))
  const rank = vals[0]?.shape?.length
  const axisRaw = new NodeAttrs(n).int('axis', 1)
  const axis = rank !== undefined && axisRaw < 0 ? axisRaw + rank : axisRaw
  if (rank === undefined || vals.some((v) => v.shape?.length !== rank) || axis !== 1 || (rank !== 2 && rank !== 4)) {
    return m.unsupported(n, 'a concatenation along an axis other than channels', 'Concat joins along the channel axis only')
  }
  if (vals.length < 2 || vals.length > 8) return m.unsupported(n, `a concatenation of ${vals.length} tensors`, 'Concat joins 2 to 8 tensors')
  if (vals.some((v) => v.chw)) return m.unsupported(n, 'a concatenation of vectors flattened from NCHW data')
  const others = (s: number[]) => s.filter((_, i) => i !== 1).join()
  if (vals.some((v) => others(v.shape!) !== others(vals[0].shape!))) return m.unsupported(n, 'a concatenation of tensors whose other dimensions differ')
  const node = m.emit('Concat', n, { inputs: vals.length }, vals.map((v) => v.node))
  const shape = [...vals[0].shape!]
  shape[1] = vals.reduce((s, v) => s + v.shape![1], 0)
  m.setOut(n, node, shape)
  m.b.record(n.op_type!, m.displayName(n), 'mapped', [node])
}

const mapSoftmax: OpHandler = (m, n) => {
  const [xName] = n.input ?? []
  const x = m.val(xName)
  const rank = x.shape?.length ?? 2
  const raw = new NodeAttrs(n).int('axis', m.opset >= 13 ? -1 : 1)
  const axis = raw < 0 ? raw + rank : raw
  // From opset 13 the softmax runs over `axis` alone; before, over all dims from `axis` on (C·H·W for axis 1).
  const channels = axis === 1 && (rank === 2 || (rank === 4 && (m.opset >= 13 || x.shape![2] * x.shape![3] === 1)))
  if (!channels) {
    return m.unsupported(n, 'a softmax over an axis other than channels', 'Softmax runs over the channel (last NHWC) axis')
  }
  const node = m.emit('Softmax', n, { beta: 1 }, [x.node])
  m.setOut(n, node, x.shape, x.chw)
  m.b.record(n.op_type!, m.displayName(n), 'mapped', [node])
}

function activation(m: OnnxMapper, n: OnnxNodeProto, act: 'relu' | 'relu6'): void {
  const [xName] = n.input ?? []
  if (m.constOf(xName)) return m.unsupported(n, 'its input is a constant')
  const x = m.val(xName)
  const producer = m.fusable(xName)
  if (producer && ACTIVATION_OPS.has(producer.op)) {
    const current = producer.attrs.activation
    const result = current === 'relu6' || act === 'relu6' ? 'relu6' : 'relu'
    producer.attrs = { ...producer.attrs, activation: result }
    m.alias((n.output ?? [])[0], xName)
    return void m.b.record(n.op_type!, m.displayName(n), 'fused', [producer],
      `fused into ${producer.op} '${producer.name}' as activation ${result}`)
  }
  const node = m.emit(act === 'relu' ? 'ReLU' : 'ReLU6', n, {}, [x.node])
  m.setOut(n, node, x.shape, x.chw)
  m.b.record(n.op_type!, m.displayName(n), 'mapped', [node])
}

/** Sigmoid and Tanh: element-wise, any layout (their int16-only kernels are handled after import: import/s16-islands.ts). */
function s16Activation(op: 'Sigmoid' | 'Tanh'): OpHandler {
  return (m, n) => {
    const [xName] = n.input ?? []
    if (m.constOf(xName)) return m.unsupported(n, 'its input is a constant')
    const x = m.val(xName)
    const node = m.emit(op, n, {}, [x.node])
    m.setOut(n, node, x.shape, x.chw)
    m.b.record(n.op_type!, m.displayName(n), 'mapped', [node])
  }
}

const mapClip: OpHandler = (m, n) => {
  const [, minName, maxName] = n.input ?? []
  const a = new NodeAttrs(n)
  const lo = m.opset >= 11 ? (m.constOf(minName)?.values[0] ?? -Infinity) : a.float('min', -FLOAT_MAX)
  const hi = m.opset >= 11 ? (m.constOf(maxName)?.values[0] ?? Infinity) : a.float('max', FLOAT_MAX)
  if ((minName && !m.constOf(minName)) || (maxName && !m.constOf(maxName))) {
    return m.unsupported(n, 'Clip bounds computed at run time')
  }
  if (lo === 0 && hi >= FLOAT_MAX) return activation(m, n, 'relu')
  if (lo === 0 && hi === 6) return activation(m, n, 'relu6')
  m.unsupported(n, `Clip(${lo}, ${hi})`, 'only Clip(0, 6) (ReLU6) and Clip(0, ∞) (ReLU) have kernels')
}

export const SHAPE_HANDLERS: Record<string, OpHandler> = {
  Reshape: mapReshape,
  Flatten: mapFlatten,
  Squeeze: mapSqueeze,
  Unsqueeze: mapUnsqueeze,
  Identity: mapPassThrough,
  Dropout: mapPassThrough,
  Concat: mapConcat,
  Softmax: mapSoftmax,
  Relu: (m, n) => activation(m, n, 'relu'),
  Clip: mapClip,
  Sigmoid: s16Activation('Sigmoid'),
  Tanh: s16Activation('Tanh'),
}
