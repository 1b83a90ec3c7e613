/**
 * The exit-placement explorer's chart (chart.js): for each tap position of the main path (x, execution order), the
 * expected latency with one exit there firing at the assumed rate (blue), what an inference that exits there costs
 * (green), and the main path without exits (grey line). Points above the grey line are a net loss at that rate;
 * hover gives the head's cost and the break-even rate.
 */
import { CategoryScale, Chart, Legend, LineController, LineElement, LinearScale, PointElement, Tooltip } from 'chart.js'
import type { ChartConfiguration, TooltipItem } from 'chart.js'
import { useEffect, useRef } from 'react'
import type { PlacementPoint } from '../../core/pipelines/exits/exit-placement.ts'
import { placementExpectedMs } from '../../core/pipelines/exits/exit-placement.ts'

Chart.register(LineController, PointElement, LineElement, LinearScale, CategoryScale, Tooltip, Legend)

const ms = (x: number) => `${x >= 10 ? x.toFixed(1) : x.toFixed(2)} ms`

export function ExitsPlacementChart({ points, rate }: { points: readonly PlacementPoint[]; rate: number }) {
  const canvas = useRef<HTMLCanvasElement>(null)
  useEffect(() => {
    if (!canvas.current) return
    const labels = points.map((p) => p.name)
    const config: ChartConfiguration<'line', number[], string> = {
      type: 'line',
      data: {
        labels,
        datasets: [
          { label: `expected at ${Math.round(rate * 100)} % exits`, data: points.map((p) => placementExpectedMs(p, rate)), borderColor: '#2f6fed',
            backgroundColor: '#2f6fed', pointRadius: 3, borderWidth: 2 },
          { label: 'exit taken there', data: points.map((p) => p.prefixMs), borderColor: '#2e9d62', backgroundColor: '#2e9d62', pointRadius: 2,
            borderWidth: 1.5, borderDash: [4, 3] },
          { label: 'no exit', data: points.map((p) => p.mainMs), borderColor: '#98a2b3', backgroundColor: '#98a2b3', pointRadius: 0, borderWidth: 1.5 },
        ],
      },
      options: {
        animation: false, responsive: true, maintainAspectRatio: false,
        plugins: {
          legend: { position: 'top', align: 'end', labels: { boxWidth: 12, boxHeight: 2, font: { size: 11 } } },
          tooltip: { callbacks: {
            label: (item: TooltipItem<'line'>) => `${item.dataset.label}: ${ms(Number(item.raw))}`,
            afterBody: (items: TooltipItem<'line'>[]) => {
              const p = points[items[0]?.dataIndex ?? 0]
              const breakEven = Number.isFinite(p.breakEvenRate) && p.breakEvenRate <= 1 ? `${(100 * p.breakEvenRate).toFixed(1)} %` : 'never'
              return [`head ${ms(p.headMs)}`, `pays above ${breakEven} exits`]
            },
          } },
        },
        scales: {
          x: { title: { display: true, text: 'exit after (main path, execution order)' }, ticks: { maxRotation: 0, autoSkip: true } },
          y: { title: { display: true, text: 'latency' }, beginAtZero: true, ticks: { callback: (v) => ms(Number(v)) } },
        },
      },
    }
    const chart = new Chart(canvas.current, config)
    return () => chart.destroy()
  }, [points, rate])
  return <div className="tf-exits__chart"><canvas ref={canvas} aria-label="Expected latency by exit position" role="img" /></div>
}
