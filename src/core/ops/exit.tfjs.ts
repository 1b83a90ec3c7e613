/** Exit training twin: the logits pass through (the trainer adds this exit's weighted cross-entropy on them). */
import type { TfjsTwin } from './tfjs-twin.ts'

export const exitTwin: TfjsTwin<{ rule: string; threshold: number; lossWeight: number }> = {
  forward: ({ inputs }) => inputs[0],
}
