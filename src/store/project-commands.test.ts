import { afterEach, describe, expect, it, vi } from 'vitest'
import { parseProject, serializeProject } from '../core/formats/project/index.ts'
import { TEMPLATES } from '../core/templates/index.ts'
import { createEditorStore } from './editor-store.ts'
import { newEmptyProject, openProjectText, projectFile, restoreLastProject, startAutosave } from './project-commands.ts'

afterEach(() => {
  vi.useRealTimers()
})

describe('openProjectText', () => {
  it('keeps the open project and shows one line when the file is corrupt', () => {
    const store = createEditorStore()
    store.getState().applyEdit([{ type: 'addNode', node: { id: 'a', op: 'ReLU', name: 'a', attrs: {}, position: { x: 0, y: 0 } } }], 'Add')
    const before = store.getState().doc
    expect(openProjectText(store, '{"format": "tinyforge-project", "version": 1, "graph": {', 'broken.json')).toBe(false)
    const notice = store.getState().notice!
    expect(notice.kind).toBe('error')
    expect(notice.text).toMatch(/^Could not open broken\.json: \S/)
    expect(notice.text).not.toContain('\n')
    expect(store.getState().doc).toBe(before)
    expect(store.getState().past).toHaveLength(1)
  })

  it('loads a saved project and names the download after it', () => {
    const doc = TEMPLATES[0].build()
    const store = createEditorStore()
    expect(openProjectText(store, serializeProject(doc), 'x.tinyforge.json')).toBe(true)
    expect(store.getState().doc.name).toBe(doc.name)
    expect(store.getState().doc.graph.nodes.map((n) => n.id)).toEqual(doc.graph.nodes.map((n) => n.id))
    store.getState().renameProject('a/b: c')
    expect(projectFile(store).fileName).toBe('a-b- c.tinyforge.json')
  })
})

describe('restoreLastProject', () => {
  it('starts a first visit from the digits-cnn template', async () => {
    const store = createEditorStore()
    await restoreLastProject(store, async () => null)
    expect(store.getState().doc.name).toBe('Digits CNN')
    expect(store.getState().restored).toBe(true)
  })

  it('restores the saved text exactly, library and positions included', async () => {
    const saved = { ...TEMPLATES[1].build(), library: 'pow2-q7' }
    const text = serializeProject(saved)
    const store = createEditorStore()
    await restoreLastProject(store, async () => text)
    expect(store.getState().doc).toEqual(parseProject(text))
    expect(store.getState().doc.library).toBe('pow2-q7')
    expect(store.getState().notice).toBeNull()
  })

  it('reports an unreadable saved project and falls back to the template', async () => {
    const store = createEditorStore()
    await restoreLastProject(store, async () => 'garbage')
    expect(store.getState().notice?.text).toMatch(/^The last project could not be restored: /)
    expect(store.getState().doc.name).toBe('Digits CNN')
  })
})

describe('startAutosave', () => {
  it('saves once, 300 ms after the last change, only after restore', async () => {
    vi.useFakeTimers()
    const store = createEditorStore()
    const saves: string[] = []
    const stop = startAutosave(store, async (text) => { saves.push(text) })
    newEmptyProject(store)
    vi.advanceTimersByTime(1000)
    expect(saves).toEqual([]) // not restored yet: must not overwrite the saved project

    store.getState().markRestored()
    store.getState().renameProject('one')
    vi.advanceTimersByTime(200)
    store.getState().setLibrary('pow2-q7')
    vi.advanceTimersByTime(299)
    expect(saves).toEqual([])
    vi.advanceTimersByTime(1)
    expect(saves).toHaveLength(1)
    expect(parseProject(saves[0])).toMatchObject({ name: 'one', library: 'pow2-q7' })

    store.getState().renameProject('two')
    stop() // flushes the pending save
    expect(saves).toHaveLength(2)
    expect(parseProject(saves[1]).name).toBe('two')
  })
})
