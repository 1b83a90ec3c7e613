/** Subscribes a component to one slice of the editor store (pass a selector declared at module scope). */
import { useStore } from 'zustand'
import type { EditorState } from '../../store/editor-store.ts'
import { editorStore } from '../../store/editor-store.ts'

export function useEditor<T>(selector: (state: EditorState) => T): T {
  return useStore(editorStore, selector)
}
