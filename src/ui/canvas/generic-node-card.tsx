/** Fallback card for an operator the registry does not know (e.g. an unmapped imported op). */
import type { NodeProps } from '@xyflow/react'
import { memo } from 'react'
import type { CardNode } from './flow-elements.ts'
import { InputHandles, OutputHandle, ProblemMarker } from './node-card-parts.tsx'

function GenericNodeCardView({ data, selected }: NodeProps<CardNode>) {
  return (
    <div className={`tf-card tf-card--generic${selected ? ' tf-card--selected' : ''}`} data-testid="node-card"
      data-op={data.op} data-name={data.name}>
      <InputHandles count={data.inputs} />
      <div className="tf-card__head">
        <span className="tf-card__op">{data.opLabel}</span>
        <span className="tf-card__badge">unknown op</span>
      </div>
      <div className="tf-card__name" title={data.name}>{data.name}</div>
      <ProblemMarker data={data} />
      <OutputHandle />
    </div>
  )
}

export const GenericNodeCard = memo(GenericNodeCardView)
