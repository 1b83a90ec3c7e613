import 'fake-indexeddb/auto'
import { IDBFactory } from 'fake-indexeddb'
import { beforeEach, describe, expect, it } from 'vitest'
import { emptyProject } from '../../store/document-slice.ts'
import { createEditorStore } from '../../store/editor-store.ts'
import type { KernelRuntimeChoices } from '../../store/kernel-runtime-slice.ts'
import { runtimeChoiceKey, selectKernelRuntime } from '../../store/kernel-runtime-slice.ts'
import { loadPref, savePref } from '../../store/project-storage.ts'
import { RUNTIME_PREF_KEY, startRuntimePrefs } from './use-estimate-runtime-prefs.ts'

const settle = () => new Promise((resolve) => setTimeout(resolve, 20))

beforeEach(() => {
  globalThis.indexedDB = new IDBFactory()
})

describe('kernel runtime preference', () => {
  it('saves each choice to browser storage and restores it in a new session', async () => {
    const first = createEditorStore()
    first.getState().loadDoc(emptyProject('kws', 'cmsis-nn'))
    const stop = startRuntimePrefs(first)
    first.getState().chooseKernelRuntime('portable')
    await settle()
    expect(await loadPref(RUNTIME_PREF_KEY)).toEqual({ [runtimeChoiceKey('kws', 'cmsis-nn')]: 'portable' })
    stop()

    const second = createEditorStore()
    second.getState().loadDoc(emptyProject('kws', 'cmsis-nn'))
    expect(selectKernelRuntime(second.getState())).toBe('cmsis-nn')
    const stopSecond = startRuntimePrefs(second)
    await settle()
    expect(selectKernelRuntime(second.getState())).toBe('portable')
    stopSecond()
  })

  it('ignores a preference that is not a choice map, and one that cannot be read', async () => {
    await savePref(RUNTIME_PREF_KEY, 'portable')
    const store = createEditorStore()
    startRuntimePrefs(store)()
    const stop = startRuntimePrefs(store)
    await settle()
    expect(store.getState().kernelRuntimes).toEqual({})
    stop()
    const failing = startRuntimePrefs(store, { load: () => Promise.reject(new Error('denied')), save: () => Promise.resolve() })
    await settle()
    expect(store.getState().notice).toBeNull()
    failing()
  })

  it('reports a failed save', async () => {
    const store = createEditorStore()
    const saved: KernelRuntimeChoices[] = []
    const stop = startRuntimePrefs(store, {
      load: () => Promise.resolve(undefined),
      save: (choices) => { saved.push(choices); return Promise.reject(new Error('quota exceeded\nmore')) },
    })
    store.getState().chooseKernelRuntime('portable')
    await settle()
    expect(saved).toHaveLength(1)
    expect(store.getState().notice).toMatchObject({ kind: 'error', text: 'Could not remember the Kernels choice: quota exceeded' })
    stop()
  })
})
