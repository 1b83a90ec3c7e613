/**
 * The in-memory project document: what a `*.tinyforge.json` file holds (see formats/project/ for the
 * versioned file format and its migrations) and what the IDE autosaves.
 */
import type { TrainingRun } from './training-run.ts'
import type { Graph } from './types.ts'

/**
 * A user-defined board, exactly the fields of a custom target file (DESIGN.md; parsed and validated by
 * targets/target-file.ts `parseTargetFile`). Stored as plain data so the project file round-trips it.
 */
export interface CustomTargetSpec {
  id: string
  name: string
  /** A core family id of targets/types.ts CORE_IDS, e.g. 'cortex-m4'. */
  core: string
  clockMHz: number
  sramBytes: number
  flashBytes: number
  activePowerMw?: number
}

export interface ProjectDoc {
  name: string
  /** Vendor library id (vendors/registry.ts), e.g. 'cmsis-nn'. */
  library: string
  graph: Graph
  /** Target ids selected for comparison: catalog ids and ids of `customTargets` (may be empty). */
  targets: string[]
  /** Boards the user added to this project (absent or empty when none). */
  customTargets?: CustomTargetSpec[]
  /** Provenance of every training run whose weights the project took (oldest first; absent or empty when none). */
  trainingRuns?: TrainingRun[]
  /**
   * Requantization rounding of the s8 kernels (quant/fixed-point.ts Rounding): absent means 'double' (TFLite's
   * reference, CMSIS-NN's default); 'single' is CMSIS-NN's CMSIS_NN_USE_SINGLE_ROUNDING. The int8 engines, the C
   * package (which then defines the macro), the ONNX agreement report and the PyTorch export follow it.
   */
  rounding?: 'single'
}

/** The project's requantization rounding: 'single' or the default 'double'. */
export function projectRounding(doc: Pick<ProjectDoc, 'rounding'>): 'double' | 'single' {
  return doc.rounding === 'single' ? 'single' : 'double'
}
