/**
 * Files dropped anywhere on the window: a `.json` project opens, anything else is imported as a model
 * (openDroppedBytes). Returns whether a file drag is over the window, for the drop overlay. Only drags
 * that carry files are taken; palette drags (an operator type, no files) pass through to the canvas. Drags over an
 * element marked `data-file-drop` (e.g. the Train tab's data box) are left to that element.
 */
import { useEffect, useState } from 'react'
import type { EditorStore } from '../../store/editor-store.ts'
import { openDroppedBytes } from '../../store/import-commands.ts'

function carriesFiles(e: DragEvent): boolean {
  return e.dataTransfer !== null && [...e.dataTransfer.types].includes('Files')
}

/** Over an element that takes dropped files itself. */
function ownedDrop(e: DragEvent): boolean {
  return e.target instanceof Element && e.target.closest('[data-file-drop]') !== null
}

export function useFileDrop(store: EditorStore): boolean {
  const [over, setOver] = useState(false)
  useEffect(() => {
    // dragenter/dragleave fire for every child crossed; count them so the overlay does not flicker.
    let depth = 0
    const onEnter = (e: DragEvent): void => {
      if (!carriesFiles(e)) return
      e.preventDefault()
      depth++
      setOver(true)
    }
    const onOver = (e: DragEvent): void => {
      if (!carriesFiles(e)) return
      if (ownedDrop(e)) { setOver(false); return }
      e.preventDefault()
      if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy'
      setOver(true)
    }
    const onLeave = (e: DragEvent): void => {
      if (!carriesFiles(e)) return
      depth = Math.max(0, depth - 1)
      if (depth === 0) setOver(false)
    }
    const onDrop = (e: DragEvent): void => {
      if (!carriesFiles(e)) return
      depth = 0
      setOver(false)
      if (ownedDrop(e)) return
      e.preventDefault()
      const files = e.dataTransfer?.files
      const file = files?.[0]
      if (!file) return
      if (files.length > 1) store.getState().showNotice('info', `Opening ${file.name}; drop one file at a time.`)
      file.arrayBuffer().then(
        (buffer) => { openDroppedBytes(store, new Uint8Array(buffer), file.name) },
        () => store.getState().showNotice('error', `Could not open ${file.name}: the file could not be read`),
      )
    }
    window.addEventListener('dragenter', onEnter)
    window.addEventListener('dragover', onOver)
    window.addEventListener('dragleave', onLeave)
    window.addEventListener('drop', onDrop)
    return () => {
      window.removeEventListener('dragenter', onEnter)
      window.removeEventListener('dragover', onOver)
      window.removeEventListener('dragleave', onLeave)
      window.removeEventListener('drop', onDrop)
    }
  }, [store])
  return over
}
