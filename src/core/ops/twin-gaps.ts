/**
 * Operators without training twins yet (no `<op>.tfjs.ts`, no `<op>.torch.py`), with why — the one list both trainers
 * (browser: pipelines/train; PyTorch export: formats/pytorch) refuse by, and the twin tests exempt by name.
 * SVDF and LSTM: their int8 models quantize constants by their own rule from ranges INSIDE the op (SVDF's int16
 * memory, the LSTM's int16 cell state and Q3.12 gates: `quantizeConstants` with calibration's `observe`), which the
 * trainers' learned ranges (one per node output) and fake quantization do not model; and a streaming SVDF (or a
 * stateful LSTM) learns from frame sequences with the state carried over, which per-sample training does not do.
 */
import type { OpType } from './registry.ts'

export const TWIN_GAPS: { readonly [T in OpType]?: string } = {
  SVDF: 'its int16 memory is quantized from ranges inside the layer and carried from frame to frame, which the training twins do not model yet',
  LSTM: 'its int16 cell state and gates are quantized from ranges inside the layer, which the training twins do not model yet',
}

/** The one-line refusal for a node of an op without twins, or undefined when its op has them. */
export function twinGap(node: { name: string; op: string }): string | undefined {
  const reason = (TWIN_GAPS as Record<string, string | undefined>)[node.op]
  return reason && `${node.name} (${node.op}) cannot be trained yet: ${reason}`
}
