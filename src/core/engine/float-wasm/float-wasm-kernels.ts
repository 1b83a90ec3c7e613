/**
 * The float reference's WebAssembly kernels (kernels/tff_float.c) behind runFloat's `kernels` option
 * (engine/float-engine.ts): Conv2D, DepthwiseConv2D and FullyConnected — nearly all of a CNN's float time — run
 * compiled, with SIMD128 lanes across output channels, and Input's preprocessing (so that its output already lies in
 * the kernels' memory); every other op runs its TypeScript `evalFloat`. The results
 * are the TypeScript references' bit for bit (same double sums in the same order; see tff_float.h), checked by
 * float-wasm-kernels.test.ts on every template and MLPerf model. `accumulateCodes` does validation's per-layer sums
 * (wasm-code-sums.ts), the same doubles as pipelines/validation.ts.
 *
 * Memory: one instance per `createWasmFloatKernels()`, a bump allocator from __heap_base that never frees. The first
 * time a node runs, keyed by the weights object runFloat keeps per graph and node, it gets its constants packed
 * (double, output channels contiguous, padded to 8) and its own input and output buffers; later runs allocate
 * nothing. An input that is already in this memory (a view another kernel returned) is read where it is; any other
 * is copied into the node's input buffer. The output is copied out — or, in runs with `reuseOutputs` of a graph that
 * has completed a run before (so that nothing can grow the memory and detach views mid-run), returned as a view of
 * the node's output buffer, valid until the node runs again. A node whose constants or attrs a kernel does not
 * expect is left to its `evalFloat` (which then reports the problem as it always has).
 */
import type { Attrs, Graph } from '../../ir/types.ts'
import { shapeSize } from '../../ir/types.ts'
import type { FloatEvalArgs } from '../../ops/op-def.ts'
import { activationRange, windowPadBefore } from '../../ops/op-def.ts'
import type { FloatKernels } from '../float-engine.ts'
import { floatKernelsModule } from './float-wasm-module.ts'
import { WasmCodeSums } from './wasm-code-sums.ts'

const PAGE = 65536

type ConvCall = (input: number, inH: number, inW: number, inC: number, weights: number, bias: number, outH: number, outW: number,
  outC: number, kernelH: number, kernelW: number, strideH: number, strideW: number, dilationH: number, dilationW: number,
  padTop: number, padLeft: number, actMin: number, actMax: number, output: number, scratch: number) => void
type DepthwiseCall = (input: number, inH: number, inW: number, inC: number, depthMultiplier: number, weights: number, bias: number,
  outH: number, outW: number, kernelH: number, kernelW: number, strideH: number, strideW: number, dilationH: number,
  dilationW: number, padTop: number, padLeft: number, actMin: number, actMax: number, output: number, scratch: number) => void

type InputCall = (raw: number, size: number, mean: number, meanCount: number, channels: number, scale: number, output: number) => void

interface FloatExports {
  memory: WebAssembly.Memory
  __heap_base: WebAssembly.Global
  tff_conv_f64: ConvCall
  tff_depthwise_conv_f64: DepthwiseCall
  tff_input_f32: InputCall
}

/** A node's buffers: its packed double weights and bias, and its float input and output. */
interface NodeBuffers {
  weights: number
  bias: number
  /** Double scratch where the kernel widens its input (conv: the input's length; depthwise: H·W·OCp). */
  scratch: number
  input: number
  inputLength: number
  output: number
  outputLength: number
}

type Args = FloatEvalArgs<Attrs>

const roundUp8 = (n: number) => (n + 7) & ~7

export class WasmFloatKernels implements FloatKernels {
  readonly name = 'WebAssembly (SIMD128)'
  private readonly exports: FloatExports
  private top: number
  private buffer: ArrayBuffer
  private f32: Float32Array
  private f64: Float64Array
  private readonly nodes = new WeakMap<object, NodeBuffers>()
  /** Graphs that finished a run: every node the kernels take has its buffers. */
  private readonly complete = new WeakSet<Graph>()
  /** Whether this run returns views (beginRun). */
  private reuse = false

  readonly accumulateCodes: NonNullable<FloatKernels['accumulateCodes']>

  constructor(module: WebAssembly.Module) {
    this.accumulateCodes = new WasmCodeSums(module).add
    this.exports = new WebAssembly.Instance(module, {}).exports as unknown as FloatExports
    this.top = this.exports.__heap_base.value as number
    this.buffer = this.exports.memory.buffer
    this.f32 = new Float32Array(this.buffer)
    this.f64 = new Float64Array(this.buffer)
  }

  /** Bytes of the instance's memory (it grows with each new node's buffers, never per run). */
  get memoryBytes(): number {
    return this.exports.memory.buffer.byteLength
  }

  beginRun(graph: Graph, reuseOutputs: boolean): void {
    this.reuse = reuseOutputs && this.complete.has(graph)
  }

  endRun(graph: Graph): void {
    this.complete.add(graph)
  }

  evalNode(op: string, args: Args): Float32Array | undefined {
    if (op === 'Input') return this.input(args)
    if (op === 'Conv2D') return this.conv(args)
    if (op === 'DepthwiseConv2D') return this.depthwise(args)
    if (op === 'FullyConnected') return this.fullyConnected(args)
    return undefined
  }

  /** The Input's preprocessing, so that its output lies in this memory for the first convolution to read in place. */
  private input(args: Args): Float32Array | undefined {
    const { attrs, outputShape } = args
    const mean = attrs.mean as number[]
    const scale = attrs.scale as number
    const size = shapeSize(outputShape)
    const channels = outputShape[outputShape.length - 1]
    const raw = args.inputs[0]
    if (!(raw instanceof Float32Array) || raw.length !== size || !(mean.length === 1 || mean.length === channels)) return undefined
    let node = this.nodes.get(args.weights)
    if (!node) {
      node = { weights: this.alloc(mean.length * 8), bias: 0, scratch: 0, input: this.alloc(size * 4), inputLength: size,
        output: this.alloc(size * 4), outputLength: size }
      this.f64.set(mean, node.weights >> 3)
      this.nodes.set(args.weights, node)
    } else if (node.inputLength !== size) return undefined
    const meanAt = node.weights
    return this.call(node, raw, (input, output) => this.exports.tff_input_f32(input, size, meanAt, mean.length, channels, scale, output))
  }

  private conv(args: Args): Float32Array | undefined {
    const { attrs, inputShapes, outputShape } = args
    const [, H, W, C] = inputShapes[0]
    const [, OH, OW, OC] = outputShape
    const KH = attrs.kernelH as number, KW = attrs.kernelW as number
    if (args.inputs[0].length !== H * W * C) return undefined
    const node = this.buffersOf(args, OH * OW * OC, H * W * C, OC, KH * KW * C, (w, ocp, dst) => {
      // OHWI → [ky][kx][ic][OCp]
      for (let oc = 0; oc < OC; oc++) {
        for (let t = 0; t < KH * KW; t++) for (let ic = 0; ic < C; ic++) dst[(t * C + ic) * ocp + oc] = w[(oc * KH * KW + t) * C + ic]
      }
    })
    if (!node) return undefined
    const SH = attrs.strideH as number, SW = attrs.strideW as number, DH = attrs.dilationH as number, DW = attrs.dilationW as number
    const padding = attrs.padding as string
    const [lo, hi] = activationRange(attrs.activation as string)
    return this.call(node, args.inputs[0], (input, output) => this.exports.tff_conv_f64(input, H, W, C, node.weights,
      node.bias, OH, OW, OC, KH, KW, SH, SW, DH, DW, windowPadBefore(H, KH, SH, DH, padding), windowPadBefore(W, KW, SW, DW, padding),
      lo, hi, output, node.scratch))
  }

  private depthwise(args: Args): Float32Array | undefined {
    const { attrs, inputShapes, outputShape } = args
    const [, H, W, C] = inputShapes[0]
    const [, OH, OW, OC] = outputShape
    const M = attrs.depthMultiplier as number
    const KH = attrs.kernelH as number, KW = attrs.kernelW as number
    if (OC !== C * M || args.inputs[0].length !== H * W * C) return undefined
    const node = this.buffersOf(args, OH * OW * OC, H * W * roundUp8(OC), OC, KH * KW, (w, ocp, dst) => {
      // 1HW(C·M) → [ky][kx][OCp]
      for (let t = 0; t < KH * KW; t++) for (let oc = 0; oc < OC; oc++) dst[t * ocp + oc] = w[t * OC + oc]
    })
    if (!node) return undefined
    const SH = attrs.strideH as number, SW = attrs.strideW as number, DH = attrs.dilationH as number, DW = attrs.dilationW as number
    const padding = attrs.padding as string
    const [lo, hi] = activationRange(attrs.activation as string)
    return this.call(node, args.inputs[0], (input, output) => this.exports.tff_depthwise_conv_f64(input, H, W, C, M,
      node.weights, node.bias, OH, OW, KH, KW, SH, SW, DH, DW, windowPadBefore(H, KH, SH, DH, padding),
      windowPadBefore(W, KW, SW, DW, padding), lo, hi, output, node.scratch))
  }

  /** FullyConnected is the 1×1 convolution of one pixel with K input channels (weights [units][K] → [K][Up]). */
  private fullyConnected(args: Args): Float32Array | undefined {
    const { attrs } = args
    const K = args.inputs[0].length
    const U = attrs.units as number
    if (shapeSize(args.outputShape) !== U) return undefined
    const node = this.buffersOf(args, U, K, U, K, (w, up, dst) => {
      for (let u = 0; u < U; u++) for (let k = 0; k < K; k++) dst[k * up + u] = w[u * K + k]
    })
    if (!node) return undefined
    const [lo, hi] = activationRange(attrs.activation as string)
    return this.call(node, args.inputs[0], (input, output) =>
      this.exports.tff_conv_f64(input, 1, 1, K, node.weights, node.bias, 1, 1, U, 1, 1, 1, 1, 1, 1, 0, 0, lo, hi, output, node.scratch))
  }

  /**
   * The node's buffers (made on first use): `perChannel` weights per output channel, laid out by `layout` into a
   * zeroed [perChannel][OCp] double array; the bias (or zeros) as double [OCp]; `scratchDoubles` of scratch; its input
   * (the length it has now) and its output (`outputLength` floats). Undefined when the constants are not what the op's evalFloat expects (it then
   * runs and reports them).
   */
  private buffersOf(args: Args, outputLength: number, scratchDoubles: number, channels: number, perChannel: number,
    layout: (w: Float32Array, ocp: number, dst: Float64Array) => void): NodeBuffers | undefined {
    const known = this.nodes.get(args.weights)
    if (known) return known.inputLength === args.inputs[0].length && known.outputLength === outputLength ? known : undefined
    const w = args.weights.weights
    const bias = args.attrs.useBias ? args.weights.bias : undefined
    if (!w || w.length !== channels * perChannel || (args.attrs.useBias && (!bias || bias.length !== channels))) return undefined
    const ocp = roundUp8(channels)
    const dst = new Float64Array(perChannel * ocp)
    layout(w, ocp, dst)
    const b = new Float64Array(ocp)
    if (bias) b.set(bias)
    const inputLength = args.inputs[0].length
    const node: NodeBuffers = { weights: this.alloc(dst.byteLength), bias: this.alloc(b.byteLength), scratch: this.alloc(scratchDoubles * 8),
      input: this.alloc(inputLength * 4), inputLength, output: this.alloc(outputLength * 4), outputLength }
    this.f64.set(dst, node.weights >> 3)
    this.f64.set(b, node.bias >> 3)
    this.nodes.set(args.weights, node)
    return node
  }

  /**
   * Runs `kernel(inputAddress, outputAddress)` on the node's buffers: the input read in place when it already lies in
   * this memory, else copied into the node's input buffer; the output a view in reusing runs, else a copy.
   */
  private call(node: NodeBuffers, input: Float32Array, kernel: (input: number, output: number) => void): Float32Array {
    let address = node.input
    if (input.buffer === this.buffer) address = input.byteOffset
    else this.f32.set(input, node.input >> 2)
    kernel(address, node.output)
    return this.reuse ? new Float32Array(this.buffer, node.output, node.outputLength)
      : this.f32.slice(node.output >> 2, (node.output >> 2) + node.outputLength)
  }

  private alloc(bytes: number): number {
    const address = Math.ceil(this.top / 16) * 16
    this.top = address + bytes
    const memory = this.exports.memory
    const need = Math.ceil(this.top / PAGE) - memory.buffer.byteLength / PAGE
    if (need > 0) memory.grow(need)
    if (memory.buffer !== this.buffer) {
      this.buffer = memory.buffer
      this.f32 = new Float32Array(this.buffer)
      this.f64 = new Float64Array(this.buffer)
    }
    return address
  }
}

/** A fresh instance of the float kernels; rejects where WebAssembly SIMD128 is missing (callers then run evalFloat). */
export async function createWasmFloatKernels(): Promise<WasmFloatKernels> {
  return new WasmFloatKernels(await floatKernelsModule())
}

/** The float kernels, or undefined where they cannot load (runFloat then runs every node's evalFloat: same results). */
export function loadWasmFloatKernels(): Promise<WasmFloatKernels | undefined> {
  return createWasmFloatKernels().catch(() => undefined)
}
