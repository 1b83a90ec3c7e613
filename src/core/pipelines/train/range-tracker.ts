/**
 * Moving min/max of every quantization group during training (the twin of fake_quant.py's RangeObservers): each
 * node output seen in training mode updates its group, in execution order — the first update sets the range, later
 * ones move it by `averaging` (0.01) towards the batch's extremes. Float64 numbers; the state is plain data so a
 * checkpoint can carry it.
 */

export interface RangeState {
  /** Group representative → [min, max]. */
  ranges: Record<string, [number, number]>
}

export class RangeTracker {
  readonly ranges = new Map<string, [number, number]>()

  constructor(readonly groups: readonly string[], readonly averaging = 0.01, state?: RangeState) {
    if (state) for (const [g, r] of Object.entries(state.ranges)) this.ranges.set(g, [r[0], r[1]])
  }

  update(group: string, lo: number, hi: number): void {
    const r = this.ranges.get(group)
    if (!r) {
      this.ranges.set(group, [lo, hi])
      return
    }
    const c = this.averaging
    this.ranges.set(group, [r[0] + c * (lo - r[0]), r[1] + c * (hi - r[1])])
  }

  /** True when every group has been seen. */
  ready(): boolean {
    return this.groups.every((g) => this.ranges.has(g))
  }

  state(): RangeState {
    return { ranges: Object.fromEntries([...this.ranges].map(([g, r]) => [g, [r[0], r[1]]])) }
  }
}
