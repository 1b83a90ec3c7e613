/**
 * Geometry of the memory timeline chart: x = execution step (a buffer live from step f to step l spans
 * [f, l + 1)), y = arena offset growing upwards from 0 at the bottom. One rectangle per arena buffer;
 * tensors that alias another's buffer (Reshape, Flatten) share its rectangle and are listed on it.
 * Also the arena, lower-bound and device-RAM lines, the live-bytes envelope, the peak step and axis ticks.
 */
import type { ArenaBuffer, MemoryReport } from '../../core/estimate/report-types.ts'

export interface Plot {
  x: number
  y: number
  width: number
  height: number
}

export interface BufferRect {
  buffer: ArenaBuffer
  /** Tensors sharing this buffer (their ArenaBuffer has aliasOf = this buffer's node). */
  aliases: ArenaBuffer[]
  x: number
  y: number
  width: number
  height: number
}

export interface Tick {
  value: number
  /** Pixel position along the axis. */
  at: number
}

export interface MemoryChartGeometry {
  plot: Plot
  stepWidth: number
  yMax: number
  rects: BufferRect[]
  arenaY: number
  lowerBoundY: number
  /** Device RAM budget line, when it lies within the chart's range; else null. */
  budgetY: number | null
  /** The step with the most live bytes, and that many bytes. */
  peakStep: number
  peakBytes: number
  /** SVG path of the live-bytes envelope (a step line). */
  envelope: string
  xTicks: Tick[]
  yTicks: Tick[]
}

export const MARGIN = { left: 64, right: 16, top: 20, bottom: 28 }

/** Tiny tensors still get a rectangle one can see and hover. */
const MIN_RECT_HEIGHT = 3

/** Shows the device RAM line only when it is below this multiple of the arena (else it would flatten the chart). */
const BUDGET_RANGE = 1.3

export function memoryChartGeometry(memory: MemoryReport, width: number, height: number, ramBudget?: number): MemoryChartGeometry {
  const plot: Plot = {
    x: MARGIN.left, y: MARGIN.top,
    width: Math.max(1, width - MARGIN.left - MARGIN.right), height: Math.max(1, height - MARGIN.top - MARGIN.bottom),
  }
  const steps = Math.max(1, memory.order.length)
  const stepWidth = plot.width / steps
  const showBudget = ramBudget !== undefined && ramBudget > 0 && ramBudget <= memory.arenaBytes * BUDGET_RANGE
  const top = Math.max(memory.arenaBytes, showBudget ? ramBudget : 0, 1)
  const yStep = niceByteStep(top / 4)
  const yMax = Math.ceil((top * 1.05) / yStep) * yStep
  const yOf = (bytes: number) => plot.y + plot.height - (bytes / yMax) * plot.height
  const xOf = (step: number) => plot.x + step * stepWidth

  const aliasesOf = new Map<string, ArenaBuffer[]>()
  for (const b of memory.buffers) {
    if (b.aliasOf === null) continue
    const list = aliasesOf.get(b.aliasOf)
    if (list) list.push(b)
    else aliasesOf.set(b.aliasOf, [b])
  }
  const rects = memory.buffers.filter((b) => b.aliasOf === null).map((b) => ({
    buffer: b,
    aliases: aliasesOf.get(b.node) ?? [],
    x: xOf(b.firstUse),
    y: Math.min(yOf(b.offset + b.alignedSize), yOf(b.offset) - MIN_RECT_HEIGHT),
    width: (b.lastUse - b.firstUse + 1) * stepWidth,
    height: Math.max(MIN_RECT_HEIGHT, (b.alignedSize / yMax) * plot.height),
  }))

  let peakStep = 0
  memory.liveBytes.forEach((v, i) => { if (v > memory.liveBytes[peakStep]) peakStep = i })
  const envelope = memory.liveBytes
    .map((v, i) => `${i === 0 ? 'M' : 'L'}${round(xOf(i))},${round(yOf(v))}H${round(xOf(i + 1))}`)
    .join('')

  const xEvery = Math.max(1, niceStep(steps / Math.max(1, Math.floor(plot.width / 48))))
  const xTicks: Tick[] = []
  for (let s = 0; s < steps; s += xEvery) xTicks.push({ value: s, at: xOf(s + 0.5) })
  const yTicks: Tick[] = []
  for (let v = 0; v <= yMax + 1e-9; v += yStep) yTicks.push({ value: v, at: yOf(v) })

  return {
    plot, stepWidth, yMax, rects,
    arenaY: yOf(memory.arenaBytes),
    lowerBoundY: yOf(memory.lowerBoundBytes),
    budgetY: showBudget ? yOf(ramBudget) : null,
    peakStep,
    peakBytes: memory.liveBytes[peakStep] ?? 0,
    envelope,
    xTicks,
    yTicks,
  }
}

/** A byte step that reads well in the unit the axis shows: a nice number of B, KiB or MiB (2048, 5120, …). */
export function niceByteStep(raw: number): number {
  const unit = raw >= 1024 ** 2 ? 1024 ** 2 : raw >= 1024 ? 1024 : 1
  return niceStep(raw / unit) * unit
}

/** 1, 2 or 5 × a power of ten, at least `raw`. */
export function niceStep(raw: number): number {
  if (!(raw > 0)) return 1
  const p = 10 ** Math.floor(Math.log10(raw))
  for (const m of [1, 2, 5, 10]) if (m * p >= raw) return m * p
  return 10 * p
}

function round(v: number): number {
  return Math.round(v * 10) / 10
}
