/**
 * ONNX export: model structure (header, names, layouts, attributes, QDQ parameters), determinism and errors, and
 * onnxruntime-web agreement on hand graphs that cover every operator and the layout edge cases: asymmetric 'same'
 * padding, dilation, depth multiplier, FullyConnected on a rank-4 input, Reshape to rank 4, two outputs (one rank 4),
 * Softmax with β ≠ 1, per-channel mean. Model-level figures are in export-agreement.test.ts.
 */
import { spawnSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import type { Attrs, Edge, Graph, GraphNode } from '../../ir/types.ts'
import { syntheticSamples } from '../../data/calibration-data.ts'
import { MIXED_NET, POOL_NET } from '../../testing/fixture-graphs.ts'
import { quantizeGraph } from '../../pipelines/ptq.ts'
import { templateById } from '../../templates/index.ts'
import { OnnxExportError, exportOnnx, exportOnnxModel } from './export-onnx.ts'
import { measureAgreement, seededCodes } from '../../testing/onnx-export-test-utils.ts'
import type { OnnxAttribute, OnnxNodeProto, OnnxTensorProto } from './onnx-proto.ts'
import { decodeOnnxModel, tensorValues } from './onnx-proto.ts'

function node(id: string, op: string, attrs: Attrs): GraphNode {
  return { id, op, name: id, attrs, position: { x: 0, y: 0 } }
}
function edge(source: string, target: string, targetPort = 0): Edge {
  return { id: `${source}-${target}-${targetPort}`, source, target, targetPort }
}
const conv = { dilationH: 1, dilationW: 1, useBias: true }

/** Every operator and layout edge case; outputs 'sm' [1, 10] and 'r1' [1, 2, 2, 2]. */
const EDGE_NET: Graph = {
  seed: 11,
  nodes: [
    node('in', 'Input', { shape: [8, 8, 3], mean: [10, 20, 30], scale: 1 / 64 }),
    node('c1', 'Conv2D', { ...conv, filters: 6, kernelH: 3, kernelW: 3, strideH: 2, strideW: 2, padding: 'same', activation: 'relu6' }),
    node('d1', 'DepthwiseConv2D', { ...conv, depthMultiplier: 2, kernelH: 3, kernelW: 2, strideH: 1, strideW: 1, dilationW: 3,
      padding: 'same', activation: 'relu' }),
    node('p1', 'AvgPool2D', { poolH: 3, poolW: 3, strideH: 2, strideW: 2, padding: 'same', activation: 'none' }),
    node('m1', 'MaxPool2D', { poolH: 3, poolW: 3, strideH: 2, strideW: 2, padding: 'same', activation: 'relu' }),
    node('add', 'Add', { activation: 'relu6' }),
    node('pad', 'Pad', { top: 1, bottom: 0, left: 0, right: 2 }),
    node('r6', 'ReLU6', {}),
    node('gap', 'GlobalAveragePool', {}),
    node('rs1', 'Reshape', { shape: [12] }),
    node('fcA', 'FullyConnected', { units: 5, useBias: true, activation: 'none' }),
    node('cat', 'Concat', { inputs: 2 }),
    node('fcB', 'FullyConnected', { units: 8, useBias: false, activation: 'relu' }),
    node('rs2', 'Reshape', { shape: [2, 2, 2] }),
    node('r1', 'ReLU', {}),
    node('fl', 'Flatten', {}),
    node('fcC', 'FullyConnected', { units: 5, useBias: true, activation: 'none' }),
    node('cat2', 'Concat', { inputs: 2 }),
    node('sm', 'Softmax', { beta: 0.5 }),
  ],
  edges: [
    edge('in', 'c1'), edge('c1', 'd1'), edge('d1', 'p1'), edge('d1', 'm1'), edge('p1', 'add', 0), edge('m1', 'add', 1),
    edge('add', 'pad'), edge('pad', 'r6'), edge('r6', 'gap'), edge('gap', 'rs1'), edge('rs1', 'fcA'),
    edge('p1', 'cat', 0), edge('m1', 'cat', 1), edge('cat', 'fcB'), edge('fcB', 'rs2'), edge('rs2', 'r1'), edge('rs2', 'fl'),
    edge('fl', 'fcC'), edge('fcA', 'cat2', 0), edge('fcC', 'cat2', 1), edge('cat2', 'sm'),
  ],
}

const OUT = 'out/onnx/'
mkdirSync(OUT, { recursive: true })

const quantize = (g: Graph, scheme: 's8' | 'pow2' = 's8') => quantizeGraph(g, { scheme, samples: syntheticSamples(g, 8, 1) })
const nodeNamed = (nodes: OnnxNodeProto[], name: string) => nodes.find((n) => n.name === name)!
const attrOf = (n: OnnxNodeProto, name: string): OnnxAttribute | undefined => n.attribute?.find((a) => a.name === name)
const initializer = (inits: OnnxTensorProto[], name: string) => tensorValues(inits.find((t) => t.name === name)!, name)

describe('exported model structure', () => {
  it('header, I/O names and dims (NHWC at the boundary), metadata', () => {
    const m = decodeOnnxModel(exportOnnx(EDGE_NET, { quantized: false, name: 'edge net' }))
    expect(m.ir_version).toBe(8)
    expect(m.opset_import).toEqual([{ domain: '', version: 17 }])
    expect(m.producer_name).toBe('TinyForge')
    expect(m.graph!.name).toBe('edge_net')
    const dims = (v: { type?: { tensor_type?: { shape?: { dim?: { dim_value?: number }[] } } } }) =>
      v.type!.tensor_type!.shape!.dim!.map((d) => d.dim_value)
    expect(m.graph!.input!.map((i) => [i.name, dims(i)])).toEqual([['in', [1, 8, 8, 3]]])
    expect(m.graph!.output!.map((o) => [o.name, dims(o)])).toEqual([['r1', [1, 2, 2, 2]], ['sm', [1, 10]]])
  })

  it('digits template, float: the exact node sequence', () => {
    const m = decodeOnnxModel(exportOnnx(templateById('digits-cnn')!.build().graph, { quantized: false }))
    expect(m.graph!.node!.map((n) => n.op_type)).toEqual(
      ['Mul', 'Transpose', 'Conv', 'Relu', 'MaxPool', 'Conv', 'Relu', 'MaxPool', 'Transpose', 'Flatten', 'Gemm', 'Softmax'])
  })

  it('digits template, QDQ: Q/DQ around every operator, no Relu (the clamp is implied by zero point −128)', () => {
    const q = quantize(templateById('digits-cnn')!.build().graph)
    const m = decodeOnnxModel(exportOnnx(q, { quantized: true }))
    const ops = m.graph!.node!.map((n) => n.op_type)
    expect(ops).toEqual([
      'Mul', 'QuantizeLinear', 'Transpose',
      'DequantizeLinear', 'DequantizeLinear', 'DequantizeLinear', 'Conv', 'QuantizeLinear',
      'DequantizeLinear', 'MaxPool', 'QuantizeLinear',
      'DequantizeLinear', 'DequantizeLinear', 'DequantizeLinear', 'Conv', 'QuantizeLinear',
      'DequantizeLinear', 'MaxPool', 'QuantizeLinear',
      'Transpose', 'Flatten',
      'DequantizeLinear', 'DequantizeLinear', 'DequantizeLinear', 'Gemm', 'QuantizeLinear',
      'DequantizeLinear', 'Softmax', 'QuantizeLinear',
      'DequantizeLinear'])
    const softmaxQ = m.graph!.node!.filter((n) => n.op_type === 'QuantizeLinear').pop()!
    const inits = m.graph!.initializer!
    expect(Array.from(initializer(inits, softmaxQ.input![1]).values)).toEqual([1 / 256])
    expect(Array.from(initializer(inits, softmaxQ.input![2]).values)).toEqual([-128])
  })

  it('TFLite same padding becomes explicit asymmetric pads; depthwise is a grouped Conv; AveragePool excludes the border', () => {
    const nodes = decodeOnnxModel(exportOnnx(EDGE_NET, { quantized: false })).graph!.node!
    const c1 = nodeNamed(nodes, 'c1/Conv')
    expect(attrOf(c1, 'pads')!.ints).toEqual([0, 0, 1, 1])
    expect(attrOf(c1, 'strides')!.ints).toEqual([2, 2])
    expect(attrOf(c1, 'group')!.i).toBe(1)
    const d1 = nodeNamed(nodes, 'd1/Conv')
    expect(attrOf(d1, 'group')!.i).toBe(6)
    expect(attrOf(d1, 'kernel_shape')!.ints).toEqual([3, 2])
    expect(attrOf(d1, 'dilations')!.ints).toEqual([1, 3])
    expect(attrOf(d1, 'pads')!.ints).toEqual([1, 1, 1, 2])
    const p1 = nodeNamed(nodes, 'p1/AveragePool')
    expect(attrOf(p1, 'pads')!.ints).toEqual([0, 0, 1, 1])
    expect(attrOf(p1, 'count_include_pad')!.i).toBe(0)
    expect(nodeNamed(nodes, 'c1/Clip').op_type).toBe('Clip')
    expect(nodes.filter((n) => n.name?.startsWith('fcB/')).map((n) => n.op_type)).toEqual(['Flatten', 'Gemm', 'Relu'])
    expect(nodes.filter((n) => n.name?.startsWith('rs2/')).map((n) => n.op_type)).toEqual(['Reshape', 'Transpose'])
    expect(nodes.filter((n) => n.name?.startsWith('fl/')).map((n) => n.op_type)).toEqual(['Transpose', 'Flatten'])
    expect(nodes.filter((n) => n.name?.startsWith('sm/')).map((n) => n.op_type)).toEqual(['Mul', 'Softmax'])
  })

  it('QDQ weights: int8 OIHW with per-channel DequantizeLinear (axis 0); int32 bias with scale input·weight', () => {
    const q = quantize(EDGE_NET)
    const m = decodeOnnxModel(exportOnnx(q, { quantized: true }))
    const inits = m.graph!.initializer!
    const w = initializer(inits, 'c1_w_q')
    expect(w.dims).toEqual([6, 3, 3, 3])
    expect(w.dataType).toBe(3)
    const c1 = q.nodes.find((n) => n.id === 'c1')!
    const ohwi = c1.weights!.weights.data
    // OIHW [o, i, y, x] = OHWI [o, y, x, i]
    expect(w.values[((4 * 3 + 2) * 3 + 1) * 3 + 0]).toBe(ohwi[((4 * 3 + 1) * 3 + 0) * 3 + 2])
    const wScale = initializer(inits, 'c1_w_scale')
    expect(Array.from(wScale.values)).toEqual(c1.weights!.weights.quant!.scale.map(Math.fround))
    const wDq = nodeNamed(m.graph!.node!, 'c1/DequantizeLinear')
    expect(wDq.input).toEqual(['c1_w_q', 'c1_w_scale', 'c1_w_zp'])
    expect(attrOf(wDq, 'axis')!.i).toBe(0)
    const inScale = Math.fround(q.nodes.find((n) => n.id === 'in')!.quant!.output.scale[0])
    const bScale = initializer(inits, 'c1_b_scale')
    expect(Array.from(bScale.values)).toEqual(Array.from(wScale.values, (s) => Math.fround(inScale * s)))
    expect(initializer(inits, 'c1_b_q').dataType).toBe(6)
    expect(Array.from(initializer(inits, 'c1_b_q').values)).toEqual(Array.from(c1.weights!.bias.data))
    // ReLU6 calibrated below 6 with zero point −128: the int8 clamp is the full range, so no Clip.
    expect(m.graph!.node!.filter((n) => n.name?.startsWith('c1/')).map((n) => n.op_type))
      .toEqual(['DequantizeLinear', 'DequantizeLinear', 'DequantizeLinear', 'Conv', 'QuantizeLinear'])
  })

  it('is deterministic: the same graph gives the same bytes, also after a JSON round trip of the graph', () => {
    const q = quantize(EDGE_NET)
    const a = exportOnnx(q, { quantized: true, name: 'x' })
    expect(exportOnnx(q, { quantized: true, name: 'x' })).toEqual(a)
    const clone = quantize(JSON.parse(JSON.stringify(EDGE_NET)) as Graph)
    expect(exportOnnx(clone, { quantized: true, name: 'x' })).toEqual(a)
    expect(exportOnnx(EDGE_NET, { quantized: false })).toEqual(exportOnnx(EDGE_NET, { quantized: false }))
  })

  it('refuses a QDQ export of an unquantized graph, and a graph with errors, with one sentence', () => {
    expect(() => exportOnnx(EDGE_NET, { quantized: true })).toThrow(OnnxExportError)
    expect(() => exportOnnx(EDGE_NET, { quantized: true })).toThrow(
      'the graph is not quantized (in has no int8 quantization); quantize it first or export the float model')
    const broken: Graph = { ...EDGE_NET, edges: EDGE_NET.edges.filter((e) => e.id !== 'p1-add-0') }
    expect(() => exportOnnx(broken, { quantized: false })).toThrow(/^the graph cannot be exported until its errors are fixed: add: /)
    expect(() => exportOnnx({ nodes: [], edges: [], seed: 1 }, { quantized: false })).toThrow('the graph is empty')
  })
})

describe('hand graphs in onnxruntime-web', () => {
  const written: string[] = []
  for (const [name, graph] of [['EDGE_NET', EDGE_NET], ['MIXED_NET', MIXED_NET], ['POOL_NET', POOL_NET]] as const) {
    it(`${name}: float within 1e-5 on every node; QDQ per operator within 1 LSB, outputs within 1 LSB`, async () => {
      const q = quantize(graph)
      const codes = seededCodes(`export-onnx:${name}`, 6, [1, ...(graph.nodes[0].attrs.shape as number[])])
      const f = await measureAgreement(graph, q, codes)
      expect(f.floatMaxRel).toBeLessThanOrEqual(1e-5)
      expect(f.perOp.withinOne).toBe(f.perOp.count)
      expect(f.output.maxDiff).toBeLessThanOrEqual(1)
      for (const [suffix, bytes] of [['float', f.float.bytes], ['qdq', f.qdq.bytes]] as const) {
        const file = `${OUT}${name.toLowerCase()}.${suffix}.onnx`
        writeFileSync(file, bytes)
        written.push(file)
      }
    })
  }

  // pow2 kernels round half up (NN_ROUND), ORT half to even: 1 LSB apart at most; the legacy averages truncate twice
  // (rows, then columns): 2 LSB at most. arm_softmax_q7 is a base-2 approximation (CMSIS: "not bit-accurate with
  // TFLite"); ONNX has the true softmax, so that node differs by design.
  for (const [name, graph] of [['MIXED_NET', MIXED_NET], ['POOL_NET', POOL_NET]] as const) {
    it(`${name}, pow2: QDQ with power-of-two scales; kernels within 1 LSB per operator (averages 2, softmax apart)`, async () => {
      const q = quantize(graph, 'pow2')
      const codes = seededCodes(`export-onnx:pow2:${name}`, 4, [1, ...(graph.nodes[0].attrs.shape as number[])])
      const f = await measureAgreement(graph, q, codes, 'pow2')
      const averages = new Set(['AvgPool2D', 'GlobalAveragePool'])
      for (const [op, a] of f.perOpByType) if (op !== 'Softmax') expect(a.maxDiff, op).toBeLessThanOrEqual(averages.has(op) ? 2 : 1)
      expect(f.perOpByType.get('Softmax')!.maxDiff).toBeGreaterThan(1)
      const file = `${OUT}${name.toLowerCase()}.pow2.qdq.onnx`
      writeFileSync(file, f.qdq.bytes)
      written.push(file)
      const m = decodeOnnxModel(f.qdq.bytes) as { metadata_props?: unknown }
      expect(m.metadata_props).toEqual([{ key: 'tinyforge.form', value: 'qdq' }, { key: 'tinyforge.scheme', value: 'pow2' },
        { key: 'tinyforge.io_layout', value: 'NHWC' }])
      const scales = decodeOnnxModel(f.qdq.bytes).graph!.initializer!.filter((t) => /_scale$/.test(t.name!) && !/_b_scale$/.test(t.name!))
      for (const t of scales) for (const v of tensorValues(t, t.name!).values) expect(Number.isInteger(Math.log2(v)), t.name).toBe(true)
    })
  }

  it('the files pass onnx.checker (full_check) and strict shape inference', () => {
    const r = spawnSync('/usr/bin/python3', ['scripts/check_onnx.py', ...written], { encoding: 'utf8' })
    expect(r.stderr).toBe('')
    expect(r.status).toBe(0)
    expect(r.stdout.trim().split('\n')).toHaveLength(written.length)
  })
})

describe('exportOnnxModel info', () => {
  it('names the I/O after the nodes, gives the output quantization of QDQ models and where each node lives', () => {
    const q = quantize(EDGE_NET)
    const x = exportOnnxModel(q, { quantized: true })
    expect(x.inputs).toEqual([{ nodeId: 'in', name: 'in', dims: [1, 8, 8, 3], quant: q.nodes[0].quant!.output }])
    expect(x.outputs.map((o) => [o.nodeId, o.name, o.dims, o.quant!.zeroPoint])).toEqual([
      ['r1', 'r1', [1, 2, 2, 2], q.nodes.find((n) => n.id === 'r1')!.quant!.output.zeroPoint],
      ['sm', 'sm', [1, 10], [-128]]])
    const byNode = new Map(x.nodeTensors.map((t) => [t.nodeId, t]))
    expect(byNode.get('c1')).toEqual({ nodeId: 'c1', name: 'c1_q', dims: [1, 6, 4, 4], layout: 'nchw', dtype: 'int8' })
    expect(byNode.get('rs1')).toEqual({ nodeId: 'rs1', name: 'rs1_reshape_q', dims: [1, 12], layout: 'plain', dtype: 'int8' })
  })
})
