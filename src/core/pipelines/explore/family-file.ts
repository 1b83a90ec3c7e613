/**
 * Reading a family file (`*.family.json`, format 'tinyforge-family', version 1; see family.ts for the model).
 * Every structural problem is one sentence naming the field; the family is then checked by instantiating its
 * reference point, whose graph must analyse without errors against the family's library (a family whose own
 * reference cannot run is refused, not explored).
 */
import { analyzeGraph } from '../../analysis/analyze-graph.ts'
import { isOpType } from '../../ops/registry.ts'
import { getLibrary } from '../../vendors/registry.ts'
import { ExprError, exprNames, isExpr, parseExpr } from './expr.ts'
import type { Family, FamilyNode, Knob, KnobKind, RepeatGroup } from './family.ts'
import { FAMILY_FORMAT, FAMILY_VERSION, FamilyError, instantiate, referenceValues } from './family.ts'

const KINDS: readonly KnobKind[] = ['resolution', 'width', 'depth', 'kernel', 'expansion', 'other']
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/

type Json = Record<string, unknown>
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v)
const fail = (why: string): never => { throw new FamilyError(why) }

function str(o: Json, key: string, where: string): string {
  const v = o[key]
  if (typeof v !== 'string' || v.trim() === '') fail(`${where}: '${key}' must be a non-empty string`)
  return v as string
}

function knobOf(v: unknown, i: number): Knob {
  const where = `knobs[${i}]`
  if (!isObject(v)) return fail(`${where} must be an object`)
  const name = str(v, 'name', where)
  if (!NAME.test(name)) fail(`${where}: name '${name}' must be an identifier (letters, digits, _)`)
  const kind = (v.kind ?? 'other') as KnobKind
  if (!KINDS.includes(kind)) fail(`knob '${name}': kind must be one of ${KINDS.join(', ')}`)
  const values = v.values
  if (!Array.isArray(values) || values.length === 0 || values.some((x) => typeof x !== 'number' || !Number.isFinite(x))) {
    fail(`knob '${name}': values must be a non-empty list of numbers`)
  }
  const list = values as number[]
  if (new Set(list).size !== list.length) fail(`knob '${name}': values repeat`)
  const reference = v.reference ?? list[0]
  if (typeof reference !== 'number' || !list.includes(reference)) fail(`knob '${name}': reference ${String(reference)} is not one of its values`)
  return { name, label: typeof v.label === 'string' ? v.label : name, kind, values: list, reference: reference as number }
}

function checkExpr(text: string, knobs: ReadonlySet<string>, where: string): void {
  try {
    const names = exprNames(parseExpr(text.slice(1)))
    for (const n of names) if (!knobs.has(n)) fail(`${where}: '${text}' reads '${n}', which is not a knob`)
  } catch (err) {
    if (err instanceof ExprError) fail(`${where}: ${err.message}`)
    throw err
  }
}

function nodeOf(v: unknown, i: number, knobs: ReadonlySet<string>): FamilyNode {
  const where = `nodes[${i}]`
  if (!isObject(v)) return fail(`${where} must be an object`)
  const id = str(v, 'id', where)
  const op = str(v, 'op', `node '${id}'`)
  if (!isOpType(op)) fail(`node '${id}': unknown operator '${op}'`)
  const attrs = v.attrs ?? {}
  if (!isObject(attrs)) return fail(`node '${id}': attrs must be an object`)
  for (const [k, a] of Object.entries(attrs)) {
    const parts = Array.isArray(a) ? a : [a]
    for (const p of parts) {
      if (isExpr(p)) checkExpr(p, knobs, `node '${id}' ${k}`)
      else if (!['number', 'string', 'boolean'].includes(typeof p)) fail(`node '${id}' ${k}: values must be numbers, strings, booleans or '=…' expressions`)
    }
  }
  const inputs = v.inputs ?? []
  if (!Array.isArray(inputs) || inputs.some((x) => typeof x !== 'string')) return fail(`node '${id}': inputs must be a list of node ids`)
  return { id, op, name: typeof v.name === 'string' && v.name !== '' ? v.name : id, attrs: attrs as FamilyNode['attrs'], inputs: inputs as string[] }
}

function repeatOf(v: unknown, i: number, ids: ReadonlySet<string>, knobs: ReadonlySet<string>, taken: Set<string>): RepeatGroup {
  const where = `repeats[${i}]`
  if (!isObject(v)) return fail(`${where} must be an object`)
  const nodes = v.nodes
  if (!Array.isArray(nodes) || nodes.length === 0 || nodes.some((n) => typeof n !== 'string')) return fail(`${where}: nodes must be a non-empty list of node ids`)
  for (const n of nodes as string[]) {
    if (!ids.has(n)) fail(`${where}: no node '${n}'`)
    if (taken.has(n)) fail(`${where}: node '${n}' is already in another repeat group`)
    taken.add(n)
  }
  const count = v.count
  if (typeof count === 'number') {
    if (!Number.isInteger(count) || count < 0) fail(`${where}: count must be a whole number ≥ 0`)
  } else if (isExpr(count)) checkExpr(count, knobs, `${where} count`)
  else fail(`${where}: count must be a number or an '=…' expression`)
  return { nodes: nodes as string[], count: count as number | string }
}

/** Parses and checks a family file's JSON text; throws FamilyError with one sentence. */
export function parseFamily(text: string): Family {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (err) {
    return fail(`not JSON: ${err instanceof Error ? err.message : String(err)}`)
  }
  return checkFamily(json)
}

export function checkFamily(json: unknown): Family {
  if (!isObject(json)) return fail('a family file must hold a JSON object')
  if (json.format !== FAMILY_FORMAT) fail(`not a family file: format must be '${FAMILY_FORMAT}'`)
  if (json.version !== FAMILY_VERSION) fail(`family file version ${String(json.version)} is not supported (this TinyForge reads version ${FAMILY_VERSION})`)
  const id = str(json, 'id', 'family')
  const library = str(json, 'library', `family '${id}'`)
  if (!getLibrary(library)) fail(`family '${id}': unknown library '${library}'`)
  if (!Array.isArray(json.knobs)) return fail(`family '${id}': knobs must be a list`)
  const knobs = json.knobs.map(knobOf)
  const names = new Set(knobs.map((k) => k.name))
  if (names.size !== knobs.length) fail(`family '${id}': two knobs share a name`)
  if (!Array.isArray(json.nodes) || json.nodes.length === 0) return fail(`family '${id}': nodes must be a non-empty list`)
  const nodes = json.nodes.map((n, i) => nodeOf(n, i, names))
  const ids = new Set(nodes.map((n) => n.id))
  if (ids.size !== nodes.length) fail(`family '${id}': two nodes share an id`)
  const seen = new Set<string>()
  for (const n of nodes) {
    for (const ref of n.inputs) if (ref !== '$entry' && !seen.has(ref)) fail(`node '${n.id}': input '${ref}' is not an earlier node`)
    seen.add(n.id)
  }
  const taken = new Set<string>()
  const repeats = Array.isArray(json.repeats) ? json.repeats.map((r, i) => repeatOf(r, i, ids, names, taken)) : []
  for (const n of nodes) if (n.inputs.includes('$entry') && !taken.has(n.id)) fail(`node '${n.id}': '$entry' is only allowed inside a repeat group`)
  const family: Family = {
    format: FAMILY_FORMAT, version: FAMILY_VERSION, id, name: typeof json.name === 'string' ? json.name : id,
    description: typeof json.description === 'string' ? json.description : '', library,
    ...(typeof json.reference === 'string' ? { reference: json.reference } : {}), knobs, nodes, repeats,
  }
  const analysis = analyzeGraph(instantiate(family, referenceValues(family)), getLibrary(library))
  const error = analysis.diagnostics.find((d) => d.severity === 'error')
  if (error) fail(`family '${id}': its reference point cannot run: ${error.message}`)
  return family
}
