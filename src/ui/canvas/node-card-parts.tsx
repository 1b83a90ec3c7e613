/** Pieces shared by the operator card and the generic card: handles, problem marker, badges. */
import { Handle, Position } from '@xyflow/react'
import type { CardData } from './flow-elements.ts'
import { OUTPUT_HANDLE, inputHandleId } from './flow-elements.ts'

/** Inputs enter at the top, the output leaves at the bottom (the layout runs top to bottom). */
export const INPUT_SIDE = Position.Top
export const OUTPUT_SIDE = Position.Bottom

export function InputHandles({ count }: { count: number }) {
  const ports = Array.from({ length: count }, (_, i) => i)
  return (
    <>
      {ports.map((port) => {
        const left = `${((port + 1) / (count + 1)) * 100}%`
        return (
          <Handle key={port} id={inputHandleId(port)} type="target" position={INPUT_SIDE} style={{ left }}
            className="tf-handle tf-handle--in" aria-label={`input ${port + 1}`} data-port={port}>
            {count > 1 && <span className="tf-handle__label">{port + 1}</span>}
          </Handle>
        )
      })}
    </>
  )
}

export function OutputHandle() {
  return <Handle id={OUTPUT_HANDLE} type="source" position={OUTPUT_SIDE} className="tf-handle tf-handle--out" aria-label="output" />
}

export function ProblemMarker({ data }: { data: CardData }) {
  if (data.problems.length === 0) return null
  const extra = data.problems.length > 1 ? ` (+${data.problems.length - 1})` : ''
  return (
    <div className={`tf-card__problem tf-card__problem--${data.severity ?? 'error'}`} title={data.problems.join('\n')}
      data-testid="node-problem">
      <span className="tf-card__problem-dot" aria-hidden="true">!</span>
      <span className="tf-card__problem-text">{data.problems[0]}{extra}</span>
    </div>
  )
}
