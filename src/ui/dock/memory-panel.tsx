/**
 * The Memory tab: the activation arena as planned (planner, size, liveness lower bound, fragmentation)
 * and what RAM it makes on the focused target (arena + its largest kernel scratch), over the timeline chart.
 */
import { selectGraph } from '../../store/document-slice.ts'
import { selectFocusTargetId } from '../../store/dock-slice.ts'
import { selectSelectedNodes } from '../../store/selection-slice.ts'
import { useEditor } from '../hooks/use-editor.ts'
import { useEstimate } from '../hooks/use-estimate.ts'
import { useFocusNodes } from '../hooks/use-focus-nodes.ts'
import { formatBytes } from './estimate-format.ts'
import { FocusTargetSelect, focusedTarget } from './focus-target.tsx'
import { MemoryChart } from './memory-chart.tsx'

export function MemoryPanel() {
  const { report } = useEstimate()
  const graph = useEditor(selectGraph)
  const focusId = useEditor(selectFocusTargetId)
  const selected = useEditor(selectSelectedNodes)
  const focusNodes = useFocusNodes()
  if (!report) return null
  const { memory } = report
  const target = focusedTarget(report, focusId)
  if (memory.buffers.length === 0) {
    return <div className="tf-dock__empty"><p className="tf-dock__empty-title">Nothing to plan</p><p>The graph has no tensor whose shape is known yet.</p></div>
  }
  const fragmentation = memory.arenaBytes - memory.lowerBoundBytes
  // The arena may use what the device's RAM budget leaves after the kernel scratch.
  const arenaBudget = target ? target.capacity.ramBudgetBytes - target.ram.scratchBytes : undefined

  return (
    <div className="tf-memory-panel" data-testid="memory-panel">
      <div className="tf-dock__toolbar">
        <dl className="tf-dock__facts">
          <div title={memory.plannerBasis}><dt>Arena</dt><dd data-testid="memory-arena">{formatBytes(memory.arenaBytes)}</dd></div>
          <div title="liveness bound: no plan can use less"><dt>Lower bound</dt><dd data-testid="memory-lower-bound">{formatBytes(memory.lowerBoundBytes)}</dd></div>
          <div title="arena − lower bound: what the plan loses to fragmentation"><dt>Lost</dt><dd>{formatBytes(fragmentation)}</dd></div>
          {target && (
            <>
              <div title={`largest kernel scratch on ${target.board} (${target.ram.isa} kernels)`}><dt>Scratch</dt><dd>{formatBytes(target.ram.scratchBytes)}</dd></div>
              <div title={target.figures.ram.basis}>
                <dt>RAM</dt>
                <dd data-testid="memory-ram" className={target.fits.ram ? undefined : 'tf-facts__bad'}>
                  {formatBytes(target.ramBytes)} <span className="tf-muted">of {formatBytes(target.capacity.ramBytes)}</span>
                </dd>
              </div>
            </>
          )}
        </dl>
        <FocusTargetSelect report={report} target={target} />
      </div>
      <MemoryChart memory={memory} graph={graph} selected={selected} ramBudget={arenaBudget}
        ramLabel={target ? `${target.name} RAM − scratch` : undefined} onSelectNode={(id) => focusNodes([id])} />
    </div>
  )
}
