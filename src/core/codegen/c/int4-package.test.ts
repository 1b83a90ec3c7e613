/**
 * int4 packed weights end to end: graphs with Conv2D, DepthwiseConv2D and FullyConnected layers at int4 run on the
 * tf_*_s4 kernels byte for byte like the int8 engine — in the WebAssembly engine (the same C, every node compared), in
 * the C package on the host (ASan + UBSan) and on QEMU Cortex-M4 (the DSP path) — and the package stores the weights
 * packed two per byte (CMSIS-NN's s4 format), calling arm_*_s4 under TINYFORGE_USE_CMSIS_NN.
 */
import { afterAll, describe, expect, it } from 'vitest'
import type { Graph } from '../../ir/types.ts'
import { applyChanges } from '../../ir/changes.ts'
import { TS_INT8_ENGINE } from '../../engine/int8-engines.ts'
import { createWasmEngine } from '../../engine/wasm/wasm-engine.ts'
import { WasmHeap } from '../../engine/wasm/wasm-heap.ts'
import type { KernelExports } from '../../engine/wasm/wasm-module.ts'
import { kernelsModule } from '../../engine/wasm/wasm-module.ts'
import { INT4_CODEBOOK, packInt4 } from '../../quant/weight-encoding.ts'
import { setWeightPrecision } from '../../pipelines/precision/weight-precision.ts'
import { mlperfGraph, templateGraph } from '../../testing/c-fixtures.ts'
import { removeTempDirs, run, tempDir, writeFiles } from '../../testing/c-toolchain.ts'
import { seededCodes } from '../../testing/onnx-export-test-utils.ts'
import { CMSIS_NN } from '../../vendors/cmsis-nn/index.ts'
import { generateCPackage } from './generate-package.ts'
import { buildPackageModel, packageConstantBytes } from './package-model.ts'

afterAll(removeTempDirs)

const int4 = (g: Graph, layers: string[]): Graph => applyChanges(g, setWeightPrecision(g, CMSIS_NN, layers, 'int4').changes).graph

/** Digits: every weighted layer at int4 (conv1's 9-weight filters are odd rows). */
const digits = () => int4(templateGraph('digits-cnn', 's8'), ['conv1', 'conv2', 'logits'])

/** VWW: the five largest layers (by weights) at int4 — pointwise, depthwise and the classifier mixed with int8 layers. */
function vwwMixed(): Graph {
  const g = mlperfGraph('vww_96_int8.tflite')
  const weighted = g.nodes.filter((n) => n.weights?.weights?.data instanceof Int8Array)
  const largest = [...weighted].sort((a, b) => b.weights!.weights.data.length - a.weights!.weights.data.length).slice(0, 5)
  const dw = weighted.find((n) => n.op === 'DepthwiseConv2D')!
  const fc = weighted.find((n) => n.op === 'FullyConnected')!
  return int4(g, [...new Set([...largest, dw, fc].map((n) => n.id))])
}

async function expectWasmMatches(graph: Graph, label: string) {
  const wasm = (await createWasmEngine({ simd: false })).prepare(graph, 's8')
  const ts = TS_INT8_ENGINE.prepare(graph, 's8')
  const inputs = Object.fromEntries(wasm.prepared.inputIds.map((id) => [id, seededCodes(`s4:${label}`, 1, wasm.prepared.nodes.get(id)!.outputShape)[0]]))
  const got = wasm.run(inputs)
  for (const [id, bytes] of ts.run(inputs)) expect(got.get(id), `${label} ${id}`).toEqual(bytes)
}

describe('int4 packed weights', () => {
  it('unpack from every nibble offset (tf_palette_decode with the s4 codebook in wasm = the packer)', async () => {
    const exports = new WebAssembly.Instance(await kernelsModule(), {}).exports as unknown as KernelExports
    const heap = new WasmHeap(exports.memory, exports.__heap_base.value as number)
    const decode = exports.tf_palette_decode as (...a: number[]) => void
    const data = Int8Array.from({ length: 101 }, (_, i) => ((i * 7 + 3) % 16) - 8)
    const packed = packInt4(data)
    const at = heap.alloc(packed.length + 16)
    heap.bytes.set(new Int8Array(packed.buffer), at)
    const book = heap.alloc(16)
    heap.bytes.set(Int8Array.from(INT4_CODEBOOK), book)
    const out = heap.alloc(128)
    for (const first of [0, 1, 2, 3, 7]) {
      for (const count of [0, 1, 2, 5, 94]) {
        decode(at, 4, first, count, book, out)
        expect(heap.bytes.slice(out, out + count), `from ${first}, ${count}`).toEqual(data.slice(first, first + count))
      }
    }
  })

  it('run on the s4 kernels bit-exactly in the WebAssembly engine (every node)', async () => {
    await expectWasmMatches(digits(), 'digits')
    await expectWasmMatches(vwwMixed(), 'vww')
  })

  it('store the weights packed two per byte and call the s4 kernels (CMSIS-NN: arm_*_s4 on the same array)', () => {
    const g = digits()
    const files = generateCPackage(g, { prefix: 'digits_s4', library: CMSIS_NN })
    const source = files.get('src/digits_s4.c') as string
    expect(source).toMatch(/static const int8_t n\d+_conv1_weights\[36\] TF_WEIGHTS_ATTR/)
    expect(source).toMatch(/static const int8_t n\d+_logits_weights\[3920\] TF_WEIGHTS_ATTR/)
    expect(source).toContain('tf_convolve_s4(')
    expect(source).toContain('tf_fully_connected_s4(')
    expect(source).toContain('arm_convolve_wrapper_s4(')
    expect(source).toContain('arm_fully_connected_s4(')
    const dense = packageConstantBytes(buildPackageModel(templateGraph('digits-cnn', 's8'), CMSIS_NN))
    const packed = packageConstantBytes(buildPackageModel(g, CMSIS_NN))
    expect(dense - packed).toBe((72 - 36) + (1152 - 576) + (7840 - 3920))
  })

  it.each([
    ['digits_s4', digits, 10],
    ['vww_s4', vwwMixed, 2],
  ] as const)('%s: make test (host, ASan + UBSan) and QEMU Cortex-M4 are bit-exact', (prefix, graph, outputBytes) => {
    const dir = tempDir(prefix)
    writeFiles(dir, generateCPackage(graph(), { prefix, library: CMSIS_NN }))
    const host = run('make', ['-s', 'test', 'SANITIZE=1'], dir)
    expect(host.output).toContain(`${prefix}: 3/3 vectors bit-exact (${outputBytes} output bytes each) on host\n`)
    expect(host.stderr).toBe('')
    const r = run('make', ['-s', 'test-qemu-m4'], dir, 300_000)
    expect(r.stderr).toContain(`${prefix}: 3/3 vectors bit-exact (${outputBytes} output bytes each) on qemu mps2-an386 (Cortex-M4)\n`)
    expect(r.code).toBe(0)
  }, 300_000)
})
