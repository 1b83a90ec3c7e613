/**
 * The compiled float kernels module (float-kernels-wasm.generated.ts, built by scripts/build-wasm-kernels.ts),
 * decoded from its embedded base64 and compiled once per realm, as engine/wasm/wasm-module.ts does for the int8 kernels.
 */
import { FLOAT_KERNELS_WASM } from './float-kernels-wasm.generated.ts'

let compiled: Promise<WebAssembly.Module> | undefined

export function floatKernelsWasmBytes(): Uint8Array<ArrayBuffer> {
  const text = atob(FLOAT_KERNELS_WASM.base64)
  const bytes = new Uint8Array(text.length)
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i)
  return bytes
}

/** The compiled module; rejects when this runtime lacks WebAssembly SIMD128. */
export function floatKernelsModule(): Promise<WebAssembly.Module> {
  compiled ??= WebAssembly.compile(floatKernelsWasmBytes()).catch((err: unknown) => {
    compiled = undefined
    throw new Error(`the WebAssembly float kernels do not load here (${err instanceof Error ? err.message : String(err)}); ` +
      'they need WebAssembly SIMD128')
  })
  return compiled
}
