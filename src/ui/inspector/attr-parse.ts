/**
 * Turns what the user typed into an attribute value and validates it against the op's schema.
 * A value is committed only when this returns ok; otherwise the sentence is shown under the field.
 */
import type { AttrValue } from '../../core/ir/types.ts'
import type { AttrSpec } from '../../core/ops/op-def.ts'
import { checkAttrs } from '../../core/ops/op-def.ts'

export type ParsedAttr = { ok: true; value: AttrValue } | { ok: false; error: string }

const INTEGER = /^[-+]?\d+$/

export function parseAttrText(spec: AttrSpec, text: string): ParsedAttr {
  const t = text.trim()
  let value: AttrValue
  switch (spec.kind) {
    case 'int':
      if (!INTEGER.test(t)) return { ok: false, error: t === '' || !Number.isFinite(Number(t)) ? `${spec.label} must be a number` : `${spec.label} must be a whole number` }
      value = Number(t)
      break
    case 'float':
      if (t === '' || !Number.isFinite(Number(t))) return { ok: false, error: `${spec.label} must be a number` }
      value = Number(t)
      break
    case 'enum':
      value = t
      break
    case 'bool':
      if (t !== 'true' && t !== 'false') return { ok: false, error: `${spec.label} must be true or false` }
      value = t === 'true'
      break
    case 'ints': {
      const parts = t === '' ? [] : t.split(/[\s,×x]+/).filter((p) => p !== '')
      if (parts.some((p) => !INTEGER.test(p))) return { ok: false, error: `${spec.label} must be whole numbers separated by commas` }
      value = parts.map(Number)
      break
    }
  }
  return checkValue(spec, value)
}

/** Validates an already-typed value (checkbox, select) against its spec. */
export function checkValue(spec: AttrSpec, value: AttrValue): ParsedAttr {
  const problems = checkAttrs({ value: spec }, { value })
  return problems.length > 0 ? { ok: false, error: problems[0] } : { ok: true, value }
}

/** The text a field shows for a stored value. */
export function formatAttrValue(value: AttrValue | undefined): string {
  if (value === undefined) return ''
  if (Array.isArray(value)) return value.join(', ')
  return String(value)
}
