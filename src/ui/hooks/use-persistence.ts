/** Restores the last project once per page load, then autosaves every change (debounced). */
import { useEffect } from 'react'
import type { EditorStore } from '../../store/editor-store.ts'
import { restoreLastProject, startAutosave } from '../../store/project-commands.ts'

const restoring = new WeakMap<EditorStore, Promise<void>>()

export function usePersistence(store: EditorStore): void {
  useEffect(() => {
    const stop = startAutosave(store)
    if (!restoring.has(store)) {
      restoring.set(store, restoreLastProject(store).then(() => store.getState().requestFitView()))
    }
    return stop
  }, [store])
}
