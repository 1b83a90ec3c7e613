/**
 * The in-memory project document: what a `*.tinyforge.json` file holds (see formats/project/ for the
 * versioned file format and its migrations) and what the IDE autosaves.
 */
import type { Graph } from './types.ts'

export interface ProjectDoc {
  name: string
  /** Vendor library id (vendors/registry.ts), e.g. 'cmsis-nn'. */
  library: string
  graph: Graph
  /** Catalog target ids selected for comparison (may be empty). */
  targets: string[]
}
