/**
 * Read-only code view of a generated package: its file tree on the left, the selected file in Monaco on the right
 * (lazy-loaded: Monaco is fetched from the app's own chunk the first time a code view opens). Files larger than
 * DISPLAY_LIMIT_CHARS are shown up to that size, in whole lines, with a note; the download holds them whole.
 */
import './code-view.css'
import { lazy, Suspense, useMemo } from 'react'
import { formatBytes } from '../dock/estimate-format.ts'
import { formatExact } from '../format.ts'
import type { CodeLanguage } from './file-tree.ts'
import { buildFileTree, displayText, languageOf, lineCount } from './file-tree.ts'
import { FileTreeView } from './file-tree-view.tsx'

const CodeEditor = lazy(() => import('./code-editor.tsx'))

/**
 * Characters of one file the editor holds at most (whole lines). Measured on VWW (e2e/export-large.spec.ts): Monaco
 * shows its 0.86 MB weights source whole in ~0.3 s with no main-thread task over 50 ms, and the same text ×4 (3.4 MB)
 * with single tasks under 100 ms; the cap keeps models several times larger from freezing the view.
 */
export const DISPLAY_LIMIT_CHARS = 2 * 1024 * 1024

const LANGUAGE_NAMES: Record<CodeLanguage, string> = {
  c: 'C', makefile: 'Makefile', cmake: 'CMake', markdown: 'Markdown', json: 'JSON', plaintext: 'Text',
}

interface CodeViewProps {
  files: ReadonlyMap<string, string | Uint8Array>
  /** Changes whenever `files` is regenerated. */
  version: number
  selected: string
  onSelect(path: string): void
  /** Accessible name of the file tree, e.g. "Files of digits_cnn". */
  label: string
}

export function CodeView({ files, version, selected, onSelect, label }: CodeViewProps) {
  const texts = useMemo(() => {
    const decoder = new TextDecoder()
    return new Map([...files].map(([path, content]) => [path, typeof content === 'string' ? content : decoder.decode(content)]))
  }, [files])
  const { tree, sizes } = useMemo(() => {
    const encoder = new TextEncoder()
    const entries = [...texts].map(([path, text]) => ({ path, bytes: encoder.encode(text).length }))
    return { tree: buildFileTree(entries), sizes: new Map(entries.map((e) => [e.path, e.bytes])) }
  }, [texts])
  const full = texts.get(selected) ?? ''
  const shown = useMemo(() => displayText(full, DISPLAY_LIMIT_CHARS), [full])
  const language = languageOf(selected)
  const lines = useMemo(() => shown.cut?.totalLines ?? lineCount(full), [full, shown])

  return (
    <div className="tf-code-view" data-testid="code-view">
      <nav className="tf-code-view__files" aria-label={label}>
        <FileTreeView tree={tree} selected={selected} onSelect={onSelect} label={label} />
      </nav>
      <div className="tf-code-view__main">
        <div className="tf-code-view__head">
          <span className="tf-code-view__path" data-testid="code-path">{selected}</span>
          <span className="tf-code-view__meta">
            {LANGUAGE_NAMES[language]} · {formatExact(lines)} lines · {formatBytes(sizes.get(selected) ?? 0)} · read-only
          </span>
        </div>
        {shown.cut && (
          <p className="tf-code-view__cut" data-testid="code-cut">
            Showing the first {formatExact(shown.cut.shownLines)} of {formatExact(shown.cut.totalLines)} lines; the download holds
            the whole file.
          </p>
        )}
        <div className="tf-code-view__editor">
          <Suspense fallback={<p className="tf-code-view__loading">Loading the editor…</p>}>
            <CodeEditor path={selected} text={shown.text} language={language} version={version} />
          </Suspense>
        </div>
      </div>
    </div>
  )
}
