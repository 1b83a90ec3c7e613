/**
 * A read-only Monaco editor showing one file. Loaded only through React.lazy (the default export), so Monaco is its
 * own chunk. One text model per path of the current package (`version`): switching files keeps each file's scroll
 * position; a new package version disposes every model of the previous one.
 */
import { useEffect, useRef } from 'react'
import type { editor } from 'monaco-editor/editor/editor.api'
import type { CodeLanguage } from './file-tree.ts'
import { monaco } from './monaco-setup.ts'

export interface CodeEditorProps {
  path: string
  text: string
  language: CodeLanguage
  /** Changes whenever the package is regenerated; models of older versions are disposed. */
  version: number
}

const FONT = "ui-monospace, 'SFMono-Regular', 'DejaVu Sans Mono', Menlo, Consolas, monospace"

interface Session {
  version: number
  models: Map<string, editor.ITextModel>
  viewStates: Map<string, editor.ICodeEditorViewState | null>
}

export default function CodeEditor({ path, text, language, version }: CodeEditorProps) {
  const hostRef = useRef<HTMLDivElement>(null)
  const editorRef = useRef<editor.IStandaloneCodeEditor | null>(null)
  const session = useRef<Session>({ version, models: new Map(), viewStates: new Map() })
  const shownPath = useRef<string | null>(null)

  useEffect(() => {
    const host = hostRef.current!
    const ed = monaco.editor.create(host, {
      readOnly: true, domReadOnly: true, readOnlyMessage: { value: 'Generated code is read-only: change the graph or the export options.' },
      automaticLayout: true, minimap: { enabled: false }, scrollBeyondLastLine: false, stickyScroll: { enabled: false },
      fontFamily: FONT, fontSize: 12.5, lineHeight: 19, tabSize: 4, renderLineHighlight: 'line', folding: true,
      wordWrap: 'off', theme: 'vs', padding: { top: 6 }, fixedOverflowWidgets: true,
    })
    editorRef.current = ed
    const s = session.current
    return () => {
      ed.dispose()
      editorRef.current = null
      for (const m of s.models.values()) m.dispose()
      s.models.clear()
      s.viewStates.clear()
      shownPath.current = null
    }
  }, [])

  useEffect(() => {
    const ed = editorRef.current
    if (!ed) return
    const s = session.current
    if (shownPath.current !== null && s.version === version) s.viewStates.set(shownPath.current, ed.saveViewState())
    if (s.version !== version) {
      ed.setModel(null)
      for (const m of s.models.values()) m.dispose()
      s.models.clear()
      s.viewStates.clear()
      s.version = version
    }
    let model = s.models.get(path)
    if (!model || model.getLanguageId() !== language) {
      model?.dispose()
      model = monaco.editor.createModel(text, language, monaco.Uri.from({ scheme: 'inmemory', path: `/v${version}/${path}` }))
      s.models.set(path, model)
    } else if (model.getValue() !== text) {
      model.setValue(text)
    }
    ed.setModel(model)
    ed.updateOptions({ ariaLabel: `${path}, read-only` })
    const view = s.viewStates.get(path)
    if (view) ed.restoreViewState(view)
    shownPath.current = path
    hostRef.current?.setAttribute('data-shown', path)
  }, [path, text, language, version])

  return <div ref={hostRef} className="tf-code-editor" data-testid="code-editor" data-path={path} data-language={language} />
}
