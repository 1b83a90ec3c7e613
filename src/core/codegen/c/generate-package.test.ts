/**
 * generateCPackage without a compiler: the file set (only the kernels used), the header's sizes and I/O
 * quantization, the schedule's arena offsets (the planner's), determinism, the zip, and refusals with every
 * reason. Builds run in package-build.test.ts.
 */
import { describe, expect, it } from 'vitest'
import { prepareGraph } from '../../plan/prepare-graph.ts'
import { templateById } from '../../templates/index.ts'
import { MIXED_NET } from '../../testing/fixture-graphs.ts'
import { planGraphMemory } from '../../plan/plan-graph.ts'
import { CMSIS_NN } from '../../vendors/cmsis-nn/index.ts'
import { ExportRefusedError, generateCPackage } from './generate-package.ts'
import { buildPackageModel } from './package-model.ts'
import { TWO_IO_NET, mlperfGraph, quantized, templateGraph } from '../../testing/c-fixtures.ts'
import { unzipPackage, zipPackage } from './zip-package.ts'

const KWS = mlperfGraph('kws_ref_model.tflite')

describe('generateCPackage', () => {
  it('writes the package layout with only the kernels the model uses', () => {
    const files = generateCPackage(KWS, { prefix: 'kws', library: 'cmsis-nn' })
    expect([...files.keys()].sort()).toEqual([
      'CMakeLists.txt', 'Makefile', 'README.md',
      'board/board.h', 'board/board_host.c', 'board/board_mps2.c', 'board/mps2-an386.ld', 'board/mps2-an500.ld',
      'board/mps2-an505.ld', 'board/sections.ld',
      'examples/main.c', 'examples/test_vectors.h', 'include/kws.h',
      'runtime/tf_avgpool_s8.c', 'runtime/tf_avgpool_s8.h', 'runtime/tf_convolve_s8.c', 'runtime/tf_convolve_s8.h',
      'runtime/tf_depthwise_conv_s8.c', 'runtime/tf_depthwise_conv_s8.h', 'runtime/tf_fully_connected_s8.c',
      'runtime/tf_fully_connected_s8.h', 'runtime/tf_nn_dsp.h', 'runtime/tf_nn_dsp_dot.h', 'runtime/tf_nn_fixed_point.h',
      'runtime/tf_nn_types.h', 'runtime/tf_pool_types.h',
      'runtime/tf_preprocess_s8.c', 'runtime/tf_preprocess_s8.h', 'runtime/tf_softmax_s8.c', 'runtime/tf_softmax_s8.h',
      'src/kws.c',
    ])
  })

  it('declares the API, sizes and I/O quantization in include/<prefix>.h', () => {
    const header = generateCPackage(KWS, { prefix: 'kws', library: 'cmsis-nn' }).get('include/kws.h') as string
    const p = prepareGraph(KWS)
    const input = p.nodes.get(p.inputIds[0])!
    const output = p.nodes.get(p.outputIds[0])!
    expect(header).toContain('int kws_invoke(const int8_t *in, int8_t *out);')
    expect(header).toContain('int kws_preprocess(const int32_t *raw, int8_t *in);')
    expect(header).toContain('#define KWS_INPUT_SIZE 490\n#define KWS_OUTPUT_SIZE 12\n')
    expect(header).toContain(`#define KWS_ARENA_BYTES ${planGraphMemory(KWS, CMSIS_NN).arenaBytes}\n`)
    expect(header).toContain(`#define KWS_INPUT0_SHAPE {1, 49, 10, 1}\n#define KWS_INPUT0_SCALE ${Math.fround(input.outputQuant.scale[0]).toPrecision(9)}f\n` +
      `#define KWS_INPUT0_ZERO_POINT ${input.outputQuant.zeroPoint[0]}\n`)
    expect(header).toContain('#define KWS_OUTPUT0_SCALE 0.00390625000f\n#define KWS_OUTPUT0_ZERO_POINT -128\n')
    expect(output.op).toBe('Softmax')
  })

  it('places every tensor at the memory planner\'s offset and calls one kernel per computing node', () => {
    const model = buildPackageModel(KWS, CMSIS_NN)
    const offsets = new Map(model.plan.buffers.map((b) => [b.nodeId, b.offset]))
    const src = generateCPackage(KWS, { prefix: 'kws', library: 'cmsis-nn' }).get('src/kws.c') as string
    for (const n of model.nodes) {
      const out = `arena + ${offsets.get(n.prepared.id)}`
      if (n.prepared.op === 'Input') expect(src).toContain(`copy_bytes(${out}, in + 0, 490);`)
      else if (n.prepared.op === 'Flatten') expect(n.code.portable.statements).toEqual([])
      else {
        const inputs = n.prepared.inputIds.map((id) => `arena + ${offsets.get(id)}`)
        expect(n.code.portable.statements).toHaveLength(1)
        const call = n.code.portable.statements[0]
        expect(call).toContain(`${inputs[0]}, `)
        expect(call).toContain(`, ${out}`)
        expect(src).toContain(`    ${call}\n`)
      }
    }
    expect(src.match(/^ {4}tf_convolve_s8\(/gm)).toHaveLength(5)
    expect(src.match(/^ {4}tf_depthwise_conv_s8\(/gm)).toHaveLength(4)
    expect(src.match(/^ {8}TF_CMSIS_CHECK\(arm_convolve_wrapper_s8\(/gm)).toHaveLength(5)
    expect(src).toContain(`static int32_t tf_arena[(TF_ARENA_BYTES + 3) / 4 + 1] TF_ALIGN16 TF_ARENA_ATTR;`)
    expect(src).not.toMatch(/malloc\(|\bfloat\b|\bdouble\b/)
  })

  it('concatenates several inputs and outputs in execution order', () => {
    const graph = quantized(TWO_IO_NET, 's8')
    const model = buildPackageModel(graph, CMSIS_NN)
    expect(model.inputs.map((t) => [t.name, t.offset, t.size])).toEqual([['a', 0, 32], ['b', 32, 32]])
    expect(model.outputs.map((t) => [t.name, t.offset, t.size])).toEqual([['fc', 0, 5], ['pool', 5, 8]])
    const header = generateCPackage(graph, { prefix: 'two', library: 'cmsis-nn' }).get('include/two.h') as string
    expect(header).toContain('#define TWO_INPUT_SIZE 64\n#define TWO_OUTPUT_SIZE 13\n')
    expect(header).toContain('#define TWO_INPUT1_OFFSET 32\n#define TWO_INPUT1_SIZE 32\n')
    expect(header).toContain('#define TWO_OUTPUT1_OFFSET 5\n#define TWO_OUTPUT1_SIZE 8\n')
  })

  it('is deterministic, and its zip holds exactly the files under <prefix>/', () => {
    const graph = templateGraph('digits-cnn', 's8')
    const a = generateCPackage(graph, { prefix: 'digits', library: 'cmsis-nn' })
    const b = generateCPackage(graph, { prefix: 'digits', library: 'cmsis-nn' })
    expect([...a.entries()]).toEqual([...b.entries()])
    const zip = zipPackage(a, 'digits')
    expect(zipPackage(b, 'digits')).toEqual(zip)
    expect([...unzipPackage(zip).entries()].sort()).toEqual([...a.entries()].map(([k, v]) => [k, String(v)]).sort())
    expect(new TextDecoder().decode(zip.subarray(30, 30 + 'digits/CMakeLists.txt'.length))).toBe('digits/CMakeLists.txt')
  })

  it('refuses an unquantized graph, naming every node', () => {
    const graph = templateById('digits-cnn')!.build().graph
    const err = (() => { try { generateCPackage(graph, { library: 'cmsis-nn' }) } catch (e) { return e } })() as ExportRefusedError
    expect(err).toBeInstanceOf(ExportRefusedError)
    expect(err.reasons).toEqual([
      'image (Input): is not quantized (no output quantization); quantize the graph first',
      'conv1 (Conv2D): is not quantized (no output quantization); quantize the graph first',
      'pool1 (MaxPool2D): is not quantized (no output quantization); quantize the graph first',
      'conv2 (Conv2D): is not quantized (no output quantization); quantize the graph first',
      'pool2 (MaxPool2D): is not quantized (no output quantization); quantize the graph first',
      'flatten (Flatten): is not quantized (no output quantization); quantize the graph first',
      'logits (FullyConnected): is not quantized (no output quantization); quantize the graph first',
      'probabilities (Softmax): is not quantized (no output quantization); quantize the graph first',
    ])
    expect(err.message).toMatch(/^the C package cannot be generated \(8 problems\): image \(Input\): is not quantized/)
  })

  it('refuses what the library cannot run, and a graph quantized for another scheme', () => {
    const pow2Kws = templateGraph('kws-ds-cnn', 'pow2')
    expect(() => generateCPackage(pow2Kws, { library: 'pow2-q7' })).toThrow(
      'the C package cannot be generated (3 problems): avgpool (AvgPool2D): pow2-q7 pooling kernels take square windows only ' +
      '(arm_maxpool_q7_HWC, arm_avepool_q7_HWC); avgpool (AvgPool2D): pow2-q7 pooling kernels take a single stride for ' +
      'both axes (arm_maxpool_q7_HWC, arm_avepool_q7_HWC); avgpool (AvgPool2D): pow2-q7 pooling kernels take square ' +
      'inputs only (height = width; arm_maxpool_q7_HWC, arm_avepool_q7_HWC)')
    expect(() => generateCPackage(templateGraph('digits-cnn', 's8'), { library: 'pow2-q7' })).toThrow(
      'the C package cannot be generated: image (Input): Input tensor must have zero point 0 in the pow2 scheme')
    expect(() => generateCPackage(quantized(MIXED_NET, 's8'), { library: 'nope' })).toThrow("the C package cannot be generated: unknown library 'nope'")
    const unknown = { ...KWS, nodes: KWS.nodes.map((n, i) => (i === 3 ? { ...n, op: 'Gelu' } : n)) }
    expect(() => generateCPackage(unknown, { library: 'cmsis-nn' })).toThrow(/unknown operator 'Gelu'; it cannot be estimated or exported/)
  })
})
