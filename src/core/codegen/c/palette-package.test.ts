/**
 * Palettized weights end to end: clustered graphs (2, 3, 4, 6 and 8-bit indices on Conv2D, DepthwiseConv2D and
 * FullyConnected layers) run on the decoding kernels (tf_*_s8_pal) byte for byte like the int8 engine — in the
 * WebAssembly engine (the same C, every node compared), in the C package on the host (ASan + UBSan) and on QEMU
 * Cortex-M4 (the DSP path) — and the package stores packed indices + one codebook per layer.
 */
import { afterAll, describe, expect, it } from 'vitest'
import type { Graph } from '../../ir/types.ts'
import { TS_INT8_ENGINE } from '../../engine/int8-engines.ts'
import { createWasmEngine } from '../../engine/wasm/wasm-engine.ts'
import { WasmHeap } from '../../engine/wasm/wasm-heap.ts'
import type { KernelExports } from '../../engine/wasm/wasm-module.ts'
import { kernelsModule } from '../../engine/wasm/wasm-module.ts'
import { mulberry32 } from '../../ir/seeded-init.ts'
import { packPalette, unpackPalette } from '../../quant/weight-encoding.ts'
import { clusterWeights } from '../../pipelines/compress/cluster.ts'
import { mlperfGraph, templateGraph } from '../../testing/c-fixtures.ts'
import { removeTempDirs, run, tempDir, writeFiles } from '../../testing/c-toolchain.ts'
import { seededCodes } from '../../testing/onnx-export-test-utils.ts'
import { CMSIS_NN } from '../../vendors/cmsis-nn/index.ts'
import { generateCPackage } from './generate-package.ts'
import { buildPackageModel, packageConstantBytes } from './package-model.ts'

afterAll(removeTempDirs)

/** Digits: conv1 8 clusters (3-bit, K = 9), conv2 64 (6-bit), logits 4 (2-bit). */
const digits = () => clusterWeights(templateGraph('digits-cnn', 's8'), CMSIS_NN, { clusters: 8, layers: ['conv1'], perLayer: { conv2: 64, logits: 4 } }).graph

/** VWW with every width: layers in turn 4, 8, 16, 64 clusters (256 where a layer has that many codes). */
function vwwMixed(): Graph {
  const g = mlperfGraph('vww_96_int8.tflite')
  const ks = [4, 8, 16, 64] as const
  const weighted = g.nodes.filter((n) => n.weights?.weights?.data instanceof Int8Array)
  return clusterWeights(g, CMSIS_NN, { clusters: 16, perLayer: Object.fromEntries(weighted.map((n, i) => [n.id, ks[i % ks.length]])) }).graph
}

async function expectWasmMatches(graph: Graph, label: string) {
  const wasm = (await createWasmEngine({ simd: false })).prepare(graph, 's8')
  const ts = TS_INT8_ENGINE.prepare(graph, 's8')
  const inputs = Object.fromEntries(wasm.prepared.inputIds.map((id) => [id, seededCodes(`pal:${label}`, 1, wasm.prepared.nodes.get(id)!.outputShape)[0]]))
  const got = wasm.run(inputs)
  for (const [id, bytes] of ts.run(inputs)) expect(got.get(id), `${label} ${id}`).toEqual(bytes)
  return wasm
}

describe('palettized weights', () => {
  it('decode at every width from every bit offset (tf_palette_decode in wasm = the packer)', async () => {
    const exports = new WebAssembly.Instance(await kernelsModule(), {}).exports as unknown as KernelExports
    const heap = new WasmHeap(exports.memory, exports.__heap_base.value as number)
    const decode = exports.tf_palette_decode as (...a: number[]) => void
    const next = mulberry32(3)
    for (const k of [4, 8, 16, 64, 256] as const) {
      const values = Int8Array.from({ length: k }, (_, i) => (k === 256 ? i - 128 : i * 2 - k + 1))
      const data = Int8Array.from({ length: 203 }, () => values[Math.floor(next() * k)])
      const p = packPalette(data, k)!
      const at = heap.alloc(p.indices.length + 16)
      heap.bytes.set(new Int8Array(p.indices.buffer), at)
      const book = heap.alloc(k)
      heap.bytes.set(p.codebook, book)
      const out = heap.alloc(256)
      const all = unpackPalette(p.indices, p.codebook, p.bits, data.length)
      expect(all).toEqual(data)
      for (const first of [0, 1, 2, 3, 5, 7, 8, 13]) {
        for (const count of [0, 1, 2, 3, 4, 5, 9, 17, 190 - first]) {
          decode(at, p.bits, first, count, book, out)
          expect(heap.bytes.slice(out, out + count), `${k} clusters from ${first}, ${count}`).toEqual(all.slice(first, first + count))
        }
      }
    }
  })

  it('run on the decoding kernels bit-exactly in the WebAssembly engine (every node)', async () => {
    const w = await expectWasmMatches(digits(), 'digits')
    await expectWasmMatches(vwwMixed(), 'vww')
    expect(w.prepared.nodes.size).toBeGreaterThan(0)
  })

  it('store packed indices and one codebook per layer in the package', () => {
    const g = digits()
    const files = generateCPackage(g, { prefix: 'digits_pal', library: CMSIS_NN })
    const source = files.get('src/digits_pal.c') as string
    expect(source).toMatch(/static const uint8_t n\d+_conv1_indices\[\d+\] TF_WEIGHTS_ATTR/)
    expect(source).toMatch(/static const int8_t n\d+_conv2_codebook\[64\]/)
    expect(source).toContain('tf_convolve_s8_pal(')
    expect(source).toContain('tf_fully_connected_s8_pal(')
    expect(source).not.toMatch(/_conv1_weights\[/)
    const dense = packageConstantBytes(buildPackageModel(templateGraph('digits-cnn', 's8'), CMSIS_NN))
    const packed = packageConstantBytes(buildPackageModel(g, CMSIS_NN))
    // conv1 72 → 27 + 8, conv2 1152 → 864 + 64, logits 7840 → 1960 + 4
    expect(dense - packed).toBe((72 - 35) + (1152 - 928) + (7840 - 1964))
  })

  it.each([
    ['digits_pal', digits, 10, ['m4']],
    ['vww_pal', vwwMixed, 2, ['m4']],
  ] as const)('%s: make test (host, ASan + UBSan) and QEMU Cortex-M4 are bit-exact', (prefix, graph, outputBytes, boards) => {
    const dir = tempDir(prefix)
    writeFiles(dir, generateCPackage(graph(), { prefix, library: CMSIS_NN }))
    const host = run('make', ['-s', 'test', 'SANITIZE=1'], dir)
    expect(host.output).toContain(`${prefix}: 3/3 vectors bit-exact (${outputBytes} output bytes each) on host\n`)
    expect(host.stderr).toBe('')
    for (const board of boards) {
      const r = run('make', ['-s', `test-qemu-${board}`], dir, 300_000)
      expect(r.stderr).toContain(`${prefix}: 3/3 vectors bit-exact (${outputBytes} output bytes each) on qemu mps2-an386 (Cortex-M4)\n`)
      expect(r.code).toBe(0)
    }
  }, 300_000)
})
