/**
 * The simulated epoch of the cut-training pipeline (Chart.js): one horizontal stacked bar per device — compute,
 * transfer and idle seconds (fill/drain bubbles and waiting for a slower neighbour) — adding up to the epoch time.
 * The canvas gets data-ready="true" once drawn (animations are off).
 */
import { useEffect, useRef } from 'react'
import type { ChartConfiguration } from 'chart.js'
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip } from 'chart.js'
import type { Schedule } from '../../core/pipelines/cut/simulate.ts'

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip, Legend)

export function CutTimelineChart({ schedule, labels }: { schedule: Schedule; labels: string[] }) {
  const canvas = useRef<HTMLCanvasElement>(null)
  useEffect(() => {
    if (!canvas.current) return undefined
    const d = schedule.devices
    const config: ChartConfiguration<'bar'> = {
      type: 'bar',
      data: {
        labels,
        datasets: [
          { label: 'Compute (block + head)', data: d.map((x) => x.compute), backgroundColor: '#2563eb', stack: 's' },
          { label: 'Transfer', data: d.map((x) => x.transfer), backgroundColor: '#f59e0b', stack: 's' },
          { label: 'Idle (bubbles, waiting)', data: d.map((x) => x.idle), backgroundColor: '#d1d5db', stack: 's' },
        ],
      },
      options: {
        indexAxis: 'y', animation: false, responsive: true, maintainAspectRatio: false,
        scales: { x: { stacked: true, title: { display: true, text: 'seconds per epoch (simulated)' } }, y: { stacked: true } },
        plugins: { legend: { position: 'bottom' }, tooltip: { callbacks: { label: (c) => `${c.dataset.label}: ${Number(c.raw).toFixed(2)} s` } } },
      },
    }
    const chart = new Chart(canvas.current, config)
    canvas.current.dataset.ready = 'true'
    return () => chart.destroy()
  }, [schedule, labels])
  return <div className="tf-cut-chart"><canvas ref={canvas} role="img" aria-label="Simulated pipeline timeline per device" data-testid="cut-timeline" /></div>
}
