/**
 * The Export dialog's content, loaded on first open (it brings the C generator and its runtime sources): options and
 * downloads on the left; on the right the package in the code view, or the generator's reasons when it refuses.
 * A typed prefix takes effect when it is a valid C identifier (after a pause in typing, on Enter or on leaving the
 * field); while the field holds an invalid prefix the zip cannot be downloaded.
 */
import './export.css'
import { useEffect, useState } from 'react'
import { selectLibraryId, selectProjectName } from '../../store/document-slice.ts'
import { editorStore } from '../../store/editor-store.ts'
import { buildCPackage, cPackageZip, defaultPrefix, effectivePrefix, prefixProblem } from '../../store/export-commands.ts'
import { selectCodeViewPath, selectExportSettings } from '../../store/export-slice.ts'
import { CodeView } from '../code-view/code-view.tsx'
import { useEditor } from '../hooks/use-editor.ts'
import { ExportDownloads } from './export-downloads.tsx'
import { ExportRefusal } from './export-refusal.tsx'
import { ExportSettingsForm } from './export-settings-form.tsx'
import { useCPackage } from './use-c-package.ts'

/** A valid prefix being typed is applied after this pause. */
const PREFIX_COMMIT_MS = 350

export default function ExportPanel() {
  const settings = useEditor(selectExportSettings)
  const projectName = useEditor(selectProjectName)
  const libraryId = useEditor(selectLibraryId)
  const codePath = useEditor(selectCodeViewPath)
  const prefix = effectivePrefix(settings, projectName)
  const [draft, setDraft] = useState(prefix)
  useEffect(() => setDraft(prefix), [prefix])
  const problem = prefixProblem(draft)
  const { build, version, libraries } = useCPackage(prefix, settings.vectors, settings.seed)
  const s = editorStore.getState()

  const commitDraft = () => {
    if (prefixProblem(draft) !== null || draft === prefix) return
    s.setExportSettings({ prefix: draft === defaultPrefix(projectName) ? null : draft })
  }
  useEffect(() => {
    if (problem !== null || draft === prefix) return
    const timer = setTimeout(commitDraft, PREFIX_COMMIT_MS)
    return () => clearTimeout(timer)
  }, [draft, prefix, problem]) // commitDraft reads only these (and the project name, which resets the draft)

  // The zip always carries the prefix in the field, even when the pause before regenerating has not ended yet.
  const zip = () => {
    if (build.kind === 'ready' && draft === build.prefix) return cPackageZip(build.prefix, build.files)
    const fresh = buildCPackage(s.doc, draft, settings)
    if (fresh.kind !== 'ready') throw new Error(`the package was refused: ${fresh.reasons[0]}`)
    return cPackageZip(fresh.prefix, fresh.files)
  }

  const header = `include/${prefix}.h`
  const selected = build.kind === 'ready' && codePath !== null && build.files.has(codePath) ? codePath : header

  return (
    <div className="tf-export">
      <aside className="tf-export__side" aria-label="Export options">
        <ExportSettingsForm libraryId={libraryId} libraries={libraries} draft={draft} prefixProblem={problem}
          onDraft={setDraft} onCommitDraft={commitDraft} settings={settings} />
        {build.kind === 'ready' && (
          <ExportDownloads figures={build.figures} prefix={draft} zipEnabled={problem === null} zip={zip} />
        )}
      </aside>
      <div className="tf-export__main">
        {build.kind === 'ready'
          ? <CodeView files={build.files} version={version} selected={selected} onSelect={(path) => s.showCodeFile(path)}
              label={`Files of ${build.prefix}`} />
          : <ExportRefusal libraryName={build.library?.name ?? libraryId} reasons={build.reasons} />}
      </div>
    </div>
  )
}
