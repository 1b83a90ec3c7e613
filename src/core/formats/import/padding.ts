/**
 * Explicit window padding versus TFLite's padding modes, shared by the importers: 'same' pads
 * ⌈in/stride⌉ outputs with the odd border cell after (bottom/right), 'valid' pads nothing.
 */

/** TFLite 'same' padding [before, after] along one axis (the odd cell goes after). */
export function samePads(input: number, kernel: number, stride: number, dilation: number): [number, number] {
  const effective = (kernel - 1) * dilation + 1
  const out = Math.ceil(input / stride)
  const total = Math.max(0, (out - 1) * stride + effective - input)
  return [Math.floor(total / 2), total - Math.floor(total / 2)]
}

export interface Pads { top: number; left: number; bottom: number; right: number }

export const NO_PADS: Pads = { top: 0, left: 0, bottom: 0, right: 0 }

export function padsEqual(a: Pads, b: Pads): boolean {
  return a.top === b.top && a.left === b.left && a.bottom === b.bottom && a.right === b.right
}

export function addPads(a: Pads, b: Pads): Pads {
  return { top: a.top + b.top, left: a.left + b.left, bottom: a.bottom + b.bottom, right: a.right + b.right }
}

export function isZeroPads(p: Pads): boolean {
  return p.top === 0 && p.left === 0 && p.bottom === 0 && p.right === 0
}

/** The explicit pads that TFLite 'same' padding applies to an H×W input. */
export function samePadsFor(hw: readonly [number, number], kernel: readonly [number, number],
  stride: readonly [number, number], dilation: readonly [number, number]): Pads {
  const [top, bottom] = samePads(hw[0], kernel[0], stride[0], dilation[0])
  const [left, right] = samePads(hw[1], kernel[1], stride[1], dilation[1])
  return { top, left, bottom, right }
}

/**
 * How explicit pads map onto TFLite padding: none → 'valid'; exactly TFLite's 'same' pads → 'same';
 * anything else (or unknown input size) → 'explicit' (a Pad node before a 'valid' window).
 */
export function classifyPads(pads: Pads, hw: readonly [number, number] | undefined, kernel: readonly [number, number],
  stride: readonly [number, number], dilation: readonly [number, number]): 'valid' | 'same' | 'explicit' {
  if (isZeroPads(pads)) return 'valid'
  if (hw && padsEqual(pads, samePadsFor(hw, kernel, stride, dilation))) return 'same'
  return 'explicit'
}

/** Output length of a window op over an explicitly padded axis (floor, or ceil when ceilMode). */
export function windowOut(input: number, padTotal: number, kernel: number, stride: number, dilation: number, ceilMode = false): number {
  const effective = (kernel - 1) * dilation + 1
  const span = input + padTotal - effective
  return (ceilMode ? Math.ceil(span / stride) : Math.floor(span / stride)) + 1
}
