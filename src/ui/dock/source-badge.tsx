/** A small badge naming where a figure comes from (fit, scaled, assumption, measurement, …); the tooltip says how. */
import type { FigureSource } from '../../core/estimate/report-types.ts'
import { SOURCE_MEANING } from './estimate-format.ts'

interface SourceBadgeProps {
  source: FigureSource
  /** The estimator's sentence on how the figure was obtained. */
  basis?: string
}

export function SourceBadge({ source, basis }: SourceBadgeProps) {
  const title = `${source}: ${SOURCE_MEANING[source]}${basis ? `\n${basis}` : ''}`
  return <span className={`tf-source tf-source--${source}`} title={title} data-testid="source-badge">{source}</span>
}
