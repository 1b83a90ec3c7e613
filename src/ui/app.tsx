/**
 * The designer shell: top bar, palette | canvas over the dock | inspector, status bar; shortcuts,
 * persistence, and files dropped on the window.
 */
import './dock/dock.css'
import { ReactFlowProvider } from '@xyflow/react'
import { editorStore } from '../store/editor-store.ts'
import { selectRestored } from '../store/ui-slice.ts'
import { DesignCanvas } from './canvas/design-canvas.tsx'
import { Dock } from './dock/dock.tsx'
import { ExportDialog } from './export/export-dialog.tsx'
import { useEditor } from './hooks/use-editor.ts'
import { useFileDrop } from './hooks/use-file-drop.ts'
import { usePersistence } from './hooks/use-persistence.ts'
import { useShortcuts } from './hooks/use-shortcuts.ts'
import { Inspector } from './inspector/inspector.tsx'
import { Palette } from './palette/palette.tsx'
import { FileDropOverlay } from './shell/file-drop-overlay.tsx'
import { StatusBar } from './shell/status-bar.tsx'
import { TemplateDialog } from './top-bar/template-dialog.tsx'
import { TopBar } from './top-bar/top-bar.tsx'

export function App() {
  useShortcuts(editorStore)
  usePersistence(editorStore)
  const dragging = useFileDrop(editorStore)
  const restored = useEditor(selectRestored)
  return (
    <ReactFlowProvider>
      <div className="tf-app" data-ready={restored ? 'true' : 'false'} data-testid="app">
        <TopBar />
        <main className="tf-workspace">
          <Palette />
          <div className="tf-center">
            <DesignCanvas />
            <Dock />
          </div>
          <Inspector />
        </main>
        <StatusBar />
        <TemplateDialog />
        <ExportDialog />
        <FileDropOverlay visible={dragging} />
      </div>
    </ReactFlowProvider>
  )
}
