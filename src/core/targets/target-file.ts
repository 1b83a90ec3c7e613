/**
 * Custom target file (`--target-file board.json`, also addable in the UI), DESIGN.md format:
 *   { id, name, core, clockMHz, sramBytes, flashBytes, activePowerMw? }
 * id: 1–64 chars of [A-Za-z0-9._-]; name: non-empty; core ∈ CORE_IDS; clockMHz > 0; sramBytes and
 * flashBytes whole numbers > 0; activePowerMw > 0 when given, else the core-family default (an assumption).
 * User-supplied figures are kind 'assumption' (the tool cannot tell where they came from).
 * Every problem throws TargetFileError with one line starting "target file: ".
 */
import { defaultActivePower } from './catalog.ts'
import type { Figure, Target } from './types.ts'
import { CORE_IDS, isCoreId } from './types.ts'

export class TargetFileError extends Error {
  constructor(problem: string) {
    super(`target file: ${problem}`)
    this.name = 'TargetFileError'
  }
}

const FIELDS = ['id', 'name', 'core', 'clockMHz', 'sramBytes', 'flashBytes', 'activePowerMw'] as const

export function parseTargetFile(text: string, fileName = 'target file'): Target {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (e) {
    throw new TargetFileError(`not valid JSON (${e instanceof Error ? e.message.split('\n')[0] : String(e)})`)
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new TargetFileError('expected a JSON object { id, name, core, clockMHz, sramBytes, flashBytes, activePowerMw? }')
  }
  const o = json as Record<string, unknown>
  for (const key of Object.keys(o)) {
    if (!(FIELDS as readonly string[]).includes(key)) throw new TargetFileError(`unknown field '${key}'; expected ${FIELDS.join(', ')}`)
  }
  const id = requireString(o, 'id')
  if (!/^[A-Za-z0-9._-]{1,64}$/.test(id)) throw new TargetFileError(`id '${id}' must be 1–64 letters, digits, '.', '_' or '-'`)
  const name = requireString(o, 'name')
  if (!isCoreId(o.core)) {
    if (o.core === undefined) throw new TargetFileError('core is missing')
    throw new TargetFileError(`unknown core '${String(o.core)}'; expected one of ${CORE_IDS.join(', ')}`)
  }
  const core = o.core
  const clockMHz = requirePositive(o, 'clockMHz', false)
  const sramBytes = requirePositive(o, 'sramBytes', true)
  const flashBytes = requirePositive(o, 'flashBytes', true)
  const source = `custom ${fileName} (user-supplied)`
  const given = (value: number): Figure => ({ value, source, kind: 'assumption' })
  const power = o.activePowerMw === undefined ? defaultActivePower(core, clockMHz) : given(requirePositive(o, 'activePowerMw', false))
  return {
    id, name, board: name, core, clockMHz, sramBytes, flashBytes, activePowerMw: power.value,
    figures: { clock: given(clockMHz), sram: given(sramBytes), flash: given(flashBytes), power },
    custom: true,
  }
}

function requireString(o: Record<string, unknown>, key: string): string {
  const v = o[key]
  if (v === undefined) throw new TargetFileError(`${key} is missing`)
  if (typeof v !== 'string' || v.trim() === '') throw new TargetFileError(`${key} must be a non-empty string`)
  return v
}

function requirePositive(o: Record<string, unknown>, key: string, whole: boolean): number {
  const v = o[key]
  if (v === undefined) throw new TargetFileError(`${key} is missing`)
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0 || (whole && !Number.isInteger(v))) {
    throw new TargetFileError(`${key} must be a positive ${whole ? 'whole number' : 'number'}`)
  }
  return v
}
