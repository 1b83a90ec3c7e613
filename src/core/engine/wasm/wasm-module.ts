/**
 * The compiled kernels modules (kernels-wasm.generated.ts, built by scripts/build-wasm-kernels.ts), one per
 * requantization rounding (the 'single' one built with -DCMSIS_NN_USE_SINGLE_ROUNDING): decoded from their embedded
 * base64 and compiled once per realm (Node, a worker or a page), so no file needs fetching and no bundler needs
 * configuring. Instances are cheap; each prepared model gets its own (engine/wasm/wasm-model.ts).
 */
import type { Rounding } from '../../quant/fixed-point.ts'
import { KERNELS_WASM } from './kernels-wasm.generated.ts'

/** What an instance of the kernels module exports (kernel functions are looked up by name). */
export interface KernelExports {
  memory: WebAssembly.Memory
  __heap_base: WebAssembly.Global
  [name: string]: unknown
}

const compiled: Partial<Record<Rounding, Promise<WebAssembly.Module>>> = {}

export function kernelsWasmBytes(rounding: Rounding = 'double'): Uint8Array<ArrayBuffer> {
  const text = atob(KERNELS_WASM[rounding].base64)
  const bytes = new Uint8Array(text.length)
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i)
  return bytes
}

/** The compiled module of `rounding`; rejects when this runtime lacks WebAssembly SIMD128 (the module uses it). */
export function kernelsModule(rounding: Rounding = 'double'): Promise<WebAssembly.Module> {
  return compiled[rounding] ??= WebAssembly.compile(kernelsWasmBytes(rounding)).catch((err: unknown) => {
    delete compiled[rounding]
    throw new Error(`the WebAssembly kernels do not load here (${err instanceof Error ? err.message : String(err)}); ` +
      'they need WebAssembly SIMD128 (Node 16.4+, Chrome 91+, Firefox 89+, Safari 16.4+)')
  })
}
