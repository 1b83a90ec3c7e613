/**
 * What an operator's ONNX lowering (export-ops.ts) works with. One lowering serves both export modes:
 *
 * - float: tensors are float32; weights are float initializers (integer tensors dequantized exactly as the float
 *   engine does); fused activations become Relu / Clip(0, 6).
 * - qdq: every IR tensor is stored as int8, or int16 for 16x8 tensors (QuantizeLinear with the node's output quantization), read back
 *   through DequantizeLinear; weights are int8 initializers with per-tensor or per-channel (axis 0) DequantizeLinear;
 *   biases are int32 with scale in_scale · w_scale[c] (the pow2 scheme's int8 bias shifted left by its bias shift, as
 *   its kernels do); fused activation clamps come from the int8 kernel's frozen OpData (act_min/act_max): nothing when
 *   the clamp is the full int8 range, Relu when it cuts at real 0, else Clip at the real values of the clamp codes.
 *   Clamping at grid values before QuantizeLinear equals clamping the int8 result, so the clamp is exact.
 *
 * Data movement (Transpose, Reshape, Flatten) is applied to the stored tensor itself (int8 in qdq mode): it is exact and
 * keeps the quantization, which is what the int8 kernels require of Reshape/Flatten.
 */
import { tensorToFloat } from '../../engine/tensor-to-float.ts'
import type { Attrs, Shape, Tensor, TensorInfo } from '../../ir/types.ts'
import type { OpData } from '../../ops/op-def.ts'
import type { ExportAttr, ExportDType, OnnxGraphBuilder } from './export-builder.ts'
import type { Layout } from './export-layout.ts'
import { TO_NHWC, orderAgnostic, permuted } from './export-layout.ts'

export type ExportMode = 'float' | 'qdq'

/** A node's output as stored in the exported graph. */
export interface StoredTensor {
  name: string
  /** IR shape (NHWC for rank 4). */
  shape: Shape
  layout: Layout
  dtype: 'float32' | 'int8' | 'int16'
  /** qdq: initializer names of the tensor's scale and zero point, and their values. */
  qparams?: { scale: string; zeroPoint: string; scaleValue: number; zeroPointValue: number }
  /** Name stem for tensors derived from this one. */
  base: string
}

/**
 * A stateful layer's state as graph I/O (ONNX has no persistent state): the state before the run is a float32 graph
 * input (zeros = after a reset), the state after it a graph output; feeding each run the previous run's output streams.
 */
export interface StateIo {
  nodeId: string
  /** The op's state name. */
  name: string
  input: string
  output: string
  dims: number[]
}

/** State shared by the lowerings of one export. */
export class ExportSession {
  private readonly dq = new Map<string, string>()
  private readonly small = new Map<string, string>()
  /** State inputs and outputs, in lowering order. */
  readonly states: StateIo[] = []
  /** qdq: whether a tensor was stored as int16 (the model then needs opset 21: export-builder.ts). */
  int16 = false

  constructor(readonly mode: ExportMode, readonly g: OnnxGraphBuilder) {}

  /** A small constant, shared by every use of the same dtype, dims and values. */
  smallConstant(base: string, dtype: ExportDType, dims: readonly number[], values: readonly number[]): string {
    const key = `${dtype}|${dims.join(',')}|${values.join(',')}`
    let name = this.small.get(key)
    if (!name) {
      name = this.g.constant(base, dtype, dims, values)
      this.small.set(key, name)
    }
    return name
  }

  /** The float value of a stored tensor (qdq: one shared DequantizeLinear per stored tensor). */
  value(t: StoredTensor): string {
    if (t.dtype === 'float32') return t.name
    let name = this.dq.get(t.name)
    if (!name) {
      const q = t.qparams!
      name = this.g.node('DequantizeLinear', [t.name, q.scale, q.zeroPoint], `${t.base}_dq`)
      this.dq.set(t.name, name)
    }
    return name
  }
}

export class LowerContext {
  constructor(
    readonly session: ExportSession,
    readonly attrs: Attrs,
    /** Data inputs in port order (for Input: the raw graph input). */
    readonly inputs: readonly StoredTensor[],
    readonly output: TensorInfo,
    private readonly constants: Readonly<Record<string, Tensor>>,
    /** qdq: the node's frozen int8 OpData. */
    private readonly opData: OpData | undefined,
    /** Name stem of the node's tensors. */
    readonly base: string,
    /** The IR node (for state I/O). */
    readonly nodeId = '',
  ) {}

  /** A float32 graph input holding state `name` before the run (see StateIo); returns its name. */
  stateInput(name: string, dims: readonly number[]): string {
    const input = this.g.fresh(`${this.base}_${name}_in`)
    this.session.states.push({ nodeId: this.nodeId, name, input, output: '', dims: [...dims] })
    return input
  }

  /** Makes `value` the graph output holding state `name` after the run. */
  stateOutput(name: string, value: string): void {
    const entry = this.session.states.find((s) => s.nodeId === this.nodeId && s.name === name)
    if (!entry) throw new Error(`${this.base}: state ${name} has no input`)
    entry.output = this.g.fresh(`${this.base}_${name}_out`)
    this.g.node('Identity', [value], entry.output, {}, entry.output)
  }

  get g(): OnnxGraphBuilder {
    return this.session.g
  }

  get quantized(): boolean {
    return this.session.mode === 'qdq'
  }

  value(t: StoredTensor): string {
    return this.session.value(t)
  }

  node(op: string, inputs: readonly string[], suffix: string, attrs?: Readonly<Record<string, ExportAttr>>): string {
    return this.g.node(op, inputs, `${this.base}_${suffix}`, attrs)
  }

  scalar(value: number): string {
    return this.session.smallConstant('const', 'float32', [], [value])
  }

  int64s(values: readonly number[]): string {
    return this.session.smallConstant('shape', 'int64', [values.length], values)
  }

  /**
   * The 'weights' constant in ONNX order (`perm`: ONNX index → IR index), float or int8 + DequantizeLinear; per-channel
   * scales along ONNX axis `axis` (0: Conv's O of OIHW; 1: ConvTranspose's O of IOHW).
   */
  weights(dims: readonly number[], perm?: Int32Array, axis = 0): string {
    return this.namedWeights('weights', 'w', dims, perm, axis)
  }

  /** `weights` for the int8 constant `name` (stem `stem` of the tensors made for it). */
  namedWeights(name: string, stem: string, dims: readonly number[], perm?: Int32Array, axis = 0): string {
    const t = this.requireConstant(name)
    const order = (v: ArrayLike<number>): ArrayLike<number> => (perm ? permuted(v, perm) : v)
    if (!this.quantized || t.dtype !== 'int8') return this.floatConstant(name, stem, dims, perm)
    const q = t.quant!
    const data = this.g.constant(`${this.base}_${stem}_q`, 'int8', dims, order(t.data))
    const channels = q.scale.length
    const scale = this.g.constant(`${this.base}_${stem}_scale`, 'float32', channels === 1 ? [] : [channels], q.scale.map(Math.fround))
    const zp = this.g.constant(`${this.base}_${stem}_zp`, 'int8', channels === 1 ? [] : [channels], new Array<number>(channels).fill(0))
    return this.node('DequantizeLinear', [data, scale, zp], stem, channels === 1 ? {} : { axis })
  }

  /** The real values of constant `name` as a float32 initializer in both modes (int16 and int32 constants, biases). */
  floatConstant(name: string, stem: string, dims: readonly number[], perm?: Int32Array): string {
    const values = tensorToFloat(this.requireConstant(name), `${this.base} ${name}`)
    return this.g.constant(`${this.base}_${stem}`, 'float32', dims, perm ? permuted(values, perm) : values)
  }

  /** Whether the node has constant `name`. */
  hasConstant(name: string): boolean {
    return this.constants[name] !== undefined
  }

  /** The bias input of Conv/Gemm ('' when the node has none): float, or int32 + DequantizeLinear (scale in·w). */
  bias(useBias: boolean): string {
    if (!useBias) return ''
    const t = this.requireConstant('bias')
    if (!this.quantized) return this.g.constant(`${this.base}_b`, 'float32', [t.data.length], tensorToFloat(t, `${this.base} bias`))
    const shift = t.dtype === 'int32' || !this.opData || !('biasShift' in this.opData) ? 0 : Number(this.opData.biasShift)
    const values = Array.from(t.data, (v) => v << shift)
    const inScale = Math.fround(this.inputs[0].qparams!.scaleValue)
    const wScales = this.requireConstant('weights').quant!.scale.map(Math.fround)
    const scales = values.map((_, c) => Math.fround(inScale * wScales[wScales.length === 1 ? 0 : c]))
    const perTensor = scales.every((s) => s === scales[0])
    const data = this.g.constant(`${this.base}_b_q`, 'int32', [values.length], values)
    const scale = this.g.constant(`${this.base}_b_scale`, 'float32', perTensor ? [] : [scales.length], perTensor ? [scales[0]] : scales)
    const zp = this.g.constant(`${this.base}_b_zp`, 'int32', perTensor ? [] : [scales.length], new Array<number>(perTensor ? 1 : scales.length).fill(0))
    return this.node('DequantizeLinear', [data, scale, zp], 'b', perTensor ? {} : { axis: 0 })
  }

  /**
   * A fused activation applied to the float tensor `x`: float mode from the name ('none' | 'relu' | 'relu6');
   * qdq mode from the kernel's clamp codes (see the file comment).
   */
  activate(x: string, activation: string): string {
    if (!this.quantized) {
      if (activation === 'relu') return this.node('Relu', [x], 'relu')
      if (activation === 'relu6') return this.node('Clip', [x, this.scalar(0), this.scalar(6)], 'relu6')
      return x
    }
    // The kernel's clamp, where its OpData has one (weighted, pooling, Add, ReLU kernels); else the full int8 range.
    const d = this.opData
    const [min, max] = this.output.dtype === 'int16' ? [-32768, 32767] : [-128, 127]
    const actMin = d && 'actMin' in d ? Number(d.actMin) : min
    const actMax = d && 'actMax' in d ? Number(d.actMax) : max
    const { scale, zeroPoint } = this.outputQuant()
    const lo = actMin > min
    const hi = actMax < max
    if (!lo && !hi) return x
    if (lo && !hi && actMin === zeroPoint) return this.node('Relu', [x], 'relu')
    const real = (code: number): string => this.scalar(Math.fround((code - zeroPoint) * scale))
    const inputs = hi ? [x, lo ? real(actMin) : '', real(actMax)] : [x, real(actMin)]
    return this.node('Clip', inputs, 'clamp')
  }

  /**
   * Stores the node's float result: itself (float mode) or QuantizeLinear with the output quantization (qdq), int8 —
   * or int16 for a 16x8 tensor (an int16 zero point: opset 21, which the session records).
   */
  store(x: string, layout: Layout): StoredTensor {
    const shape = this.output.shape
    if (!this.quantized) {
      return { name: x, shape, layout, dtype: 'float32', base: this.base }
    }
    const dtype = this.output.dtype === 'int16' ? 'int16' : 'int8'
    if (dtype === 'int16') this.session.int16 = true
    const { scale, zeroPoint } = this.outputQuant()
    const scaleName = this.g.constant(`${this.base}_scale`, 'float32', [], [scale])
    const zpName = this.g.constant(`${this.base}_zp`, dtype, [], [zeroPoint])
    const name = this.g.node('QuantizeLinear', [x, scaleName, zpName], `${this.base}_q`)
    return { name, shape, layout, dtype, base: this.base,
      qparams: { scale: scaleName, zeroPoint: zpName, scaleValue: scale, zeroPointValue: zeroPoint } }
  }

  /** The stored tensor in IR (NHWC) element order: transposed back when it is NCHW with H·W > 1. */
  inIrOrder(t: StoredTensor): StoredTensor {
    if (t.layout !== 'nchw' || orderAgnostic(t.shape)) return t
    return this.move(t, 'Transpose', [], { perm: TO_NHWC }, t.shape, 'plain')
  }

  /** Data movement on a stored tensor (Transpose, Reshape, Flatten): same dtype and quantization. */
  move(t: StoredTensor, op: string, extraInputs: readonly string[], attrs: Readonly<Record<string, ExportAttr>>,
    shape: Shape, layout: Layout): StoredTensor {
    const suffix = t.dtype !== 'float32' ? `${op.toLowerCase()}_q` : op.toLowerCase()
    const name = this.node(op, [t.name, ...extraInputs], suffix, attrs)
    return { ...t, name, shape, layout, base: this.base }
  }

  private outputQuant(): { scale: number; zeroPoint: number } {
    const q = this.output.quant!
    return { scale: Math.fround(q.scale[0]), zeroPoint: q.zeroPoint[0] ?? 0 }
  }

  private requireConstant(name: string): Tensor {
    const t = this.constants[name]
    if (!t) throw new Error(`${this.base}: constant '${name}' is missing`)
    return t
  }
}
