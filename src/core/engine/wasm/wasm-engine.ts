/**
 * The WebAssembly int8 engine: the C runtime the device runs (codegen/c/runtime), compiled to wasm32 with SIMD128
 * variants of the hot kernels (engine/wasm/kernels), behind the int8 engine interface (engine/int8-engines.ts).
 * `createWasmEngine()` compiles the embedded module once (async); `prepare` is synchronous and gives each model its
 * own instance (wasm-model.ts). Bit-exact with the TypeScript reference engine by construction (the same frozen
 * OpData, the same kernels as the C package, integer arithmetic only) and by test (wasm-engine.test.ts).
 */
import type { Int8Engine } from '../int8-engines.ts'
import { INT8_ENGINE_NAMES } from '../int8-engines.ts'
import { kernelsModule } from './wasm-module.ts'
import type { WasmModelOptions } from './wasm-model.ts'
import { WasmInt8Model } from './wasm-model.ts'

export interface WasmEngine extends Int8Engine {
  prepare(...args: Parameters<Int8Engine['prepare']>): WasmInt8Model
}

/**
 * Compiles both modules (double rounding, and single rounding: the runtime built with -DCMSIS_NN_USE_SINGLE_ROUNDING),
 * so that `prepare` stays synchronous for either rounding.
 */
export async function createWasmEngine(options: WasmModelOptions = {}): Promise<WasmEngine> {
  const [double, single] = await Promise.all([kernelsModule('double'), kernelsModule('single')])
  return {
    id: 'wasm',
    name: options.simd === false ? 'WebAssembly (the C runtime, portable kernels)' : INT8_ENGINE_NAMES.wasm,
    prepare: (graph, scheme, rounding = 'double') =>
      new WasmInt8Model(rounding === 'single' ? single : double, graph, scheme, { ...options, rounding }),
  }
}
