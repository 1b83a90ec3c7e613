/**
 * Whole-project commands: new (empty or from a template), open from file text, save to file text,
 * restore the last autosaved project, and autosave. Opening never touches the current project unless
 * the file parsed completely.
 */
import { parseProject, serializeProject } from '../core/formats/project/index.ts'
import type { ProjectDoc } from '../core/ir/project.ts'
import { TEMPLATES } from '../core/templates/index.ts'
import { emptyProject } from './document-slice.ts'
import type { EditorStore } from './editor-store.ts'
import { loadLastProject, saveLastProject } from './project-storage.ts'
import { withTargetsOf } from './target-commands.ts'

/** Template a first-time visitor starts from. */
export const FIRST_VISIT_TEMPLATE = 'digits-cnn'
/** Autosave runs this long after the last document change. */
export const AUTOSAVE_DELAY_MS = 300

/** A new empty project on the current library, comparing the current project's boards. */
export function newEmptyProject(store: EditorStore): void {
  const s = store.getState()
  s.loadDoc(withTargetsOf(emptyProject('untitled', s.doc.library), s.doc))
  store.getState().requestFitView()
}

/** A new project from a template, comparing the current project's boards (or the default set). */
export function newFromTemplate(store: EditorStore, templateId: string): boolean {
  const template = TEMPLATES.find((t) => t.id === templateId)
  if (!template) return false
  store.getState().loadDoc(withTargetsOf(template.build(), store.getState().doc))
  store.getState().requestFitView()
  return true
}

/** Opens a project file's text; on failure shows a one-line error and keeps the current project. */
export function openProjectText(store: EditorStore, text: string, fileName: string): boolean {
  let doc: ProjectDoc
  try {
    doc = parseProject(text)
  } catch (err) {
    store.getState().showNotice('error', `Could not open ${fileName}: ${oneLine(err)}`)
    return false
  }
  store.getState().loadDoc(doc)
  store.getState().dismissNotice()
  store.getState().requestFitView()
  return true
}

/** The current project as file text, with the download name `<name>.tinyforge.json`. */
export function projectFile(store: EditorStore): { fileName: string; text: string } {
  const { doc } = store.getState()
  return { fileName: `${safeFileName(doc.name)}.tinyforge.json`, text: serializeProject(doc) }
}

/**
 * Loads the autosaved project, or the first-visit template when nothing is saved; marks the store
 * restored either way. A saved project that no longer parses is reported and replaced by the template.
 */
export async function restoreLastProject(store: EditorStore, load: () => Promise<string | null> = loadLastProject): Promise<void> {
  let text: string | null = null
  try {
    text = await load()
  } catch (err) {
    store.getState().showNotice('error', `Could not read the last project: ${oneLine(err)}`)
  }
  let restored = false
  if (text !== null) {
    try {
      store.getState().loadDoc(parseProject(text))
      restored = true
    } catch (err) {
      store.getState().showNotice('error', `The last project could not be restored: ${oneLine(err)}`)
    }
  }
  if (!restored && !newFromTemplate(store, FIRST_VISIT_TEMPLATE)) newEmptyProject(store)
  store.getState().markRestored()
}

/**
 * Saves the project `delayMs` after each document change (debounced) once the store is restored.
 * Returns a function that stops autosaving and flushes a pending save.
 */
export function startAutosave(
  store: EditorStore, save: (text: string) => Promise<void> = saveLastProject, delayMs = AUTOSAVE_DELAY_MS,
): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined
  const flush = (): void => {
    timer = undefined
    const s = store.getState()
    save(serializeProject(s.doc)).catch((err: unknown) => {
      store.getState().showNotice('error', `Autosave failed: ${oneLine(err)}`)
    })
  }
  const unsubscribe = store.subscribe((state, previous) => {
    if (!state.restored) return
    if (state.revision === previous.revision && state.restored === previous.restored) return
    if (timer !== undefined) clearTimeout(timer)
    timer = setTimeout(flush, delayMs)
  })
  return () => {
    unsubscribe()
    if (timer !== undefined) {
      clearTimeout(timer)
      flush()
    }
  }
}

function oneLine(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err)
  return text.split('\n')[0].trim() || 'unknown error'
}

function safeFileName(name: string): string {
  const cleaned = name.trim().replace(/[\\/:*?"<>|]+/g, '-')
  return cleaned.length > 0 ? cleaned : 'untitled'
}
