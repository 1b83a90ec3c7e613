import 'fake-indexeddb/auto'
import { IDBFactory } from 'fake-indexeddb'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { parseProject, serializeProject } from '../core/formats/project/index.ts'
import { templateById } from '../core/templates/index.ts'
import {
  clearLastProject, loadLastProject, loadLastProjectRecord, loadPref, loadPrefs, saveLastProject, savePref,
} from './project-storage.ts'

beforeEach(() => {
  globalThis.indexedDB = new IDBFactory()
})

describe('project storage (IndexedDB)', () => {
  it('has nothing saved at first', async () => {
    expect(await loadLastProject()).toBeNull()
    expect(await loadLastProjectRecord()).toBeNull()
  })

  it('saves and loads the last project text, the newest save winning', async () => {
    await saveLastProject('first')
    await saveLastProject('second')
    expect(await loadLastProject()).toBe('second')
  })

  it('keeps the save time', async () => {
    vi.useFakeTimers({ now: new Date('2026-11-21T10:00:00Z'), toFake: ['Date'] })
    try {
      await saveLastProject('text')
    } finally {
      vi.useRealTimers()
    }
    expect(await loadLastProjectRecord()).toEqual({ text: 'text', savedAt: Date.parse('2026-11-21T10:00:00Z') })
  })

  it('round-trips a real project file through parseProject', async () => {
    const doc = templateById('digits-cnn')!.build()
    const text = serializeProject(doc)
    await saveLastProject(text)
    const loaded = await loadLastProject()
    expect(loaded).toBe(text)
    expect(parseProject(loaded!).graph.nodes.map((n) => n.op)).toEqual(doc.graph.nodes.map((n) => n.op))
  })

  it('forgets the last project', async () => {
    await saveLastProject('x')
    await clearLastProject()
    expect(await loadLastProject()).toBeNull()
  })

  it('stores UI preferences by key', async () => {
    expect(await loadPref('theme')).toBeUndefined()
    await savePref('theme', 'dark')
    await savePref('targets', ['nucleo-f746zg', 'esp32-s3-devkit'])
    await savePref('panel', { width: 320, open: true })
    await savePref('theme', 'light')
    expect(await loadPref<string>('theme')).toBe('light')
    expect(await loadPrefs()).toEqual({ panel: { width: 320, open: true }, targets: ['nucleo-f746zg', 'esp32-s3-devkit'], theme: 'light' })
    expect(await loadLastProject()).toBeNull()
  })

  it('rejects with a sentence when IndexedDB is missing', async () => {
    const saved = globalThis.indexedDB
    // @ts-expect-error simulating a browser without IndexedDB
    delete globalThis.indexedDB
    try {
      await expect(saveLastProject('x')).rejects.toThrow('browser storage (IndexedDB) is not available')
      await expect(loadLastProject()).rejects.toThrow('browser storage (IndexedDB) is not available')
    } finally {
      globalThis.indexedDB = saved
    }
  })

  it('rejects with the operation named when a write fails', async () => {
    await expect(savePref('fn', () => 1)).rejects.toThrow(/^could not save the preference 'fn': /)
  })
})
