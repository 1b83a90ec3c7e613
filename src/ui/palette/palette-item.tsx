/** One draggable palette entry; double-click or Enter adds it at the view centre. */
import type { DragEvent, KeyboardEvent } from 'react'
import type { OpDef } from '../../core/ops/op-def.ts'
import { OP_DRAG_MIME } from '../canvas/palette-drag.ts'

export function PaletteItem({ op, onAdd }: { op: OpDef; onAdd: (type: string) => void }) {
  const onDragStart = (e: DragEvent) => {
    e.dataTransfer.setData(OP_DRAG_MIME, op.type)
    e.dataTransfer.setData('text/plain', op.type)
    e.dataTransfer.effectAllowed = 'copy'
  }
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault()
      onAdd(op.type)
    }
  }
  return (
    <li>
      <div className={`tf-palette__item tf-palette__item--${op.category}`} role="button" tabIndex={0} draggable
        aria-label={`Add ${op.label}`} title={`${op.label}: ${op.summary}`} data-testid={`palette-item-${op.type}`}
        onDragStart={onDragStart} onDoubleClick={() => onAdd(op.type)} onKeyDown={onKeyDown}>
        <span className="tf-palette__swatch" aria-hidden="true" />
        <span className="tf-palette__label">{op.label}</span>
      </div>
    </li>
  )
}
