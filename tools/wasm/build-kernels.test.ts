/**
 * The committed WebAssembly kernels (src/core/engine/wasm/kernels-wasm.generated.ts) are current: their recorded
 * source hash is the hash of today's kernel sources and flags, and clang rebuilds exactly their bytes (the build is
 * deterministic). Also: the module imports nothing and exports the memory, __heap_base and every kernel a header
 * declares — each portable kernel and each SIMD128 variant —, in both modules (double rounding, and single rounding:
 * -DCMSIS_NN_USE_SINGLE_ROUNDING), which differ exactly where the requantization is compiled in. Rebuild with `npx tsx scripts/build-wasm-kernels.ts`.
 */
import { describe, expect, it } from 'vitest'
import { KERNELS_WASM } from '../../src/core/engine/wasm/kernels-wasm.generated.ts'
import { kernelsWasmBytes } from '../../src/core/engine/wasm/wasm-module.ts'
import { buildKernelsWasm, exportedFunctions, kernelSources, sourceHash } from './build-kernels.ts'

const STALE = 'stale: rebuild with `npx tsx scripts/build-wasm-kernels.ts`'

describe('WebAssembly kernels module', () => {
  it('was built from the current kernel sources and flags (recorded source hash)', () => {
    expect(KERNELS_WASM.sourceHash, STALE).toBe(sourceHash())
  })

  it('is what clang builds from them today, byte for byte (both roundings)', () => {
    for (const rounding of ['double', 'single'] as const) {
      const rebuilt = buildKernelsWasm(rounding)
      const embedded = kernelsWasmBytes(rounding)
      expect(embedded.length).toBe(KERNELS_WASM[rounding].byteLength)
      expect(Buffer.from(rebuilt).equals(Buffer.from(embedded)), `${rounding}: ${STALE}`).toBe(true)
    }
    expect(Buffer.from(buildKernelsWasm()).equals(Buffer.from(kernelsWasmBytes())), 'two builds differ: the build is not deterministic').toBe(true)
    expect(Buffer.from(kernelsWasmBytes('single')).equals(Buffer.from(kernelsWasmBytes('double')))).toBe(false)
  }, 180_000)

  it.each(['double', 'single'] as const)('(%s rounding) imports nothing and exports the memory, __heap_base, every runtime kernel and every SIMD128 variant', (rounding) => {
    const module = new WebAssembly.Module(kernelsWasmBytes(rounding))
    expect(WebAssembly.Module.imports(module)).toEqual([])
    const exports = WebAssembly.Module.exports(module).map((e) => `${e.kind} ${e.name}`)
    const functions = exportedFunctions()
    expect(exports.sort()).toEqual(['global __heap_base', 'memory memory', ...functions.map((f) => `function ${f}`)].sort())
    const portable = kernelSources().filter((s) => s.path.startsWith('src/core/codegen/c/runtime/') && s.path.endsWith('.c'))
    for (const s of portable) expect(functions, s.path).toContain(s.path.split('/').pop()!.replace(/\.c$/, ''))
    expect(functions.filter((f) => f.endsWith('_simd128')).length).toBe(10)
  })

  it('has integer-only SIMD kernels: no floating point, no allocation, no libc', () => {
    for (const s of kernelSources().filter((x) => x.path.startsWith('src/core/engine/wasm/kernels/'))) {
      const code = s.text.replace(/\/\*[\s\S]*?\*\//g, ' ')
      expect(code, s.path).not.toMatch(/\b(float|double|f32x4|f64x2|malloc|free|printf|memcpy|memset)\b|#include <(?!stdint\.h|stddef\.h|wasm_simd128\.h)/)
    }
  })
})
