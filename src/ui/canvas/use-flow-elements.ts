/** The canvas's React Flow nodes and edges for the current graph, analysis, selection and drag state. */
import type { Edge as FlowEdge } from '@xyflow/react'
import { useMemo } from 'react'
import { selectGraph } from '../../store/document-slice.ts'
import { selectSelectedEdges, selectSelectedNodes } from '../../store/selection-slice.ts'
import { selectDragPositions } from '../../store/ui-slice.ts'
import { useAnalysis } from '../hooks/use-analysis.ts'
import { useEditor } from '../hooks/use-editor.ts'
import { useLibrary } from '../hooks/use-library.ts'
import type { CardNode, NodeView } from './flow-elements.ts'
import { buildCardData, toFlowEdges, toFlowNodes } from './flow-elements.ts'

export function useFlowElements(sizes: NodeView['sizes']): { nodes: CardNode[]; edges: FlowEdge[] } {
  const graph = useEditor(selectGraph)
  const analysis = useAnalysis()
  const library = useLibrary()
  const selectedNodes = useEditor(selectSelectedNodes)
  const selectedEdges = useEditor(selectSelectedEdges)
  const dragPositions = useEditor(selectDragPositions)
  const cards = useMemo(() => buildCardData(graph, analysis, library), [graph, analysis, library])
  const nodes = useMemo(
    () => toFlowNodes(graph, cards, { selected: new Set(selectedNodes), dragPositions, sizes }),
    [graph, cards, selectedNodes, dragPositions, sizes],
  )
  const edges = useMemo(() => toFlowEdges(graph, analysis, new Set(selectedEdges)), [graph, analysis, selectedEdges])
  return { nodes, edges }
}
