/** The vendor library the open project targets. */
import type { VendorLibrary } from '../../core/vendors/types.ts'
import { selectLibraryId } from '../../store/document-slice.ts'
import { resolveLibrary } from '../../store/editor-commands.ts'
import { useEditor } from './use-editor.ts'

export function useLibrary(): VendorLibrary {
  return resolveLibrary(useEditor(selectLibraryId))
}
