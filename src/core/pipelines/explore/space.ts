/**
 * Points of a family's space. Small spaces are enumerated in full (knob order, last knob fastest). Large ones are
 * sampled: `count` distinct points drawn uniformly with a seeded generator (mulberry32), the reference point always
 * included; the explorer may then refine around its fronts (explore.ts `evolve`).
 */
import { mulberry32 } from '../../ir/seeded-init.ts'
import type { Family, KnobValues } from './family.ts'
import { referenceValues, spaceSize } from './family.ts'

export function pointKey(family: Family, values: KnobValues): string {
  return family.knobs.map((k) => values[k.name]).join(',')
}

export function enumerate(family: Family): KnobValues[] {
  const out: KnobValues[] = []
  const cur: Record<string, number> = {}
  const rec = (i: number) => {
    if (i === family.knobs.length) { out.push({ ...cur }); return }
    for (const v of family.knobs[i].values) { cur[family.knobs[i].name] = v; rec(i + 1) }
  }
  rec(0)
  return out
}

export function sample(family: Family, count: number, seed: number): KnobValues[] {
  const total = spaceSize(family)
  if (total <= count) return enumerate(family)
  const random = mulberry32(seed)
  const seen = new Set<string>()
  const out: KnobValues[] = []
  const push = (v: KnobValues) => {
    const key = pointKey(family, v)
    if (seen.has(key)) return
    seen.add(key)
    out.push(v)
  }
  push(referenceValues(family))
  while (out.length < count) {
    push(Object.fromEntries(family.knobs.map((k) => [k.name, k.values[Math.floor(random() * k.values.length)]])))
  }
  return out
}

/** Neighbours of a point: one knob moved one value up or down. */
export function neighbours(family: Family, values: KnobValues): KnobValues[] {
  const out: KnobValues[] = []
  for (const k of family.knobs) {
    const i = k.values.indexOf(values[k.name])
    for (const j of [i - 1, i + 1]) if (j >= 0 && j < k.values.length) out.push({ ...values, [k.name]: k.values[j] })
  }
  return out
}
