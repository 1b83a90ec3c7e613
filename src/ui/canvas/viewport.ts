/**
 * Viewport arithmetic for the canvas. `readableViewport` frames a graph after it is opened: the whole
 * graph when it fits at a legible zoom, otherwise its top-left part at the smallest legible zoom (the
 * "Fit view" button still shows everything, however small).
 */
import { NODE_HEIGHT, NODE_WIDTH } from '../../core/layout/auto-layout.ts'
import type { Position } from '../../core/ir/types.ts'

export interface Viewport {
  x: number
  y: number
  zoom: number
}

export interface Bounds {
  x: number
  y: number
  width: number
  height: number
}

/** Bounds of node boxes (auto-layout box size) at the given top-left positions. */
export function boundsOf(positions: readonly Position[]): Bounds | undefined {
  if (positions.length === 0) return undefined
  const minX = Math.min(...positions.map((p) => p.x))
  const minY = Math.min(...positions.map((p) => p.y))
  const maxX = Math.max(...positions.map((p) => p.x)) + NODE_WIDTH
  const maxY = Math.max(...positions.map((p) => p.y)) + NODE_HEIGHT
  return { x: minX, y: minY, width: maxX - minX, height: maxY - minY }
}

export interface ReadableOptions {
  minZoom: number
  maxZoom: number
  /** Screen pixels kept free around the graph. */
  padding: number
}

export const READABLE: ReadableOptions = { minZoom: 0.8, maxZoom: 1, padding: 40 }

export function readableViewport(bounds: Bounds, viewWidth: number, viewHeight: number, o: ReadableOptions = READABLE): Viewport {
  const availW = Math.max(1, viewWidth - 2 * o.padding)
  const availH = Math.max(1, viewHeight - 2 * o.padding)
  const fit = Math.min(availW / bounds.width, availH / bounds.height)
  const zoom = Math.min(o.maxZoom, Math.max(o.minZoom, fit))
  const w = bounds.width * zoom
  const h = bounds.height * zoom
  const x = w <= availW ? (viewWidth - w) / 2 - bounds.x * zoom : o.padding - bounds.x * zoom
  const y = h <= availH ? (viewHeight - h) / 2 - bounds.y * zoom : o.padding - bounds.y * zoom
  return { x, y, zoom }
}

/**
 * A free spot for a new card near `start`: moves right one card width (plus a gap) at a time while the
 * card would overlap an existing one.
 */
export function freeSpot(start: Position, taken: readonly Position[], gap = 24): Position {
  const overlaps = (p: Position) => taken.some((t) => Math.abs(t.x - p.x) < NODE_WIDTH + gap && Math.abs(t.y - p.y) < NODE_HEIGHT + gap)
  let p = start
  for (let i = 0; i < 200 && overlaps(p); i++) p = { x: p.x + NODE_WIDTH + gap, y: p.y }
  return p
}
