/**
 * Sparse weights end to end (magnitude pruning, 80 % sparsity, the check): MLPerf VWW int8 pruned with the
 * sparse format runs on the zero-skipping kernels (tf_*_s8_sparse) byte for byte like the int8 engine — in the
 * WebAssembly engine (every node), in the C package on the host (ASan + UBSan) and on QEMU Cortex-M4 — its weights
 * stored as exactly nnz + ⌈N/8⌉ bytes per layer (estimate and package). With the dense format the estimate and the built
 * size equal the unpruned model's.
 */
import { afterAll, describe, expect, it } from 'vitest'
import { ARM_BOARDS, writePackage } from '../../../../bench/c-package-build.ts'
import { M4_TARGET, compareSizes } from '../../../../bench/c-package.ts'
import { TS_INT8_ENGINE } from '../../engine/int8-engines.ts'
import { createWasmEngine } from '../../engine/wasm/wasm-engine.ts'
import { estimate } from '../../estimate/estimate.ts'
import { magnitudePrune } from '../../pipelines/compress/magnitude-prune.ts'
import { mlperfGraph } from '../../testing/c-fixtures.ts'
import { removeTempDirs, run } from '../../testing/c-toolchain.ts'
import { seededCodes } from '../../testing/onnx-export-test-utils.ts'
import { CMSIS_NN } from '../../vendors/cmsis-nn/index.ts'
import { buildPackageModel, packageConstantBytes } from './package-model.ts'

afterAll(removeTempDirs)

const vww = mlperfGraph('vww_96_int8.tflite')
const sparse = magnitudePrune(vww, CMSIS_NN, { sparsity: 0.8, format: 'sparse' })

describe('sparse weights (VWW int8, 80 % sparsity)', () => {
  it('weigh exactly nnz + ⌈N/8⌉ bytes per layer in the estimate and the package', () => {
    const report = estimate(sparse.graph, CMSIS_NN, [M4_TARGET], { runtime: 'portable' })
    for (const l of sparse.layers) {
      const layer = report.layers.find((x) => x.node === l.node)!
      expect(layer.weightBytes - layer.biasBytes, l.name).toBe(l.nnz + Math.ceil(l.weights / 8))
      expect(layer.encoding).toEqual({ kind: 'sparse', nnz: l.nnz })
    }
    const saved = sparse.layers.reduce((s, l) => s + l.weights - l.nnz - Math.ceil(l.weights / 8), 0)
    expect(packageConstantBytes(buildPackageModel(vww, CMSIS_NN)) - packageConstantBytes(buildPackageModel(sparse.graph, CMSIS_NN))).toBe(saved)
  })

  it('run bit-exactly in the WebAssembly engine (every node)', async () => {
    const wasm = (await createWasmEngine({ simd: false })).prepare(sparse.graph, 's8')
    const ts = TS_INT8_ENGINE.prepare(sparse.graph, 's8')
    const inputs = Object.fromEntries(wasm.prepared.inputIds.map((id) => [id, seededCodes('sparse', 1, wasm.prepared.nodes.get(id)!.outputShape)[0]]))
    const got = wasm.run(inputs)
    for (const [id, bytes] of ts.run(inputs)) expect(got.get(id), id).toEqual(bytes)
  })

  it('make test (host, ASan + UBSan) and QEMU Cortex-M4 are bit-exact; predicted flash within 1 %, RAM exact', () => {
    const pkg = writePackage(sparse.graph, CMSIS_NN, 'vww_sparse')
    const host = run('make', ['-s', 'test', 'SANITIZE=1'], pkg.dir)
    expect(host.output).toContain('vww_sparse: 3/3 vectors bit-exact (2 output bytes each) on host\n')
    expect(host.stderr).toBe('')
    const r = run('make', ['-s', 'test-qemu-m4'], pkg.dir, 300_000)
    expect(r.stderr).toContain('vww_sparse: 3/3 vectors bit-exact (2 output bytes each) on qemu mps2-an386 (Cortex-M4)\n')
    const s = compareSizes(pkg, ARM_BOARDS.m4, M4_TARGET)
    expect(s.predictedRam).toBe(s.builtRam)
    expect(Math.abs(s.predictedFlash - s.builtFlash) / s.builtFlash).toBeLessThanOrEqual(0.01)
  }, 300_000)

  it('with dense kernels change neither the estimate nor the built size', () => {
    const dense = magnitudePrune(vww, CMSIS_NN, { sparsity: 0.8 })
    expect(dense.layers.every((l) => l.bytesAfter === l.bytesBefore)).toBe(true)
    const a = estimate(vww, CMSIS_NN, [M4_TARGET], { runtime: 'portable' }).targets[0]
    const b = estimate(dense.graph, CMSIS_NN, [M4_TARGET], { runtime: 'portable' }).targets[0]
    expect([b.flashBytes, b.ramBytes, b.latencyMs]).toEqual([a.flashBytes, a.ramBytes, a.latencyMs])
    const before = compareSizes(writePackage(vww, CMSIS_NN, 'vww'), ARM_BOARDS.m4, M4_TARGET)
    const after = compareSizes(writePackage(dense.graph, CMSIS_NN, 'vww'), ARM_BOARDS.m4, M4_TARGET)
    expect([after.builtFlash, after.builtRam]).toEqual([before.builtFlash, before.builtRam])
  }, 300_000)
})
