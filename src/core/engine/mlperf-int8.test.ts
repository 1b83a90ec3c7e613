/**
 * The four MLPerf Tiny int8 reference models, imported from .tflite with their exact quantization, run through
 * the int8 engine on seeded inputs: every node prepares, the outputs have the model's shapes, and runs are
 * deterministic. (Byte-for-byte agreement with the TFLite interpreter is checked by the browser oracle test.)
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { importModel } from '../formats/import-model.ts'
import { mulberry32 } from '../ir/seeded-init.ts'
import { shapeSize } from '../ir/types.ts'
import { runInt8 } from './int8-engine.ts'

const DIR = new URL('../../../../shared/data/mlperf-tiny/', import.meta.url).pathname

const MODELS: [string, number[]][] = [
  ['kws_ref_model.tflite', [1, 12]],
  ['vww_96_int8.tflite', [1, 2]],
  ['pretrainedResnet_quant.tflite', [1, 10]],
  ['ad01_int8.tflite', [1, 640]],
]

describe('MLPerf Tiny int8 models on the int8 engine', () => {
  it.each(MODELS)('%s runs with its imported quantization, deterministically', (file, outputShape) => {
    const { doc } = importModel(new Uint8Array(readFileSync(DIR + file)), file)
    const graph = doc.graph
    const inputs: Record<string, Int8Array> = {}
    for (const n of graph.nodes.filter((x) => x.op === 'Input')) {
      const next = mulberry32(7)
      inputs[n.id] = Int8Array.from({ length: shapeSize(n.attrs.shape as number[]) }, () => Math.floor(next() * 256) - 128)
    }
    const a = runInt8(graph, inputs)
    expect(a.prepared.outputIds).toHaveLength(1)
    const out = a.prepared.outputIds[0]
    expect([...a.prepared.nodes.get(out)!.outputShape]).toEqual(outputShape)
    for (const id of a.order) expect(a.outputs.get(id)!.length).toBe(shapeSize(a.prepared.nodes.get(id)!.outputShape))
    const again = runInt8(graph, inputs)
    expect(Array.from(again.outputs.get(out)!)).toEqual(Array.from(a.outputs.get(out)!))
  })
})
