/**
 * Training curves (chart.js): the running mean training loss after every batch (left axis) and, per finished epoch,
 * training and validation accuracy (right axis, %); x = epochs. The title names the epoch QAT starts from.
 */
import { Chart, Legend, LineController, LineElement, LinearScale, PointElement, Title, Tooltip } from 'chart.js'
import type { ChartConfiguration } from 'chart.js'
import { useEffect, useRef } from 'react'
import type { TrainingEpoch } from '../../core/ir/training-run.ts'

Chart.register(LineController, LineElement, PointElement, LinearScale, Tooltip, Legend, Title)

interface Props {
  curve: readonly { x: number; loss: number }[]
  history: readonly TrainingEpoch[]
  epochs: number
}

type Point = { x: number; y: number }

export function TrainChart({ curve, history, epochs }: Props) {
  const canvas = useRef<HTMLCanvasElement>(null)
  const chart = useRef<Chart | null>(null)

  useEffect(() => {
    const firstQat = history.find((h) => h.phase === 'qat')?.epoch
    const data = {
      datasets: [
        { label: 'Training loss', data: curve.map((p) => ({ x: p.x, y: p.loss })), yAxisID: 'loss', borderColor: '#2f6fed', backgroundColor: '#2f6fed',
          pointRadius: 0, borderWidth: 1.5, tension: 0.2 },
        { label: 'Train accuracy', data: history.map((h): Point => ({ x: h.epoch, y: h.trainAccuracy * 100 })), yAxisID: 'acc',
          borderColor: '#98a2b3', backgroundColor: '#98a2b3', pointRadius: 3, borderWidth: 1.5, borderDash: [4, 3] },
        { label: 'Validation accuracy', data: history.filter((h) => h.validationAccuracy !== null).map((h): Point => ({ x: h.epoch, y: h.validationAccuracy! * 100 })),
          yAxisID: 'acc', borderColor: '#e07b00', backgroundColor: '#e07b00', pointRadius: 3, borderWidth: 2 },
      ],
    }
    if (chart.current) {
      chart.current.data = data as never
      ;(chart.current.options.scales!.x as { max: number }).max = Math.max(1, epochs)
      chart.current.options.plugins!.title = qatTitle(firstQat)
      chart.current.update('none')
      return
    }
    const config: ChartConfiguration<'line', Point[]> = {
      type: 'line',
      data: data as never,
      options: {
        animation: false, responsive: true, maintainAspectRatio: false, parsing: false, normalized: true,
        interaction: { mode: 'nearest', intersect: false },
        scales: {
          x: { type: 'linear', min: 0, max: Math.max(1, epochs), title: { display: true, text: 'Epoch' }, ticks: { stepSize: 1, precision: 0 } },
          loss: { type: 'linear', position: 'left', min: 0, title: { display: true, text: 'Loss' } },
          acc: { type: 'linear', position: 'right', min: 0, max: 100, title: { display: true, text: 'Accuracy %' }, grid: { drawOnChartArea: false } },
        },
        plugins: {
          legend: { position: 'top', align: 'start', labels: { boxWidth: 12, boxHeight: 2, font: { size: 11 } } },
          title: qatTitle(firstQat),
          tooltip: { callbacks: { label: (item) => `${item.dataset.label}: ${Number(item.parsed.y).toFixed(item.dataset.yAxisID === 'acc' ? 1 : 3)}` } },
        },
      },
    }
    chart.current = new Chart(canvas.current!, config as never)
  }, [curve, history, epochs])

  useEffect(() => () => { chart.current?.destroy(); chart.current = null }, [])

  return (
    <div className="tf-train__chart" data-testid="train-chart">
      <canvas ref={canvas} role="img" aria-label="Training loss and accuracy per epoch" />
    </div>
  )
}

function qatTitle(firstQat: number | undefined) {
  return { display: firstQat !== undefined, text: firstQat !== undefined ? `QAT from epoch ${firstQat}` : '', align: 'end' as const,
    position: 'bottom' as const, font: { size: 11, weight: 'normal' as const }, color: '#667085', padding: { top: 0, bottom: 0 } }
}
