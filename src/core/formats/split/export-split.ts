/**
 * Split export: a project + a cut → the C package of the head (the existing generator over the head graph; its header
 * gives the cut tensor's size, shape, scale and zero point as OUTPUT macros), the QDQ ONNX model of the tail (the
 * existing exporter over the tail graph, reading the int8 cut tensor directly; also split/tail.onnx in the package), and
 * split/ files that chain them (split-scripts.ts). The embedded test vectors are the head's own; split.json holds the whole model's int8 engine
 * outputs for the same inputs, which the chained result must reproduce.
 * Refusals are SplitError with one line (unknown node, illegal cut under the policy, a graph that cannot export).
 */
import { analyzeGraph } from '../../analysis/analyze-graph.ts'
import type { CPackageFiles } from '../../codegen/c/generate-package.ts'
import { ExportRefusedError, generateCPackage } from '../../codegen/c/generate-package.ts'
import { buildPackageModel } from '../../codegen/c/package-model.ts'
import { computeTestVectors } from '../../codegen/c/example-source.ts'
import { zipPackage } from '../../codegen/c/zip-package.ts'
import { runInt8 } from '../../engine/int8-engine.ts'
import { estimate } from '../../estimate/estimate.ts'
import type { OnnxIo } from '../onnx/export-onnx.ts'
import { OnnxExportError, exportOnnxModel } from '../onnx/export-onnx.ts'
import type { ProjectDoc } from '../../ir/project.ts'
import type { Graph } from '../../ir/types.ts'
import { cPrefix } from '../../kernels/c-syntax.ts'
import { getLibrary } from '../../vendors/registry.ts'
import type { Cut, CutTable, LivePolicy } from './cuts.ts'
import { cutTable, findCut } from './cuts.ts'
import { SplitError, extractSplit } from './extract.ts'
import { RUN_SPLIT_SCRIPT, headMain } from './split-scripts.ts'

export { SplitError } from './extract.ts'

export interface SplitExportOptions {
  /** The last device node, by id or name. */
  after: string
  /** What to do where several tensors cross the cut (cuts.ts); default 'single' (refuse). */
  policy?: LivePolicy
  /** C prefix (default: the project name + '_head'). */
  prefix?: string
  /** Embedded test vectors (1..16, default 3) and their seed. */
  vectors?: number
  seed?: number
  /** Largest |difference| (int8 LSB) the chain script accepts between the tail's and the whole model's outputs. */
  toleranceLsb?: number
}

export interface SplitExport {
  cut: Cut
  head: Graph
  tail: Graph
  prefix: string
  /** The head's C package with split/ added. */
  files: CPackageFiles
  zip(): Uint8Array
  onnx: Uint8Array
  tailInputs: OnnxIo[]
  tailOutputs: OnnxIo[]
  summary: string
}

/** Why `exportSplit` would refuse (empty when it would not); cheap: no code is generated. */
export function splitProblems(doc: ProjectDoc, options: Pick<SplitExportOptions, 'after' | 'policy'>): string[] {
  try {
    const table = projectCutTable(doc, options.policy ?? 'single')
    const cut = findCut(table, options.after)
    if (!cut) return [unknownNode(options.after)]
    if (cut.illegal) return [`cannot split after '${cut.afterName}': ${cut.illegal}`]
    if (cut.onDevice) return [`cannot split after '${cut.afterName}': it is the last node, nothing is left to run remotely`]
    const unquantized = doc.graph.nodes.find((n) => !n.quant)
    return unquantized ? [`the graph is not quantized (${unquantized.name} has no int8 quantization); quantize it first`] : []
  } catch (err) {
    if (err instanceof SplitError) return [err.message]
    throw err
  }
}

const unknownNode = (after: string) => `no node '${after}' in the graph (give a node id or name; 'tinyforge split <project>' lists them)`

/** The cut table of a project's graph (no targets needed: bytes and MACs only). */
export function projectCutTable(doc: ProjectDoc, policy: LivePolicy = 'single'): CutTable {
  const library = getLibrary(doc.library)
  if (!library) throw new SplitError(`the project uses library '${doc.library}', which this TinyForge does not know`)
  const analysis = analyzeGraph(doc.graph, library)
  return cutTable(doc.graph, estimate(doc.graph, library, [], { analysis }), policy)
}

export function exportSplit(doc: ProjectDoc, options: SplitExportOptions): SplitExport {
  const library = getLibrary(doc.library)
  if (!library) throw new SplitError(`the project uses library '${doc.library}', which this TinyForge does not know`)
  const table = projectCutTable(doc, options.policy ?? 'single')
  const cut = findCut(table, options.after)
  if (!cut) throw new SplitError(unknownNode(options.after))
  const { head, tail, links } = extractSplit(doc.graph, table.order, cut)
  const prefix = cPrefix(options.prefix ?? `${doc.name.trim() || 'model'}_head`)
  const vectors = options.vectors ?? 3
  let files: CPackageFiles
  let model
  try {
    files = generateCPackage(head, { prefix, library, title: `${doc.name} head (split after ${cut.afterName})`, vectors, seed: options.seed })
    model = buildPackageModel(head, library)
  } catch (err) {
    if (err instanceof ExportRefusedError) throw new SplitError(`the head cannot be exported: ${err.message}`)
    throw err
  }
  let tailModel
  try {
    tailModel = exportOnnxModel(tail, { quantized: true, int8Inputs: true, scheme: library.scheme, name: `${doc.name}_tail` })
  } catch (err) {
    if (err instanceof OnnxExportError) throw new SplitError(`the tail cannot be exported: ${err.message}`)
    throw err
  }
  // Whole-model int8 outputs for the head's own test vectors (the same Input tensors).
  const testVectors = computeTestVectors(head, model, vectors, options.seed ?? 1)
  const expected = testVectors.map((tv) => {
    const inputs: Record<string, Int8Array> = {}
    for (const t of model.inputs) inputs[t.nodeId] = tv.input.slice(t.offset, t.offset + t.size)
    const result = runInt8(doc.graph, inputs, { scheme: library.scheme })
    return tailModel.outputs.map((o) => Array.from(result.outputs.get(o.nodeId)!))
  })
  const byHeadOutput = new Map(model.outputs.map((o) => [o.nodeId, o]))
  const tensors = links.map((l) => {
    const out = byHeadOutput.get(l.headOutput)!
    const input = tailModel.inputs.find((i) => i.nodeId === l.tailInput)!
    return { name: out.name, onnxInput: input.name, offset: out.offset, size: out.size, shape: out.shape,
      scale: out.quant.scale[0], zeroPoint: out.quant.zeroPoint[0] ?? 0 }
  })
  const spec = {
    generator: 'TinyForge split export 1', prefix, cutAfter: cut.afterName, policy: table.policy,
    headOutputBytes: model.outputBytes, tensors,
    outputs: tailModel.outputs.map((o) => ({ name: o.name, onnxOutput: o.name, shape: o.dims, scale: o.quant!.scale[0], zeroPoint: o.quant!.zeroPoint[0] ?? 0 })),
    toleranceLsb: options.toleranceLsb ?? 1,
    expected,
  }
  files.set('split/head_main.c', headMain(prefix))
  files.set('split/run-split.mjs', RUN_SPLIT_SCRIPT)
  files.set('split/tail.onnx', tailModel.bytes)
  files.set('split/split.json', `${JSON.stringify(spec)}\n`)
  const sent = cut.tensors.map((t) => `${t.name} ${t.shape.join('×')}`).join(' + ')
  return {
    cut, head, tail, prefix, files, zip: () => zipPackage(files, prefix), onnx: tailModel.bytes,
    tailInputs: tailModel.inputs, tailOutputs: tailModel.outputs,
    summary: `split after ${cut.afterName}: head ${cut.index + 1} nodes (${cut.headMacs} MACs) in C, sends ${cut.bytes} B (${sent}); ` +
      `tail ${tail.nodes.length - tensors.length} nodes (${cut.tailMacs} MACs) in ONNX; chain: node ${prefix}/split/run-split.mjs [tail.onnx]`,
  }
}
