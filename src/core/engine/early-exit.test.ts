/**
 * Early exit in the int8 engines: the exit-aware execution order, the outputs' order, and the same decision and
 * output bytes from the TypeScript engine (runInt8 { earlyExit }) and the WebAssembly engine (the C kernels' return
 * values) on seeded inputs in both schemes — with every outcome (exit A, exit B, main path) reached. Plus the bad
 * input of the issue: an Exit on a tensor of the wrong rank, a threshold out of range, an Exit with a consumer.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { analyzeGraph } from '../analysis/analyze-graph.ts'
import { applyChanges } from '../ir/changes.ts'
import type { Graph } from '../ir/types.ts'
import { mulberry32 } from '../ir/seeded-init.ts'
import { prepareGraph } from '../plan/prepare-graph.ts'
import type { QuantScheme } from '../quant/scheme.ts'
import { quantized } from '../testing/c-fixtures.ts'
import { EXIT_NET } from '../testing/fixture-graphs.ts'
import { getLibrary } from '../vendors/registry.ts'
import { runInt8 } from './int8-engine.ts'
import { TS_INT8_ENGINE } from './int8-engines.ts'
import type { WasmEngine } from './wasm/wasm-engine.ts'
import { createWasmEngine } from './wasm/wasm-engine.ts'

let wasm: WasmEngine
beforeAll(async () => { wasm = await createWasmEngine() })

const withAttrs = (g: Graph, id: string, attrs: Record<string, unknown>): Graph => {
  const node = g.nodes.find((n) => n.id === id)!
  return applyChanges(g, [{ type: 'updateNode', id, set: { attrs: { ...node.attrs, ...attrs } as never } }]).graph
}

/** Thresholds that split seeded inputs between both exits and the main path (measured on this fixture). */
// pow2's base-2 softmax saturates on these seeded weights (p = 254 almost always), so exit B uses the margin rule there.
const THRESHOLDS: Record<QuantScheme, { a: number; b: number; ruleB: string }> = {
  s8: { a: 12, b: 65, ruleB: 'softmax' }, pow2: { a: 8, b: 4, ruleB: 'margin' },
}

function exitGraph(scheme: QuantScheme): Graph {
  const t = THRESHOLDS[scheme]
  return withAttrs(withAttrs(quantized(EXIT_NET, scheme), 'exit_a', { threshold: t.a }), 'exit_b', { threshold: t.b, rule: t.ruleB })
}

describe('early exit', () => {
  it('runs each exit head as early as possible and lists the main output first', () => {
    const p = prepareGraph(exitGraph('s8'), 's8')
    expect(p.order).toEqual(['in', 'conv1', 'pool1', 'gap_a', 'flat_a', 'fc_a', 'exit_a', 'conv2', 'conv_b', 'gap_b', 'flat_b',
      'fc_b', 'exit_b', 'pool2', 'conv3', 'gap', 'flat', 'fc', 'prob'])
    expect(p.outputIds).toEqual(['prob', 'exit_a', 'exit_b'])
    expect(p.exitIds).toEqual(['exit_a', 'exit_b'])
  })

  it.each(['s8', 'pow2'] as const)('%s: the TS and wasm engines stop at the same exit with the same bytes', (scheme) => {
    const graph = exitGraph(scheme)
    const ts = TS_INT8_ENGINE.prepare(graph, scheme)
    const model = wasm.prepare(graph, scheme)
    const next = mulberry32(scheme === 's8' ? 3 : 4)
    const counts = [0, 0, 0]
    for (let k = 0; k < 60; k++) {
      const input = { in: Int8Array.from({ length: 144 }, () => Math.floor(next() * 256) - 128) }
      const a = ts.runToExit(input)
      const b = model.runToExit(input)
      expect(b.exit, `input ${k}`).toEqual(a.exit)
      expect([...b.outputs.keys()]).toEqual([...a.outputs.keys()])
      for (const [id, bytes] of a.outputs) expect(Array.from(b.outputs.get(id)!), `${id} of input ${k}`).toEqual(Array.from(bytes))
      // The decision does not depend on stopping: a full run reports the same first confident exit.
      const full = runInt8(graph, input, { scheme })
      expect(full.exit.index).toBe(a.exit.index)
      expect(a.exit.nodesRun).toBe(a.exit.index === 0 ? 7 : a.exit.index === 1 ? 13 : 19)
      counts[a.exit.index]++
    }
    model.dispose()
    expect(counts.every((c) => c >= 5), `outcomes ${counts.join('/')}`).toBe(true)
  })

  it('refuses an Exit on a tensor of the wrong rank, a threshold out of range and an Exit with a consumer (one line each)', () => {
    const lib = getLibrary('cmsis-nn')!
    const onFeatureMap: Graph = { ...EXIT_NET, edges: EXIT_NET.edges.map((e) => (e.id === 'fc_a-exit_a-0' ? { ...e, source: 'pool1', id: 'pool1-exit_a-0' } : e)) }
    const rank = analyzeGraph(onFeatureMap, lib).byNode.get('exit_a')!.map((d) => d.message)
    expect(rank).toEqual(["Exit takes a classifier's logits (1×N, N ≥ 2), got 1×6×6×8; end the branch with a head (pool → FullyConnected) first"])
    const high = analyzeGraph(withAttrs(EXIT_NET, 'exit_b', { threshold: 300 }), lib).byNode.get('exit_b')!.map((d) => d.message)
    expect(high[0]).toBe('Threshold must be at most 256') // (the analyzer then ignores the node's inputs, as for any bad attribute)
    const negative = analyzeGraph(withAttrs(EXIT_NET, 'exit_b', { threshold: -1 }), lib).byNode.get('exit_b')!.map((d) => d.message)
    expect(negative[0]).toBe('Threshold must be at least 0')
    const consumed: Graph = { ...EXIT_NET, edges: [...EXIT_NET.edges.filter((e) => e.target !== 'prob'), { id: 'x', source: 'exit_a', target: 'prob', targetPort: 0 }] }
    const after = analyzeGraph(consumed, lib).byNode.get('exit_a')!.map((d) => d.message)
    expect(after).toEqual(['an Exit ends its branch (its logits are an output); connect nothing after it'])
    for (const m of [...rank, high[0], ...after]) expect(m).not.toContain('\n')
  })
})
