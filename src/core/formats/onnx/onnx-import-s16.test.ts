/**
 * ONNX Sigmoid and Tanh: a float model (MatMul → Sigmoid → MatMul → Tanh → MatMul) imports with the float engine equal
 * to onnxruntime-web; since the libraries' Sigmoid/Tanh kernels are int16 only, the importer keeps each at int16 between
 * Quantize nodes (import/s16-islands.ts), the graph validates against cmsis-nn, and after PTQ its C package is bit-exact
 * with the int8/int16 engine on the host (ASan/UBSan).
 */
import { afterAll, describe, expect, it } from 'vitest'
import { analyzeGraph } from '../../analysis/analyze-graph.ts'
import { runFloat } from '../../engine/float-engine.ts'
import { outputNodes } from '../../ir/graph-queries.ts'
import { quantized } from '../../testing/c-fixtures.ts'
import { removeTempDirs } from '../../testing/c-toolchain.ts'
import { expectPackageBitExact } from '../../testing/package-check.ts'
import { encodeModel, runOrt, seeded } from '../../testing/onnx-test-utils.ts'
import { getLibrary } from '../../vendors/registry.ts'
import { importModel } from '../import-model.ts'

const init = (name: string, dims: number[], seed: number) => ({ name, dims, values: seeded(dims[0] * dims[1], seed) })

afterAll(removeTempDirs)

describe('ONNX Sigmoid and Tanh', () => {
  const bytes = encodeModel({
    inputs: [{ name: 'x', dims: [1, 6] }], outputs: ['y'], initializers: [init('a', [6, 8], 31), init('b', [8, 5], 32), init('c', [5, 3], 33)],
    nodes: [
      { op: 'MatMul', inputs: ['x', 'a'], outputs: ['h'] },
      { op: 'Sigmoid', inputs: ['h'], outputs: ['s'], name: 'gate' },
      { op: 'MatMul', inputs: ['s', 'b'], outputs: ['k'] },
      { op: 'Tanh', inputs: ['k'], outputs: ['t'], name: 'squash' },
      { op: 'MatMul', inputs: ['t', 'c'], outputs: ['y'] },
    ],
  })
  const r = importModel(bytes, 'gates.onnx')
  const g = r.doc.graph

  it('maps them, keeps each at int16 between Quantize nodes, and computes what onnxruntime-web computes', async () => {
    expect(r.report.entries.map((e) => [e.sourceOp, e.status, e.irOps.join('+')])).toEqual([
      ['MatMul', 'mapped', 'FullyConnected'], ['Sigmoid', 'mapped', 'Sigmoid+Quantize+Quantize'], ['MatMul', 'mapped', 'FullyConnected'],
      ['Tanh', 'mapped', 'Tanh+Quantize+Quantize'], ['MatMul', 'mapped', 'FullyConnected'],
    ])
    expect(r.report.entries[1].reason).toBe('Sigmoid has int16 kernels only (16x8 scheme, arm_nn_activation_s16): kept at int16 between ' +
      'Quantize nodes (gate int16 in, gate int8 out)')
    expect(r.report.diagnostics.filter((d) => d.severity === 'error')).toEqual([])
    expect(analyzeGraph(g, getLibrary('cmsis-nn')).diagnostics.filter((d) => d.severity === 'error')).toEqual([])
    const x = seeded(6, 11)
    const ref = (await runOrt(bytes, { x: { dims: [1, 6], data: x } })).y
    const out = runFloat(g, { [g.nodes.find((n) => n.op === 'Input')!.id]: x }).outputs.get(outputNodes(g)[0].id)!
    expect(out).toHaveLength(3)
    for (let i = 0; i < 3; i++) expect(Math.abs(out[i] - ref[i])).toBeLessThanOrEqual(1e-5)
  })

  it('quantizes (16x8 around the activations) and exports a C package bit-exact with the engine', () => {
    const q = quantized(g, 's8')
    const info = analyzeGraph(q)
    expect(q.nodes.filter((n) => info.nodes.get(n.id)!.output!.dtype === 'int16').map((n) => n.name).sort())
      .toEqual(['gate', 'gate int16 in', 'squash', 'squash int16 in'])
    expectPackageBitExact(q, 'onnx_s16', 3, false)
  }, 120_000)
})
