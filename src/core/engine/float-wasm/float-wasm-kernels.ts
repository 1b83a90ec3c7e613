/**
 * The float reference's WebAssembly kernels (kernels/tff_float.c) behind runFloat's `kernels` option
 * (engine/float-engine.ts): Conv2D, DepthwiseConv2D and FullyConnected — nearly all of a CNN's float time — run
 * compiled, with SIMD128 lanes across output channels; every other op runs its TypeScript `evalFloat`. The results
 * are the TypeScript references' bit for bit (same double sums in the same order; see tff_float.h), checked by
 * float-wasm-kernels.test.ts on every template and MLPerf model.
 *
 * Memory: one instance per `createWasmFloatKernels()`, a bump allocator from __heap_base. Each node's constants are
 * packed once (double, output channels contiguous, padded to 8) the first time it runs, keyed by the weights object
 * runFloat keeps per graph and node, and stay for the instance's life; per call the input and output sit in scratch
 * above them, released when the call returns. A node whose constants or attrs a kernel does not expect is left to
 * its `evalFloat` (which then reports the problem as it always has).
 */
import type { Attrs } from '../../ir/types.ts'
import { shapeSize } from '../../ir/types.ts'
import type { FloatEvalArgs } from '../../ops/op-def.ts'
import { activationRange, windowPadBefore } from '../../ops/op-def.ts'
import type { FloatKernels } from '../float-engine.ts'
import { floatKernelsModule } from './float-wasm-module.ts'

const PAGE = 65536

type ConvCall = (input: number, inH: number, inW: number, inC: number, weights: number, bias: number, outH: number, outW: number,
  outC: number, kernelH: number, kernelW: number, strideH: number, strideW: number, dilationH: number, dilationW: number,
  padTop: number, padLeft: number, actMin: number, actMax: number, output: number) => void
type DepthwiseCall = (input: number, inH: number, inW: number, inC: number, depthMultiplier: number, weights: number, bias: number,
  outH: number, outW: number, kernelH: number, kernelW: number, strideH: number, strideW: number, dilationH: number,
  dilationW: number, padTop: number, padLeft: number, actMin: number, actMax: number, output: number) => void

interface FloatExports {
  memory: WebAssembly.Memory
  __heap_base: WebAssembly.Global
  tff_conv_f64: ConvCall
  tff_depthwise_conv_f64: DepthwiseCall
}

/** A node's constants in the kernels' layout: addresses of the packed double weights and bias. */
interface Packed {
  weights: number
  bias: number
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
  private readonly packed = new WeakMap<object, Packed>()

  constructor(module: WebAssembly.Module) {
    this.exports = new WebAssembly.Instance(module, {}).exports as unknown as FloatExports
    this.top = this.exports.__heap_base.value as number
    this.buffer = this.exports.memory.buffer
    this.f32 = new Float32Array(this.buffer)
    this.f64 = new Float64Array(this.buffer)
  }

  /** Bytes of the instance's memory (it grows with the packed constants and the largest call, never per run). */
  get memoryBytes(): number {
    return this.exports.memory.buffer.byteLength
  }

  evalNode(op: string, args: Args): Float32Array | undefined {
    if (op === 'Conv2D') return this.conv(args)
    if (op === 'DepthwiseConv2D') return this.depthwise(args)
    if (op === 'FullyConnected') return this.fullyConnected(args)
    return undefined
  }

  private conv(args: Args): Float32Array | undefined {
    const { attrs, inputShapes, outputShape } = args
    const [, H, W, C] = inputShapes[0]
    const [, OH, OW, OC] = outputShape
    const KH = attrs.kernelH as number, KW = attrs.kernelW as number
    const packed = this.pack(args, OC, KH * KW * C, (w, ocp, dst) => {
      // OHWI → [ky][kx][ic][OCp]
      for (let oc = 0; oc < OC; oc++) {
        for (let t = 0; t < KH * KW; t++) for (let ic = 0; ic < C; ic++) dst[(t * C + ic) * ocp + oc] = w[(oc * KH * KW + t) * C + ic]
      }
    })
    if (!packed) return undefined
    const SH = attrs.strideH as number, SW = attrs.strideW as number, DH = attrs.dilationH as number, DW = attrs.dilationW as number
    const padding = attrs.padding as string
    const [lo, hi] = activationRange(attrs.activation as string)
    return this.call(args.inputs[0], OH * OW * OC, (input, output) => this.exports.tff_conv_f64(input, H, W, C, packed.weights,
      packed.bias, OH, OW, OC, KH, KW, SH, SW, DH, DW, windowPadBefore(H, KH, SH, DH, padding), windowPadBefore(W, KW, SW, DW, padding),
      lo, hi, output))
  }

  private depthwise(args: Args): Float32Array | undefined {
    const { attrs, inputShapes, outputShape } = args
    const [, H, W, C] = inputShapes[0]
    const [, OH, OW, OC] = outputShape
    const M = attrs.depthMultiplier as number
    const KH = attrs.kernelH as number, KW = attrs.kernelW as number
    if (OC !== C * M) return undefined
    const packed = this.pack(args, OC, KH * KW, (w, ocp, dst) => {
      // 1HW(C·M) → [ky][kx][OCp]
      for (let t = 0; t < KH * KW; t++) for (let oc = 0; oc < OC; oc++) dst[t * ocp + oc] = w[t * OC + oc]
    })
    if (!packed) return undefined
    const SH = attrs.strideH as number, SW = attrs.strideW as number, DH = attrs.dilationH as number, DW = attrs.dilationW as number
    const padding = attrs.padding as string
    const [lo, hi] = activationRange(attrs.activation as string)
    return this.call(args.inputs[0], OH * OW * OC, (input, output) => this.exports.tff_depthwise_conv_f64(input, H, W, C, M,
      packed.weights, packed.bias, OH, OW, KH, KW, SH, SW, DH, DW, windowPadBefore(H, KH, SH, DH, padding),
      windowPadBefore(W, KW, SW, DW, padding), lo, hi, output))
  }

  /** FullyConnected is the 1×1 convolution of one pixel with K input channels (weights [units][K] → [K][Up]). */
  private fullyConnected(args: Args): Float32Array | undefined {
    const { attrs } = args
    const K = args.inputs[0].length
    const U = attrs.units as number
    if (shapeSize(args.outputShape) !== U) return undefined
    const packed = this.pack(args, U, K, (w, up, dst) => {
      for (let u = 0; u < U; u++) for (let k = 0; k < K; k++) dst[k * up + u] = w[u * K + k]
    })
    if (!packed) return undefined
    const [lo, hi] = activationRange(attrs.activation as string)
    return this.call(args.inputs[0], U, (input, output) =>
      this.exports.tff_conv_f64(input, 1, 1, K, packed.weights, packed.bias, 1, 1, U, 1, 1, 1, 1, 1, 1, 0, 0, lo, hi, output))
  }

  /**
   * The node's packed constants (made on first use): `perChannel` weights per output channel, laid out by `layout`
   * into a zeroed [perChannel][OCp] double array; the bias (or zeros) as double [OCp]. Undefined when the constants
   * are not what the op's evalFloat expects (it then runs and reports them).
   */
  private pack(args: Args, channels: number, perChannel: number,
    layout: (w: Float32Array, ocp: number, dst: Float64Array) => void): Packed | undefined {
    const known = this.packed.get(args.weights)
    if (known) return known
    const w = args.weights.weights
    const bias = args.attrs.useBias ? args.weights.bias : undefined
    if (!w || w.length !== channels * perChannel || (args.attrs.useBias && (!bias || bias.length !== channels))) return undefined
    const ocp = roundUp8(channels)
    const dst = new Float64Array(perChannel * ocp)
    layout(w, ocp, dst)
    const b = new Float64Array(ocp)
    if (bias) b.set(bias)
    const packed = { weights: this.alloc(dst.byteLength), bias: this.alloc(b.byteLength) }
    this.f64.set(dst, packed.weights >> 3)
    this.f64.set(b, packed.bias >> 3)
    this.packed.set(args.weights, packed)
    return packed
  }

  /** Copies `input` in, runs `kernel(inputAddress, outputAddress)`, copies `outputLength` floats out; frees the scratch. */
  private call(input: Float32Array, outputLength: number, kernel: (input: number, output: number) => void): Float32Array {
    const mark = this.top
    try {
      const inAddress = this.alloc(input.length * 4)
      const outAddress = this.alloc(outputLength * 4)
      this.f32.set(input, inAddress >> 2)
      kernel(inAddress, outAddress)
      return this.f32.slice(outAddress >> 2, (outAddress >> 2) + outputLength)
    } finally {
      this.top = mark
    }
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
