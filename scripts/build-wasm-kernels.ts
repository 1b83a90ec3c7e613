/**
 * Rebuilds the WebAssembly kernels (tools/wasm/build-kernels.ts) and writes src/core/engine/wasm/kernels-wasm.generated.ts,
 * the module the wasm engine loads in Node, workers and the browser alike (no compiler needed at run time).
 * Run: npx tsx scripts/build-wasm-kernels.ts — needs clang and lld (apt: clang lld).
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { MODULE_PATH, REPO_ROOT, buildKernelsWasm, exportedFunctions, kernelsModuleText, sourceHash } from '../tools/wasm/build-kernels.ts'

const modules = { double: buildKernelsWasm('double'), single: buildKernelsWasm('single') }
writeFileSync(join(REPO_ROOT, MODULE_PATH), kernelsModuleText(modules, sourceHash()))
console.log(`${MODULE_PATH}: ${modules.double.length} + ${modules.single.length} bytes of wasm (double, single rounding), ` +
  `${exportedFunctions().length} kernel functions each`)
