/**
 * ONNX export (IR 8, opset 17; a QDQ model with int16 tensors IR 10, opset 21): the float model, or the quantized
 * model in QDQ form.
 *
 * Interface of the exported model (both forms):
 * - one float32 graph input per Input node, named after it, holding the RAW values in the IR's layout — NHWC
 *   [1, H, W, C] or [1, N] — exactly what the IDE, `tinyforge validate` and the float engine take; the graph applies
 *   the Input's preprocessing (Sub mean, Mul scale) itself;
 * - one float32 graph output per output node (nothing consumes it), named after it, in the IR's layout (NHWC or flat);
 * - stateful layers (SVDF, a stateful LSTM): their state before the run as extra float32 inputs and after it as extra
 *   outputs (`states`): zeros give the run after a reset, the previous run's outputs continue a stream.
 * Inside, rank-4 activations are NCHW (ONNX's conv layout) with Transposes at the boundaries; weights are permuted
 * to match (export-layout.ts). The QDQ form quantizes every IR tensor with the int8 engine's scale and zero point (int16
 * Q/DQ for the tensors of 16x8 layers), so
 * onnxruntime's int8 execution follows the int8 engine (agreement figures: export-agreement.test.ts and
 * docs/onnx-export.md); its outputs are DequantizeLinear of the int8 outputs — requantizing them with the output's
 * quantization (`outputs[i].quant`) gives the int8 codes back exactly.
 *
 * Deterministic: the same graph and options give the same bytes. Errors are OnnxExportError with one sentence.
 */
import { analyzeGraph } from '../../analysis/analyze-graph.ts'
import { resolveNodeWeights } from '../../analysis/node-weights.ts'
import type { PreparedGraph } from '../../plan/prepare-graph.ts'
import { prepareGraph } from '../../plan/prepare-graph.ts'
import type { Graph, QuantParams, Shape } from '../../ir/types.ts'
import type { QuantScheme } from '../../quant/scheme.ts'
import { getOp } from '../../ops/registry.ts'
import { QuantError } from '../../quant/kernel-params.ts'
import type { ValueSpec } from './export-builder.ts'
import { OnnxGraphBuilder } from './export-builder.ts'
import type { StateIo, StoredTensor } from './export-context.ts'
import { ExportSession, LowerContext } from './export-context.ts'
import { TO_NCHW, TO_NHWC, onnxDims } from './export-layout.ts'
import { OnnxExportError } from './export-error.ts'
import { LOWERINGS } from './export-ops.ts'
import { graphOutputs } from '../../analysis/execution-order.ts'

export const PRODUCER_VERSION = '0.1.0'

export { OnnxExportError } from './export-error.ts'

export interface OnnxExportOptions {
  /** true: QDQ model from the graph's int8 quantization; false: float model. */
  quantized: boolean
  /** Graph name stored in the model (default 'tinyforge'). */
  name?: string
  /** Scheme whose int8 kernels the QDQ model follows (clamps, pow2 bias shifts); default 's8'. */
  scheme?: QuantScheme
  /** Also make every node's stored tensor a graph output (per-layer comparison); see `nodeTensors`. */
  exposeNodeOutputs?: boolean
  /**
   * QDQ only: each Input's graph input is its int8 tensor itself (dtype int8, NHWC, the Input's quantization), not raw
   * float values; the Input's preprocessing is skipped. Used for the tail of a split model, which reads the cut tensor.
   */
  int8Inputs?: boolean
}

/** A graph input or output of the exported model. */
export interface OnnxIo {
  nodeId: string
  /** ONNX value name. */
  name: string
  /** Dims, equal to the IR shape (NHWC or flat). */
  dims: number[]
  /** QDQ model: the tensor's int8 quantization (the Input's output quantization for inputs). */
  quant?: QuantParams
}

/** Where a node's output lives inside the exported model. */
export interface OnnxNodeTensor {
  nodeId: string
  name: string
  /** ONNX dims: NCHW for rank-4 tensors ('nchw'), the IR shape otherwise ('plain'). */
  dims: number[]
  layout: 'nchw' | 'plain'
  dtype: 'float32' | 'int8' | 'int16'
}

export interface OnnxExport {
  bytes: Uint8Array
  inputs: OnnxIo[]
  outputs: OnnxIo[]
  nodeTensors: OnnxNodeTensor[]
  /** Stateful layers' state as extra float32 graph inputs/outputs (feed zeros for a run from the reset state). */
  states: StateIo[]
}

/** ONNX names: letters, digits and _ . - / : kept; anything else becomes '_'. */
export function onnxName(text: string, fallback: string): string {
  const clean = text.replace(/[^A-Za-z0-9_.\-/:]/g, '_')
  return clean.length > 0 ? clean : fallback
}

export function exportOnnx(graph: Graph, options: OnnxExportOptions): Uint8Array {
  return exportOnnxModel(graph, options).bytes
}

export function exportOnnxModel(graph: Graph, options: OnnxExportOptions): OnnxExport {
  const analysis = analyzeGraph(graph)
  const firstError = analysis.diagnostics.find((d) => d.severity === 'error')
  if (firstError) {
    const node = graph.nodes.find((n) => n.id === firstError.nodeId)
    throw new OnnxExportError(`the graph cannot be exported until its errors are fixed: ${node ? `${node.name}: ` : ''}${firstError.message}`)
  }
  if (graph.nodes.length === 0) throw new OnnxExportError('the graph is empty')
  if (options.int8Inputs && !options.quantized) throw new OnnxExportError('int8 inputs need the QDQ (quantized) export')
  const scheme = options.scheme ?? 's8'
  let prepared: PreparedGraph | undefined
  if (options.quantized) {
    const missing = graph.nodes.find((n) => !n.quant)
    if (missing) throw new OnnxExportError(`the graph is not quantized (${missing.name} has no int8 quantization); quantize it first or export the float model`)
    try {
      prepared = prepareGraph(graph, scheme, analysis)
    } catch (err) {
      if (err instanceof QuantError) throw new OnnxExportError(`the QDQ model cannot be built: ${err.message}`)
      throw err
    }
  }

  const nodeById = new Map(graph.nodes.map((n) => [n.id, n]))
  const sources = new Map<string, string[]>()
  for (const e of [...graph.edges].sort((a, b) => a.targetPort - b.targetPort)) {
    sources.set(e.target, [...(sources.get(e.target) ?? []), e.source])
  }
  const outputIds = graphOutputs(graph, analysis.order)
  const inputIds = analysis.order.filter((id) => nodeById.get(id)!.op === 'Input')

  const g = new OnnxGraphBuilder()
  const ioName = new Map<string, string>()
  for (const id of [...inputIds, ...outputIds]) {
    if (ioName.has(id)) continue
    ioName.set(id, g.fresh(onnxName(nodeById.get(id)!.name, nodeById.get(id)!.op.toLowerCase())))
  }
  const session = new ExportSession(options.quantized ? 'qdq' : 'float', g)
  const stored = new Map<string, StoredTensor>()
  const shapeOf = (id: string): Shape => analysis.nodes.get(id)!.output!.shape

  for (const id of analysis.order) {
    const node = nodeById.get(id)!
    const info = analysis.nodes.get(id)!
    const lower = LOWERINGS[node.op]
    if (!lower) throw new OnnxExportError(`${node.name}: the ${node.op} operator has no ONNX export`)
    const base = onnxName(node.name, node.op.toLowerCase())
    const inputs: StoredTensor[] = node.op === 'Input'
      ? [{ name: ioName.get(id)!, shape: shapeOf(id), layout: 'plain', dtype: 'float32', base }]
      : (sources.get(id) ?? []).map((src) => stored.get(src)!)
    const { weights } = resolveNodeWeights(getOp(node.op)!, node, info.attrs, info.inputs, graph.seed)
    const opData = prepared?.nodes.get(id)?.opData
    g.scope = base
    const context = new LowerContext(session, info.attrs, inputs, info.output!, weights, opData, base, id)
    stored.set(id, options.int8Inputs && node.op === 'Input' ? int8Input(context) : lower(context))
  }

  // Graph outputs: back to the IR layout, then (QDQ) dequantized, under the reserved names.
  g.scope = 'output'
  const inputNames = new Set(inputIds.map((id) => ioName.get(id)!))
  for (const id of outputIds) {
    const name = ioName.get(id)!
    const t = stored.get(id)!
    const float = t.dtype === 'float32'
    let x = t.name
    if (t.layout === 'nchw') x = g.node('Transpose', [x], `${t.base}_nhwc`, { perm: TO_NHWC }, float ? name : undefined)
    if (!float) g.node('DequantizeLinear', [x, t.qparams!.scale, t.qparams!.zeroPoint], name, {}, name)
    else if (t.layout === 'nchw') continue
    else if (inputNames.has(x)) g.node('Identity', [x], name, {}, name)
    else {
      g.renameOutput(x, name)
      stored.set(id, { ...t, name })
    }
  }

  const nodeTensors: OnnxNodeTensor[] = analysis.order.map((id) => {
    const t = stored.get(id)!
    return { nodeId: id, name: t.name, dims: onnxDims(t.shape, t.layout), layout: t.layout, dtype: t.dtype }
  })
  const quantOf = (id: string): QuantParams | undefined => {
    const q = nodeById.get(id)!.quant?.output
    return options.quantized && q ? { scale: [...q.scale], zeroPoint: [...q.zeroPoint] } : undefined
  }
  const io = (id: string): OnnxIo => ({ nodeId: id, name: ioName.get(id)!, dims: [...shapeOf(id)], ...(quantOf(id) ? { quant: quantOf(id) } : {}) })
  const inputs = inputIds.map(io)
  const outputs = outputIds.map(io)
  const outputSpecs: ValueSpec[] = outputs.map((o) => ({ name: o.name, dtype: 'float32', dims: o.dims }))
  if (options.exposeNodeOutputs) {
    const taken = new Set([...outputs.map((o) => o.name), ...inputNames])
    for (const t of nodeTensors) if (!taken.has(t.name)) outputSpecs.push({ name: t.name, dtype: t.dtype, dims: t.dims })
  }
  const form = options.quantized ? `QDQ (${scheme} int8)` : 'float'
  const bytes = g.encode({
    graphName: onnxName(options.name ?? 'tinyforge', 'tinyforge'),
    producerVersion: PRODUCER_VERSION,
    docString: `TinyForge ${form} export. Inputs: raw values of each Input node in NHWC (or flat) layout; the graph applies ` +
      'the Input preprocessing (subtract mean, multiply by scale). Outputs: float32 in NHWC (or flat) layout. ' +
      'Inside, rank-4 tensors are NCHW.',
    metadata: { 'tinyforge.form': options.quantized ? 'qdq' : 'float', ...(options.quantized ? { 'tinyforge.scheme': scheme } : {}),
      'tinyforge.io_layout': 'NHWC', ...(options.int8Inputs ? { 'tinyforge.inputs': 'int8' } : {}) },
    inputs: [...inputs.map((i): ValueSpec => ({ name: i.name, dtype: options.int8Inputs ? 'int8' : 'float32', dims: i.dims })),
      ...session.states.map((st): ValueSpec => ({ name: st.input, dtype: 'float32', dims: st.dims }))],
    outputs: [...outputSpecs, ...session.states.map((st): ValueSpec => ({ name: st.output, dtype: 'float32', dims: st.dims }))],
    int16: session.int16,
  })
  return { bytes, inputs, outputs, nodeTensors, states: session.states }
}

/** An Input read as its int8 tensor (int8Inputs): the graph input itself, moved to NCHW for rank 4. */
function int8Input(c: LowerContext): StoredTensor {
  const q = c.output.quant!
  const scaleValue = Math.fround(q.scale[0])
  const zeroPointValue = q.zeroPoint[0] ?? 0
  const scale = c.g.constant(`${c.base}_scale`, 'float32', [], [scaleValue])
  const zeroPoint = c.g.constant(`${c.base}_zp`, 'int8', [], [zeroPointValue])
  const shape = c.output.shape
  const stored: StoredTensor = { name: c.inputs[0].name, shape, layout: 'plain', dtype: 'int8', base: c.base,
    qparams: { scale, zeroPoint, scaleValue, zeroPointValue } }
  return shape.length === 4 ? c.move(stored, 'Transpose', [], { perm: TO_NCHW }, shape, 'nchw') : stored
}
