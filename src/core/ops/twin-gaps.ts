/**
 * Operators without training twins yet (no `<op>.tfjs.ts`, no `<op>.torch.py`), with why — the one list both trainers
 * (browser: pipelines/train; PyTorch export: formats/pytorch) refuse by, and the twin tests exempt by name.
 * Empty today: every operator of both libraries has its twins (SVDF and LSTM with their inner ranges, Sigmoid/Tanh/
 * Quantize and int16 layers on the int16 grid). An op added without twins goes here with its reason.
 */
import type { OpType } from './registry.ts'

export const TWIN_GAPS: { readonly [T in OpType]?: string } = {}

/** The one-line refusal for a node of an op without twins, or undefined when its op has them. */
export function twinGap(node: { name: string; op: string }): string | undefined {
  const reason = (TWIN_GAPS as Record<string, string | undefined>)[node.op]
  return reason && `${node.name} (${node.op}) cannot be trained yet: ${reason}`
}
