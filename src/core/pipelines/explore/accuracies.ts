/**
 * Measured accuracies of a family's variants (`*.accuracies.json`, format `tinyforge-accuracies`, version 1): what
 * `tinyforge extract --accuracies` records for each variant it measures (int8 accuracy by the int8 engine on a
 * held-out set) and what the explorer reads as its accuracy per point key (the Pareto plot's measured points; `fit`
 * ranks by accuracy where it is known).
 *
 *   { "format": "tinyforge-accuracies", "version": 1, "family": { "id": "…", "fingerprint": "…" },
 *     "variants": { "<point key>": { "int8Accuracy": 0.8712, "correct": 8712, "samples": 10000,
 *                                    "evaluatedOn": "t10k-images-idx3-ubyte.gz", "engine": "wasm", "weights": "supernet.npz" } } }
 *
 * The family is named by id and fingerprint (supernet.ts `familyFingerprint`), so the accuracies of another family —
 * or of an edited one — are refused with one line, as are keys that are not points of the family.
 */
import type { Family } from './family.ts'
import { FamilyError } from './family.ts'
import { familyFingerprint } from './supernet.ts'

export const ACCURACIES_FORMAT = 'tinyforge-accuracies'

export interface MeasuredAccuracy {
  /** Top-1 int8 accuracy in [0, 1]. */
  int8Accuracy: number
  correct: number
  samples: number
  /** The held-out set it was measured on (a file or folder name). */
  evaluatedOn: string
  /** The int8 engine that ran it ('wasm' or 'ts'). */
  engine: string
  /** Where the weights came from (the supernet file, or a weights file of the variant trained alone). */
  weights: string
}

export interface AccuraciesFile {
  format: typeof ACCURACIES_FORMAT
  version: 1
  family: { id: string; fingerprint: string }
  variants: Record<string, MeasuredAccuracy>
}

export function emptyAccuracies(family: Family): AccuraciesFile {
  return { format: ACCURACIES_FORMAT, version: 1, family: { id: family.id, fingerprint: familyFingerprint(family) }, variants: {} }
}

/** The file with `key`'s measurement added or replaced (keys kept sorted, so the file diffs calmly). */
export function withAccuracy(file: AccuraciesFile, key: string, m: MeasuredAccuracy): AccuraciesFile {
  const variants = { ...file.variants, [key]: m }
  return { ...file, variants: Object.fromEntries(Object.keys(variants).sort().map((k) => [k, variants[k]])) }
}

export function serializeAccuracies(file: AccuraciesFile): string {
  return `${JSON.stringify(file, null, 1)}\n`
}

/** Accuracy per point key, as the explorer takes it (ExploreOptions.accuracy). */
export function accuracyMap(file: AccuraciesFile): Map<string, number> {
  return new Map(Object.entries(file.variants).map(([k, m]) => [k, m.int8Accuracy]))
}

/** Reads an accuracies file for `family`; every problem is one sentence (FamilyError) starting with the file's name. */
export function parseAccuracies(text: string, name: string, family: Family): AccuraciesFile {
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch {
    throw new FamilyError(`${name} is not JSON`)
  }
  const o = raw as Partial<AccuraciesFile> | null
  if (!o || typeof o !== 'object' || o.format !== ACCURACIES_FORMAT) {
    throw new FamilyError(`${name} is not an accuracies file (its format is '${String(o && typeof o === 'object' ? o.format : typeof raw)}')`)
  }
  if (o.version !== 1) throw new FamilyError(`${name} is accuracies file version ${String(o.version)}; this TinyForge reads version 1`)
  if (typeof o.family?.id !== 'string' || typeof o.family.fingerprint !== 'string') throw new FamilyError(`${name} does not name its family`)
  const fingerprint = familyFingerprint(family)
  if (o.family.id !== family.id || o.family.fingerprint !== fingerprint) {
    throw new FamilyError(`${name} holds accuracies of family '${o.family.id}' (fingerprint ${o.family.fingerprint}), not of '${family.id}' (${fingerprint})`)
  }
  if (!o.variants || typeof o.variants !== 'object') throw new FamilyError(`${name} has no variants`)
  for (const [key, m] of Object.entries(o.variants)) {
    if (!isPointKey(family, key)) throw new FamilyError(`${name}: '${key}' is not a variant of ${family.id} (keys are the knob values ${family.knobs.map((k) => k.name).join(',')})`)
    const a = (m as Partial<MeasuredAccuracy> | null)?.int8Accuracy
    if (typeof a !== 'number' || !(a >= 0 && a <= 1)) throw new FamilyError(`${name}: variant ${key} has no int8Accuracy in [0, 1]`)
  }
  return o as AccuraciesFile
}

/** Whether `key` is a point of the family (its knob values in knob order, as `pointKey` writes them). */
export function isPointKey(family: Family, key: string): boolean {
  const parts = key.split(',')
  return parts.length === family.knobs.length && family.knobs.every((k, i) => k.values.some((v) => String(v) === parts[i]))
}
