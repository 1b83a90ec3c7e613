/**
 * The training-ready PyTorch project of a TinyForge project (`tinyforge export --pytorch`, later the IDE):
 *   README.md         the exact commands (train, torchrun, predict, import back)
 *   graph.json        the graph (graph-json.ts)
 *   weights.npz       the project's current weights (weights-file.ts): float weights (int8 ones dequantized), and
 *                     for a quantized project its int8 model as it is (tensors, scales, zero points) with the
 *                     activation ranges its quantization covers
 *   model.py          the graph as a torch.nn.Module of operator twins, and the integer forward
 *   train.py          float epochs then QAT epochs (DDP under torchrun), integer-forward evaluation, weights file
 *   predict.py        float or integer forward on .npy inputs
 *   tinyforge_twins/  the operator twins and their support (python-package.ts)
 * Pure and deterministic. Throws PytorchExportError (every reason) when the graph cannot be trained.
 */
import { strToU8, zipSync } from 'fflate'
import type { Zippable } from 'fflate'
import { analyzeGraph } from '../../analysis/analyze-graph.ts'
import { resolveNodeWeights } from '../../analysis/node-weights.ts'
import { tensorToFloat } from '../../engine/tensor-to-float.ts'
import type { ProjectDoc } from '../../ir/project.ts'
import type { QuantParams } from '../../ir/types.ts'
import { getOp } from '../../ops/registry.ts'
import type { GraphJson } from './graph-json.ts'
import { buildGraphJson } from './graph-json.ts'
import type { NpyArray } from './npz.ts'
import { pythonPackageFiles, readmeTemplate } from './python-package.ts'
import type { WeightsMeta } from './weights-file.ts'
import { WEIGHTS_FORMAT, encodeWeightsFile } from './weights-file.ts'

export { PytorchExportError } from './graph-json.ts'

export interface PytorchProject {
  graph: GraphJson
  files: Map<string, Uint8Array | string>
  /** The project as a zip with a root folder named after the project. */
  zip(): Uint8Array
  summary: string
}

const FIXED_MTIME = new Date(2000, 0, 1, 0, 0, 0)

/** The range a quantization covers: s8 scale·(−128 − zp) .. scale·(127 − zp); pow2 likewise with zp 0. */
export function rangeOfQuant(q: QuantParams): [number, number] {
  const s = q.scale[0]
  const z = q.zeroPoint[0] ?? 0
  return [s * (-128 - z), s * (127 - z)]
}

/**
 * The inner range an SVDF / LSTM state quantization covers (symmetric int16: ±32767 steps), which quantizes back to
 * the same cell scale 2^p (LSTM) and to the state scale up to float32 rounding (SVDF): the starting range for training.
 */
function internalRangeOfState(name: string, state: Readonly<Record<string, QuantParams>>): [number, number] {
  const s = state[name]?.scale[0] ?? 0
  return [-32767 * s, 32767 * s]
}

/** weights.npz of the project as it is now. */
export function currentWeightsFile(doc: ProjectDoc, graph: GraphJson): Uint8Array {
  const analysis = analyzeGraph(doc.graph)
  const byId = new Map(doc.graph.nodes.map((n) => [n.id, n]))
  const arrays = new Map<string, NpyArray>()
  const tensors: WeightsMeta['tensors'] = []
  const quantized = doc.graph.nodes.every((n) => n.quant)
  const int8: NonNullable<WeightsMeta['int8']> = {}
  const ranges: WeightsMeta['ranges'] = {}
  const internal: WeightsMeta['internal'] = {}
  for (const g of graph.nodes) {
    const node = byId.get(g.id)!
    const info = analysis.nodes.get(g.id)!
    const { weights } = resolveNodeWeights(getOp(node.op)!, node, info.attrs, info.inputs, doc.graph.seed)
    const quantOfWeights: Record<string, QuantParams> = {}
    for (const spec of g.weights) {
      const t = weights[spec.name]
      const key = `float/${g.id}/${spec.name}`
      arrays.set(key, { dtype: 'float32', shape: [...spec.shape], data: tensorToFloat(t, `${node.name} ${spec.name}`) })
      tensors.push({ key, node: g.id, name: spec.name, kind: 'float' })
      if (quantized && t.dtype !== 'float32' && t.quant) {
        const intKey = `int8/${g.id}/${spec.name}`
        const data = t.data as Int8Array | Int16Array | Int32Array
        arrays.set(intKey, { dtype: t.dtype === 'int32' ? 'int32' : t.dtype === 'int16' ? 'int16' : 'int8', shape: [...t.shape], data })
        tensors.push({ key: intKey, node: g.id, name: spec.name, kind: 'int8' })
        quantOfWeights[spec.name] = t.quant
      }
    }
    if (quantized) {
      const state = node.quant!.state
      int8[g.id] = { output: node.quant!.output, weights: quantOfWeights, ...(state ? { state } : {}) }
      ranges[g.id] = rangeOfQuant(node.quant!.output)
      const names = getOp(node.op)!.internalRanges
      if (names && state) internal[g.id] = Object.fromEntries(names.map((k) => [k, internalRangeOfState(k, state)]))
    }
  }
  const meta: WeightsMeta = {
    format: WEIGHTS_FORMAT, version: 1,
    graph: { name: graph.name, fingerprint: graph.fingerprint, scheme: graph.scheme, rounding: graph.rounding, denseWeights: graph.denseWeights },
    tensors, ranges, internal, int8: quantized ? int8 : null, training: null,
  }
  return encodeWeightsFile({ meta, arrays })
}

function fillTemplate(template: string, values: Record<string, string>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (m, key: string) => values[key] ?? m)
}

export function exportPytorchProject(doc: ProjectDoc): PytorchProject {
  const graph = buildGraphJson(doc)
  const quantized = doc.graph.nodes.every((n) => n.quant)
  const shapes = (ids: string[]) => ids.map((id) => {
    const n = graph.nodes.find((x) => x.id === id)!
    return `${n.name} [N, ${n.outputShape.slice(1).join(', ')}]`
  }).join(', ')
  const files = new Map<string, Uint8Array | string>()
  files.set('README.md', fillTemplate(readmeTemplate(), {
    name: doc.name, library: graph.library, scheme: graph.scheme, rounding: graph.rounding,
    inputs: shapes(graph.inputs), outputs: shapes(graph.outputs),
    quantized: quantized ? `quantized (${graph.scheme}); weights.npz holds its int8 model as it is` : 'not quantized yet; train.py derives the int8 model',
  }))
  files.set('graph.json', `${JSON.stringify(graph, null, 1)}\n`)
  files.set('weights.npz', currentWeightsFile(doc, graph))
  for (const [path, text] of pythonPackageFiles()) files.set(path, text)
  const root = (doc.name.trim() || 'model').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'model'
  return {
    graph,
    files,
    zip: () => {
      const tree: Zippable = {}
      for (const path of [...files.keys()].sort()) {
        const content = files.get(path)!
        tree[`${root}-pytorch/${path}`] = [typeof content === 'string' ? strToU8(content) : content,
          { mtime: FIXED_MTIME, os: 3, attrs: 0o644 << 16, level: 9 }]
      }
      return zipSync(tree)
    },
    summary: `PyTorch project (${graph.library}, ${graph.scheme}, ${graph.nodes.length} nodes, ` +
      `${quantized ? 'int8 model included' : 'float weights'}): ${files.size} files; run \`python3 train.py --data …\``,
  }
}
