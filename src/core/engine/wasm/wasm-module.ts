/**
 * The compiled kernels module (kernels-wasm.generated.ts, built by scripts/build-wasm-kernels.ts): decoded from its
 * embedded base64 and compiled once per realm (Node, a worker or a page), so no file needs fetching and no bundler
 * needs configuring. Instances are cheap; each prepared model gets its own (engine/wasm/wasm-model.ts).
 */
import { KERNELS_WASM } from './kernels-wasm.generated.ts'

/** What an instance of the kernels module exports (kernel functions are looked up by name). */
export interface KernelExports {
  memory: WebAssembly.Memory
  __heap_base: WebAssembly.Global
  [name: string]: unknown
}

let compiled: Promise<WebAssembly.Module> | undefined

export function kernelsWasmBytes(): Uint8Array<ArrayBuffer> {
  const text = atob(KERNELS_WASM.base64)
  const bytes = new Uint8Array(text.length)
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i)
  return bytes
}

/** The compiled module; rejects when this runtime lacks WebAssembly SIMD128 (the module uses it). */
export function kernelsModule(): Promise<WebAssembly.Module> {
  compiled ??= WebAssembly.compile(kernelsWasmBytes()).catch((err: unknown) => {
    compiled = undefined
    throw new Error(`the WebAssembly kernels do not load here (${err instanceof Error ? err.message : String(err)}); ` +
      'they need WebAssembly SIMD128 (Node 16.4+, Chrome 91+, Firefox 89+, Safari 16.4+)')
  })
  return compiled
}
