/** The right panel: the selected node's inspector, or the graph summary when none (or several) is selected. */
import { useReactFlow } from '@xyflow/react'
import { useCallback } from 'react'
import { selectGraph } from '../../store/document-slice.ts'
import { selectInspectedNodeId, selectSelectedNodes } from '../../store/selection-slice.ts'
import { useAnalysis } from '../hooks/use-analysis.ts'
import { useEditor } from '../hooks/use-editor.ts'
import { useLibrary } from '../hooks/use-library.ts'
import { GraphSummary } from './graph-summary.tsx'
import { NodeInspector } from './node-inspector.tsx'

export function Inspector() {
  const graph = useEditor(selectGraph)
  const inspectedId = useEditor(selectInspectedNodeId)
  const selected = useEditor(selectSelectedNodes)
  const analysis = useAnalysis()
  const library = useLibrary()
  const { fitView } = useReactFlow()
  const node = inspectedId ? graph.nodes.find((n) => n.id === inspectedId) : undefined
  const focusNode = useCallback((id: string) => {
    void fitView({ nodes: [{ id }], maxZoom: 1.25, duration: 200 })
  }, [fitView])

  return (
    <aside className="tf-inspector" aria-label="Inspector" data-testid="inspector">
      <div className="tf-panel__header">
        <h2 className="tf-panel__title">{node ? 'Node' : 'Graph'}</h2>
      </div>
      {node
        ? <NodeInspector key={node.id} node={node} analysis={analysis} library={library} />
        : <GraphSummary graph={graph} analysis={analysis} library={library} selectedCount={selected.length} onFocusNode={focusNode} />}
    </aside>
  )
}
