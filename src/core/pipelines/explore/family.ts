/**
 * Network families as data. A family is a parametric graph: its nodes are ordinary operators of a vendor library
 * whose attributes may be knob expressions ('=…', expr.ts), plus repeat groups — a chain of nodes instantiated
 * `count` times in series (depth). Every instance is an ordinary Graph, checked by the same analysis as a drawn one,
 * so the palette rule holds: a variant the library's kernels cannot run is reported, never silently dropped.
 *
 * Knobs are discrete: each lists its values and the reference value (the point that reproduces the family's
 * reference model, e.g. MLPerf Tiny's). Resolution, width multiplier, depth, kernel size and expansion are all just
 * knobs; `kind` says which, for the UI and the proxies.
 *
 * Repeat semantics: a group's nodes form a chain fed by one node outside it (the entry); inside the group a node may
 * also read '$entry' (a skip connection). Copy k (1-based) reads the entry for k = 1 and copy k−1's last node after;
 * consumers outside the group read the last copy's last node, or the entry itself when count is 0. Copies are named
 * `<name>_<k>` and get ids `<id>_<k>`.
 */
import type { AttrValue, Attrs, Edge, Graph, GraphNode } from '../../ir/types.ts'
import { evaluate, isExpr } from './expr.ts'

export const FAMILY_FORMAT = 'tinyforge-family'
export const FAMILY_VERSION = 1

export type KnobKind = 'resolution' | 'width' | 'depth' | 'kernel' | 'expansion' | 'other'

export interface Knob {
  name: string
  label: string
  kind: KnobKind
  values: number[]
  /** The value of the family's reference model. */
  reference: number
}

/** A family attribute: a literal, an '=…' expression, or a list of them. */
export type FamilyAttr = AttrValue | (number | string)[]

export interface FamilyNode {
  id: string
  op: string
  name: string
  attrs: Readonly<Record<string, FamilyAttr>>
  /** Producers in port order: node ids, or '$entry' inside a repeat group. */
  inputs: string[]
}

export interface RepeatGroup {
  /** Node ids of the chain, in order. */
  nodes: string[]
  /** Number of copies (a knob expression or a literal ≥ 0). */
  count: number | string
}

export interface Family {
  format: typeof FAMILY_FORMAT
  version: number
  id: string
  name: string
  description: string
  /** The vendor library its instances are drawn from. */
  library: string
  /** What the reference point reproduces, e.g. "MLPerf Tiny VWW (vww_96_int8.tflite)"; absent when none. */
  reference?: string
  knobs: Knob[]
  nodes: FamilyNode[]
  repeats: RepeatGroup[]
}

/** One point of a family's space: a value per knob. */
export type KnobValues = Readonly<Record<string, number>>

export class FamilyError extends Error {}

export function referenceValues(family: Family): KnobValues {
  return Object.fromEntries(family.knobs.map((k) => [k.name, k.reference]))
}

/** Number of points of the full space (product of the knobs' value counts). */
export function spaceSize(family: Family): number {
  return family.knobs.reduce((n, k) => n * k.values.length, 1)
}

function attrValue(v: FamilyAttr, values: KnobValues, where: string): AttrValue {
  try {
    if (Array.isArray(v)) return v.map((x) => (isExpr(x) ? evaluate(x, values) : Number(x)))
    return isExpr(v) ? evaluate(v, values) : v
  } catch (err) {
    throw new FamilyError(`${where}: ${err instanceof Error ? err.message : String(err)}`)
  }
}

/** A repeat count for these knob values: a whole number ≥ 0. */
function countOf(group: RepeatGroup, values: KnobValues): number {
  const n = typeof group.count === 'number' ? group.count : attrValue(group.count, values, `repeat of ${group.nodes.join(', ')}`)
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) {
    throw new FamilyError(`repeat of ${group.nodes.join(', ')}: count ${String(n)} is not a whole number ≥ 0`)
  }
  return n
}

/**
 * The graph of one variant: nodes in family order with repeat groups expanded, attrs evaluated, edges in port
 * order, positions left at 0 (callers lay out when they show it), seed 1. Throws FamilyError with a sentence.
 */
export function instantiate(family: Family, values: KnobValues): Graph {
  for (const k of family.knobs) if (values[k.name] === undefined) throw new FamilyError(`no value for knob '${k.name}'`)
  const groupOf = new Map<string, number>()
  family.repeats.forEach((g, gi) => g.nodes.forEach((id) => groupOf.set(id, gi)))
  const counts = family.repeats.map((g) => countOf(g, values))
  /** Id a reference to `id` resolves to from outside its group (the group's last copy, or what feeds it). */
  const exitOf = new Map<string, string>()
  const entryOf = new Map<number, string>()
  const nodes: GraphNode[] = []
  const edges: Edge[] = []
  const resolveOutside = (ref: string): string => exitOf.get(ref) ?? ref
  const emitted = new Set<number>()
  for (const fn of family.nodes) {
    const gi = groupOf.get(fn.id)
    if (gi === undefined) {
      const id = fn.id
      nodes.push(makeNode(fn, id, fn.name, values))
      fn.inputs.forEach((ref, port) => edges.push(edge(resolveOutside(ref), id, port)))
      continue
    }
    if (emitted.has(gi)) continue
    emitted.add(gi)
    const group = family.repeats[gi]
    const members = group.nodes.map((id) => family.nodes.find((n) => n.id === id)!)
    const first = members[0]
    const outside = first.inputs.find((r) => r !== '$entry' && !group.nodes.includes(r))
    if (outside === undefined) throw new FamilyError(`repeat of ${group.nodes.join(', ')}: its first node has no input from outside`)
    const entry = resolveOutside(outside)
    entryOf.set(gi, entry)
    let previousExit = entry
    for (let k = 1; k <= counts[gi]; k++) {
      const local = new Map<string, string>()
      for (const m of members) {
        const id = `${m.id}_${k}`
        local.set(m.id, id)
        nodes.push(makeNode(m, id, `${m.name}_${k}`, values))
        m.inputs.forEach((ref, port) => {
          const src = ref === '$entry' || ref === outside ? previousExit : local.get(ref) ?? resolveOutside(ref)
          edges.push(edge(src, id, port))
        })
      }
      previousExit = local.get(members[members.length - 1].id)!
    }
    for (const m of members) exitOf.set(m.id, previousExit)
  }
  return { nodes, edges, seed: 1 }
}

function makeNode(fn: FamilyNode, id: string, name: string, values: KnobValues): GraphNode {
  const attrs: Record<string, AttrValue> = {}
  for (const [k, v] of Object.entries(fn.attrs)) attrs[k] = attrValue(v, values, `${fn.name} ${k}`)
  return { id, op: fn.op, name, attrs: attrs as Attrs, position: { x: 0, y: 0 } }
}

function edge(source: string, target: string, targetPort: number): Edge {
  return { id: `${source}->${target}:${targetPort}`, source, target, targetPort }
}

/** Short text of a point, e.g. "res 96 · width 0.25 · d4 5". */
export function describeValues(family: Family, values: KnobValues): string {
  return family.knobs.map((k) => `${k.name} ${values[k.name]}`).join(' · ')
}
