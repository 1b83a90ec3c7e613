/** The node-name field: commits on Enter/blur; empty or duplicate names are refused inline. */
import { useState } from 'react'

interface NameFieldProps {
  id: string
  value: string
  taken: (name: string) => boolean
  onCommit: (name: string) => void
}

export function NameField({ id, value, taken, onCommit }: NameFieldProps) {
  const [draft, setDraft] = useState(value)
  const [error, setError] = useState<string | null>(null)
  const commit = (): void => {
    const name = draft.trim()
    if (name === '') return setError('Name cannot be empty')
    if (name !== value && taken(name)) return setError(`Another node is already named ${name}`)
    setError(null)
    if (name !== value) onCommit(name)
  }
  return (
    <div className="tf-field">
      <label htmlFor={id}>Name</label>
      <input id={id} type="text" value={draft} spellCheck={false} aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined} onChange={(e) => setDraft(e.target.value)} onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit()
          if (e.key === 'Escape') { setDraft(value); setError(null) }
        }} />
      {error && <p id={`${id}-error`} className="tf-field__error" data-testid="name-error">{error}</p>}
    </div>
  )
}
