/**
 * The SIMD128 kernels against the portable kernels they replace, in the same wasm module: random shapes, windows,
 * paddings, strides, dilations, depth multipliers, offsets, clamps, per-channel multipliers in [0, 2^31) and shifts
 * over the whole legal range [-31, 30] (left shifts that wrap included), with and without bias — every output byte
 * must match — in both modules, double rounding and single rounding (CMSIS_NN_USE_SINGLE_ROUNDING: its vector
 * requantization with and without channels of shift >= 0). (The portable kernels equal the TypeScript engine: codegen/c/runtime.test.ts and wasm-engine.test.ts.)
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { mulberry32 } from '../../ir/seeded-init.ts'
import type { StructOf } from '../../kernels/portable/runtime-structs.ts'
import { WasmHeap } from './wasm-heap.ts'
import type { KernelExports } from './wasm-module.ts'
import { kernelsModule } from './wasm-module.ts'

type Fn = (...args: number[]) => void

let exports: KernelExports
let heap: WasmHeap

const NO_CONSTANTS = new Map()

class Case {
  readonly next: () => number
  constructor(seed: number) {
    this.next = mulberry32(seed)
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1))
  }
  bytes(n: number): number {
    const address = heap.alloc(n + 16, 16)
    heap.bytes.set(Int8Array.from({ length: n }, () => this.int(-128, 127)), address)
    return address
  }
  words(n: number, lo: number, hi: number): number {
    const address = heap.alloc(4 * n + 16, 16)
    heap.words.set(Int32Array.from({ length: n }, () => this.int(lo, hi)), address >> 2)
    return address
  }
  /** Per-channel multipliers (mostly normalised, some small) and shifts over [-31, 30]. */
  requant(n: number): [number, number] {
    const m = heap.alloc(4 * n + 16, 16)
    const s = heap.alloc(4 * n + 16, 16)
    for (let i = 0; i < n; i++) {
      heap.words[(m >> 2) + i] = this.next() < 0.8 ? this.int(2 ** 30, 2 ** 31 - 1) : this.int(0, 2 ** 30)
      heap.words[(s >> 2) + i] = this.next() < 0.7 ? this.int(-12, 0) : this.int(-31, 30)
    }
    return [m, s]
  }
  act(): { min: number; max: number } {
    const a = this.int(-128, 127)
    const b = this.int(-128, 127)
    return this.next() < 0.4 ? { min: -128, max: 127 } : { min: Math.min(a, b), max: Math.max(a, b) }
  }
  struct(s: StructOf): number {
    return heap.struct(s, NO_CONSTANTS)
  }
}

/** Runs the portable and the SIMD128 kernel on the same arguments (the output argument swapped) and compares. */
function same(name: string, args: number[], outputIndex: number, outputBytes: number, label: string): string | undefined {
  const outs = [0, 1].map(() => heap.alloc(outputBytes + 16, 16))
  for (const [k, fn] of [name, `${name}_simd128`].entries()) {
    const call = [...args]
    call[outputIndex] = outs[k]
    ;(exports[fn] as Fn)(...call)
  }
  const a = heap.bytes.slice(outs[0], outs[0] + outputBytes)
  const b = heap.bytes.slice(outs[1], outs[1] + outputBytes)
  const bad = a.findIndex((v, i) => b[i] !== v)
  return bad < 0 ? undefined : `${label}: byte ${bad} of ${outputBytes} is ${b[bad]}, portable ${a[bad]}`
}

function convGeometry(c: Case, depthwise: boolean) {
  const kh = c.int(1, 5)
  const kw = c.int(1, 5)
  const input = { h: c.int(1, 12), w: c.int(1, 12), c: depthwise ? c.int(1, 40) : c.int(1, 24) }
  const window = { kernel_h: kh, kernel_w: kw, stride_h: c.int(1, 3), stride_w: c.int(1, 3), dilation_h: c.int(1, 2), dilation_w: c.int(1, 2),
    pad_top: c.int(0, kh - 1), pad_left: c.int(0, kw - 1) }
  const out = (size: number, k: number, s: number, d: number, p: number) => Math.max(1, Math.floor((size + 2 * p - d * (k - 1) - 1) / s) + 1)
  const mult = depthwise ? (c.next() < 0.8 ? 1 : c.int(2, 3)) : 1
  const output = { h: out(input.h, kh, window.stride_h, window.dilation_h, window.pad_top), w: out(input.w, kw, window.stride_w, window.dilation_w,
    window.pad_left), c: depthwise ? input.c * mult : c.int(1, 24) }
  return { input, output, window, mult }
}

const CASES = 150

describe.each(['double', 'single'] as const)('SIMD128 kernels = portable kernels (random cases in one module, %s rounding)', (rounding) => {
  beforeAll(async () => {
    exports = new WebAssembly.Instance(await kernelsModule(rounding), {}).exports as unknown as KernelExports
    heap = new WasmHeap(exports.memory, exports.__heap_base.value as number)
  })

  it('tf_convolve_s8 and tf_depthwise_conv_s8', () => {
    const failures: string[] = []
    for (let seed = 1; seed <= CASES; seed++) {
      for (const depthwise of [false, true]) {
        const c = new Case(seed * 2 + (depthwise ? 1 : 0))
        const g = convGeometry(c, depthwise)
        const params = c.struct({ type: 'tf_conv_s8_params', value: { input: g.input, output: g.output, window: g.window,
          input_offset: c.int(-127, 128), output_offset: c.int(-128, 127), depth_multiplier: g.mult, act: c.act() } })
        const [m, s] = c.requant(g.output.c)
        const weights = c.bytes(g.output.c * g.window.kernel_h * g.window.kernel_w * (depthwise ? 1 : g.input.c))
        const bias = c.next() < 0.8 ? c.words(g.output.c, -(2 ** 20), 2 ** 20) : 0
        const input = c.bytes(g.input.h * g.input.w * g.input.c)
        const outBytes = g.output.h * g.output.w * g.output.c
        const label = `${depthwise ? 'depthwise' : 'conv'} seed ${seed} ${JSON.stringify(g)}`
        const failure = depthwise
          ? same('tf_depthwise_conv_s8', [params, m, s, input, weights, bias, 0], 6, outBytes, label)
          : same('tf_convolve_s8', [params, m, s, input, weights, bias, 0, heap.alloc(2 * g.window.kernel_h * g.window.kernel_w * g.input.c + 16)],
            6, outBytes, label)
        if (failure) failures.push(failure)
      }
    }
    // Columns beyond the SIMD kernel's static buffers (KH·KW·Cin > 8192, or padded filters > 128 KiB) take its
    // one-pixel path on the caller's scratch.
    for (const [cin, outC] of [[1100, 5], [801, 20]]) {
      const c = new Case(cin)
      const input = { h: 3, w: 3, c: cin }
      const output = { h: 2, w: 2, c: outC }
      const window = { kernel_h: 3, kernel_w: 3, stride_h: 1, stride_w: 1, dilation_h: 1, dilation_w: 1, pad_top: 1, pad_left: 0 }
      const params = c.struct({ type: 'tf_conv_s8_params', value: { input, output, window, input_offset: c.int(-127, 128),
        output_offset: c.int(-128, 127), depth_multiplier: 1, act: c.act() } })
      const [m, s] = c.requant(outC)
      const args = [params, m, s, c.bytes(9 * cin), c.bytes(outC * 9 * cin), c.words(outC, -(2 ** 20), 2 ** 20), 0, heap.alloc(18 * cin + 16)]
      const failure = same('tf_convolve_s8', args, 6, 4 * outC, `large conv cin ${cin}`)
      if (failure) failures.push(failure)
    }
    expect(failures).toEqual([])
  })

  it('tf_fully_connected_s8 (per channel and per tensor) and tf_elementwise_add_s8', () => {
    const failures: string[] = []
    for (let seed = 1; seed <= CASES; seed++) {
      const c = new Case(1000 + seed)
      const k = c.int(1, 300)
      const units = c.int(1, 40)
      const perChannel = c.next() < 0.5 ? 1 : 0
      const params = c.struct({ type: 'tf_fc_s8_params', value: { input_length: k, units, input_offset: c.int(-127, 128),
        output_offset: c.int(-128, 127), per_channel: perChannel, act: c.act() } })
      const [m, s] = c.requant(perChannel ? units : 1)
      const bias = c.next() < 0.8 ? c.words(units, -(2 ** 20), 2 ** 20) : 0
      const fc = same('tf_fully_connected_s8', [params, m, s, c.bytes(k), c.bytes(units * k), bias, 0], 6, units, `fc seed ${seed} k ${k} units ${units}`)
      if (fc) failures.push(fc)
      const size = c.int(1, 100)
      const [m1, m2, mo] = [0, 1, 2].map(() => c.int(2 ** 30, 2 ** 31 - 1))
      // Mostly TFLite-like parameters (left shift 20 ± 5, input shifts <= 0); some outside that range.
      const general = c.next() < 0.25
      const add = c.struct({ type: 'tf_add_s8_params', value: { size, left_shift: general ? c.int(8, 23) : c.int(15, 22),
        input1_offset: c.int(-127, 128), input1_multiplier: m1, input1_shift: general ? c.int(-31, 2) : c.int(-31, 0),
        input2_offset: c.int(-127, 128), input2_multiplier: m2, input2_shift: general ? c.int(-31, 2) : c.int(-31, 0),
        output_offset: c.int(-128, 127), output_multiplier: mo, output_shift: c.int(-31, 5), act: c.act() } })
      const sum = same('tf_elementwise_add_s8', [add, c.bytes(size), c.bytes(size), 0], 3, size, `add seed ${seed} size ${size}`)
      if (sum) failures.push(sum)
    }
    expect(failures).toEqual([])
  })

  it('tf_max_pool_s8 and tf_avgpool_s8', () => {
    const failures: string[] = []
    for (let seed = 1; seed <= CASES; seed++) {
      const c = new Case(2000 + seed)
      const kh = c.int(1, 6)
      const kw = c.int(1, 6)
      const input = { h: c.int(kh, 14), w: c.int(kw, 14), c: c.int(1, 40) }
      const window = { kernel_h: kh, kernel_w: kw, stride_h: c.int(1, 3), stride_w: c.int(1, 3), dilation_h: 1, dilation_w: 1,
        pad_top: c.int(0, kh - 1), pad_left: c.int(0, kw - 1) }
      const output = { h: Math.floor((input.h + window.pad_top - kh) / window.stride_h) + 1,
        w: Math.floor((input.w + window.pad_left - kw) / window.stride_w) + 1, c: input.c }
      const params = c.struct({ type: 'tf_pool_params', value: { input, output, window, act: c.act() } })
      const x = c.bytes(input.h * input.w * input.c)
      for (const kernel of ['tf_max_pool_s8', 'tf_avgpool_s8']) {
        const failure = same(kernel, [params, x, 0], 2, output.h * output.w * output.c, `${kernel} seed ${seed}`)
        if (failure) failures.push(failure)
      }
    }
    expect(failures).toEqual([])
  })

  it('the q7 kernels: tf_convolve_q7, tf_depthwise_conv_q7, tf_fully_connected_q7, tf_add_q7', () => {
    const failures: string[] = []
    for (let seed = 1; seed <= CASES; seed++) {
      for (const depthwise of [false, true]) {
        const c = new Case(3000 + seed * 2 + (depthwise ? 1 : 0))
        const g = convGeometry(c, depthwise)
        const params = c.struct({ type: 'tf_conv_q7_params', value: { input: g.input, output: g.output, window: g.window,
          depth_multiplier: g.mult, bias_shift: c.int(0, 8), out_shift: c.int(0, 14), act: c.act() } })
        const weights = c.bytes(g.output.c * g.window.kernel_h * g.window.kernel_w * (depthwise ? 1 : g.input.c))
        const bias = c.next() < 0.8 ? c.bytes(g.output.c) : 0
        const input = c.bytes(g.input.h * g.input.w * g.input.c)
        const outBytes = g.output.h * g.output.w * g.output.c
        const label = `q7 ${depthwise ? 'depthwise' : 'conv'} seed ${seed}`
        const failure = depthwise
          ? same('tf_depthwise_conv_q7', [params, input, weights, bias, 0], 4, outBytes, label)
          : same('tf_convolve_q7', [params, input, weights, bias, 0, heap.alloc(g.window.kernel_h * g.window.kernel_w * g.input.c + 16)], 4,
            outBytes, label)
        if (failure) failures.push(failure)
      }
      const c = new Case(4000 + seed)
      const k = c.int(1, 300)
      const units = c.int(1, 40)
      const fcParams = c.struct({ type: 'tf_fc_q7_params', value: { input_length: k, units, bias_shift: c.int(0, 8), out_shift: c.int(0, 14), act: c.act() } })
      const fc = same('tf_fully_connected_q7', [fcParams, c.bytes(k), c.bytes(units * k), c.next() < 0.8 ? c.bytes(units) : 0, 0], 4, units,
        `q7 fc seed ${seed}`)
      if (fc) failures.push(fc)
      const size = c.int(1, 100)
      const act = c.struct({ type: 'tf_clamp', value: c.act() })
      const add = same('tf_add_q7', [c.bytes(size), c.bytes(size), 0, size, act], 2, size, `q7 add seed ${seed}`)
      if (add) failures.push(add)
    }
    expect(failures).toEqual([])
  })
})
