/**
 * The committed WebAssembly float kernels (src/core/engine/float-wasm/float-kernels-wasm.generated.ts) are current:
 * their recorded source hash is today's, and clang rebuilds exactly their bytes. The module imports nothing and
 * exports the memory, __heap_base and every kernel the header declares. Rebuild with `npx tsx scripts/build-wasm-kernels.ts`.
 */
import { describe, expect, it } from 'vitest'
import { FLOAT_KERNELS_WASM } from '../../src/core/engine/float-wasm/float-kernels-wasm.generated.ts'
import { floatKernelsWasmBytes } from '../../src/core/engine/float-wasm/float-wasm-module.ts'
import { buildFloatKernelsWasm, floatExportedFunctions, floatSourceHash } from './build-float-kernels.ts'

const STALE = 'stale: rebuild with `npx tsx scripts/build-wasm-kernels.ts`'

describe('WebAssembly float kernels module', () => {
  it('was built from the current kernel sources and flags (recorded source hash)', () => {
    expect(FLOAT_KERNELS_WASM.sourceHash, STALE).toBe(floatSourceHash())
  })

  it('is what clang builds from them today, byte for byte', () => {
    const rebuilt = buildFloatKernelsWasm()
    const embedded = floatKernelsWasmBytes()
    expect(embedded.length).toBe(FLOAT_KERNELS_WASM.byteLength)
    expect(Buffer.from(rebuilt).equals(Buffer.from(embedded)), STALE).toBe(true)
  }, 120_000)

  it('imports nothing and exports the memory, __heap_base, the float kernels and the validation sums', () => {
    const module = new WebAssembly.Module(floatKernelsWasmBytes())
    expect(WebAssembly.Module.imports(module)).toEqual([])
    const exports = WebAssembly.Module.exports(module).map((e) => `${e.kind} ${e.name}`)
    const functions = ['tff_accumulate_codes', 'tff_conv_f64', 'tff_depthwise_conv_f64', 'tff_input_f32']
    expect(floatExportedFunctions()).toEqual(functions)
    expect(exports.sort()).toEqual(['global __heap_base', 'memory memory', ...functions.map((f) => `function ${f}`)].sort())
  })
})
