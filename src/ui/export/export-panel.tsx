/**
 * The Export dialog's content, loaded on first open: options and downloads on the left; on the right the package in
 * the code view, or the generator's reasons when it refuses. The package is generated in a worker (use-c-package.ts):
 * until the first one arrives the dialog says it is being generated; later ones replace the shown package when they
 * arrive, and meanwhile the view says "Generating…" with the step. A typed prefix takes effect when it is a valid C
 * identifier (after a pause in typing, on Enter or on leaving the field); while the field holds an invalid prefix the
 * zip cannot be downloaded. The zip is generated and zipped in the worker too, with the prefix in the field.
 */
import './export.css'
import { useEffect, useState } from 'react'
import { selectLibraryId, selectProjectName } from '../../store/document-slice.ts'
import { editorStore } from '../../store/editor-store.ts'
import { cPackageZipFile, defaultPrefix, effectivePrefix, prefixProblem } from '../../store/export-commands.ts'
import { selectCodeViewPath, selectExportSettings } from '../../store/export-slice.ts'
import type { JobProgress } from '../../workers/job-protocol.ts'
import { CodeView } from '../code-view/code-view.tsx'
import { useEditor } from '../hooks/use-editor.ts'
import { jobRunner } from '../jobs/job-runner.ts'
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
  const { build, job, generating, version, libraries } = useCPackage(prefix, settings.vectors, settings.seed)
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
  const zip = () => cPackageZipFile(editorStore, jobRunner(), draft)

  if (build === null) {
    return job.status === 'failed'
      ? <p className="tf-export__note tf-form-error" role="alert" data-testid="export-error">Could not generate the C package: {job.error}</p>
      : <GenerationNote progress={job.progress} first />
  }
  const header = `include/${build.kind === 'ready' ? build.prefix : prefix}.h`
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
      <div className="tf-export__main" aria-busy={generating}>
        {build.kind === 'ready'
          ? <CodeView files={build.files} version={version} selected={selected} onSelect={(path) => s.showCodeFile(path)}
              label={`Files of ${build.prefix}`} />
          : <ExportRefusal libraryName={build.library?.name ?? libraryId} reasons={build.reasons} />}
        {generating && <GenerationNote progress={job.progress} />}
        {!generating && job.status === 'failed' && build.kind === 'ready' && (
          <p className="tf-export__failed tf-form-error" role="alert" data-testid="export-error">
            Could not generate the C package for the current options: {job.error} The files shown are the previous package.
          </p>
        )}
      </div>
    </div>
  )
}

/** "Generating the C package…" with the job's step: the whole panel before the first package, a badge over the view after. */
function GenerationNote({ progress, first = false }: { progress: JobProgress | null; first?: boolean }) {
  const step = progress && progress.total > 0 ? `${progress.label} (${Math.min(progress.done + 1, progress.total)}/${progress.total})` : 'Starting the worker'
  return (
    <div className={first ? 'tf-export__note' : 'tf-export-generating'} role="status" data-testid="export-generating">
      <span className="tf-export-generating__spinner" aria-hidden="true" />
      <span className="tf-export-generating__text">Generating the C package…</span>
      <span className="tf-export-generating__step">{step}</span>
    </div>
  )
}
