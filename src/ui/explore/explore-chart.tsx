/**
 * The explorer's chart (chart.js, canvas: thousands of points stay smooth): every evaluated variant on one board,
 * x = the chosen cost on that board, y = the score (MACs, parameters, a zero-cost proxy or the measured int8 accuracy).
 * Variants meeting the constraints are blue, the others grey, invalid ones absent (and, under the accuracy score,
 * unmeasured ones: they have no y); variants with a measured accuracy are ringed green under a proxy score; the
 * score-vs-cost front is the orange line; the picked variant is ringed black. Hover names a variant's knobs and
 * figures (its measured accuracy when known); a click picks it.
 */
import { Chart, LineController, LineElement, LinearScale, LogarithmicScale, PointElement, ScatterController, Tooltip } from 'chart.js'
import type { ChartConfiguration, TooltipItem } from 'chart.js'
import { useEffect, useRef } from 'react'
import type { Cost, ExploreResult, Variant } from '../../core/pipelines/explore/explore.ts'
import { scoreOf } from '../../core/pipelines/explore/explore.ts'
import type { Family } from '../../core/pipelines/explore/family.ts'
import { describeValues } from '../../core/pipelines/explore/family.ts'
import { COST_LABELS, SCORE_LABELS, formatCost, formatScore, logTick } from './explore-format.ts'

Chart.register(ScatterController, LineController, PointElement, LineElement, LinearScale, LogarithmicScale, Tooltip)

interface Props {
  result: ExploreResult
  family: Family
  board: number
  cost: Cost
  picked: number | null
  onPick(index: number): void
}

type Point = { x: number; y: number; i: number }

export function ExploreChart({ result, family, board, cost, picked, onPick }: Props) {
  const canvas = useRef<HTMLCanvasElement>(null)
  const chart = useRef<Chart | null>(null)
  const pick = useRef(onPick)
  pick.current = onPick

  useEffect(() => {
    const valid = result.variants.filter((v) => v.ok && Number.isFinite(v[cost][board]) && Number.isFinite(scoreOf(v, result.score)))
    const measured = result.score === 'accuracy' ? [] : valid.filter((v) => v.accuracy !== undefined)
    const point = (v: Variant): Point => ({ x: v[cost][board], y: scoreOf(v, result.score), i: v.index })
    const front = result.fronts[board].fronts[cost].map((i) => point(result.variants[i]))
    const chosen = picked !== null && result.variants[picked]?.ok && Number.isFinite(scoreOf(result.variants[picked], result.score)) ? [point(result.variants[picked])] : []
    const logX = cost === 'latencyMs' || cost === 'energyUj'
    const logY = result.score === 'macs' || result.score === 'params'
    const config: ChartConfiguration<'scatter', Point[]> = {
      type: 'scatter',
      data: {
        datasets: [
          { label: 'picked', data: chosen, pointRadius: 7, pointBorderWidth: 2, borderColor: '#1d2330', backgroundColor: 'rgba(0,0,0,0)', order: 0 },
          { label: 'measured accuracy', data: measured.map(point), pointRadius: 5, pointBorderWidth: 2, borderColor: '#1f9d55', backgroundColor: 'rgba(0,0,0,0)', order: 0 },
          { label: 'front', data: front, showLine: true, borderColor: '#e07b00', backgroundColor: '#e07b00', pointRadius: 3, borderWidth: 2, order: 1 },
          { label: 'meets the constraints', data: valid.filter((v) => v.meets[board]).map(point), backgroundColor: 'rgba(47, 111, 237, 0.45)', pointRadius: 2, order: 2 },
          { label: 'does not fit', data: valid.filter((v) => !v.meets[board]).map(point), backgroundColor: 'rgba(152, 162, 179, 0.35)', pointRadius: 2, order: 3 },
        ],
      },
      options: {
        animation: false, responsive: true, maintainAspectRatio: false, parsing: false, normalized: true,
        scales: {
          x: { type: logX ? 'logarithmic' : 'linear', title: { display: true, text: COST_LABELS[cost] },
            ticks: { callback: (v) => (logX ? logTick(Number(v), (x) => formatCost(cost, x)) : formatCost(cost, Number(v))), maxTicksLimit: 8,
              maxRotation: 0, autoSkip: true } },
          y: { type: logY ? 'logarithmic' : 'linear', title: { display: true, text: SCORE_LABELS[result.score] },
            ticks: { callback: (v) => (logY ? logTick(Number(v), (y) => formatScore(result.score, y)) : formatScore(result.score, Number(v))) } },
        },
        plugins: {
          legend: { display: false },
          tooltip: {
            callbacks: {
              label: (item: TooltipItem<'scatter'>) => {
                const v = result.variants[(item.raw as Point).i]
                const acc = v.accuracy !== undefined && result.score !== 'accuracy' ? [`measured ${SCORE_LABELS.accuracy} ${formatScore('accuracy', v.accuracy)}`] : []
                return [describeValues(family, v.values), `${SCORE_LABELS[result.score]} ${formatScore(result.score, scoreOf(v, result.score))}`, ...acc,
                  `${formatCost('latencyMs', v.latencyMs[board])} · RAM ${formatCost('ramBytes', v.ramBytes[board])} · flash ${formatCost('flashBytes', v.flashBytes[board])}`]
              },
            },
          },
        },
        onClick: (_e, elements) => {
          const hit = elements[0]
          if (!hit) return
          const raw = (chart.current?.data.datasets[hit.datasetIndex].data[hit.index]) as Point | undefined
          if (raw) pick.current(raw.i)
        },
      },
    }
    chart.current?.destroy()
    chart.current = new Chart(canvas.current!, config)
    return () => { chart.current?.destroy(); chart.current = null }
  }, [result, board, cost, picked])

  return (
    <div className="tf-explore__chart">
      <canvas ref={canvas} role="img" aria-label={`${SCORE_LABELS[result.score]} against ${COST_LABELS[cost]} of ${result.variants.length} variants`}
        data-testid="explore-chart" />
    </div>
  )
}
