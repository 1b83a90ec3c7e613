/**
 * An int8 engine by id: 'wasm' (default: the C runtime compiled to WebAssembly, engine/wasm/) or 'ts' (the
 * TypeScript reference). Async because the wasm module is compiled on first use (once per realm). Where the kernels
 * cannot load (a runtime without WebAssembly SIMD128) 'wasm' falls back to the TypeScript reference, which computes
 * the same bytes; the engine's `id` (and every report's `engine`) says which one ran.
 */
import type { Int8Engine, Int8EngineId } from './int8-engines.ts'
import { TS_INT8_ENGINE } from './int8-engines.ts'
import { createWasmEngine } from './wasm/wasm-engine.ts'

export const DEFAULT_INT8_ENGINE: Int8EngineId = 'wasm'

export function isInt8EngineId(id: unknown): id is Int8EngineId {
  return id === 'wasm' || id === 'ts'
}

export async function createInt8Engine(id: Int8EngineId = DEFAULT_INT8_ENGINE): Promise<Int8Engine> {
  if (id === 'ts') return TS_INT8_ENGINE
  return createWasmEngine().catch(() => TS_INT8_ENGINE)
}
