/**
 * The split chart (Chart.js): one stacked bar per cut position — device, transfer and tail latency of the focused
 * target × link × tier at the slider's bandwidth — with the latency-best (★) and energy-best (⚡) cuts marked on the
 * axis, flagged cuts marked (▲ tensor larger than the input, ✕ refused), and the two baselines as dashed lines.
 * The canvas gets data-ready="true" once drawn (animations are off, so that is the first frame).
 */
import { useEffect, useRef } from 'react'
import type { ChartConfiguration } from 'chart.js'
import { BarController, BarElement, CategoryScale, Chart, Legend, LineController, LineElement, LinearScale, PointElement, Tooltip } from 'chart.js'
import type { CutTable } from '../../core/formats/split/cuts.ts'
import type { SplitCombination } from '../../core/pipelines/split/analyze-split.ts'

Chart.register(BarController, BarElement, CategoryScale, LinearScale, LineController, LineElement, PointElement, Tooltip, Legend)

export interface SplitChartProps {
  table: CutTable
  combination: SplitCombination
  /** The cut picked for export (outlined). */
  picked: number | null
  onPick(cut: number): void
}

/** Axis label of a cut: its index with its marks. */
export function cutLabel(table: CutTable, combination: SplitCombination, k: number): string {
  const cut = table.cuts[k]
  const marks = [k === combination.bestLatency ? '★' : '', k === combination.bestEnergy ? '⚡' : '', cut.largerThanInput ? '▲' : '',
    cut.illegal ? '✕' : ''].join('')
  return `${k}${marks}`
}

function config(props: SplitChartProps): ChartConfiguration<'bar' | 'line'> {
  const { table, combination } = props
  const costs = combination.costs
  const labels = table.cuts.map((_, k) => cutLabel(table, combination, k))
  const pick = (f: (c: NonNullable<(typeof costs)[number]>) => number) => costs.map((c) => (c ? f(c) : null))
  const flat = (v: number | undefined) => table.cuts.map(() => v ?? null)
  const border = table.cuts.map((_, k) => (k === props.picked ? '#111827' : 'transparent'))
  return {
    type: 'bar',
    data: {
      labels,
      datasets: [
        { type: 'bar', label: 'Device (head)', data: pick((c) => c.deviceMs), backgroundColor: '#2563eb', stack: 'ms', borderColor: border, borderWidth: 2 },
        { type: 'bar', label: 'Transfer', data: pick((c) => c.transferMs), backgroundColor: '#f59e0b', stack: 'ms', borderColor: border, borderWidth: 2 },
        { type: 'bar', label: 'Tail (tier)', data: pick((c) => c.tailMs), backgroundColor: '#10b981', stack: 'ms', borderColor: border, borderWidth: 2 },
        // Each baseline in a stack of its own: the y axis stacks the bars, and lines sharing a stack would add up.
        { type: 'line', label: 'All on device', data: flat(combination.baselines.device?.totalMs), stack: 'device-baseline', borderColor: '#6b7280', borderDash: [6, 4],
          borderWidth: 1.5, pointRadius: 0 },
        { type: 'line', label: 'All remote (send the input)', data: flat(combination.baselines.remote.totalMs), stack: 'remote-baseline', borderColor: '#dc2626',
          borderDash: [2, 3], borderWidth: 1.5, pointRadius: 0 },
      ],
    },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      interaction: { mode: 'index', intersect: false },
      onClick: (_event, elements) => { if (elements[0]) props.onPick(elements[0].index) },
      scales: {
        x: { stacked: true, title: { display: true, text: 'cut after node # (execution order)' } },
        y: { stacked: true, title: { display: true, text: 'end-to-end latency (ms)' }, beginAtZero: true },
      },
      plugins: {
        legend: { position: 'bottom', labels: { boxWidth: 12 } },
        tooltip: {
          callbacks: {
            title: (items) => {
              const cut = table.cuts[items[0].dataIndex]
              return `cut ${cut.index}: after ${cut.afterName} (${cut.op}), sends ${cut.bytes} B${cut.illegal ? ` — refused: ${cut.illegal}` : ''}`
            },
          },
        },
      },
    },
  }
}

export function SplitChart(props: SplitChartProps) {
  const canvas = useRef<HTMLCanvasElement>(null)
  const chart = useRef<Chart<'bar' | 'line'> | null>(null)
  useEffect(() => {
    if (!canvas.current) return
    chart.current = new Chart(canvas.current, config(props))
    canvas.current.dataset.ready = 'true'
    return () => {
      chart.current?.destroy()
      chart.current = null
    }
    // Built once on mount; later props update it in place (the effect below).
  }, [])
  useEffect(() => {
    const c = chart.current
    if (!c) return
    const next = config(props)
    c.data = next.data
    c.options = next.options!
    c.update('none')
  })
  const { combination } = props
  return (
    <div className="tf-split-chart">
      <canvas ref={canvas} data-testid="split-chart" role="img"
        aria-label={`Latency per cut: best for latency cut ${combination.bestLatency ?? 'none'}, best for device energy cut ${combination.bestEnergy ?? 'none'}`} />
    </div>
  )
}
