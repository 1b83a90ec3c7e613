/**
 * Liveness lower bound of an arena: at every operator index the buffers live there must all fit at once,
 * so no plan can use less than max over t of Σ size(b) for b live at t (inclusive lifetimes).
 */
export interface Lifetime {
  size: number
  firstUse: number
  lastUse: number
}

export interface LivenessPeak {
  /** The bound in bytes (0 for no buffers). */
  bytes: number
  /** First operator index where it is reached (-1 for no buffers). */
  at: number
}

export function livenessPeak(buffers: readonly Lifetime[]): LivenessPeak {
  // Sweep over lifetime boundaries: +size at firstUse, −size after lastUse.
  const deltas = new Map<number, number>()
  for (const b of buffers) {
    deltas.set(b.firstUse, (deltas.get(b.firstUse) ?? 0) + b.size)
    deltas.set(b.lastUse + 1, (deltas.get(b.lastUse + 1) ?? 0) - b.size)
  }
  let live = 0
  let peak: LivenessPeak = { bytes: 0, at: -1 }
  for (const t of [...deltas.keys()].sort((a, b) => a - b)) {
    live += deltas.get(t)!
    if (live > peak.bytes) peak = { bytes: live, at: t }
  }
  return peak
}

export function livenessLowerBound(buffers: readonly Lifetime[]): number {
  return livenessPeak(buffers).bytes
}
