/**
 * Custom link and tier files (`--link-file`, `--tier-file`, and the Split panel's "add" forms):
 *   link: { id, name, bandwidthBps > 0, rttMs ≥ 0, energyNjPerByte ≥ 0 }
 *   tier: { id, name, gmacPerS > 0, overheadMs ≥ 0, backhaulRttMs? ≥ 0 (default 0), kind? 'edge'|'cloud' (default 'edge'),
 *           runtime? string (default 'onnxruntime') }
 * id: 1–64 chars of [A-Za-z0-9._-]; unknown fields are refused. User figures are kind 'assumption'. Every problem
 * throws RemoteFileError with one line starting "link file: " or "tier file: ".
 */
import type { Link, Tier } from './remote-types.ts'
import type { Figure } from './types.ts'

export class RemoteFileError extends Error {
  constructor(what: 'link' | 'tier', problem: string) {
    super(`${what} file: ${problem}`)
    this.name = 'RemoteFileError'
  }
}

const LINK_FIELDS = ['id', 'name', 'bandwidthBps', 'rttMs', 'energyNjPerByte', 'notes'] as const
const TIER_FIELDS = ['id', 'name', 'kind', 'runtime', 'gmacPerS', 'overheadMs', 'backhaulRttMs', 'notes'] as const

type Reader = {
  str(key: string): string
  num(key: string, rule: 'positive' | 'non-negative', fallback?: number): number
  optional(key: string): unknown
}

function reader(what: 'link' | 'tier', text: string | object, fields: readonly string[]): Reader {
  let json: unknown = text
  if (typeof text === 'string') {
    try {
      json = JSON.parse(text)
    } catch (e) {
      throw new RemoteFileError(what, `not valid JSON (${e instanceof Error ? e.message.split('\n')[0] : String(e)})`)
    }
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new RemoteFileError(what, `expected a JSON object with ${fields.join(', ')}`)
  }
  const o = json as Record<string, unknown>
  for (const key of Object.keys(o)) {
    if (!fields.includes(key)) throw new RemoteFileError(what, `unknown field '${key}'; expected ${fields.join(', ')}`)
  }
  return {
    str(key) {
      const v = o[key]
      if (v === undefined) throw new RemoteFileError(what, `${key} is missing`)
      if (typeof v !== 'string' || v.trim() === '') throw new RemoteFileError(what, `${key} must be a non-empty string`)
      return v
    },
    num(key, rule, fallback) {
      const v = o[key]
      if (v === undefined) {
        if (fallback !== undefined) return fallback
        throw new RemoteFileError(what, `${key} is missing`)
      }
      const ok = typeof v === 'number' && Number.isFinite(v) && (rule === 'positive' ? v > 0 : v >= 0)
      if (!ok) throw new RemoteFileError(what, `${key} must be a ${rule === 'positive' ? 'positive' : 'non-negative'} number, got ${JSON.stringify(v)}`)
      return v as number
    },
    optional: (key) => o[key],
  }
}

function checkId(what: 'link' | 'tier', id: string): void {
  if (!/^[A-Za-z0-9._-]{1,64}$/.test(id)) throw new RemoteFileError(what, `id '${id}' must be 1–64 letters, digits, '.', '_' or '-'`)
}

/** A custom link from JSON text (or an already parsed object, as the UI form gives it). */
export function parseLinkFile(text: string | object, fileName = 'link file'): Link {
  const r = reader('link', text, LINK_FIELDS)
  const id = r.str('id')
  checkId('link', id)
  const name = r.str('name')
  const given = (value: number): Figure => ({ value, kind: 'assumption', source: `custom ${fileName} (user-supplied)` })
  const bandwidthBps = r.num('bandwidthBps', 'positive')
  const rttMs = r.num('rttMs', 'non-negative')
  const energyNjPerByte = r.num('energyNjPerByte', 'non-negative')
  const notes = r.optional('notes')
  return { id, name, bandwidthBps, rttMs, energyNjPerByte, custom: true,
    figures: { bandwidth: given(bandwidthBps), rtt: given(rttMs), energy: given(energyNjPerByte) },
    ...(typeof notes === 'string' ? { notes } : {}) }
}

/** A custom tier from JSON text (or an already parsed object). */
export function parseTierFile(text: string | object, fileName = 'tier file'): Tier {
  const r = reader('tier', text, TIER_FIELDS)
  const id = r.str('id')
  checkId('tier', id)
  const name = r.str('name')
  const kind = r.optional('kind') ?? 'edge'
  if (kind !== 'edge' && kind !== 'cloud') throw new RemoteFileError('tier', `kind must be 'edge' or 'cloud', got ${JSON.stringify(kind)}`)
  const runtime = r.optional('runtime') === undefined ? 'onnxruntime' : r.str('runtime')
  const given = (value: number): Figure => ({ value, kind: 'assumption', source: `custom ${fileName} (user-supplied)` })
  const gmacPerS = r.num('gmacPerS', 'positive')
  const overheadMs = r.num('overheadMs', 'non-negative')
  const backhaulRttMs = r.num('backhaulRttMs', 'non-negative', 0)
  const notes = r.optional('notes')
  return { id, name, kind, runtime, gmacPerS, overheadMs, backhaulRttMs, custom: true,
    figures: { throughput: given(gmacPerS), overhead: given(overheadMs), backhaul: given(backhaulRttMs) },
    ...(typeof notes === 'string' ? { notes } : {}) }
}
