/**
 * The proxy check's scatter (chart.js): each trained variant at x = the chosen proxy's value, y = its int8 accuracy
 * measured by the int8 engine. MACs and parameters on a logarithmic axis; hover names the variant's knobs.
 */
import { Chart, LinearScale, LogarithmicScale, PointElement, ScatterController, Tooltip } from 'chart.js'
import type { ChartConfiguration, TooltipItem } from 'chart.js'
import { useEffect, useRef } from 'react'
import type { Family } from '../../core/pipelines/explore/family.ts'
import { describeValues } from '../../core/pipelines/explore/family.ts'
import type { ProxyCheckResult, ProxyName } from '../../core/pipelines/explore/proxy-check.ts'
import { proxyValue } from '../../core/pipelines/explore/proxy-check.ts'
import { SCORE_LABELS, formatScore, logTick } from './explore-format.ts'

Chart.register(ScatterController, PointElement, LinearScale, LogarithmicScale, Tooltip)

type Point = { x: number; y: number; i: number }

export function ProxyChart({ result, family, proxy }: { result: ProxyCheckResult; family: Family; proxy: ProxyName }) {
  const canvas = useRef<HTMLCanvasElement>(null)
  useEffect(() => {
    const points: Point[] = result.variants.map((v, i) => ({ x: proxyValue(v, proxy), y: v.int8Accuracy * 100, i }))
      .filter((p) => Number.isFinite(p.x))
    const logX = proxy === 'macs' || proxy === 'params'
    const config: ChartConfiguration<'scatter', Point[]> = {
      type: 'scatter',
      data: { datasets: [{ label: 'variants', data: points, backgroundColor: 'rgba(47, 111, 237, 0.75)', pointRadius: 4, pointHoverRadius: 6 }] },
      options: {
        animation: false, responsive: true, maintainAspectRatio: false, parsing: false,
        scales: {
          x: { type: logX ? 'logarithmic' : 'linear', title: { display: true, text: SCORE_LABELS[proxy] },
            ticks: { maxTicksLimit: 8, maxRotation: 0, callback: (v) => (logX ? logTick(Number(v), (x) => formatScore(proxy, x)) : formatScore(proxy, Number(v))) } },
          y: { title: { display: true, text: 'int8 accuracy (%)' }, ticks: { callback: (v) => `${Number(v).toFixed(0)} %` } },
        },
        plugins: {
          legend: { display: false },
          tooltip: { callbacks: { label: (item: TooltipItem<'scatter'>) => {
            const v = result.variants[(item.raw as Point).i]
            return [describeValues(family, v.values), `${SCORE_LABELS[proxy]} ${formatScore(proxy, proxyValue(v, proxy))} · int8 ${(v.int8Accuracy * 100).toFixed(1)} %`]
          } } },
        },
      },
    }
    const chart = new Chart(canvas.current!, config)
    return () => chart.destroy()
  }, [result, family, proxy])
  return (
    <div className="tf-explore__chart">
      <canvas ref={canvas} role="img" aria-label={`int8 accuracy against ${SCORE_LABELS[proxy]} of ${result.variants.length} trained variants`}
        data-testid="proxy-chart" />
    </div>
  )
}
