/** The drag payload a palette item carries onto the canvas (HTML5 drag and drop). */
import { NODE_WIDTH } from '../../core/layout/auto-layout.ts'

export const OP_DRAG_MIME = 'application/x-tinyforge-op'

/** Card width in canvas pixels (the auto-layout box width); a dropped card is centred on the drop point. */
export const CARD_WIDTH = NODE_WIDTH

/** Grid new nodes snap to, in canvas pixels. */
export const GRID = 8

export function snap(v: number): number {
  return Math.round(v / GRID) * GRID
}
