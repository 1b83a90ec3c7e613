import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { importModel } from '../core/formats/import-model.ts'
import { readTflite } from '../core/formats/tflite/tflite-reader.ts'
import { mapNodesToTensors } from './tensor-map.ts'

const DIR = new URL('../../../shared/data/mlperf-tiny/', import.meta.url)

describe('mapNodesToTensors', () => {
  it.each([
    ['kws_ref_model.tflite', 14],
    ['vww_96_int8.tflite', 32],
    ['pretrainedResnet_quant.tflite', 17],
    ['ad01_int8.tflite', 11],
  ])('%s: every node of the imported graph maps to the TFLite tensor it computes', (file, nodes) => {
    const bytes = new Uint8Array(readFileSync(new URL(file, DIR)))
    const graph = importModel(bytes, file).doc.graph
    const model = readTflite(bytes)
    const pairs = mapNodesToTensors(graph, model)
    expect(graph.nodes).toHaveLength(nodes)
    expect(pairs.map((p) => p.nodeId)).toEqual(graph.nodes.map((n) => n.id))
    expect(pairs[0].tensor).toBe(model.inputs[0])
    expect(pairs[pairs.length - 1].tensor).toBe(model.outputs[0])
    // Each tensor is produced by an operator of the node's source type (or is the model input).
    for (const p of pairs.slice(1)) {
      const producer = model.operators.find((o) => o.outputs[0] === p.tensor)!
      expect(producer.opName).toBe(graph.nodes.find((n) => n.id === p.nodeId)!.source!.op)
    }
  })

  it('leaves a node unmapped when the quantization of the named tensor disagrees', () => {
    const file = 'kws_ref_model.tflite'
    const bytes = new Uint8Array(readFileSync(new URL(file, DIR)))
    const graph = importModel(bytes, file).doc.graph
    const changed = { ...graph, nodes: graph.nodes.map((n) => (n.id === 'n3' ? { ...n, quant: { output: { scale: [0.5], zeroPoint: [0] } } } : n)) }
    const ids = mapNodesToTensors(changed, readTflite(bytes)).map((p) => p.nodeId)
    expect(ids).not.toContain('n3')
    expect(ids).toHaveLength(13)
  })
})
