/**
 * The open project's C package for the Export dialog, derived on render (never stored): regenerated when the graph,
 * library, name, prefix or test-vector options change; the check of every library is redone only when the graph
 * changes. `version` numbers each generated package so the code view can drop the previous package's models.
 */
import { useMemo } from 'react'
import type { CPackageBuild, LibraryCheck } from '../../store/export-commands.ts'
import { buildCPackage, checkLibrary } from '../../store/export-commands.ts'
import { selectDoc } from '../../store/document-slice.ts'
import { LIBRARIES } from '../../core/vendors/registry.ts'
import type { VendorLibrary } from '../../core/vendors/types.ts'
import { useEditor } from '../hooks/use-editor.ts'

export interface LibraryOption {
  library: VendorLibrary
  /** Empty when the graph exports with this library. */
  reasons: string[]
}

export interface CPackageState {
  build: CPackageBuild
  version: number
  libraries: LibraryOption[]
}

let versions = 0

export function useCPackage(prefix: string, vectors: number, seed: number): CPackageState {
  const { graph, library, name } = useEditor(selectDoc)
  const libraries = useMemo(() => LIBRARIES.map((lib): LibraryOption => {
    const check: LibraryCheck = checkLibrary(graph, lib)
    return { library: lib, reasons: check.ok ? [] : check.reasons }
  }), [graph])
  const built = useMemo(() => ({
    build: buildCPackage({ name, library, graph, targets: [] }, prefix, { vectors, seed }),
    version: ++versions,
  }), [graph, library, name, prefix, vectors, seed])
  return { ...built, libraries }
}
