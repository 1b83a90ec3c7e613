/** "New from template" dialog: an empty project or one of the core templates; replaces the open project. */
import { useEffect, useRef } from 'react'
import { TEMPLATES } from '../../core/templates/index.ts'
import { editorStore } from '../../store/editor-store.ts'
import { newEmptyProject, newFromTemplate } from '../../store/project-commands.ts'
import { selectTemplateDialogOpen } from '../../store/ui-slice.ts'
import { useEditor } from '../hooks/use-editor.ts'

export function TemplateDialog() {
  const open = useEditor(selectTemplateDialogOpen)
  const firstRef = useRef<HTMLButtonElement>(null)
  useEffect(() => { if (open) firstRef.current?.focus() }, [open])
  if (!open) return null
  const close = () => editorStore.getState().setTemplateDialogOpen(false)
  const choose = (action: () => void) => () => { action(); close() }

  return (
    <div className="tf-dialog-backdrop" onPointerDown={(e) => { if (e.target === e.currentTarget) close() }}>
      <div className="tf-dialog" role="dialog" aria-modal="true" aria-labelledby="template-dialog-title"
        onKeyDown={(e) => { if (e.key === 'Escape') close() }}>
        <h2 id="template-dialog-title" className="tf-dialog__title">New project</h2>
        <p className="tf-dialog__lead">This replaces the open project; save it first (File › Save) to keep a copy.</p>
        <ul className="tf-template-list">
          <li>
            <button ref={firstRef} type="button" className="tf-template" onClick={choose(() => newEmptyProject(editorStore))}>
              <span className="tf-template__name">Empty project</span>
              <span className="tf-template__desc">A blank canvas with the current library.</span>
            </button>
          </li>
          {TEMPLATES.map((t) => (
            <li key={t.id}>
              <button type="button" className="tf-template" data-template={t.id}
                onClick={choose(() => { newFromTemplate(editorStore, t.id) })}>
                <span className="tf-template__name">{t.name}</span>
                <span className="tf-template__desc">{t.description}</span>
              </button>
            </li>
          ))}
        </ul>
        <div className="tf-dialog__actions">
          <button type="button" className="tf-button" onClick={close}>Cancel</button>
        </div>
      </div>
    </div>
  )
}
