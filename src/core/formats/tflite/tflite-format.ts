/**
 * The TFLite model format: `match` checks the flatbuffer file identifier "TFL3" at bytes 4–7; `open`
 * decodes the main subgraph (tflite-reader.ts) and maps it onto the IR (tflite-mapper.ts,
 * tflite-map-ops.ts, tflite-map-second.ts). Graph inputs become Input nodes with identity preprocessing (mean 0, scale 1).
 */
import type { ModelFormat, OpenedModel } from '../import/import-types.ts'
import { TensorType } from './generated/tflite_generated.ts'
import { TFLITE_HANDLERS } from './tflite-map-ops.ts'
import { TFLITE_SECOND_SET_HANDLERS } from './tflite-map-second.ts'
import { TfliteMapper } from './tflite-mapper.ts'
import { readTflite, tensorTypeName } from './tflite-reader.ts'

/** Why common unmapped operators cannot run, and what to do instead. */
const HANDLERS = { ...TFLITE_HANDLERS, ...TFLITE_SECOND_SET_HANDLERS }

const UNSUPPORTED: Record<string, [string, string?]> = {
  HARD_SWISH: ['no hard-swish kernel in the operator set', 'use RELU6 and retrain'],
  LEAKY_RELU: ['no leaky-ReLU kernel in the operator set', 'use RELU and retrain'],
  PRELU: ['no PReLU kernel in the operator set', 'use RELU and retrain'],
  SUB: ['no element-wise subtraction kernel in the operator set', 'fold constant offsets into the preceding layer before conversion'],
  RESIZE_BILINEAR: ['no resize kernel in the operator set', 'resize the input before it reaches the model'],
  RESIZE_NEAREST_NEIGHBOR: ['no resize kernel in the operator set', 'resize the input before it reaches the model'],
  LSTM: ['no recurrent kernels in the operator set', 'replace the recurrence by convolutions over time (CONV_2D with a k×1 kernel)'],
  L2_NORMALIZATION: ['no L2-normalization kernel in the operator set'],
}

function matchTflite(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && bytes[4] === 0x54 && bytes[5] === 0x46 && bytes[6] === 0x4c && bytes[7] === 0x33
}

function openTflite(bytes: Uint8Array, fileName: string): OpenedModel {
  const model = readTflite(bytes)
  const m = new TfliteMapper(model)
  m.addInputs()
  if (model.subgraphs > 1) {
    m.b.note('warning', `the model has ${model.subgraphs} subgraphs; only the main one (subgraph 0) was imported`)
  }
  for (const o of m.executionOrder()) {
    const before = m.b.entries.length
    const handler = Object.hasOwn(HANDLERS, o.opName) ? HANDLERS[o.opName] : undefined
    if (!(o.outputs[0] >= 0) || !(o.inputs[0] >= 0)) m.unsupported(o, 'an operator without a first input or output')
    else if (handler) handler(m, o)
    else {
      const [reason, suggestion] = Object.hasOwn(UNSUPPORTED, o.opName) ? UNSUPPORTED[o.opName] : [`no ${o.opName} kernel in the operator set`]
      m.unsupported(o, reason, suggestion)
    }
    if (m.b.entries.length !== before + 1) throw new Error(`tflite import: ${o.opName} recorded ${m.b.entries.length - before} report entries`)
  }
  if (!m.integerModel) {
    const quantized = model.tensors.filter((t) => t.data && t.quant && t.type !== TensorType.FLOAT32 && m.consumers.has(t.index))
    if (quantized.length > 0) {
      m.b.note('info', `${quantized.length} ${tensorTypeName(quantized[0].type)} weight tensors of this float model (dynamic-range quantization) were dequantized to float32`)
    }
  }
  return {
    name: fileName.replace(/^.*[\\/]/, '').replace(/\.tflite$/i, ''),
    graph: m.b.build(),
    source: { producer: `TFLite converter${model.description ? `: ${model.description}` : ''}`, version: model.version },
    entries: m.b.entries,
    diagnostics: m.b.notes,
  }
}

export const tfliteFormat: ModelFormat = {
  id: 'tflite',
  name: 'TFLite',
  extensions: ['.tflite'],
  match: matchTflite,
  open: openTflite,
}
