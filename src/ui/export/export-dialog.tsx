/**
 * File › Export…: a modal over the designer. Its content (the C generator, the code view, Monaco) is loaded the
 * first time it opens, so none of it weighs on the designer's start. Escape or the close button closes it and gives
 * focus back to where it was.
 */
import './export-dialog.css'
import { lazy, Suspense, useEffect, useRef } from 'react'
import { selectLibraryId, selectProjectName, selectRounding } from '../../store/document-slice.ts'
import { resolveLibrary } from '../../store/editor-commands.ts'
import { editorStore } from '../../store/editor-store.ts'
import { selectExportDialogOpen } from '../../store/export-slice.ts'
import { useEditor } from '../hooks/use-editor.ts'

const ExportPanel = lazy(() => import('./export-panel.tsx'))

/** Opens the Export dialog (File menu, top bar). */
export function openExportDialog(): void {
  editorStore.getState().setExportDialogOpen(true)
}

export function ExportDialog() {
  const open = useEditor(selectExportDialogOpen)
  if (!open) return null
  return <ExportDialogFrame />
}

function ExportDialogFrame() {
  const name = useEditor(selectProjectName)
  const library = resolveLibrary(useEditor(selectLibraryId))
  const single = useEditor(selectRounding) === 'single' && library.scheme === 's8'
  const dialogRef = useRef<HTMLDivElement>(null)
  const close = () => editorStore.getState().setExportDialogOpen(false)

  useEffect(() => {
    const before = document.activeElement instanceof HTMLElement ? document.activeElement : null
    dialogRef.current?.focus()
    return () => before?.focus()
  }, [])

  return (
    <div className="tf-dialog-backdrop" onPointerDown={(e) => { if (e.target === e.currentTarget) close() }}>
      <div ref={dialogRef} className="tf-export-dialog" role="dialog" aria-modal="true" aria-labelledby="export-dialog-title"
        tabIndex={-1} data-testid="export-dialog" onKeyDown={(e) => { if (e.key === 'Escape' && !e.defaultPrevented) close() }}>
        <header className="tf-export-dialog__head">
          <div className="tf-export-dialog__heading">
            <h2 id="export-dialog-title" className="tf-dialog__title">Export</h2>
            <span className="tf-export-dialog__lead">
              {name} · {library.name} ({library.scheme})
              {single && <span data-testid="export-rounding" title="The project requantizes with single rounding: the C package defines CMSIS_NN_USE_SINGLE_ROUNDING">
                {' '}· single rounding</span>}
            </span>
          </div>
          <button type="button" className="tf-button tf-button--quiet tf-export-dialog__close" aria-label="Close" onClick={close}>✕</button>
        </header>
        <Suspense fallback={<p className="tf-export-dialog__loading">Preparing the export…</p>}>
          <ExportPanel />
        </Suspense>
      </div>
    </div>
  )
}
