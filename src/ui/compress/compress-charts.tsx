/**
 * The Compress tab's charts (chart.js): the sensitivity of each layer — top-1 agreement with the uncompressed model
 * against the method's level (one line per layer) — and the whole model's size against agreement (flash on the scan's
 * board, one point per level, the uncompressed model as the reference point). Data: the 'compress-scan' job's result.
 */
import { Chart, Legend, LineController, LineElement, LinearScale, PointElement, ScatterController, Tooltip } from 'chart.js'
import type { ChartConfiguration } from 'chart.js'
import { useEffect, useRef } from 'react'
import type { SensitivityResult } from '../../core/pipelines/compress/sensitivity.ts'
import { formatBytes } from '../dock/estimate-format.ts'
import { KNOB } from './compress-format.ts'

Chart.register(ScatterController, LineController, PointElement, LineElement, LinearScale, Tooltip, Legend)

const PALETTE = ['#2f6fed', '#e07b00', '#1f9d55', '#c2410c', '#7c3aed', '#0891b2', '#be185d', '#4d7c0f', '#64748b', '#b45309']

type Point = { x: number; y: number }

/**
 * A layer's name as a legend label: imported names end in an op name ("model/activation_7/Relu"), so the segment before
 * it; at most 14 characters (from the end). The tooltip gives the full name.
 */
function shortName(name: string): string {
  const parts = name.split('/')
  const label = parts.length >= 2 ? parts[parts.length - 2] : name
  return label.length > 14 ? `…${label.slice(-13)}` : label
}

/** Whole KiB on the size axis: "20 KiB". */
const kibTick = (v: number) => (v >= 1024 ? `${Math.round(v / 1024)} KiB` : `${Math.round(v)} B`)

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
  // Clusters on a log2 axis (index bits): 64, 16, 8, 4 evenly apart, fewer clusters (more compression) to the right.
  const clusters = result.method === 'cluster'
  const at = (level: number) => (clusters ? Math.log2(level) : level)
  const canvas = useChart(() => ({
    type: 'scatter',
    data: {
      datasets: result.curves.map((c, i) => ({
        label: shortName(c.name),
        data: result.levels.flatMap((level, j) => (c.agreement[j] === null ? [] : [{ x: at(level), y: c.agreement[j]! * 100 }])),
        showLine: true, borderColor: PALETTE[i % PALETTE.length], backgroundColor: PALETTE[i % PALETTE.length], borderWidth: 1.5, pointRadius: 2,
      })),
    },
    options: {
      animation: false, responsive: true, maintainAspectRatio: false,
      scales: {
        x: clusters
          ? { type: 'linear', reverse: true, min: 2, max: 6, title: { display: true, text: 'Clusters (one layer at a time)' },
            ticks: { stepSize: 1, callback: (v) => (Number(v) === 5 ? '' : String(2 ** Number(v))) } }
          : { type: 'linear', title: { display: true, text: `${knob.name} (one layer at a time)` }, ticks: { callback: (v) => knob.format(Number(v)) } },
        y: { min: 0, max: 100, title: { display: true, text: 'top-1 agreement %' } },
      },
      plugins: {
        legend: { display: false },
        tooltip: { callbacks: { label: (item) => {
          const p = item.raw as Point
          return `${result.curves[item.datasetIndex].name}: ${knob.format(clusters ? 2 ** p.x : p.x)} → ${p.y.toFixed(0)} %`
        } } },
      },
    },
  }), [result])
  return (
    <>
      <div className="tf-compress__chart">
        <canvas ref={canvas} role="img" data-testid="compress-sensitivity-chart"
          aria-label={`Top-1 agreement against ${knob.name.toLowerCase()} for ${result.curves.length} layers`} />
      </div>
      <ul className="tf-compress__legend" aria-label="Layers of the chart">
        {result.curves.map((c, i) => (
          <li key={c.node} title={c.name}><span className="tf-compress__swatch" style={{ background: PALETTE[i % PALETTE.length] }} />{shortName(c.name)}</li>
        ))}
      </ul>
    </>
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
        x: { type: 'linear', title: { display: true, text: `flash on ${result.targetName}` }, ticks: { callback: (v) => kibTick(Number(v)), maxTicksLimit: 5, maxRotation: 0 } },
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
