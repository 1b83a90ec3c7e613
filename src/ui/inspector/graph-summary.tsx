/** Inspector with no single node selected: graph totals and every problem (click one to select its node). */
import type { GraphAnalysis } from '../../core/analysis/analyze-graph.ts'
import type { Graph } from '../../core/ir/types.ts'
import type { VendorLibrary } from '../../core/vendors/types.ts'
import { editorStore } from '../../store/editor-store.ts'
import { formatCount, formatExact } from '../format.ts'
import { ProblemList } from './problem-list.tsx'

interface GraphSummaryProps {
  graph: Graph
  analysis: GraphAnalysis
  library: VendorLibrary
  selectedCount: number
  onFocusNode: (nodeId: string) => void
}

export function GraphSummary({ graph, analysis, library, selectedCount, onFocusNode }: GraphSummaryProps) {
  let macs = 0
  let params = 0
  for (const a of analysis.nodes.values()) { macs += a.macs; params += a.params }
  const names = new Map(graph.nodes.map((n) => [n.id, n.name]))
  const errors = analysis.diagnostics.filter((d) => d.severity === 'error').length
  const select = (id: string) => {
    editorStore.getState().select([id])
    onFocusNode(id)
  }
  return (
    <div className="tf-inspector__body" data-testid="graph-summary">
      {selectedCount > 1 && <p className="tf-inspector__note">{selectedCount} nodes selected</p>}
      <dl className="tf-facts">
        <dt>Library</dt><dd>{library.name}</dd>
        <dt>Nodes</dt><dd data-testid="summary-nodes">{graph.nodes.length}</dd>
        <dt>Edges</dt><dd data-testid="summary-edges">{graph.edges.length}</dd>
        <dt>MACs</dt><dd data-testid="summary-macs" title={formatExact(macs)}>{formatCount(macs)}</dd>
        <dt>Params</dt><dd data-testid="summary-params" title={formatExact(params)}>{formatCount(params)}</dd>
        <dt>Problems</dt>
        <dd data-testid="summary-problems" className={errors > 0 ? 'tf-facts__bad' : undefined}>{analysis.diagnostics.length}</dd>
      </dl>
      <section className="tf-inspector__section" aria-label="All problems">
        <h3 className="tf-section-title">Problems <span className="tf-count">{analysis.diagnostics.length}</span></h3>
        <ProblemList problems={analysis.diagnostics} nodeNames={names} onSelectNode={select} />
      </section>
    </div>
  )
}
