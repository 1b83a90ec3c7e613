/**
 * The Memory tab: the activation arena as planned (planner, size, liveness lower bound, fragmentation) and what RAM
 * it makes on the focused target with the chosen kernels: arena + the largest kernel scratch + the runtime's own
 * static RAM (the portable package's arena guard word), which add up to the target's RAM; over the timeline chart,
 * whose device line is the RAM budget left to the arena once scratch and runtime RAM are taken.
 */
import { selectGraph } from '../../store/document-slice.ts'
import { selectFocusTargetId } from '../../store/dock-slice.ts'
import { selectSelectedNodes } from '../../store/selection-slice.ts'
import { useEditor } from '../hooks/use-editor.ts'
import { useEstimate } from '../hooks/use-estimate.ts'
import { useFocusNodes } from '../hooks/use-focus-nodes.ts'
import { useLibrary } from '../hooks/use-library.ts'
import { CORE_LABELS, formatBytes, runtimeLabel } from './estimate-format.ts'
import { FocusTargetSelect, focusedTarget } from './focus-target.tsx'
import { MemoryChart } from './memory-chart.tsx'

export function MemoryPanel() {
  const { report } = useEstimate()
  const graph = useEditor(selectGraph)
  const focusId = useEditor(selectFocusTargetId)
  const selected = useEditor(selectSelectedNodes)
  const focusNodes = useFocusNodes()
  const { scheme } = useLibrary()
  if (!report) return null
  const { memory } = report
  const target = focusedTarget(report, focusId)
  if (memory.buffers.length === 0) {
    return <div className="tf-dock__empty"><p className="tf-dock__empty-title">Nothing to plan</p><p>The graph has no tensor whose shape is known yet.</p></div>
  }
  const fragmentation = memory.arenaBytes - memory.lowerBoundBytes
  const kernels = `${runtimeLabel(report.runtime, scheme)} kernels`
  // RAM beyond the arena (scratch + runtime), taken from the device's budget before the arena gets any.
  const beyondArena = target ? target.ramBytes - target.ram.arenaBytes : 0
  const arenaBudget = target ? target.capacity.ramBudgetBytes - beyondArena : undefined
  const ramSum = target
    ? `arena ${target.ram.arenaBytes} B + scratch ${target.ram.scratchBytes} B + runtime ${target.ram.overheadBytes} B = ${target.ramBytes} B`
    : ''

  return (
    <div className="tf-memory-panel" data-testid="memory-panel">
      <div className="tf-dock__toolbar">
        <div className="tf-memory__facts">
          <dl className="tf-dock__facts">
            <div title={memory.plannerBasis}><dt>Arena</dt><dd data-testid="memory-arena">{formatBytes(memory.arenaBytes)}</dd></div>
            <div title="liveness bound: no plan can use less"><dt>Lower bound</dt><dd data-testid="memory-lower-bound">{formatBytes(memory.lowerBoundBytes)}</dd></div>
            <div title="arena − lower bound: what the plan loses to fragmentation"><dt>Lost</dt><dd>{formatBytes(fragmentation)}</dd></div>
          </dl>
          {target && (
            <dl className="tf-dock__facts" aria-label={`RAM on ${target.board}`}>
              <div className="tf-memory__equation" title={`${ramSum}\n${target.figures.ram.basis}`}>
                <dt>RAM</dt>
                <dd>
                  <span data-testid="memory-ram" data-bytes={target.ramBytes} className={`tf-memory__ram${target.fits.ram ? '' : ' tf-facts__bad'}`}>
                    {formatBytes(target.ramBytes)}
                  </span>{' '}
                  <span className="tf-muted">of {formatBytes(target.capacity.ramBytes)} =</span> arena {formatBytes(target.ram.arenaBytes)}
                  {' '}<span className="tf-muted">+</span>{' '}
                  <span title={`largest kernel scratch of the ${kernels} on ${target.board}`
                    + (report.runtime === 'portable' ? ' (whole words)' : ` (${target.ram.isa} path)`)}>
                    scratch <span data-testid="memory-scratch" data-bytes={target.ram.scratchBytes}>{formatBytes(target.ram.scratchBytes)}</span>
                  </span>
                  {' '}<span className="tf-muted">+</span>{' '}
                  <span title={report.runtime === 'portable' ? 'the portable package\'s arena guard word' : 'no static RAM beyond arena and scratch'}>
                    runtime <span data-testid="memory-overhead" data-bytes={target.ram.overheadBytes}>{formatBytes(target.ram.overheadBytes)}</span>
                  </span>
                </dd>
              </div>
            </dl>
          )}
        </div>
        <div className="tf-dock__tools">
          <FocusTargetSelect report={report} target={target} />
          {target && <span className="tf-dock__caption" data-testid="memory-runtime" title={CORE_LABELS[target.core]}>· {kernels}</span>}
        </div>
      </div>
      <MemoryChart memory={memory} graph={graph} selected={selected} ramBudget={arenaBudget}
        ramLabel={target ? `${target.name} RAM − ${target.ram.overheadBytes > 0 ? 'scratch − runtime' : 'scratch'}` : undefined}
        onSelectNode={(id) => focusNodes([id])} />
    </div>
  )
}
