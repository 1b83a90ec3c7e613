/**
 * "Add custom target": a board the catalog lacks, typed in the fields of a target file
 * ({ id, name, core, clockMHz, sramBytes, flashBytes, activePowerMw? }) or loaded from one. Validation is
 * parseTargetFile's, and its one-line message is shown next to the field it names. The board is saved
 * with the project and compared at once.
 */
import type { ChangeEvent, FormEvent } from 'react'
import { useEffect, useRef, useState } from 'react'
import { CORE_IDS } from '../../core/targets/types.ts'
import { editorStore } from '../../store/editor-store.ts'
import type { CustomTargetFields, CustomTargetResult } from '../../store/target-commands.ts'
import { addCustomTarget, customTargetFromFields, customTargetFromFile } from '../../store/target-commands.ts'
import { CORE_LABELS, formatBytes } from './estimate-format.ts'

const EMPTY: CustomTargetFields = {
  id: '', name: '', core: 'cortex-m4', clockMHz: '', sramBytes: '', flashBytes: '', activePowerMw: '',
}

const FIELD_LABELS: Record<Exclude<keyof CustomTargetFields, 'core'>, { label: string; unit?: string; placeholder: string }> = {
  name: { label: 'Name', placeholder: 'e.g. My sensor board' },
  id: { label: 'ID', placeholder: 'e.g. my-sensor-board' },
  clockMHz: { label: 'Clock', unit: 'MHz', placeholder: '80' },
  sramBytes: { label: 'SRAM', unit: 'bytes', placeholder: '262144' },
  flashBytes: { label: 'Flash', unit: 'bytes', placeholder: '1048576' },
  activePowerMw: { label: 'Active power', unit: 'mW', placeholder: 'optional' },
}

function slugOf(name: string): string {
  return name.trim().toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 64)
}

export function CustomTargetDialog({ onClose }: { onClose: () => void }) {
  const [fields, setFields] = useState<CustomTargetFields>(EMPTY)
  const [idEdited, setIdEdited] = useState(false)
  const [problem, setProblem] = useState<Extract<CustomTargetResult, { ok: false }> | null>(null)
  const nameRef = useRef<HTMLInputElement>(null)
  const fileRef = useRef<HTMLInputElement>(null)
  useEffect(() => { nameRef.current?.focus() }, [])

  const set = (key: keyof CustomTargetFields, value: string) => {
    setFields((f) => {
      const next = { ...f, [key]: value }
      if (key === 'name' && !idEdited) next.id = slugOf(value)
      return next
    })
    if (key === 'id') setIdEdited(true)
    if (problem?.field === key) setProblem(null)
  }
  const accept = (result: CustomTargetResult) => {
    if (!result.ok) { setProblem(result); return }
    addCustomTarget(editorStore, result.spec)
    editorStore.getState().setFocusTarget(result.spec.id)
    onClose()
  }
  const onSubmit = (e: FormEvent) => {
    e.preventDefault()
    accept(customTargetFromFields(fields))
  }
  const onFile = async (e: ChangeEvent<HTMLInputElement>) => {
    const input = e.currentTarget
    const file = input.files?.[0]
    input.value = ''
    if (!file) return
    let text = ''
    try { text = await file.text() } catch { /* an unreadable file is reported as invalid JSON below */ }
    accept(customTargetFromFile(text, file.name))
  }

  const input = (key: Exclude<keyof CustomTargetFields, 'core'>) => {
    const spec = FIELD_LABELS[key]
    const invalid = problem?.field === key
    const bytes = (key === 'sramBytes' || key === 'flashBytes') && /^\d+$/.test(fields[key]) ? Number(fields[key]) : null
    return (
      <div className="tf-field" key={key}>
        <label htmlFor={`custom-${key}`}>{spec.label}{spec.unit ? ` (${spec.unit})` : ''}</label>
        <div className="tf-field__with-hint">
          <input id={`custom-${key}`} ref={key === 'name' ? nameRef : undefined} type="text"
            inputMode={key === 'name' || key === 'id' ? 'text' : 'decimal'} placeholder={spec.placeholder}
            value={fields[key]} aria-invalid={invalid || undefined} aria-describedby={invalid ? 'custom-target-error' : undefined}
            onChange={(e) => set(key, e.target.value)} />
          {bytes !== null && bytes > 0 && <span className="tf-field__hint">{formatBytes(bytes)}</span>}
        </div>
      </div>
    )
  }

  return (
    <div className="tf-dialog-backdrop" onPointerDown={(e) => { if (e.target === e.currentTarget) onClose() }}>
      <form className="tf-dialog tf-custom-target" role="dialog" aria-modal="true" aria-labelledby="custom-target-title"
        onSubmit={onSubmit} onKeyDown={(e) => { if (e.key === 'Escape') onClose() }} noValidate>
        <h2 id="custom-target-title" className="tf-dialog__title">Add custom target</h2>
        <p className="tf-dialog__lead">The fields of a target file; the board is saved with the project and compared at once.</p>
        <div className="tf-form tf-custom-target__form">
          {input('name')}
          {input('id')}
          <div className="tf-field">
            <label htmlFor="custom-core">Core</label>
            <select id="custom-core" value={fields.core} aria-invalid={problem?.field === 'core' || undefined}
              onChange={(e) => set('core', e.target.value)}>
              {CORE_IDS.map((c) => <option key={c} value={c}>{CORE_LABELS[c]}</option>)}
            </select>
          </div>
          {input('clockMHz')}
          {input('sramBytes')}
          {input('flashBytes')}
          {input('activePowerMw')}
        </div>
        <p className="tf-custom-target__note">Without an active power, energy uses the core family's default (an assumption).</p>
        {problem && <p id="custom-target-error" className="tf-form-error" role="alert" data-testid="custom-target-error">{problem.message}</p>}
        <div className="tf-dialog__actions tf-dialog__actions--split">
          <button type="button" className="tf-button tf-button--quiet" onClick={() => fileRef.current?.click()}>Load target file…</button>
          <span className="tf-dialog__buttons">
            <button type="button" className="tf-button" onClick={onClose}>Cancel</button>
            <button type="submit" className="tf-button tf-button--primary">Add target</button>
          </span>
        </div>
        <input ref={fileRef} type="file" accept=".json,application/json" hidden tabIndex={-1} aria-label="Target file"
          data-testid="target-file-input" onChange={(e) => void onFile(e)} />
      </form>
    </div>
  )
}
