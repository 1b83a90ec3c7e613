/**
 * Templates: they analyze cleanly (also against their library), have the expected shapes, and the two
 * MLPerf Tiny templates equal the reference models layer for layer (../shared/data/mlperf-tiny).
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { analyzeGraph } from '../analysis/analyze-graph.ts'
import { resolveNodeWeights } from '../analysis/node-weights.ts'
import { materializeSeededWeights, parseProject, serializeProject } from '../formats/project/index.ts'
import type { ProjectDoc } from '../ir/project.ts'
import { autoLayout } from '../layout/auto-layout.ts'
import { getOp } from '../ops/registry.ts'
import { getLibrary } from '../vendors/registry.ts'
import { TEMPLATES, templateById } from './index.ts'

const DATA = new URL('../../../../shared/data/mlperf-tiny/', import.meta.url)

interface CsvLayer { op: string; inShape: string; outShape: string; weightShape: string; macs: number }

function referenceLayers(model: string): CsvLayer[] {
  const [header, ...rows] = readFileSync(new URL('layers_int8_models.csv', DATA), 'utf8').trim().split(/\r?\n/)
  expect(header).toBe('model,idx,op,in_shape,out_shape,weight_shape,macs,const_bytes,in_act_bytes,out_act_bytes')
  return rows.map((r) => r.split(',')).filter((c) => c[0] === model)
    .map((c) => ({ op: c[2], inShape: c[3], outShape: c[4], weightShape: c[5], macs: Number(c[6]) }))
}

function referenceSummary(model: string): { macs: number; params: number } {
  const line = readFileSync(new URL('model_summary.jsonl', DATA), 'utf8').trim().split(/\r?\n/)
    .map((l) => JSON.parse(l) as { file: string; macs: number; params: number }).find((s) => s.file === model)
  return { macs: line!.macs, params: line!.params }
}

const TFLITE_OP: Record<string, string> = {
  Conv2D: 'CONV_2D', DepthwiseConv2D: 'DEPTHWISE_CONV_2D', AvgPool2D: 'AVERAGE_POOL_2D', Flatten: 'RESHAPE',
  FullyConnected: 'FULLY_CONNECTED', Softmax: 'SOFTMAX',
}

/** Our layers (Input excluded) in the reference CSV's terms. */
function ourLayers(doc: ProjectDoc): CsvLayer[] {
  const a = analyzeGraph(doc.graph)
  return doc.graph.nodes.filter((n) => n.op !== 'Input').map((n) => {
    const info = a.nodes.get(n.id)!
    const weights = resolveNodeWeights(getOp(n.op)!, n, info.attrs, info.inputs, doc.graph.seed).weights.weights
    return {
      op: TFLITE_OP[n.op] ?? n.op,
      inShape: info.inputs[0].shape.join('x'),
      outShape: info.output!.shape.join('x'),
      weightShape: weights ? weights.shape.join('x') : '',
      macs: info.macs,
    }
  })
}

function totals(doc: ProjectDoc): { macs: number; params: number } {
  const a = analyzeGraph(doc.graph)
  let macs = 0
  let params = 0
  for (const n of a.nodes.values()) { macs += n.macs; params += n.params }
  return { macs, params }
}

describe('templates', () => {
  it('registry lists the templates with unique ids', () => {
    expect(TEMPLATES.map((t) => t.id)).toEqual(['digits-cnn', 'kws-ds-cnn', 'vww-mobilenet', 'early-exit-cnn'])
    expect(templateById('kws-ds-cnn')?.name).toBe('Keyword spotting DS-CNN')
    expect(templateById('nope')).toBeUndefined()
  })

  const CHAINS = TEMPLATES.filter((t) => t.id !== 'early-exit-cnn')
  it.each(CHAINS.map((t) => [t.id, t] as const))('%s: stable ids, cmsis-nn, seed 1, laid out, deterministic', (_id, t) => {
    const doc = t.build()
    expect(t.build()).toEqual(doc)
    expect(doc.library).toBe('cmsis-nn')
    expect(doc.graph.seed).toBe(1)
    expect(doc.graph.nodes.map((n) => n.id)).toEqual(doc.graph.nodes.map((_, i) => `n${i + 1}`))
    expect(doc.graph.edges.map((e) => [e.id, e.source, e.target, e.targetPort]))
      .toEqual(doc.graph.edges.map((_, i) => [`e${i + 1}`, `n${i + 1}`, `n${i + 2}`, 0]))
    expect(doc.graph.edges).toHaveLength(doc.graph.nodes.length - 1)
    expect(autoLayout(doc.graph)).toEqual([])
    expect(doc.graph.nodes.map((n) => n.position)).toEqual(doc.graph.nodes.map((_, i) => ({ x: 0, y: 140 * i })))
  })

  it.each(TEMPLATES.map((t) => [t.id, t] as const))('%s: no diagnostics, alone or against its library', (_id, t) => {
    const doc = t.build()
    expect(analyzeGraph(doc.graph).diagnostics).toEqual([])
    const library = getLibrary(doc.library)
    expect(library).toBeDefined()
    expect(analyzeGraph(doc.graph, library).diagnostics.filter((d) => d.severity === 'error')).toEqual([])
  })

  it('early-exit-cnn: a chain with two exit heads, run as early as possible, deterministic', () => {
    const doc = templateById('early-exit-cnn')!.build()
    expect(templateById('early-exit-cnn')!.build()).toEqual(doc)
    const a = analyzeGraph(doc.graph)
    const row = (id: string) => { const n = doc.graph.nodes.find((x) => x.id === id)!; return `${n.name} ${a.nodes.get(id)!.output!.shape.join('x')}` }
    expect(a.order.map(row)).toEqual([
      'image 1x28x28x1', 'conv1 1x28x28x8', 'pool1 1x14x14x8',
      'exit1_conv 1x7x7x8', 'exit1_gap 1x1x1x8', 'exit1_flat 1x8', 'exit1_fc 1x10', 'exit1 1x10',
      'conv2 1x14x14x16', 'pool2 1x7x7x16',
      'exit2_conv 1x4x4x16', 'exit2_gap 1x1x1x16', 'exit2_flat 1x16', 'exit2_fc 1x10', 'exit2 1x10',
      'conv3 1x7x7x32', 'gap 1x1x1x32', 'flatten 1x32', 'logits 1x10', 'probabilities 1x10',
    ])
  })

  it('digits-cnn: shapes, MACs and parameters', () => {
    const doc = templateById('digits-cnn')!.build()
    const a = analyzeGraph(doc.graph)
    expect(doc.graph.nodes.map((n) => `${n.op} ${a.nodes.get(n.id)!.output!.shape.join('x')}`)).toEqual([
      'Input 1x28x28x1', 'Conv2D 1x28x28x8', 'MaxPool2D 1x14x14x8', 'Conv2D 1x14x14x16', 'MaxPool2D 1x7x7x16',
      'Flatten 1x784', 'FullyConnected 1x10', 'Softmax 1x10',
    ])
    // 28·28·8·9 + 14·14·16·9·8 + 784·10; (8·9+8) + (16·72+16) + (784·10+10)
    expect(totals(doc)).toEqual({ macs: 56448 + 225792 + 7840, params: 80 + 1168 + 7850 })
    expect(totals(doc)).toEqual({ macs: 290080, params: 9098 })
  })

  it('kws-ds-cnn equals the MLPerf Tiny KWS reference layer for layer', () => {
    const doc = templateById('kws-ds-cnn')!.build()
    expect(ourLayers(doc)).toEqual(referenceLayers('kws_ref_model.tflite'))
    const reference = referenceSummary('kws_ref_model.tflite')
    expect(reference).toEqual({ macs: 2656768, params: 22606 })
    // Same MACs; the reference also counts its Reshape's 2-value shape tensor as parameters.
    expect(totals(doc)).toEqual({ macs: reference.macs, params: reference.params - 2 })
  })

  it('vww-mobilenet equals the MLPerf Tiny VWW reference layer for layer', () => {
    const doc = templateById('vww-mobilenet')!.build()
    expect(ourLayers(doc)).toEqual(referenceLayers('vww_96_int8.tflite'))
    const reference = referenceSummary('vww_96_int8.tflite')
    expect(reference).toEqual({ macs: 7489664, params: 210852 })
    expect(totals(doc)).toEqual({ macs: reference.macs, params: reference.params - 2 })
  })

  it.each(TEMPLATES.map((t) => [t.id, t] as const))('%s: saves with its seeded weights and reopens identical', (_id, t) => {
    const doc = t.build()
    const text = serializeProject(doc)
    const back = parseProject(text)
    expect(back).toEqual(materializeSeededWeights(doc))
    expect(serializeProject(back)).toBe(text)
    expect(totals(back)).toEqual(totals(doc))
    const a = analyzeGraph(doc.graph)
    for (const node of back.graph.nodes) {
      const info = a.nodes.get(node.id)!
      const seeded = resolveNodeWeights(getOp(node.op)!, { ...node, weights: undefined }, info.attrs, info.inputs, 1).weights
      expect(Object.keys(node.weights ?? {})).toEqual(Object.keys(seeded))
      for (const [name, tensor] of Object.entries(seeded)) {
        expect(node.weights![name].origin).toBe('seeded')
        expect(node.weights![name].data).toEqual(tensor.data)
      }
    }
  })
})
