/** Canvas card of a registered operator: op, name, output shape, MACs, handles and problems. */
import type { NodeProps } from '@xyflow/react'
import { memo } from 'react'
import { editorStore } from '../../store/editor-store.ts'
import { formatCount } from '../format.ts'
import { useEditor } from '../hooks/use-editor.ts'
import type { CardNode } from './flow-elements.ts'
import { InputHandles, OutputHandle, ProblemMarker } from './node-card-parts.tsx'

/** The cut-training mark (✂): a toggle while the Cut-training tab is open, a badge on cut nodes otherwise. */
function CutMark({ id }: { id: string }) {
  const editing = useEditor((s) => s.dockOpen && s.dockTab === 'cut')
  const isCut = useEditor((s) => s.cut.cuts.some((c) => c.after === id))
  if (!editing && !isCut) return null
  return (
    <button type="button" className={`tf-card__cut nodrag${isCut ? ' tf-card__cut--on' : ''}`} data-testid="node-cut-toggle" aria-pressed={isCut}
      title={isCut ? 'Remove the cut after this node' : 'Cut the network after this node (cut training)'} disabled={!editing}
      onClick={(e) => { e.stopPropagation(); editorStore.getState().toggleCutAfter(id) }}>
      ✂{isCut ? ' cut' : ''}
    </button>
  )
}

function OpNodeCardView({ id, data, selected }: NodeProps<CardNode>) {
  const classes = ['tf-card', `tf-card--${data.category ?? 'unknown'}`]
  if (selected) classes.push('tf-card--selected')
  if (data.severity === 'error') classes.push('tf-card--error')
  if (data.unsupportedBy) classes.push('tf-card--unsupported')
  return (
    <div className={classes.join(' ')} data-testid="node-card" data-op={data.op} data-name={data.name}>
      <InputHandles count={data.inputs} />
      <div className="tf-card__head">
        <span className="tf-card__op">{data.opLabel}</span>
        {data.unsupportedBy && (
          <span className="tf-card__badge" data-testid="node-unsupported">unsupported by {data.unsupportedBy}</span>
        )}
      </div>
      <div className="tf-card__name" title={data.name}>{data.name}</div>
      <div className="tf-card__facts">
        <span className="tf-card__shape" data-testid="node-shape">{data.shape ?? '?'}</span>
        {data.macs > 0 && <span className="tf-card__macs" data-testid="node-macs">{formatCount(data.macs)} MACs</span>}
      </div>
      <ProblemMarker data={data} />
      {data.op !== 'Input' && <CutMark id={id} />}
      <OutputHandle />
    </div>
  )
}

export const OpNodeCard = memo(OpNodeCardView)
