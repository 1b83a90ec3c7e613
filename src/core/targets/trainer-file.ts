/**
 * Custom trainer files (`tinyforge train-cut --trainer-file`, the Cut-training panel's "add" form):
 *   { id, name, kind? 'cpu'|'gpu' (default 'cpu'), runtime? string, gmacPerS > 0, depthwiseGmacPerS > 0,
 *     activationGBps > 0, updateMParamsPerS > 0, overheadUs ≥ 0, memoryBytes > 0, linkBandwidthBps > 0,
 *     linkLatencyMs ≥ 0, linkName? string, notes? string }
 * id: 1–64 chars of [A-Za-z0-9._-]; unknown fields are refused; user figures are kind 'assumption'. Every problem
 * throws TrainerFileError with one line starting "trainer file: ".
 */
import type { Trainer } from './trainer-types.ts'
import type { Figure } from './types.ts'

export class TrainerFileError extends Error {
  constructor(problem: string) {
    super(`trainer file: ${problem}`)
    this.name = 'TrainerFileError'
  }
}

const FIELDS = ['id', 'name', 'kind', 'runtime', 'gmacPerS', 'depthwiseGmacPerS', 'activationGBps', 'updateMParamsPerS',
  'overheadUs', 'memoryBytes', 'linkBandwidthBps', 'linkLatencyMs', 'linkName', 'notes'] as const

export function parseTrainerFile(text: string | object, fileName = 'trainer file'): Trainer {
  let json: unknown = text
  if (typeof text === 'string') {
    try {
      json = JSON.parse(text)
    } catch (e) {
      throw new TrainerFileError(`not valid JSON (${e instanceof Error ? e.message.split('\n')[0] : String(e)})`)
    }
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new TrainerFileError(`expected a JSON object with ${FIELDS.join(', ')}`)
  const o = json as Record<string, unknown>
  for (const key of Object.keys(o)) {
    if (!(FIELDS as readonly string[]).includes(key)) throw new TrainerFileError(`unknown field '${key}'; expected ${FIELDS.join(', ')}`)
  }
  const str = (key: string, fallback?: string): string => {
    const v = o[key]
    if (v === undefined && fallback !== undefined) return fallback
    if (v === undefined) throw new TrainerFileError(`${key} is missing`)
    if (typeof v !== 'string' || v.trim() === '') throw new TrainerFileError(`${key} must be a non-empty string`)
    return v
  }
  const num = (key: string, positive: boolean): number => {
    const v = o[key]
    if (v === undefined) throw new TrainerFileError(`${key} is missing`)
    if (typeof v !== 'number' || !Number.isFinite(v) || (positive ? v <= 0 : v < 0)) {
      throw new TrainerFileError(`${key} must be a ${positive ? 'positive' : 'non-negative'} number, got ${JSON.stringify(v)}`)
    }
    return v
  }
  const id = str('id')
  if (!/^[A-Za-z0-9._-]{1,64}$/.test(id)) throw new TrainerFileError(`id '${id}' must be 1–64 letters, digits, '.', '_' or '-'`)
  const kind = str('kind', 'cpu')
  if (kind !== 'cpu' && kind !== 'gpu') throw new TrainerFileError(`kind must be 'cpu' or 'gpu', got ${JSON.stringify(kind)}`)
  const given = (value: number): Figure => ({ value, kind: 'assumption', source: `custom ${fileName} (user-supplied)` })
  const t = {
    gmacPerS: num('gmacPerS', true), depthwiseGmacPerS: num('depthwiseGmacPerS', true), activationGBps: num('activationGBps', true),
    updateMParamsPerS: num('updateMParamsPerS', true), overheadUs: num('overheadUs', false), memoryBytes: num('memoryBytes', true),
    bandwidth: num('linkBandwidthBps', true), latency: num('linkLatencyMs', false),
  }
  const notes = o.notes
  return {
    id, name: str('name'), kind, runtime: str('runtime', 'PyTorch'), custom: true,
    gmacPerS: t.gmacPerS, depthwiseGmacPerS: t.depthwiseGmacPerS, activationGBps: t.activationGBps,
    updateMParamsPerS: t.updateMParamsPerS, overheadUs: t.overheadUs, memoryBytes: t.memoryBytes,
    link: { name: str('linkName', 'link'), bandwidthBps: t.bandwidth, latencyMs: t.latency },
    figures: { dense: given(t.gmacPerS), depthwise: given(t.depthwiseGmacPerS), activation: given(t.activationGBps),
      update: given(t.updateMParamsPerS), overhead: given(t.overheadUs), memory: given(t.memoryBytes), bandwidth: given(t.bandwidth),
      latency: given(t.latency) },
    ...(typeof notes === 'string' ? { notes } : {}),
  }
}
