/**
 * Which boards a project compares: the recommended default set, turning catalog boards on and off, and
 * custom boards added by form or file. The selection lives in the document (`targets`, `customTargets`)
 * and is saved with it; a custom board is validated by parseTargetFile, whose one-line messages the UI shows.
 */
import type { CustomTargetSpec, ProjectDoc } from '../core/ir/project.ts'
import { CATALOG_TARGETS, getTarget } from '../core/targets/catalog.ts'
import { TargetFileError, parseTargetFile } from '../core/targets/target-file.ts'
import type { Target } from '../core/targets/types.ts'
import type { EditorStore } from './editor-store.ts'

/**
 * Boards a new project is compared on: one per common core family, from a 64 MHz Cortex-M4 to a
 * 280 MHz Cortex-M7 and the ESP32-S3, mostly boards with a measured active power.
 */
export const DEFAULT_TARGET_IDS: readonly string[] = [
  'raspberry-pi-pico', 'nrf52840-dk', 'nucleo-l4r5zi', 'nucleo-u575zi-q', 'nucleo-h7a3zi-q', 'esp32-s3-devkitc',
]

export interface ResolvedTargets {
  /** The compared targets in selection order. */
  targets: Target[]
  /** Selected ids that name neither a catalog board nor a custom board of the project. */
  unknown: string[]
  /** Custom boards stored in the project that no longer validate, with parseTargetFile's message. */
  invalid: { id: string; message: string }[]
}

/** Builds a custom board's Target exactly as a target file with these fields would. */
export function customTarget(spec: CustomTargetSpec): Target {
  return parseTargetFile(JSON.stringify(spec), `target ${spec.id}`)
}

/** The Target objects of a document's selection (pure). */
export function resolveTargets(doc: Pick<ProjectDoc, 'targets' | 'customTargets'>): ResolvedTargets {
  const custom = new Map<string, Target>()
  const invalid: ResolvedTargets['invalid'] = []
  for (const spec of doc.customTargets ?? []) {
    try {
      custom.set(spec.id, customTarget(spec))
    } catch (err) {
      invalid.push({ id: spec.id, message: err instanceof Error ? err.message : String(err) })
    }
  }
  const targets: Target[] = []
  const unknown: string[] = []
  for (const id of doc.targets) {
    const target = custom.get(id) ?? getTarget(id)
    if (target) targets.push(target)
    else if (!invalid.some((i) => i.id === id)) unknown.push(id)
  }
  return { targets, unknown, invalid }
}

/**
 * The compared boards a new document (template, empty project, import) starts with: those of the
 * current project, or the default set when it compares none. Custom boards come along.
 */
export function withTargetsOf(doc: ProjectDoc, current: Pick<ProjectDoc, 'targets' | 'customTargets'>): ProjectDoc {
  const next: ProjectDoc = { ...doc, targets: current.targets.length > 0 ? [...current.targets] : [...DEFAULT_TARGET_IDS] }
  if (current.customTargets && current.customTargets.length > 0) next.customTargets = [...current.customTargets]
  else delete next.customTargets
  return next
}

/** Turns one board's comparison on (appended at the end) or off. */
export function setTargetCompared(store: EditorStore, id: string, compared: boolean): void {
  const { doc, setTargets } = store.getState()
  setTargets(compared ? [...doc.targets, id] : doc.targets.filter((t) => t !== id))
}

/**
 * Compares exactly the catalog boards in `ids` plus the custom boards already compared: boards already
 * compared keep their place, new ones follow in the order of `ids`; ids not in the catalog are ignored.
 */
export function setCatalogSelection(store: EditorStore, ids: readonly string[]): void {
  const { doc, setTargets } = store.getState()
  const catalog = new Set(CATALOG_TARGETS.map((t) => t.id))
  const wanted = ids.filter((id) => catalog.has(id))
  const customIds = new Set((doc.customTargets ?? []).map((t) => t.id))
  const kept = doc.targets.filter((id) => wanted.includes(id) || customIds.has(id))
  setTargets([...kept, ...wanted.filter((id) => !kept.includes(id))])
}

/** The fields of the custom-target form, as typed (empty string = not given). */
export interface CustomTargetFields {
  id: string
  name: string
  core: string
  clockMHz: string
  sramBytes: string
  flashBytes: string
  activePowerMw: string
}

export type CustomTargetResult =
  | { ok: true; spec: CustomTargetSpec }
  | { ok: false; message: string; field: keyof CustomTargetFields | null }

/**
 * Validates form fields as a target file (numbers parsed from the text; empty fields left out, so a
 * missing required one is reported as missing) and refuses an id that is a catalog board's.
 */
export function customTargetFromFields(fields: CustomTargetFields): CustomTargetResult {
  const json: Record<string, unknown> = {}
  const text = (key: 'id' | 'name' | 'core') => { if (fields[key].trim() !== '') json[key] = fields[key].trim() }
  const num = (key: 'clockMHz' | 'sramBytes' | 'flashBytes' | 'activePowerMw') => {
    const raw = fields[key].trim()
    if (raw === '') return
    const value = Number(raw)
    json[key] = Number.isFinite(value) ? value : raw
  }
  text('id'); text('name'); text('core')
  num('clockMHz'); num('sramBytes'); num('flashBytes'); num('activePowerMw')
  return checkCustomTarget(JSON.stringify(json), 'form')
}

/** Validates the text of a target file (board.json) for adding to the project. */
export function customTargetFromFile(text: string, fileName: string): CustomTargetResult {
  return checkCustomTarget(text, fileName)
}

function checkCustomTarget(text: string, fileName: string): CustomTargetResult {
  let target: Target
  try {
    target = parseTargetFile(text, fileName)
  } catch (err) {
    const message = err instanceof TargetFileError || err instanceof Error ? err.message : String(err)
    return { ok: false, message, field: fieldOf(message) }
  }
  if (getTarget(target.id)) {
    return { ok: false, message: `target file: id '${target.id}' is already a catalog board; choose another id`, field: 'id' }
  }
  const spec: CustomTargetSpec = {
    id: target.id, name: target.name, core: target.core, clockMHz: target.clockMHz, sramBytes: target.sramBytes,
    flashBytes: target.flashBytes,
  }
  // parseTargetFile accepted the text, so it is a JSON object; keep the power only when the file gave one.
  if ('activePowerMw' in (JSON.parse(text) as object)) spec.activePowerMw = target.activePowerMw
  return { ok: true, spec }
}

const FIELD_KEYS: readonly (keyof CustomTargetFields)[] = ['id', 'name', 'core', 'clockMHz', 'sramBytes', 'flashBytes', 'activePowerMw']

/** The form field a parseTargetFile message is about ("target file: clockMHz must …" → 'clockMHz'). */
function fieldOf(message: string): keyof CustomTargetFields | null {
  const m = /^target file: (?:unknown )?(\w+)/.exec(message)
  const word = m?.[1]
  return FIELD_KEYS.find((k) => k === word) ?? null
}

/** Adds a validated custom board to the project and compares it. */
export function addCustomTarget(store: EditorStore, spec: CustomTargetSpec): void {
  store.getState().addCustomTarget(spec)
}
