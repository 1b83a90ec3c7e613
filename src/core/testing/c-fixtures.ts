/**
 * Quantized graphs the C package tests export: the three templates, the MLPerf Tiny int8 models (imported with
 * their exact quantization), the test graphs of quant/fixture-graphs.ts and a two-input, two-output graph.
 * Node-only (reads ../shared/data).
 */
import { readFileSync } from 'node:fs'
import { importModel } from '../formats/import-model.ts'
import type { Edge, Graph, GraphNode } from '../ir/types.ts'
import type { QuantScheme } from '../quant/scheme.ts'
import { syntheticSamples } from '../data/calibration-data.ts'
import { quantizeGraph } from '../pipelines/ptq.ts'
import { templateById } from '../templates/index.ts'

export const MLPERF_DIR = new URL('../../../../shared/data/mlperf-tiny/', import.meta.url).pathname

export const MLPERF_MODELS = ['kws_ref_model.tflite', 'vww_96_int8.tflite', 'pretrainedResnet_quant.tflite', 'ad01_int8.tflite'] as const

export function mlperfGraph(file: string): Graph {
  return importModel(new Uint8Array(readFileSync(MLPERF_DIR + file)), file).doc.graph
}

export function quantized(graph: Graph, scheme: QuantScheme): Graph {
  return quantizeGraph(graph, { scheme, samples: syntheticSamples(graph, 4, 1) })
}

export function templateGraph(id: string, scheme: QuantScheme): Graph {
  return quantized(templateById(id)!.build().graph, scheme)
}

const node = (id: string, op: string, attrs: GraphNode['attrs']): GraphNode => ({ id, op, name: id, attrs, position: { x: 0, y: 0 } })
const edge = (source: string, target: string, targetPort = 0): Edge => ({ id: `${source}-${target}-${targetPort}`, source, target, targetPort })

/** Two Inputs (different preprocessing) → Add → FullyConnected, and a second output MaxPool2D(a). */
export const TWO_IO_NET: Graph = {
  seed: 11,
  nodes: [
    node('a', 'Input', { shape: [4, 4, 2], mean: [100, 20], scale: 1 / 64 }),
    node('b', 'Input', { shape: [4, 4, 2], mean: [0], scale: 1 / 32 }),
    node('sum', 'Add', { activation: 'relu' }),
    node('fc', 'FullyConnected', { units: 5, activation: 'none' }),
    node('pool', 'MaxPool2D', { poolH: 2, poolW: 2, strideH: 2, strideW: 2, padding: 'valid', activation: 'none' }),
  ],
  edges: [edge('a', 'sum', 0), edge('b', 'sum', 1), edge('sum', 'fc'), edge('a', 'pool')],
}
