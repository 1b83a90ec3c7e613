/**
 * validateQuantized on either int8 engine: the WebAssembly engine (the C runtime's kernels) and the TypeScript
 * reference give identical reports — every per-layer figure, agreement, accuracy and confusion matrix — for both
 * schemes; the report names the engine that ran.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { syntheticSamples } from '../data/calibration-data.ts'
import { TS_INT8_ENGINE } from '../engine/int8-engines.ts'
import type { Int8Engine } from '../engine/int8-engines.ts'
import { createWasmEngine } from '../engine/wasm/wasm-engine.ts'
import type { QuantScheme } from '../quant/scheme.ts'
import { templateById } from '../templates/index.ts'
import { quantizeGraph } from './ptq.ts'
import { validateQuantized } from './validation.ts'

let wasm: Int8Engine
beforeAll(async () => {
  wasm = await createWasmEngine()
})

describe('validateQuantized on the wasm and TypeScript int8 engines', () => {
  it.each([['digits-cnn', 's8'], ['digits-cnn', 'pow2'], ['kws-ds-cnn', 's8']] as const)('%s %s: identical reports', (id, scheme: QuantScheme) => {
    const graph = templateById(id)!.build().graph
    const quantized = quantizeGraph(graph, { scheme, samples: syntheticSamples(graph, 4, 1) })
    const samples = syntheticSamples(graph, 6, 2)
    const inputId = Object.keys(samples)[0]
    const labels = samples[inputId].map((_, i) => i % 3)
    const onWasm = validateQuantized(graph, quantized, { scheme, samples, labels, engine: wasm })
    const onTs = validateQuantized(graph, quantized, { scheme, samples, labels, engine: TS_INT8_ENGINE })
    expect(onWasm.engine).toBe('wasm')
    expect(onTs.engine).toBe('ts')
    expect({ ...onWasm, engine: 'ts' }).toEqual(onTs)
    expect(validateQuantized(graph, quantized, { scheme, samples, labels })).toEqual(onTs)
  })
})
