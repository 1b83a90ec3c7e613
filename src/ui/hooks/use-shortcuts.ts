/**
 * Global keyboard shortcuts: Delete/Backspace delete, Ctrl/⌘+Z undo, Ctrl/⌘+Shift+Z and Ctrl+Y redo,
 * Ctrl/⌘+C / V copy and paste, Ctrl/⌘+A select all, Escape clears the selection. Ignored while the
 * user types in a text field, select or editable element.
 */
import { useEffect } from 'react'
import type { EditorStore } from '../../store/editor-store.ts'
import { copySelection, deleteSelection, pasteClipboard, selectAll } from '../../store/editor-commands.ts'

export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false
  if (target.isContentEditable) return true
  const tag = target.tagName
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT'
}

/** Runs the shortcut for `e`, returning true when one matched. */
export function handleShortcut(store: EditorStore, e: KeyboardEvent): boolean {
  const mod = e.ctrlKey || e.metaKey
  const key = e.key.toLowerCase()
  const s = store.getState()
  if (!mod && !e.altKey && (e.key === 'Delete' || e.key === 'Backspace')) {
    deleteSelection(store)
    return true
  }
  if (!mod && e.key === 'Escape') {
    s.clearSelection()
    s.dismissNotice()
    return true
  }
  if (!mod || e.altKey) return false
  if ((key === 'z' && e.shiftKey) || (key === 'y' && !e.shiftKey)) {
    s.redo()
    return true
  }
  if (key === 'z') {
    s.undo()
    return true
  }
  if (key === 'c' && !e.shiftKey) return copySelection(store)
  if (key === 'v' && !e.shiftKey) {
    pasteClipboard(store)
    return true
  }
  if (key === 'a' && !e.shiftKey) {
    selectAll(store)
    return true
  }
  return false
}

export function useShortcuts(store: EditorStore): void {
  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent): void => {
      if (e.defaultPrevented || isTypingTarget(e.target)) return
      // An open dialog or menu owns the keyboard.
      if (e.target instanceof HTMLElement && e.target.closest('[role="dialog"], [role="menu"]')) return
      if (handleShortcut(store, e)) e.preventDefault()
    }
    window.addEventListener('keydown', onKeyDown)
    return () => window.removeEventListener('keydown', onKeyDown)
  }, [store])
}
