/**
 * The File menu: New from template…, Open… (a .json file chooser → parseProject; errors become a
 * one-line alert and leave the project untouched), Import model… (.tflite / .onnx → importModelBytes,
 * one undo step), Import trained weights… (a train.py weights file → importTrainedWeights, one undo step), Save (downloads `<name>.tinyforge.json`) and Export… (the C package and ONNX downloads).
 */
import { useEffect, useRef, useState } from 'react'
import type { ChangeEvent, KeyboardEvent as ReactKeyboardEvent } from 'react'
import { editorStore } from '../../store/editor-store.ts'
import { MODEL_ACCEPT, importModelBytes, importTrainedWeights } from '../../store/import-commands.ts'
import { openProjectText, projectFile } from '../../store/project-commands.ts'
import { openExportDialog } from '../export/export-dialog.tsx'

export function downloadText(fileName: string, text: string, type = 'application/json'): void {
  const url = URL.createObjectURL(new Blob([text], { type }))
  const a = document.createElement('a')
  a.href = url
  a.download = fileName
  document.body.append(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 1000)
}

export function saveProject(): void {
  const { fileName, text } = projectFile(editorStore)
  downloadText(fileName, text)
}

export function FileMenu() {
  const [open, setOpen] = useState(false)
  const rootRef = useRef<HTMLDivElement>(null)
  const listRef = useRef<HTMLDivElement>(null)
  const fileRef = useRef<HTMLInputElement>(null)
  const modelRef = useRef<HTMLInputElement>(null)
  const weightsRef = useRef<HTMLInputElement>(null)

  useEffect(() => {
    if (open) listRef.current?.querySelector<HTMLButtonElement>('[role="menuitem"]')?.focus()
  }, [open])

  // Arrow keys move between menu items (the WAI-ARIA menu pattern).
  const onMenuKey = (e: ReactKeyboardEvent<HTMLDivElement>) => {
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return
    e.preventDefault()
    const items = [...(listRef.current?.querySelectorAll<HTMLButtonElement>('[role="menuitem"]') ?? [])]
    const at = items.indexOf(document.activeElement as HTMLButtonElement)
    const next = (at + (e.key === 'ArrowDown' ? 1 : -1) + items.length) % items.length
    items[next]?.focus()
  }

  useEffect(() => {
    if (!open) return
    const onPointer = (e: PointerEvent) => {
      if (!rootRef.current?.contains(e.target as Node)) setOpen(false)
    }
    const onKey = (e: KeyboardEvent) => { if (e.key === 'Escape') setOpen(false) }
    document.addEventListener('pointerdown', onPointer)
    document.addEventListener('keydown', onKey)
    return () => {
      document.removeEventListener('pointerdown', onPointer)
      document.removeEventListener('keydown', onKey)
    }
  }, [open])

  const onFile = async (e: ChangeEvent<HTMLInputElement>) => {
    const input = e.currentTarget
    const file = input.files?.[0]
    input.value = ''
    if (!file) return
    let text: string
    try {
      text = await file.text()
    } catch {
      editorStore.getState().showNotice('error', `Could not open ${file.name}: the file could not be read`)
      return
    }
    openProjectText(editorStore, text, file.name)
  }

  const onModel = async (e: ChangeEvent<HTMLInputElement>) => {
    const input = e.currentTarget
    const file = input.files?.[0]
    input.value = ''
    if (!file) return
    let bytes: Uint8Array
    try {
      bytes = new Uint8Array(await file.arrayBuffer())
    } catch {
      editorStore.getState().showNotice('error', `Could not import ${file.name}: the file could not be read`)
      return
    }
    importModelBytes(editorStore, bytes, file.name)
  }

  const onWeights = async (e: ChangeEvent<HTMLInputElement>) => {
    const input = e.currentTarget
    const file = input.files?.[0]
    input.value = ''
    if (!file) return
    let bytes: Uint8Array
    try {
      bytes = new Uint8Array(await file.arrayBuffer())
    } catch {
      editorStore.getState().showNotice('error', `Could not import ${file.name}: the file could not be read`)
      return
    }
    importTrainedWeights(editorStore, bytes, file.name)
  }

  const run = (action: () => void) => () => { setOpen(false); action() }

  return (
    <div className="tf-menu" ref={rootRef}>
      <button type="button" className="tf-button tf-button--quiet" aria-haspopup="menu" aria-expanded={open}
        onClick={() => setOpen((o) => !o)}>
        File <span aria-hidden="true" className="tf-caret">▾</span>
      </button>
      {open && (
        <div className="tf-menu__list" role="menu" aria-label="File" ref={listRef} onKeyDown={onMenuKey}>
          <button type="button" role="menuitem" onClick={run(() => editorStore.getState().setTemplateDialogOpen(true))}>
            New from template…
          </button>
          <button type="button" role="menuitem" onClick={run(() => fileRef.current?.click())}>Open…</button>
          <button type="button" role="menuitem" onClick={run(() => modelRef.current?.click())}>Import model…</button>
          <button type="button" role="menuitem" onClick={run(() => weightsRef.current?.click())}>Import trained weights…</button>
          <button type="button" role="menuitem" onClick={run(saveProject)}>Save</button>
          <button type="button" role="menuitem" onClick={run(openExportDialog)}>Export…</button>
        </div>
      )}
      <input ref={fileRef} type="file" accept=".json,application/json" hidden tabIndex={-1}
        aria-label="Open project file" data-testid="open-file-input" onChange={(e) => void onFile(e)} />
      <input ref={modelRef} type="file" accept={MODEL_ACCEPT} hidden tabIndex={-1}
        aria-label="Import model file" data-testid="import-file-input" onChange={(e) => void onModel(e)} />
      <input ref={weightsRef} type="file" accept=".npz" hidden tabIndex={-1}
        aria-label="Import trained weights file" data-testid="import-weights-input" onChange={(e) => void onWeights(e)} />
    </div>
  )
}
