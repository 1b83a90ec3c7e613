/** Bottom status line: graph size and the keyboard-shortcut hint. */
import { selectGraph } from '../../store/document-slice.ts'
import { useAnalysis } from '../hooks/use-analysis.ts'
import { useEditor } from '../hooks/use-editor.ts'
import { ShortcutHint } from './shortcut-hint.tsx'

export function StatusBar() {
  const graph = useEditor(selectGraph)
  const analysis = useAnalysis()
  const errors = analysis.diagnostics.filter((d) => d.severity === 'error').length
  return (
    <footer className="tf-statusbar">
      <span className="tf-statusbar__stat" data-testid="status-graph">
        {graph.nodes.length} nodes · {graph.edges.length} edges ·{' '}
        <span className={errors > 0 ? 'tf-statusbar__bad' : 'tf-statusbar__good'}>
          {errors > 0 ? `${errors} error${errors === 1 ? '' : 's'}` : 'no errors'}
        </span>
      </span>
      <ShortcutHint />
    </footer>
  )
}
