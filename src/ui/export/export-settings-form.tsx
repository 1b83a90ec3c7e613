/**
 * The Export dialog's options: the library (only libraries the graph exports with can be chosen; the others say
 * why), the C prefix (a C identifier, checked as typed), and the embedded test vectors — the options the C package
 * generator has.
 */
import { editorStore } from '../../store/editor-store.ts'
import { chooseExportLibrary, MAX_VECTORS, MIN_VECTORS } from '../../store/export-commands.ts'
import type { ExportSettings } from '../../store/export-slice.ts'
import type { LibraryOption } from './use-c-package.ts'

interface ExportSettingsFormProps {
  libraryId: string
  libraries: readonly LibraryOption[]
  draft: string
  prefixProblem: string | null
  onDraft(text: string): void
  onCommitDraft(): void
  settings: ExportSettings
}

const clampInt = (text: string, min: number, max: number, fallback: number) => {
  const n = Math.round(Number(text))
  return Number.isFinite(n) && text.trim() !== '' ? Math.min(max, Math.max(min, n)) : fallback
}

export function ExportSettingsForm({ libraryId, libraries, draft, prefixProblem, onDraft, onCommitDraft, settings }: ExportSettingsFormProps) {
  const s = editorStore.getState()
  const others = libraries.filter((o) => o.library.id !== libraryId && o.reasons.length > 0)
  return (
    <div className="tf-export-form">
      <label className="tf-export-form__label" htmlFor="export-library">Library</label>
      <div className="tf-export-form__field">
        <select id="export-library" className="tf-select" value={libraryId} onChange={(e) => chooseExportLibrary(editorStore, e.target.value)}>
          {libraries.map(({ library, reasons }) => (
            <option key={library.id} value={library.id} disabled={library.id !== libraryId && reasons.length > 0}>
              {library.name} ({library.scheme}){library.id !== libraryId && reasons.length > 0 ? ' — not valid for this graph' : ''}
            </option>
          ))}
        </select>
        {others.map((o) => (
          <p key={o.library.id} className="tf-export-form__hint" title={o.reasons.join('\n')} data-testid={`library-invalid-${o.library.id}`}>
            {o.library.name} is not valid for this graph: {o.reasons[0]}{o.reasons.length > 1 ? ` (+${o.reasons.length - 1} more)` : ''}
          </p>
        ))}
      </div>

      <label className="tf-export-form__label" htmlFor="export-prefix">C prefix</label>
      <div className="tf-export-form__field">
        <input id="export-prefix" className="tf-export-form__input" type="text" value={draft} spellCheck={false} autoComplete="off"
          aria-invalid={prefixProblem !== null} aria-describedby="export-prefix-note"
          onChange={(e) => onDraft(e.target.value)} onBlur={onCommitDraft}
          onKeyDown={(e) => { if (e.key === 'Enter') onCommitDraft() }} />
        <p id="export-prefix-note" className={prefixProblem ? 'tf-export-form__error' : 'tf-export-form__hint'} data-testid="prefix-note">
          {prefixProblem ?? <>Names <code>{draft}_invoke()</code>, <code>include/{draft}.h</code> and the folder in the zip.</>}
        </p>
      </div>

      <label className="tf-export-form__label" htmlFor="export-vectors">Test vectors</label>
      <div className="tf-export-form__field">
        <div className="tf-export-form__row">
          <input id="export-vectors" className="tf-export-form__number" type="number" min={MIN_VECTORS} max={MAX_VECTORS} step={1}
            value={settings.vectors}
            onChange={(e) => s.setExportSettings({ vectors: clampInt(e.target.value, MIN_VECTORS, MAX_VECTORS, settings.vectors) })} />
          <label className="tf-export-form__inline-label" htmlFor="export-seed">seed</label>
          <input id="export-seed" className="tf-export-form__number" type="number" min={0} step={1} value={settings.seed}
            onChange={(e) => s.setExportSettings({ seed: clampInt(e.target.value, 0, 2 ** 31 - 1, settings.seed) })} />
        </div>
        <p className="tf-export-form__hint">
          Seeded inputs with the int8 engine's outputs, in <code>examples/test_vectors.h</code>; <code>make test</code> passes only
          if every output byte matches.
        </p>
      </div>
    </div>
  )
}
