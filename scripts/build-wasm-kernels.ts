/**
 * Rebuilds the WebAssembly kernels and writes the modules the engines load in Node, workers and the browser alike (no
 * compiler needed at run time): the int8 kernels (tools/wasm/build-kernels.ts → src/core/engine/wasm/kernels-wasm.generated.ts)
 * and the float reference kernels (tools/wasm/build-float-kernels.ts → src/core/engine/float-wasm/float-kernels-wasm.generated.ts).
 * Run: npx tsx scripts/build-wasm-kernels.ts — needs clang and lld (apt: clang lld).
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { MODULE_PATH, REPO_ROOT, buildKernelsWasm, exportedFunctions, kernelsModuleText, sourceHash } from '../tools/wasm/build-kernels.ts'
import { FLOAT_MODULE_PATH, buildFloatKernelsWasm, floatExportedFunctions, floatKernelsModuleText, floatSourceHash } from '../tools/wasm/build-float-kernels.ts'

const modules = { double: buildKernelsWasm('double'), single: buildKernelsWasm('single') }
writeFileSync(join(REPO_ROOT, MODULE_PATH), kernelsModuleText(modules, sourceHash()))
console.log(`${MODULE_PATH}: ${modules.double.length} + ${modules.single.length} bytes of wasm (double, single rounding), ` +
  `${exportedFunctions().length} kernel functions each`)
const floatBytes = buildFloatKernelsWasm()
writeFileSync(join(REPO_ROOT, FLOAT_MODULE_PATH), floatKernelsModuleText(floatBytes, floatSourceHash()))
console.log(`${FLOAT_MODULE_PATH}: ${floatBytes.length} bytes of wasm, ${floatExportedFunctions().length} kernel functions`)
