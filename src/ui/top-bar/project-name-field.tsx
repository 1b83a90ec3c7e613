/** The editable project name in the top bar (commits on Enter/blur; an empty name is reverted). */
import { useEffect, useState } from 'react'
import { selectProjectName } from '../../store/document-slice.ts'
import { editorStore } from '../../store/editor-store.ts'
import { useEditor } from '../hooks/use-editor.ts'

export function ProjectNameField() {
  const name = useEditor(selectProjectName)
  const [draft, setDraft] = useState(name)
  useEffect(() => setDraft(name), [name])
  const commit = () => {
    const next = draft.trim()
    if (next === '') setDraft(name)
    else editorStore.getState().renameProject(next)
  }
  return (
    <>
      <label htmlFor="project-name" className="tf-visually-hidden">Project name</label>
      <input id="project-name" className="tf-project-name" type="text" value={draft} spellCheck={false}
        style={{ width: `calc(${Math.max(8, Math.min(40, draft.length + 1))}ch + 18px)` }}
        onChange={(e) => setDraft(e.target.value)} onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') e.currentTarget.blur()
          if (e.key === 'Escape') { setDraft(name); e.currentTarget.blur() }
        }} />
    </>
  )
}
