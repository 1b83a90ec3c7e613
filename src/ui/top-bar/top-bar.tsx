/** Top bar: product, project name, File menu, library selector, undo/redo, auto-layout, fit view, Export…. */
import { useReactFlow } from '@xyflow/react'
import { LIBRARIES } from '../../core/vendors/registry.ts'
import {
  selectCanRedo, selectCanUndo, selectLibraryId, selectRedoLabel, selectUndoLabel,
} from '../../store/document-slice.ts'
import { runAutoLayout } from '../../store/editor-commands.ts'
import { editorStore } from '../../store/editor-store.ts'
import { openExportDialog } from '../export/export-dialog.tsx'
import { useEditor } from '../hooks/use-editor.ts'
import { FileMenu } from './file-menu.tsx'
import { ProjectNameField } from './project-name-field.tsx'

export function TopBar() {
  const libraryId = useEditor(selectLibraryId)
  const canUndo = useEditor(selectCanUndo)
  const canRedo = useEditor(selectCanRedo)
  const undoLabel = useEditor(selectUndoLabel)
  const redoLabel = useEditor(selectRedoLabel)
  const { fitView } = useReactFlow()
  const s = editorStore.getState()

  return (
    <header className="tf-topbar">
      <div className="tf-topbar__group">
        <span className="tf-brand"><span className="tf-brand__mark" aria-hidden="true" />TinyForge</span>
        <span className="tf-topbar__divider" aria-hidden="true" />
        <ProjectNameField />
        <FileMenu />
      </div>
      <div className="tf-topbar__group">
        <label htmlFor="library-select" className="tf-topbar__label">Library</label>
        <select id="library-select" className="tf-select" value={libraryId} onChange={(e) => s.setLibrary(e.target.value)}>
          {LIBRARIES.map((lib) => <option key={lib.id} value={lib.id}>{lib.name}</option>)}
        </select>
        <span className="tf-topbar__divider" aria-hidden="true" />
        <button type="button" className="tf-button tf-button--quiet" disabled={!canUndo} onClick={() => s.undo()}
          title={undoLabel ? `Undo ${undoLabel} (Ctrl+Z)` : 'Undo (Ctrl+Z)'}>Undo</button>
        <button type="button" className="tf-button tf-button--quiet" disabled={!canRedo} onClick={() => s.redo()}
          title={redoLabel ? `Redo ${redoLabel} (Ctrl+Shift+Z)` : 'Redo (Ctrl+Shift+Z)'}>Redo</button>
        <span className="tf-topbar__divider" aria-hidden="true" />
        <button type="button" className="tf-button tf-button--quiet" onClick={() => runAutoLayout(editorStore)}
          title="Arrange the graph top to bottom">Auto-layout</button>
        <button type="button" className="tf-button tf-button--quiet" onClick={() => void fitView({ padding: 0.15, maxZoom: 1.25, duration: 200 })}
          title="Fit the whole graph into view">Fit view</button>
        <span className="tf-topbar__divider" aria-hidden="true" />
        <button type="button" className="tf-button" onClick={openExportDialog}
          title="The C package for the target and the ONNX models, with a view of the generated code">Export…</button>
      </div>
    </header>
  )
}
