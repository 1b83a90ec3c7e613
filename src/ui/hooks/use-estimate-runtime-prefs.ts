/**
 * Keeps the Kernels choices (store/kernel-runtime-slice.ts) across page loads as one UI preference, never in the
 * project file: restores the saved choices once, then saves them whenever a choice changes. A preference that
 * cannot be read leaves the library defaults in force without a notice (the project restore already reports a
 * broken storage); a failed save is reported, since the choice would be lost on reload.
 */
import { useEffect } from 'react'
import type { EditorStore } from '../../store/editor-store.ts'
import type { KernelRuntimeChoices } from '../../store/kernel-runtime-slice.ts'
import { loadPref, savePref } from '../../store/project-storage.ts'

/** The preference (project-storage.ts `prefs`) holding every project's choice. */
export const RUNTIME_PREF_KEY = 'kernelRuntimes'

export interface RuntimePrefStorage {
  load(): Promise<unknown>
  save(choices: KernelRuntimeChoices): Promise<void>
}

const BROWSER_STORAGE: RuntimePrefStorage = {
  load: () => loadPref(RUNTIME_PREF_KEY),
  save: (choices) => savePref(RUNTIME_PREF_KEY, { ...choices }),
}

/** Restores the saved choices into `store` and saves every later change. Returns a function that stops both. */
export function startRuntimePrefs(store: EditorStore, storage: RuntimePrefStorage = BROWSER_STORAGE): () => void {
  let stopped = false
  storage.load().then(
    (saved) => { if (!stopped) store.getState().restoreKernelRuntimes(saved) },
    () => undefined,
  )
  const unsubscribe = store.subscribe((state, previous) => {
    if (state.kernelRuntimes === previous.kernelRuntimes) return
    storage.save(state.kernelRuntimes).catch((err: unknown) => {
      const text = (err instanceof Error ? err.message : String(err)).split('\n')[0]
      store.getState().showNotice('error', `Could not remember the Kernels choice: ${text}`)
    })
  })
  return () => {
    stopped = true
    unsubscribe()
  }
}

export function useEstimateRuntimePrefs(store: EditorStore): void {
  useEffect(() => startRuntimePrefs(store), [store])
}
