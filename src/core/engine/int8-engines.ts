/**
 * The int8 engines behind one interface: 'wasm' — the deployed C runtime compiled to WebAssembly
 * (engine/wasm/, the default where speed matters) — and 'ts' — the TypeScript reference interpreter (runInt8, the
 * independent twin the tests compare everything against). Both run a quantized graph's prepared plan and give the
 * same bytes.
 *
 * Use: `const model = engine.prepare(graph, scheme)` once (frozen OpData, constants, memory plan), then
 * `model.run(model.preprocess(raw))` per sample. `run` takes each Input's int8 tensor (as `<prefix>_invoke`
 * does) and returns the int8 output of every node (capture 'all', the default) or of the graph outputs only.
 * Stateful layers (SVDF, LSTM): each run starts from the reset state (independent samples, as validation and
 * `runInt8` without a state), or with `state: 'carry'` from the state the model's previous run left (streaming: one
 * frame per run, as `<prefix>_invoke` between two `<prefix>_reset()`); `state()` reads it.
 */
import type { Graph } from '../ir/types.ts'
import type { IntTensor } from '../ops/op-def.ts'
import type { PreparedGraph } from '../plan/prepare-graph.ts'
import { prepareGraph } from '../plan/prepare-graph.ts'
import type { Rounding } from '../quant/fixed-point.ts'
import type { QuantScheme } from '../quant/scheme.ts'
import type { ExitRun } from './early-exit.ts'
import { reachedOutputs } from './early-exit.ts'
import type { Int8GraphState } from './int8-engine.ts'
import { createInt8State, prepareInputs, runInt8 } from './int8-engine.ts'

export type Int8EngineId = 'wasm' | 'ts'

export interface Int8RunOptions {
  /** 'all' (default): every node's output; 'outputs': the graph outputs only (faster on the wasm engine). */
  capture?: 'all' | 'outputs'
  /** Stateful layers: 'reset' (default) starts from the reset state, 'carry' from the previous run's state. */
  state?: 'reset' | 'carry'
}

export interface Int8Model {
  readonly prepared: PreparedGraph
  /** Int8 input tensor per Input node id → integer output per node id (Int16Array for a layer kept at int16). */
  run(inputs: Readonly<Record<string, Int8Array>>, options?: Int8RunOptions): Map<string, IntTensor>
  /**
   * Runs until the first confident Exit (as the C package's invoke): which exit fired (engine/early-exit.ts) and the
   * graph outputs computed. On a graph without exits it runs everything (outcome: the main path).
   */
  runToExit(inputs: Readonly<Record<string, Int8Array>>): ExitRun
  /** Raw values per Input node id → its int8 tensor, through the Input's integer preprocessing (ops/input.ts). */
  preprocess(raw: Readonly<Record<string, ArrayLike<number>>>): Record<string, Int8Array>
  /** A copy of the stateful nodes' state now (after the last run; the reset state before any), by node id. */
  state(): Int8GraphState
  /** Releases what the model holds (its wasm instance); the model must not be used afterwards. */
  dispose(): void
}

export interface Int8Engine {
  readonly id: Int8EngineId
  /** For reports, e.g. "WebAssembly (C runtime, SIMD128)". */
  readonly name: string
  /**
   * Prepares a quantized graph for `scheme` and the s8 requantization `rounding` (default 'double'; 'single' is
   * CMSIS_NN_USE_SINGLE_ROUNDING); throws like prepareGraph for a graph that cannot run in int8.
   */
  prepare(graph: Graph, scheme: QuantScheme, rounding?: Rounding): Int8Model
}

export const INT8_ENGINE_NAMES: Record<Int8EngineId, string> = {
  wasm: 'WebAssembly (the C runtime, SIMD128)',
  ts: 'TypeScript reference',
}

/** The TypeScript reference engine (runInt8 / prepareInputs) behind the engine interface. */
export const TS_INT8_ENGINE: Int8Engine = {
  id: 'ts',
  name: INT8_ENGINE_NAMES.ts,
  prepare(graph, scheme, rounding = 'double') {
    const prepared = prepareGraph(graph, scheme, undefined, rounding)
    let state = createInt8State(prepared)
    return {
      prepared,
      run(inputs, options = {}) {
        if (options.state !== 'carry') state = createInt8State(prepared)
        const { outputs } = runInt8(graph, { ...inputs }, { scheme, rounding, state })
        if (options.capture !== 'outputs') return outputs
        return new Map(prepared.outputIds.map((id) => [id, outputs.get(id)!]))
      },
      runToExit(inputs) {
        const r = runInt8(graph, { ...inputs }, { scheme, rounding, earlyExit: true })
        return { exit: r.exit, outputs: reachedOutputs(prepared, r.exit.nodesRun, (id) => r.outputs.get(id)!) }
      },
      preprocess: (raw) => prepareInputs(graph, { ...raw }, scheme, rounding),
      state: () => new Map([...state].map(([id, s]) => [id, Object.fromEntries(Object.entries(s).map(([k, v]) => [k, v.slice()]))])),
      dispose() {},
    }
  },
}
