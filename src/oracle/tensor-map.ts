/**
 * Which TFLite tensor each node of an imported graph computes. The TFLite importer names every node after
 * its operator's output tensor (`source.op`, `source.name` = the tensor's first ';'-part) and Input nodes
 * after the input tensor; a match counts only when element count, scale and zero point agree too, so a
 * node whose output is not one TFLite tensor (an importer fusion) is left unmapped rather than mismatched.
 * Framework-free; used by the oracle page.
 */
import type { Graph, QuantParams } from '../core/ir/types.ts'
import { shapeSize } from '../core/ir/types.ts'
import { shortName } from '../core/formats/tflite/tflite-mapper.ts'
import type { TflModel, TflTensor } from '../core/formats/tflite/tflite-reader.ts'

export interface NodeTensor {
  nodeId: string
  nodeName: string
  op: string
  tensor: number
  tensorName: string
}

function sameQuant(t: TflTensor, q: QuantParams | undefined): boolean {
  if (!t.quant || !q) return false
  return t.quant.scale.length === q.scale.length && t.quant.scale.every((s, i) => Math.fround(s) === Math.fround(q.scale[i]))
    && t.quant.zeroPoint.every((z, i) => z === q.zeroPoint[i])
}

/** Node → tensor pairs in graph order, for every node that provably computes one TFLite tensor. */
export function mapNodesToTensors(graph: Graph, model: TflModel): NodeTensor[] {
  const candidates = new Map<string, number[]>()
  const add = (key: string, t: number) => candidates.set(key, [...(candidates.get(key) ?? []), t])
  for (const t of model.inputs) add(`input|${model.tensors[t].name}`, t)
  for (const o of model.operators) {
    const t = o.outputs[0]
    if (t !== undefined && t >= 0) add(`${o.opName}|${shortName(model.tensors[t])}`, t)
  }
  const pairs: NodeTensor[] = []
  for (const node of graph.nodes) {
    if (!node.source) continue
    const found = candidates.get(`${node.source.op}|${node.source.name}`) ?? []
    if (found.length !== 1) continue
    const tensor = model.tensors[found[0]]
    const shape = node.op === 'Input' ? [1, ...(node.attrs.shape as number[])] : undefined
    if (shape && shapeSize(shape) !== shapeSize(tensor.shape)) continue
    if (!sameQuant(tensor, node.quant?.output)) continue
    pairs.push({ nodeId: node.id, nodeName: node.name, op: node.op, tensor: tensor.index, tensorName: tensor.name })
  }
  return pairs
}
