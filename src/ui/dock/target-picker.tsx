/**
 * Choosing the compared boards: a popover with every catalog board grouped by core family (searchable),
 * the project's custom boards (removable), and shortcuts for the default set, all, or none. The choice is
 * stored in the document's `targets`.
 */
import type { RefObject } from 'react'
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react'
import { createPortal } from 'react-dom'
import { CATALOG_TARGETS } from '../../core/targets/catalog.ts'
import type { Target } from '../../core/targets/types.ts'
import { CORE_IDS } from '../../core/targets/types.ts'
import { selectCustomTargets, selectTargetIds } from '../../store/document-slice.ts'
import { editorStore } from '../../store/editor-store.ts'
import { DEFAULT_TARGET_IDS, customTarget, setCatalogSelection, setTargetCompared } from '../../store/target-commands.ts'
import { useEditor } from '../hooks/use-editor.ts'
import { CORE_LABELS, formatBytes } from './estimate-format.ts'

interface TargetPickerProps {
  /** The button the popover opens above (right-aligned with it). */
  anchorRef: RefObject<HTMLElement | null>
  onClose: () => void
}

/** Where the popover sits: above the anchor, right edges aligned (fixed, so the dock does not clip it). */
function usePlacement(anchorRef: RefObject<HTMLElement | null>): { right: number; bottom: number } | null {
  const [place, setPlace] = useState<{ right: number; bottom: number } | null>(null)
  useLayoutEffect(() => {
    const update = () => {
      const r = anchorRef.current?.getBoundingClientRect()
      if (r) setPlace({ right: window.innerWidth - r.right, bottom: window.innerHeight - r.top + 6 })
    }
    update()
    window.addEventListener('resize', update)
    return () => window.removeEventListener('resize', update)
  }, [anchorRef])
  return place
}

export function TargetPicker({ anchorRef, onClose }: TargetPickerProps) {
  const place = usePlacement(anchorRef)
  const selected = useEditor(selectTargetIds)
  const customSpecs = useEditor(selectCustomTargets)
  const [query, setQuery] = useState('')
  const rootRef = useRef<HTMLDivElement>(null)
  const searchRef = useRef<HTMLInputElement>(null)

  useEffect(() => { searchRef.current?.focus() }, [])
  useEffect(() => {
    const onPointer = (e: PointerEvent) => {
      const target = e.target as HTMLElement
      if (!rootRef.current?.contains(target) && !target.closest('[data-picker-toggle]')) onClose()
    }
    document.addEventListener('pointerdown', onPointer)
    return () => document.removeEventListener('pointerdown', onPointer)
  }, [onClose])

  const custom = useMemo(() => customSpecs.flatMap((spec) => {
    try { return [customTarget(spec)] } catch { return [] }
  }), [customSpecs])
  const q = query.trim().toLowerCase()
  const matches = (t: Target) => q === '' || `${t.name} ${t.board} ${CORE_LABELS[t.core]} ${t.core}`.toLowerCase().includes(q)
  const groups = CORE_IDS.map((core) => ({ core, boards: CATALOG_TARGETS.filter((t) => t.core === core && matches(t)) }))
    .filter((g) => g.boards.length > 0)
  const shownCustom = custom.filter(matches)
  const catalogSelected = CATALOG_TARGETS.filter((t) => selected.includes(t.id)).length

  return createPortal(
    <div className="tf-popover tf-picker" role="dialog" aria-label="Choose targets" ref={rootRef} data-testid="target-picker"
      style={place ? { right: place.right, bottom: place.bottom } : { visibility: 'hidden' }}
      onKeyDown={(e) => { if (e.key === 'Escape') { e.stopPropagation(); onClose() } }}>
      <div className="tf-picker__search">
        <input ref={searchRef} type="search" placeholder="Search boards, chips or cores" aria-label="Search boards"
          value={query} onChange={(e) => setQuery(e.target.value)} />
      </div>
      <div className="tf-picker__list">
        {shownCustom.length > 0 && (
          <section className="tf-picker__group" aria-label="Custom">
            <h3 className="tf-picker__group-title">Custom</h3>
            {shownCustom.map((t) => (
              <BoardRow key={t.id} target={t} checked={selected.includes(t.id)}
                onRemove={() => editorStore.getState().removeCustomTarget(t.id)} />
            ))}
          </section>
        )}
        {groups.map((g) => (
          <section key={g.core} className="tf-picker__group" aria-label={CORE_LABELS[g.core]}>
            <h3 className="tf-picker__group-title">{CORE_LABELS[g.core]}</h3>
            {g.boards.map((t) => <BoardRow key={t.id} target={t} checked={selected.includes(t.id)} />)}
          </section>
        ))}
        {groups.length === 0 && shownCustom.length === 0 && <p className="tf-empty tf-picker__none">No board matches “{query}”.</p>}
      </div>
      <div className="tf-picker__footer">
        <span className="tf-picker__count" data-testid="picker-count">{catalogSelected} of {CATALOG_TARGETS.length} boards</span>
        <span className="tf-picker__actions">
          <button type="button" className="tf-button tf-button--quiet" onClick={() => setCatalogSelection(editorStore, DEFAULT_TARGET_IDS)}>Defaults</button>
          <button type="button" className="tf-button tf-button--quiet" onClick={() => setCatalogSelection(editorStore, CATALOG_TARGETS.map((t) => t.id))}>All</button>
          <button type="button" className="tf-button tf-button--quiet" onClick={() => setCatalogSelection(editorStore, [])}>None</button>
        </span>
      </div>
    </div>,
    document.body,
  )
}

function BoardRow({ target, checked, onRemove }: { target: Target; checked: boolean; onRemove?: () => void }) {
  const id = `pick-${target.id}`
  return (
    <div className="tf-picker__row" data-testid="picker-board" data-target-id={target.id}>
      <input id={id} type="checkbox" checked={checked}
        onChange={(e) => setTargetCompared(editorStore, target.id, e.target.checked)} />
      <label htmlFor={id} className="tf-picker__label">
        <span className="tf-picker__name">{target.board}</span>
        <span className="tf-picker__sub">
          {target.board !== target.name ? `${target.name} · ` : ''}{target.clockMHz} MHz · {formatBytes(target.sramBytes)} SRAM · {formatBytes(target.flashBytes)} flash
        </span>
      </label>
      {onRemove && (
        <button type="button" className="tf-button tf-button--quiet tf-picker__remove" aria-label={`Remove ${target.board}`}
          onClick={onRemove}>Remove</button>
      )}
    </div>
  )
}
