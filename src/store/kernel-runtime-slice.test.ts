import { describe, expect, it } from 'vitest'
import { emptyProject } from './document-slice.ts'
import { createEditorStore } from './editor-store.ts'
import { runtimeChoiceKey, selectKernelRuntime, validRuntimeChoices } from './kernel-runtime-slice.ts'

describe('kernel runtime slice', () => {
  it('defaults to the library\'s own kernels: CMSIS-NN for s8, portable for pow2', () => {
    const store = createEditorStore()
    store.getState().loadDoc(emptyProject('a', 'cmsis-nn'))
    expect(selectKernelRuntime(store.getState())).toBe('cmsis-nn')
    store.getState().setLibrary('pow2-q7')
    expect(selectKernelRuntime(store.getState())).toBe('portable')
  })

  it('keeps a choice per project and library', () => {
    const store = createEditorStore()
    store.getState().loadDoc(emptyProject('a', 'cmsis-nn'))
    store.getState().chooseKernelRuntime('portable')
    expect(selectKernelRuntime(store.getState())).toBe('portable')
    expect(store.getState().kernelRuntimes).toEqual({ [runtimeChoiceKey('a', 'cmsis-nn')]: 'portable' })
    // Another library of the same project, and another project, keep their defaults.
    store.getState().setLibrary('pow2-q7')
    expect(selectKernelRuntime(store.getState())).toBe('portable')
    store.getState().chooseKernelRuntime('cmsis-nn')
    expect(selectKernelRuntime(store.getState())).toBe('cmsis-nn')
    store.getState().loadDoc(emptyProject('b', 'cmsis-nn'))
    expect(selectKernelRuntime(store.getState())).toBe('cmsis-nn')
    store.getState().loadDoc(emptyProject('a', 'cmsis-nn'))
    expect(selectKernelRuntime(store.getState())).toBe('portable')
    expect(() => store.getState().chooseKernelRuntime('fast' as never)).toThrow("unknown kernel runtime 'fast'")
  })

  it('restores valid saved choices under those made since the page loaded', () => {
    const store = createEditorStore()
    store.getState().loadDoc(emptyProject('a', 'cmsis-nn'))
    store.getState().chooseKernelRuntime('cmsis-nn')
    const a = runtimeChoiceKey('a', 'cmsis-nn')
    const b = runtimeChoiceKey('b', 'cmsis-nn')
    store.getState().restoreKernelRuntimes({ [a]: 'portable', [b]: 'portable', c: 'fast', d: 3 })
    expect(store.getState().kernelRuntimes).toEqual({ [a]: 'cmsis-nn', [b]: 'portable' })
    const before = store.getState().kernelRuntimes
    store.getState().restoreKernelRuntimes(null)
    store.getState().restoreKernelRuntimes(['portable'])
    expect(store.getState().kernelRuntimes).toBe(before)
  })

  it('accepts only string keys mapped to a known runtime', () => {
    expect(validRuntimeChoices(undefined)).toEqual({})
    expect(validRuntimeChoices('portable')).toEqual({})
    expect(validRuntimeChoices({ x: 'portable', y: 'cmsis-nn', z: 'CMSIS-NN' })).toEqual({ x: 'portable', y: 'cmsis-nn' })
  })
})
