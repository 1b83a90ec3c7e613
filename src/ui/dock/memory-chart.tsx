/**
 * The memory timeline (SVG): every arena buffer as a rectangle from its first to its last step at its
 * offset, coloured by the producer's operator category; the arena size, the liveness lower bound, the
 * device's RAM when it is close, and the peak step. Hover shows the tensor; click selects its producer.
 */
import type { PointerEvent as ReactPointerEvent } from 'react'
import { useMemo, useRef, useState } from 'react'
import type { MemoryReport } from '../../core/estimate/report-types.ts'
import type { Graph } from '../../core/ir/types.ts'
import { getOp } from '../../core/ops/registry.ts'
import { useElementSize } from '../hooks/use-element-size.ts'
import { formatAxisBytes, formatBytes } from './estimate-format.ts'
import type { BufferRect } from './memory-geometry.ts'
import { memoryChartGeometry } from './memory-geometry.ts'

interface MemoryChartProps {
  memory: MemoryReport
  graph: Graph
  selected: readonly string[]
  /** Device RAM available to the arena on the focused target (drawn when close to the arena). */
  ramBudget?: number
  ramLabel?: string
  onSelectNode: (id: string) => void
}

export function MemoryChart({ memory, graph, selected, ramBudget, ramLabel, onSelectNode }: MemoryChartProps) {
  const boxRef = useRef<HTMLDivElement>(null)
  const { width, height } = useElementSize(boxRef)
  const [hover, setHover] = useState<{ rect: BufferRect; x: number; y: number } | null>(null)
  const g = useMemo(() => memoryChartGeometry(memory, width, height, ramBudget), [memory, width, height, ramBudget])
  const nodes = useMemo(() => new Map(graph.nodes.map((n) => [n.id, n])), [graph])
  const categoryOf = (id: string) => getOp(nodes.get(id)?.op ?? '')?.category ?? 'unknown'
  const stepName = (step: number) => nodes.get(memory.order[step])?.name ?? memory.order[step] ?? '?'
  const { plot } = g
  const right = plot.x + plot.width
  const pointIn = (e: ReactPointerEvent) => {
    const box = boxRef.current?.getBoundingClientRect()
    return { x: e.clientX - (box?.left ?? 0), y: e.clientY - (box?.top ?? 0) }
  }

  return (
    <div className="tf-memchart" ref={boxRef} data-testid="memory-chart">
      {width > 0 && height > 0 && (
        <svg width={width} height={height} role="img" aria-label={`Arena of ${formatBytes(memory.arenaBytes)}: tensor lifetimes over ${memory.order.length} steps`}>
          {g.yTicks.map((t) => (
            <g key={t.value}>
              <line className="tf-memchart__grid" x1={plot.x} x2={right} y1={t.at} y2={t.at} />
              <text className="tf-memchart__tick" x={plot.x - 8} y={t.at} textAnchor="end" dominantBaseline="middle">{formatAxisBytes(t.value)}</text>
            </g>
          ))}
          {g.xTicks.map((t) => (
            <text key={t.value} className="tf-memchart__tick" x={t.at} y={plot.y + plot.height + 16} textAnchor="middle">{t.value}</text>
          ))}
          <line className="tf-memchart__axis" x1={plot.x} x2={right} y1={plot.y + plot.height} y2={plot.y + plot.height} />
          <text className="tf-memchart__axis-title" x={plot.x - 8} y={plot.y - 10} textAnchor="end">offset</text>
          <text className="tf-memchart__axis-title" x={plot.x - 8} y={plot.y + plot.height + 16} textAnchor="end">step</text>
          <rect className="tf-memchart__peak" x={plot.x + g.peakStep * g.stepWidth} y={plot.y} width={g.stepWidth} height={plot.height}>
            <title>Peak: {formatBytes(g.peakBytes)} live at step {g.peakStep} ({stepName(g.peakStep)})</title>
          </rect>
          {g.rects.map((r) => {
            const isSelected = selected.includes(r.buffer.node) || r.aliases.some((a) => selected.includes(a.node))
            return (
              <rect key={r.buffer.node} data-testid="memory-rect" data-node-id={r.buffer.node}
                className={`tf-memchart__buf tf-memchart__buf--${categoryOf(r.buffer.node)}${isSelected ? ' tf-memchart__buf--selected' : ''}`}
                x={r.x + 1} y={r.y} width={Math.max(1, r.width - 2)} height={r.height} rx={2}
                onPointerEnter={(e) => setHover({ rect: r, ...pointIn(e) })}
                onPointerMove={(e) => setHover({ rect: r, ...pointIn(e) })}
                onPointerLeave={() => setHover(null)}
                onClick={() => onSelectNode(r.buffer.node)} />
            )
          })}
          <path className="tf-memchart__envelope" d={g.envelope} />
          <Marker y={g.lowerBoundY} x1={plot.x} x2={right} kind="bound" label={`lower bound ${formatBytes(memory.lowerBoundBytes)}`}
            below={Math.abs(g.lowerBoundY - g.arenaY) < 14} />
          <Marker y={g.arenaY} x1={plot.x} x2={right} kind="arena" label={`arena ${formatBytes(memory.arenaBytes)}`} />
          {g.budgetY !== null && ramBudget !== undefined && (
            <Marker y={g.budgetY} x1={plot.x} x2={right} kind="budget" label={`${ramLabel ?? 'device RAM'} ${formatBytes(ramBudget)}`} />
          )}
        </svg>
      )}
      {hover && <Tooltip hover={hover} stepName={stepName} op={nodes.get(hover.rect.buffer.node)?.op} width={width} height={height} />}
    </div>
  )
}

function Marker({ y, x1, x2, kind, label, below = false }: { y: number; x1: number; x2: number; kind: string; label: string; below?: boolean }) {
  return (
    <g className={`tf-memchart__line tf-memchart__line--${kind}`} data-testid={`memory-line-${kind}`}>
      <line x1={x1} x2={x2} y1={y} y2={y} />
      <text x={x2 - 4} y={below ? y + 12 : y - 4} textAnchor="end">{label}</text>
    </g>
  )
}

interface TooltipProps {
  hover: { rect: BufferRect; x: number; y: number }
  stepName: (s: number) => string
  op?: string
  width: number
  height: number
}

/** Tooltip beside the pointer, on the side with room (right/left, below/above). */
function Tooltip({ hover, stepName, op, width, height }: TooltipProps) {
  const b = hover.rect.buffer
  const style = {
    ...(hover.x < width / 2 ? { left: hover.x + 14 } : { right: width - hover.x + 14 }),
    ...(hover.y < height / 2 ? { top: hover.y + 12 } : { bottom: height - hover.y + 12 }),
  }
  return (
    <div className="tf-memchart__tip" role="tooltip" data-testid="memory-tooltip" style={style}>
      <p className="tf-memchart__tip-title">{b.name}{op ? <span className="tf-memchart__tip-op"> {op}</span> : null}</p>
      <dl>
        <dt>Size</dt><dd>{formatBytes(b.size)}{b.alignedSize !== b.size ? ` (${formatBytes(b.alignedSize)} aligned)` : ''}</dd>
        <dt>Offset</dt><dd>{b.offset.toLocaleString('en-US')} – {(b.offset + b.alignedSize).toLocaleString('en-US')}</dd>
        <dt>Live</dt><dd>step {b.firstUse} ({stepName(b.firstUse)}) → {b.lastUse} ({stepName(b.lastUse)})</dd>
        {hover.rect.aliases.length > 0 && <><dt>Shared by</dt><dd>{hover.rect.aliases.map((a) => a.name).join(', ')}</dd></>}
      </dl>
    </div>
  )
}
