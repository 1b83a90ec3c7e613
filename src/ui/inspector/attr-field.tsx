/**
 * One attribute form field generated from its schema entry. Text-like fields keep a draft while typing
 * and commit on Enter or blur; an invalid draft shows the reason inline and is never committed.
 * Escape restores the stored value. Remount (by key) when the stored value changes to drop the draft.
 */
import type { KeyboardEvent } from 'react'
import { useState } from 'react'
import type { AttrValue } from '../../core/ir/types.ts'
import type { AttrSpec } from '../../core/ops/op-def.ts'
import { checkValue, formatAttrValue, parseAttrText } from './attr-parse.ts'

interface AttrFieldProps {
  id: string
  attr: string
  spec: AttrSpec
  value: AttrValue | undefined
  onCommit: (value: AttrValue) => void
}

export function AttrField({ id, attr, spec, value, onCommit }: AttrFieldProps) {
  const stored = formatAttrValue(value)
  const [draft, setDraft] = useState(stored)
  const [error, setError] = useState<string | null>(null)
  const errorId = `${id}-error`

  const commit = (text: string): void => {
    const parsed = parseAttrText(spec, text)
    if (!parsed.ok) {
      setError(parsed.error)
      return
    }
    setError(null)
    if (formatAttrValue(parsed.value) !== stored) onCommit(parsed.value)
  }
  const commitValue = (v: AttrValue): void => {
    const checked = checkValue(spec, v)
    if (!checked.ok) setError(checked.error)
    else { setError(null); onCommit(v) }
  }
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>): void => {
    if (e.key === 'Enter') commit(draft)
    if (e.key === 'Escape') { setDraft(stored); setError(null) }
  }
  const described = error ? errorId : undefined
  const help = spec.help

  let control
  if (spec.kind === 'bool') {
    return (
      <div className="tf-field tf-field--check" data-attr={attr}>
        <input id={id} type="checkbox" checked={value === true} onChange={(e) => commitValue(e.target.checked)} />
        <label htmlFor={id} title={help}>{spec.label}</label>
        {error && <p id={errorId} className="tf-field__error" data-testid={`attr-error-${attr}`}>{error}</p>}
      </div>
    )
  }
  if (spec.kind === 'enum') {
    control = (
      <select id={id} value={typeof value === 'string' ? value : spec.default} onChange={(e) => commitValue(e.target.value)}>
        {spec.options.map((o) => <option key={o} value={o}>{o}</option>)}
      </select>
    )
  } else if (spec.kind === 'int' || spec.kind === 'float') {
    control = (
      <input id={id} type="number" inputMode={spec.kind === 'int' ? 'numeric' : 'decimal'} step={spec.kind === 'int' ? 1 : 'any'}
        min={spec.min} max={spec.max} value={draft} aria-invalid={error ? true : undefined} aria-describedby={described}
        onChange={(e) => setDraft(e.target.value)} onBlur={() => commit(draft)} onKeyDown={onKeyDown} />
    )
  } else {
    control = (
      <input id={id} type="text" value={draft} placeholder="e.g. 28, 28, 1" aria-invalid={error ? true : undefined}
        aria-describedby={described} onChange={(e) => setDraft(e.target.value)} onBlur={() => commit(draft)} onKeyDown={onKeyDown} />
    )
  }
  return (
    <div className="tf-field" data-attr={attr}>
      <label htmlFor={id} title={help}>{spec.label}</label>
      {control}
      {error && <p id={errorId} className="tf-field__error" data-testid={`attr-error-${attr}`}>{error}</p>}
    </div>
  )
}
