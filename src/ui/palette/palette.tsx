/**
 * The operator palette: exactly the operators the selected vendor library implements (registry ∩
 * library.ops), grouped by category, filtered by a search box. Items drag onto the canvas, or are added
 * at the view centre by double-click or Enter.
 */
import { useMemo, useState } from 'react'
import type { OpCategory, OpDef } from '../../core/ops/op-def.ts'
import { OPS } from '../../core/ops/registry.ts'
import type { VendorLibrary } from '../../core/vendors/types.ts'
import { useAddAtViewCenter } from '../canvas/use-add-at-view-center.ts'
import { useLibrary } from '../hooks/use-library.ts'
import { PaletteItem } from './palette-item.tsx'

export const CATEGORY_ORDER: readonly { id: OpCategory; title: string }[] = [
  { id: 'input', title: 'Input' },
  { id: 'convolution', title: 'Convolution' },
  { id: 'pooling', title: 'Pooling' },
  { id: 'dense', title: 'Dense' },
  { id: 'recurrent', title: 'Recurrent' },
  { id: 'activation', title: 'Activation' },
  { id: 'elementwise', title: 'Elementwise' },
  { id: 'shape', title: 'Shape' },
  { id: 'exit', title: 'Early exit' },
]

export function libraryOps(library: VendorLibrary): OpDef[] {
  return OPS.filter((op) => library.ops[op.type] !== undefined)
}

function matches(op: OpDef, query: string): boolean {
  if (query === '') return true
  const q = query.toLowerCase()
  return op.type.toLowerCase().includes(q) || op.label.toLowerCase().includes(q) || op.category.includes(q)
}

export function Palette() {
  const library = useLibrary()
  const [query, setQuery] = useState('')
  const addAtCenter = useAddAtViewCenter()
  const available = useMemo(() => libraryOps(library), [library])
  const groups = useMemo(() => {
    const shown = available.filter((op) => matches(op, query.trim()))
    return CATEGORY_ORDER.map((c) => ({ ...c, ops: shown.filter((op) => op.category === c.id) })).filter((g) => g.ops.length > 0)
  }, [available, query])

  return (
    <aside className="tf-palette" aria-label="Operator palette" data-testid="palette">
      <div className="tf-panel__header">
        <h2 className="tf-panel__title">Operators</h2>
        <span className="tf-panel__meta" data-testid="palette-count">{available.length} in {library.name}</span>
      </div>
      <div className="tf-palette__search">
        <label className="tf-visually-hidden" htmlFor="palette-search">Search operators</label>
        <input id="palette-search" type="search" placeholder="Search operators" value={query}
          onChange={(e) => setQuery(e.target.value)} />
      </div>
      <div className="tf-palette__groups">
        {groups.map((g) => (
          <section key={g.id} className="tf-palette__group" aria-labelledby={`palette-group-${g.id}`}>
            <h3 id={`palette-group-${g.id}`} className="tf-palette__group-title">{g.title}</h3>
            <ul className="tf-palette__list">
              {g.ops.map((op) => <PaletteItem key={op.type} op={op} onAdd={addAtCenter} />)}
            </ul>
          </section>
        ))}
        {groups.length === 0 && (
          <p className="tf-empty">{available.length === 0 ? 'No operators are registered yet.' : `No operator matches “${query}”.`}</p>
        )}
      </div>
      <p className="tf-palette__tip">Drag onto the canvas, or double-click / Enter to add.</p>
    </aside>
  )
}
