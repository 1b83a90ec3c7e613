/**
 * Operators without training twins yet (no `<op>.tfjs.ts`, no `<op>.torch.py`), with why — the one list both trainers
 * (browser: pipelines/train; PyTorch export: formats/pytorch) refuse by, and the twin tests exempt by name.
 * Sigmoid, Tanh, Quantize: they exist for int16 activations (TFLite's 16x8 scheme), and the twins fake-quantize on the
 * int8 grid only; a node marked int16 is likewise trained as int8 (docs/int16.md).
 */
import type { OpType } from './registry.ts'

export const TWIN_GAPS: { readonly [T in OpType]?: string } = {
  Sigmoid: 'it runs on int16 activations (16x8 scheme), which the training twins\' int8 fake quantization does not model yet',
  Tanh: 'it runs on int16 activations (16x8 scheme), which the training twins\' int8 fake quantization does not model yet',
  Quantize: 'it converts between int8 and int16 activations (16x8 scheme), which the training twins do not model yet',
}

/** The one-line refusal for a node of an op without twins, or undefined when its op has them. */
export function twinGap(node: { name: string; op: string }): string | undefined {
  const reason = (TWIN_GAPS as Record<string, string | undefined>)[node.op]
  return reason && `${node.name} (${node.op}) cannot be trained yet: ${reason}`
}
