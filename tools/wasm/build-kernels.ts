/**
 * Builds the WebAssembly kernels of the browser's int8 engine (src/core/engine/wasm/): the portable C runtime the
 * C package ships (src/core/codegen/c/runtime/*.c, unchanged) plus the wasm-only SIMD128 variants
 * (src/core/engine/wasm/kernels/*.c, functions named `<portable name>_simd128`), compiled together by clang
 * --target=wasm32 and linked by wasm-ld: no Emscripten, no libc, no imports. Every non-inline `tf_*` function a
 * header declares is exported, with the memory and `__heap_base` (where the engine's allocations start).
 *
 * Two modules from the same sources: 'double' (TFLite's reference requantization rounding) and 'single' (built with
 * -DCMSIS_NN_USE_SINGLE_ROUNDING, as a C package of a single-rounding project is); the engine loads the one a model needs.
 *
 * Deterministic: the sources are passed as sorted paths relative to the repository root, so the same sources and
 * clang give the same bytes on any checkout. The module embeds the bytes (base64) with a hash of every source and
 * the flags; tools/wasm/build-kernels.test.ts fails when either is stale. Node only; run it through
 * scripts/build-wasm-kernels.ts.
 */
import { createHash } from 'node:crypto'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export const REPO_ROOT = new URL('../../', import.meta.url).pathname
export const RUNTIME_DIR = 'src/core/codegen/c/runtime'
export const SIMD_DIR = 'src/core/engine/wasm/kernels'
export const MODULE_PATH = 'src/core/engine/wasm/kernels-wasm.generated.ts'

/** 64 KiB of stack below the data (--stack-first: an overflow traps instead of overwriting data). */
export const STACK_BYTES = 65536

export const COMPILE_FLAGS = ['--target=wasm32', '-O3', '-msimd128', '-mbulk-memory', '-ffreestanding', '-nostdlib', '-std=c99',
  '-Wall', '-Wextra', '-Werror', `-I${RUNTIME_DIR}`, `-I${SIMD_DIR}`]
export const LINK_FLAGS = ['-Wl,--no-entry', '-Wl,--stack-first', `-Wl,-z,stack-size=${STACK_BYTES}`, '-Wl,--export=__heap_base']

/** The requantization roundings a module is built for (quant/fixed-point.ts Rounding) and their extra flags. */
export type KernelsRounding = 'double' | 'single'
export const ROUNDING_FLAGS: Readonly<Record<KernelsRounding, readonly string[]>> = {
  double: [],
  single: ['-DCMSIS_NN_USE_SINGLE_ROUNDING'],
}

const PROTOTYPE = /^(?:void|int32_t|int)\s+\*?\s*(tf_\w+)\s*\(/gm

/** Source files (paths relative to the repository root, sorted) and their text. */
export function kernelSources(): { path: string; text: string }[] {
  return [RUNTIME_DIR, SIMD_DIR].flatMap((dir) => readdirSync(join(REPO_ROOT, dir))
    .filter((f) => /\.[ch]$/.test(f)).sort().map((f) => ({ path: `${dir}/${f}`, text: readFileSync(join(REPO_ROOT, dir, f), 'utf8') })))
}

/** The functions the module exports: every `tf_*` function prototype of the headers (static inline helpers are not). */
export function exportedFunctions(sources = kernelSources()): string[] {
  return [...new Set(sources.filter((s) => s.path.endsWith('.h')).flatMap((s) => [...s.text.matchAll(PROTOTYPE)].map((m) => m[1])))].sort()
}

/** sha256 of the flags and every source (path and text): what the embedded module was built from. */
export function sourceHash(sources = kernelSources()): string {
  const h = createHash('sha256')
  h.update(JSON.stringify([...COMPILE_FLAGS, ...LINK_FLAGS]))
  h.update(JSON.stringify(ROUNDING_FLAGS))
  for (const s of sources) h.update(`\0${s.path}\0${s.text}`)
  return h.digest('hex')
}

/** Compiles and links the kernels for `rounding`; throws with clang's output when it fails. */
export function buildKernelsWasm(rounding: KernelsRounding = 'double'): Uint8Array {
  const sources = kernelSources()
  const dir = mkdtempSync(join(tmpdir(), 'tinyforge-wasm-'))
  try {
    const out = join(dir, 'kernels.wasm')
    const exports = exportedFunctions(sources).map((f) => `-Wl,--export=${f}`)
    const args = [...COMPILE_FLAGS, ...ROUNDING_FLAGS[rounding], ...LINK_FLAGS, ...exports, '-o', out, ...sources.filter((s) => s.path.endsWith('.c')).map((s) => s.path)]
    const r = spawnSync('clang', args, { cwd: REPO_ROOT, encoding: 'utf8', timeout: 120_000 })
    if (r.status !== 0) throw new Error(`clang failed (${r.status ?? r.error?.message}):\n${r.stdout}${r.stderr}`)
    return new Uint8Array(readFileSync(out))
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** The generated module's text for the modules built from sources with `hash`. */
export function kernelsModuleText(modules: Readonly<Record<KernelsRounding, Uint8Array>>, hash: string): string {
  const moduleLines = (rounding: KernelsRounding, comment: string) => {
    const base64 = Buffer.from(modules[rounding]).toString('base64')
    const lines: string[] = []
    for (let i = 0; i < base64.length; i += 2000) lines.push(`      '${base64.slice(i, i + 2000)}',`)
    return [`  /** ${comment} */`, `  ${rounding}: {`, `    byteLength: ${modules[rounding].length},`, '    base64: [', ...lines,
      "    ].join(''),", '  },']
  }
  return [
    `// Generated by scripts/build-wasm-kernels.ts (clang ${COMPILE_FLAGS.join(' ')}) from ${RUNTIME_DIR}/*.c and`,
    `// ${SIMD_DIR}/*.c: do not edit. Rebuild after changing a kernel: npx tsx scripts/build-wasm-kernels.ts`,
    'export const KERNELS_WASM = {',
    `  /** sha256 of the flags and sources (tools/wasm/build-kernels.ts sourceHash). */`,
    `  sourceHash: '${hash}',`,
    ...moduleLines('double', "TFLite's reference (double) requantization rounding."),
    ...moduleLines('single', 'Built with -DCMSIS_NN_USE_SINGLE_ROUNDING: single rounding.'),
    '}',
    '',
  ].join('\n')
}
