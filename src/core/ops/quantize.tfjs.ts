/**
 * Quantize training twin: the identity in real terms (the QAT forward fake-quantizes its output on its own grid, int16
 * symmetric when the node is int16, else int8 — the requantization the integer forward does).
 */
import type { TfjsTwin } from './tfjs-twin.ts'

export const quantizeTwin: TfjsTwin<object> = { forward: ({ inputs }) => inputs[0] }
