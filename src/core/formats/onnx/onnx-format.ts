/**
 * The ONNX model format: `match` sniffs the first protobuf fields of a ModelProto; `open` decodes,
 * checks and maps the main graph onto the IR (see onnx-mapper.ts). Graph inputs become Input nodes with
 * identity preprocessing (mean 0, scale 1), since ONNX models take real values.
 */
import { ImportError } from '../import/import-error.ts'
import type { ModelFormat, OpenedModel } from '../import/import-types.ts'
import { foldConstantNode } from './onnx-const-fold.ts'
import type { OnnxGraph } from './onnx-graph.ts'
import { prepareOnnxGraph } from './onnx-graph.ts'
import { CONV_HANDLERS } from './onnx-map-conv.ts'
import { DENSE_HANDLERS } from './onnx-map-dense.ts'
import { SECOND_SET_HANDLERS, VIEW_AWARE } from './onnx-map-second.ts'
import { SHAPE_HANDLERS } from './onnx-map-shape.ts'
import type { OpHandler } from './onnx-mapper.ts'
import { OnnxMapper } from './onnx-mapper.ts'
import { ONNX_DTYPE, ONNX_DTYPE_NAME, decodeOnnxModel } from './onnx-proto.ts'

const HANDLERS: Record<string, OpHandler> = { ...CONV_HANDLERS, ...DENSE_HANDLERS, ...SHAPE_HANDLERS, ...SECOND_SET_HANDLERS }

/** Ops whose constant operand may come first; every other handler needs computed data at input 0. */
const EITHER_SIDE_CONSTANT = new Set(['Add', 'Sub', 'Mul', 'Div', 'Concat'])

/** Why common unmapped ops cannot run, and what to do instead. */
const UNSUPPORTED: Record<string, [string, string?]> = {
  HardSigmoid: ['no hard-sigmoid kernel in the operator set', 'use ReLU6 and retrain'],
  HardSwish: ['no hard-swish kernel in the operator set', 'use ReLU6 and retrain'],
  LeakyRelu: ['no leaky-ReLU kernel in the operator set', 'use ReLU and retrain'],
  PRelu: ['no PReLU kernel in the operator set', 'use ReLU and retrain'],
  Elu: ['no ELU kernel in the operator set', 'use ReLU and retrain'],
  GRU: ['no recurrent kernels in the operator set', 'replace the recurrence by 1-D convolutions over time (Conv2D with a k×1 kernel)'],
  RNN: ['no recurrent kernels in the operator set', 'replace the recurrence by 1-D convolutions over time (Conv2D with a k×1 kernel)'],
  Resize: ['no resize kernel in the operator set', 'resize the input before it reaches the model'],
  Upsample: ['no resize kernel in the operator set', 'resize the input before it reaches the model'],
  QuantizeLinear: ['pre-quantized ONNX graphs are not imported', 'import the float model and quantize it in TinyForge'],
  DequantizeLinear: ['pre-quantized ONNX graphs are not imported', 'import the float model and quantize it in TinyForge'],
  QLinearConv: ['pre-quantized ONNX graphs are not imported', 'import the float model and quantize it in TinyForge'],
  QLinearMatMul: ['pre-quantized ONNX graphs are not imported', 'import the float model and quantize it in TinyForge'],
  LogSoftmax: ['no log-softmax kernel in the operator set', 'use Softmax and take the logarithm on the host'],
  LRN: ['no local-response-normalization kernel in the operator set', 'remove it and retrain with BatchNormalization'],
  InstanceNormalization: ['no instance-normalization kernel in the operator set'],
}

/** ModelProto field tags that can start a file: ir_version, producer_name/version, domain, graph, opset_import. */
const FIRST_TAGS = new Set([0x08, 0x12, 0x1a, 0x22, 0x28, 0x32, 0x3a, 0x42])

function matchOnnx(bytes: Uint8Array, fileName: string): boolean {
  if (bytes.length < 2) return false
  // Typical exporters write ir_version (field 1, varint 1..15) first, then another ModelProto field.
  if (bytes[0] === 0x08 && bytes[1] >= 1 && bytes[1] <= 15 && bytes.length > 2 && FIRST_TAGS.has(bytes[2])) return true
  return fileName.toLowerCase().endsWith('.onnx') && FIRST_TAGS.has(bytes[0])
}

function addInputs(m: OnnxMapper, g: OnnxGraph): void {
  for (const input of g.dataInputs) {
    const dims = input.dims.map((d, i) => (typeof d === 'number' ? d : i === 0 ? 1 : NaN))
    const symbolic = input.dims.find((d, i) => i > 0 && typeof d !== 'number')
    if (symbolic !== undefined) {
      throw new ImportError('unsupported-file', `input '${input.name}' has a symbolic dimension '${symbolic}'; TinyForge needs fixed input sizes`)
    }
    const shape = dims.length === 1 ? [1, dims[0]] : dims
    if (shape.length < 2 || shape.length > 4) {
      throw new ImportError('unsupported-file',
        `input '${input.name}' has shape [${input.dims.join(', ')}]; TinyForge inputs are 1×C×H×W images, 1×T×F sequences or 1×N vectors`)
    }
    if (shape[0] !== 1) m.b.note('warning', `input '${input.name}' has batch ${shape[0]}; it is imported with batch 1`)
    shape[0] = 1
    const irShape = shape.length === 4 ? [shape[2], shape[3], shape[1]] : shape.slice(1)
    const node = m.b.addNode('Input', input.name, { shape: irShape, mean: [0], scale: 1 }, [], { op: 'input', name: input.name })
    if (input.elemType !== ONNX_DTYPE.FLOAT) {
      m.b.note('warning', `input '${input.name}' is ${ONNX_DTYPE_NAME[input.elemType] ?? 'of unknown type'} in the model; it is imported as float`, node.id)
    }
    m.vals.set(input.name, { node: node.id, shape })
  }
  if (g.dataInputs.length === 0) throw new ImportError('no-graph', 'the ONNX graph has no data input (every input is an initializer)')
}

function mapNodes(m: OnnxMapper, g: OnnxGraph): void {
  for (const n of g.nodes) {
    const before = m.b.entries.length
    const op = n.op_type ?? ''
    if (n.domain && n.domain !== 'ai.onnx') {
      m.unsupported(n, `an operator of the custom domain '${n.domain}'`)
    } else if (!foldConstantNode(m, n)) {
      const handler = Object.hasOwn(HANDLERS, op) ? HANDLERS[op] : undefined
      const unmapped = m.dataInputs(n).find((name) => !m.vals.has(name))
      const view = VIEW_AWARE.has(op) ? undefined : m.dataInputs(n).find((name) => m.vals.get(name)?.irShape)
      if (unmapped !== undefined) m.unsupported(n, `its input '${unmapped}' is an output that TinyForge does not map`)
      else if (view !== undefined) {
        m.unsupported(n, `its input '${view}' is a view [${m.val(view).shape?.join(', ')}] of a batch-1 tensor`, 'reshape it back to batch 1 first')
      }
      else if (handler && !EITHER_SIDE_CONSTANT.has(op) && m.constOf((n.input ?? [])[0])) {
        m.unsupported(n, `its data input '${(n.input ?? [])[0]}' is a constant`, 'fold the constant computation before export')
      } else if (handler) handler(m, n)
      else {
        const [reason, suggestion] = Object.hasOwn(UNSUPPORTED, op) ? UNSUPPORTED[op] : [`no ${op} kernel in the operator set`]
        m.unsupported(n, reason, suggestion)
      }
    }
    if (m.b.entries.length !== before + 1) throw new Error(`onnx import: ${op} recorded ${m.b.entries.length - before} report entries`)
  }
  for (const out of g.outputs) {
    const v = m.vals.get(out)
    if (v?.chw) {
      m.b.note('warning', `output '${out}' holds its values in HWC order, while the ONNX model flattens them in CHW order`, v.node)
    }
  }
}

function openOnnx(bytes: Uint8Array, fileName: string): OpenedModel {
  const model = decodeOnnxModel(bytes)
  const g = prepareOnnxGraph(model)
  const m = new OnnxMapper(g)
  addInputs(m, g)
  mapNodes(m, g)
  const producer = [model.producer_name, model.producer_version].filter(Boolean).join(' ')
  return {
    name: fileName.replace(/^.*[\\/]/, '').replace(/\.onnx$/i, ''),
    graph: m.b.build(),
    source: { ...(producer ? { producer } : {}), opset: g.opset, ...(model.ir_version ? { version: model.ir_version } : {}) },
    entries: m.b.entries,
    diagnostics: m.b.notes,
  }
}

export const onnxFormat: ModelFormat = {
  id: 'onnx',
  name: 'ONNX',
  extensions: ['.onnx'],
  match: matchOnnx,
  open: openOnnx,
}
