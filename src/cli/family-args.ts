/**
 * Arguments the family commands share: a family by id or file path, the boards (--targets / --target-file, as
 * `estimate`), and the constraints (--ram-reserve B, --flash-reserve B, --latency-ms X, --energy-uj X, or all of
 * them at once as --constraints ram-reserve=B,latency-ms=X,…). Bad values are UsageErrors (exit 2); an unreadable or
 * broken family file is an Error (exit 1).
 */
import { existsSync } from 'node:fs'
import { accuracyMap, parseAccuracies } from '../core/pipelines/explore/accuracies.ts'
import type { Constraints, Score } from '../core/pipelines/explore/explore.ts'
import type { Family } from '../core/pipelines/explore/family.ts'
import { FamilyError } from '../core/pipelines/explore/family.ts'
import { parseFamily } from '../core/pipelines/explore/family-file.ts'
import { FAMILIES, familyById } from '../core/pipelines/explore/families/index.ts'
import type { FlagSpecs, ParsedArgs } from './args.ts'
import { UsageError } from './args.ts'
import { readText } from './commands/estimate.ts'

export const CONSTRAINT_FLAGS: FlagSpecs = {
  'ram-reserve': { kind: 'string' }, 'flash-reserve': { kind: 'string' }, 'latency-ms': { kind: 'string' }, 'energy-uj': { kind: 'string' },
  constraints: { kind: 'string' },
}

export function resolveFamily(spec: string | undefined): Family {
  if (spec === undefined) throw new UsageError(`missing <family>: an id (${FAMILIES.map((f) => f.id).join(', ')}) or a family file`)
  const shipped = familyById(spec)
  if (shipped) return shipped
  if (!existsSync(spec)) throw new UsageError(`unknown family '${spec}'; known: ${FAMILIES.map((f) => f.id).join(', ')} (or a family file path)`)
  try {
    return parseFamily(readText(spec))
  } catch (err) {
    if (err instanceof FamilyError) throw new Error(`${spec}: ${err.message}`)
    throw err
  }
}

const NAMES: Readonly<Record<string, keyof Constraints>> = {
  'ram-reserve': 'ramReserve', 'flash-reserve': 'flashReserve', 'latency-ms': 'latencyMs', 'energy-uj': 'energyUj',
}

function positive(flag: string, text: string): number {
  const v = Number(text)
  if (text.trim() === '' || !Number.isFinite(v) || v < 0) throw new UsageError(`--${flag} takes a number ≥ 0, got '${text}'`)
  return v
}

export function constraintsOf(args: ParsedArgs): Constraints {
  const out: Constraints = {}
  const packed = args.flags.constraints
  if (typeof packed === 'string') {
    for (const part of packed.split(',').map((s) => s.trim()).filter(Boolean)) {
      const [k, v] = part.split('=')
      if (!(k in NAMES) || v === undefined) {
        throw new UsageError(`--constraints takes name=value pairs separated by commas (${Object.keys(NAMES).join(', ')}), got '${part}'`)
      }
      out[NAMES[k]] = positive(k, v)
    }
  }
  for (const [flag, key] of Object.entries(NAMES)) {
    const v = args.flags[flag]
    if (typeof v === 'string') out[key] = positive(flag, v)
  }
  return out
}

/**
 * `--accuracies <file>` (measured accuracies, as `tinyforge extract --accuracies` writes them) and `--score`: with
 * accuracies the score defaults to 'accuracy'; 'accuracy' without them is a usage error.
 */
export const SCORE_FLAGS: FlagSpecs = { score: { kind: 'string' }, accuracies: { kind: 'string' } }

export function scoreOf(args: ParsedArgs, family: Family): { score: Score; accuracy?: Map<string, number> } {
  const file = args.flags.accuracies
  let accuracy: Map<string, number> | undefined
  if (typeof file === 'string') {
    try {
      accuracy = accuracyMap(parseAccuracies(readText(file), file, family))
    } catch (err) {
      if (err instanceof FamilyError) throw new Error(err.message)
      throw err
    }
  }
  const score = args.flags.score ?? (accuracy ? 'accuracy' : 'macs')
  if (score !== 'macs' && score !== 'params' && score !== 'accuracy') throw new UsageError(`--score takes macs, params or accuracy, got '${String(score)}'`)
  if (score === 'accuracy' && !accuracy) throw new UsageError('--score accuracy needs --accuracies <file> (written by tinyforge extract --accuracies)')
  return { score, ...(accuracy ? { accuracy } : {}) }
}
