/**
 * SQNR per layer as a small SVG bar chart, in execution order: the applied scheme's bars coloured by tone (≥ 30 dB
 * good, ≥ 20 fair, below poor), the compared scheme's as outlined bars beside them. Exact layers (∞ dB) reach the
 * top, pale, with an "∞" mark. Clicking a bar selects its node; each bar's title gives the figures.
 */
import type { LayerReport } from '../../core/pipelines/validation.ts'
import { formatDb, sqnrTone } from './quantize-format.ts'

const WIDTH = 300
const HEIGHT = 112
const PAD = { left: 30, right: 6, top: 8, bottom: 16 }

export interface SqnrChartProps {
  scheme: string
  layers: readonly LayerReport[]
  other?: { scheme: string; layers: readonly LayerReport[] }
  onSelect(nodeId: string): void
}

/** The y-axis top: the largest finite SQNR rounded up to a multiple of 10 (at least 40 dB). */
export function chartTop(values: readonly number[]): number {
  const finite = values.filter(Number.isFinite)
  return Math.max(40, Math.ceil(Math.max(0, ...finite) / 10) * 10)
}

export function SqnrChart({ scheme, layers, other, onSelect }: SqnrChartProps) {
  const otherBy = new Map(other?.layers.map((l) => [l.node, l]))
  const top = chartTop([...layers.map((l) => l.sqnrDb), ...(other?.layers.map((l) => l.sqnrDb) ?? [])])
  const plotW = WIDTH - PAD.left - PAD.right
  const plotH = HEIGHT - PAD.top - PAD.bottom
  const slot = plotW / Math.max(1, layers.length)
  const barW = Math.max(2, Math.min(18, slot * (other ? 0.42 : 0.7)))
  const y = (db: number) => PAD.top + plotH * (1 - Math.min(top, Math.max(0, db === Infinity ? top : db)) / top)
  const ticks = [0, top / 2, top]

  return (
    <figure className="tf-qchart" data-testid="sqnr-chart">
      <svg width={WIDTH} height={HEIGHT} preserveAspectRatio="xMinYMin meet" viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img"
        aria-label={`SQNR per layer, ${scheme}${other ? ` and ${other.scheme}` : ''}, 0 to ${top} dB`}>
        {ticks.map((t) => (
          <g key={t}>
            <line className="tf-qchart__grid" x1={PAD.left} x2={WIDTH - PAD.right} y1={y(t)} y2={y(t)} />
            <text className="tf-qchart__tick" x={PAD.left - 5} y={y(t) + 3.5} textAnchor="end">{t}</text>
          </g>
        ))}
        <text className="tf-qchart__unit" x={PAD.left - 5} y={HEIGHT - 3} textAnchor="end">dB</text>
        {layers.map((l, i) => {
          const x = PAD.left + slot * i + (slot - (other ? barW * 2 + 1 : barW)) / 2
          const o = otherBy.get(l.node)
          return (
            <g key={l.node} className="tf-qchart__layer" onClick={() => onSelect(l.node)}>
              <title>{`${l.name} (${l.op})\n${scheme}: ${formatDb(l.sqnrDb)} dB${o ? `\n${other!.scheme}: ${formatDb(o.sqnrDb)} dB` : ''}`}</title>
              <rect className="tf-qchart__hit" x={PAD.left + slot * i} y={PAD.top} width={slot} height={plotH} />
              <rect className={`tf-qchart__bar tf-qchart__bar--${l.sqnrDb === Infinity ? 'exact' : sqnrTone(l.sqnrDb)}`} data-testid="sqnr-bar" data-db={String(l.sqnrDb)}
                x={x} y={y(l.sqnrDb)} width={barW} height={Math.max(0, PAD.top + plotH - y(l.sqnrDb))} />
              {o && <rect className="tf-qchart__bar tf-qchart__bar--other" x={x + barW + 1} y={y(o.sqnrDb)} width={barW}
                height={Math.max(0, PAD.top + plotH - y(o.sqnrDb))} />}
              {l.sqnrDb === Infinity && <text className="tf-qchart__inf" x={x + barW / 2} y={PAD.top - 1} textAnchor="middle">∞</text>}
            </g>
          )
        })}
        <line className="tf-qchart__axis" x1={PAD.left} x2={WIDTH - PAD.right} y1={PAD.top + plotH} y2={PAD.top + plotH} />
        <text className="tf-qchart__tick" x={PAD.left} y={HEIGHT - 3}>layer 1</text>
        <text className="tf-qchart__tick" x={WIDTH - PAD.right} y={HEIGHT - 3} textAnchor="end">{layers.length}</text>
      </svg>
      {other && (
        <figcaption className="tf-qchart__legend">
          <span><i className="tf-qchart__key tf-qchart__key--main" />{scheme}</span>
          <span><i className="tf-qchart__key tf-qchart__key--other" />{other.scheme}</span>
        </figcaption>
      )}
    </figure>
  )
}
