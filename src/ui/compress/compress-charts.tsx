/**
 * The Compress tab's charts (chart.js): the sensitivity of each layer — top-1 agreement with the uncompressed model
 * against the method's level (one line per layer) — and the whole model's size against agreement (flash on the scan's
 * board, one point per level, the uncompressed model as the reference point). Data: the 'compress-scan' job's result.
 */
import { Chart, Legend, LineController, LineElement, LinearScale, PointElement, ScatterController, Tooltip } from 'chart.js'
import type { ChartConfiguration } from 'chart.js'
import { useEffect, useRef } from 'react'
import type { SensitivityResult } from '../../core/pipelines/compress/sensitivity.ts'
import { formatAxisBytes, formatBytes } from '../dock/estimate-format.ts'
import { KNOB } from './compress-format.ts'

Chart.register(ScatterController, LineController, PointElement, LineElement, LinearScale, Tooltip, Legend)

const PALETTE = ['#2f6fed', '#e07b00', '#1f9d55', '#c2410c', '#7c3aed', '#0891b2', '#be185d', '#4d7c0f', '#64748b', '#b45309']

type Point = { x: number; y: number }

function useChart(make: () => ChartConfiguration<'scatter', Point[]>, deps: unknown[]) {
  const canvas = useRef<HTMLCanvasElement>(null)
  useEffect(() => {
    const chart = new Chart(canvas.current!, make())
    return () => chart.destroy()
  }, deps)
  return canvas
}

export function SensitivityChart({ result }: { result: SensitivityResult }) {
  const knob = KNOB[result.method]
  const canvas = useChart(() => ({
    type: 'scatter',
    data: {
      datasets: result.curves.map((c, i) => ({
        label: c.name,
        data: result.levels.flatMap((level, j) => (c.agreement[j] === null ? [] : [{ x: level, y: c.agreement[j]! * 100 }])),
        showLine: true, borderColor: PALETTE[i % PALETTE.length], backgroundColor: PALETTE[i % PALETTE.length], borderWidth: 1.5, pointRadius: 2,
      })),
    },
    options: {
      animation: false, responsive: true, maintainAspectRatio: false,
      scales: {
        x: { type: 'linear', reverse: result.method === 'cluster', title: { display: true, text: `${knob.name} (one layer at a time)` },
          ticks: { callback: (v) => knob.format(Number(v)) } },
        y: { min: 0, max: 100, title: { display: true, text: 'top-1 agreement %' } },
      },
      plugins: {
        legend: { display: result.curves.length <= 12, position: 'right', labels: { boxWidth: 10, font: { size: 10 } } },
        tooltip: { callbacks: { label: (item) => `${item.dataset.label}: ${knob.format((item.raw as Point).x)} → ${(item.raw as Point).y.toFixed(0)} %` } },
      },
    },
  }), [result])
  return (
    <div className="tf-compress__chart">
      <canvas ref={canvas} role="img" data-testid="compress-sensitivity-chart"
        aria-label={`Top-1 agreement against ${knob.name.toLowerCase()} for ${result.curves.length} layers`} />
    </div>
  )
}

export function SizeAccuracyChart({ result }: { result: SensitivityResult }) {
  const knob = KNOB[result.method]
  const points = result.global.filter((g) => g.agreement !== null && g.flashBytes !== null)
    .map((g) => ({ x: g.flashBytes!, y: g.agreement! * 100, level: g.level }))
  const canvas = useChart(() => ({
    type: 'scatter',
    data: {
      datasets: [
        { label: 'every layer', data: points, showLine: true, borderColor: '#2f6fed', backgroundColor: '#2f6fed', pointRadius: 3, borderWidth: 1.5 },
        { label: 'uncompressed', data: [{ x: result.baseFlashBytes, y: 100 }], borderColor: '#1d2330', backgroundColor: '#1d2330', pointRadius: 4,
          pointStyle: 'rectRot' },
      ],
    },
    options: {
      animation: false, responsive: true, maintainAspectRatio: false,
      scales: {
        x: { type: 'linear', title: { display: true, text: `flash on ${result.targetName}` }, ticks: { callback: (v) => formatAxisBytes(Number(v)), maxTicksLimit: 5, maxRotation: 0 } },
        y: { min: 0, max: 100, title: { display: true, text: 'top-1 agreement %' } },
      },
      plugins: {
        legend: { display: false },
        tooltip: { callbacks: { label: (item) => {
          const p = item.raw as Point & { level?: number }
          return `${p.level === undefined ? 'uncompressed' : `${knob.name} ${knob.format(p.level)}`}: ${formatBytes(p.x)}, ${p.y.toFixed(0)} %`
        } } },
      },
    },
  }), [result])
  return (
    <div className="tf-compress__chart">
      <canvas ref={canvas} role="img" data-testid="compress-size-chart" aria-label={`Flash against top-1 agreement at ${points.length} levels`} />
    </div>
  )
}
