/**
 * The analysis (shapes, MACs, diagnostics) of the current graph against the selected library. Derived,
 * never stored: recomputed only when the graph or library changes, and shared by every component.
 */
import type { GraphAnalysis } from '../../core/analysis/analyze-graph.ts'
import { analyzeGraph } from '../../core/analysis/analyze-graph.ts'
import type { Graph } from '../../core/ir/types.ts'
import { selectGraph, selectLibraryId } from '../../store/document-slice.ts'
import { resolveLibrary } from '../../store/editor-commands.ts'
import { useEditor } from './use-editor.ts'

let memo: { graph: Graph; libraryId: string; analysis: GraphAnalysis } | undefined

export function analysisOf(graph: Graph, libraryId: string): GraphAnalysis {
  if (memo && memo.graph === graph && memo.libraryId === libraryId) return memo.analysis
  const analysis = analyzeGraph(graph, resolveLibrary(libraryId))
  memo = { graph, libraryId, analysis }
  return analysis
}

export function useAnalysis(): GraphAnalysis {
  const graph = useEditor(selectGraph)
  const libraryId = useEditor(selectLibraryId)
  return analysisOf(graph, libraryId)
}
