/**
 * Adding a custom link or tier in the Split panel: the fields of a link/tier file (targets/remote-file.ts), checked by
 * the same parser as `--link-file` / `--tier-file`; a refusal is its one line, shown under the form.
 */
import { useState } from 'react'
import type { FormEvent } from 'react'
import { RemoteFileError, parseLinkFile, parseTierFile } from '../../core/targets/remote-file.ts'
import { editorStore } from '../../store/editor-store.ts'

const FIELDS = {
  link: [['id', 'Id', 'my-radio'], ['name', 'Name', 'My radio'], ['bandwidthBps', 'Bandwidth (bit/s)', '250000'], ['rttMs', 'RTT (ms)', '20'],
    ['energyNjPerByte', 'Radio energy (nJ/B)', '500']],
  tier: [['id', 'Id', 'my-box'], ['name', 'Name', 'My edge box'], ['gmacPerS', 'Throughput (GMAC/s)', '20'], ['overheadMs', 'Overhead (ms)', '0.5'],
    ['backhaulRttMs', 'Backhaul RTT (ms)', '0']],
} as const

export function SplitCustomForm({ kind, onClose }: { kind: 'link' | 'tier'; onClose(): void }) {
  const [values, setValues] = useState<Record<string, string>>({})
  const [error, setError] = useState<string | null>(null)
  const submit = (e: FormEvent) => {
    e.preventDefault()
    const object: Record<string, unknown> = {}
    for (const [key] of FIELDS[kind]) {
      const text = (values[key] ?? '').trim()
      if (text === '') continue
      object[key] = key === 'id' || key === 'name' ? text : Number(text)
    }
    const s = editorStore.getState()
    try {
      if (kind === 'link') {
        const link = parseLinkFile(object, 'the Split panel')
        if (s.split.customLinks.some((l) => l.id === link.id)) throw new RemoteFileError('link', `id '${link.id}' is already used`)
        s.setSplit({ customLinks: [...s.split.customLinks, link], linkIds: [...s.split.linkIds, link.id] })
      } else {
        const tier = parseTierFile(object, 'the Split panel')
        if (s.split.customTiers.some((t) => t.id === tier.id)) throw new RemoteFileError('tier', `id '${tier.id}' is already used`)
        s.setSplit({ customTiers: [...s.split.customTiers, tier], tierIds: [...s.split.tierIds, tier.id] })
      }
      onClose()
    } catch (err) {
      if (err instanceof RemoteFileError) setError(err.message)
      else throw err
    }
  }
  return (
    <form className="tf-split-form" onSubmit={submit} aria-label={`Add a ${kind}`} data-testid={`split-add-${kind}-form`}>
      {FIELDS[kind].map(([key, label, placeholder]) => (
        <label key={key}>{label}
          <input name={key} placeholder={placeholder} value={values[key] ?? ''} onChange={(e) => setValues({ ...values, [key]: e.currentTarget.value })} />
        </label>
      ))}
      <button type="submit" className="tf-button tf-button--primary">Add {kind}</button>
      <button type="button" className="tf-button" onClick={onClose}>Cancel</button>
      {error && <p className="tf-warning" role="alert" data-testid="split-form-error">{error}</p>}
    </form>
  )
}
