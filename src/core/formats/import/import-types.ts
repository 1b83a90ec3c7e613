/**
 * The import contract shared by every model format (onnx/, tflite/), Netron style: a cheap `match`
 * sniff on the bytes and file name, and a full `open` that maps the model onto the TinyForge IR and says,
 * for every source operator, what it became. Formats are registered by one line in ../import-model.ts.
 */
import type { Diagnostic } from '../../ir/diagnostics.ts'
import type { Graph } from '../../ir/types.ts'

/** What happened to one source operator. */
export type ImportStatus =
  | 'mapped' // became one or more IR operators
  | 'folded' // its arithmetic was folded into another operator's constants (BatchNorm, bias Add, constant Reshape)
  | 'fused' // became another operator's attribute (fused activation, merged padding)
  | 'dropped' // no effect at inference (Identity, Dropout, float I/O conversion)
  | 'unsupported' // kept as a marked node of op '<format>:<type>' that the analyzer flags

export interface ImportEntry {
  /** Operator type in the source format, e.g. 'Conv', 'CONV_2D'. */
  sourceOp: string
  /** Operator name in the source (ONNX node name; TFLite: its first output tensor's name). */
  sourceName: string
  /** IR node ids this operator became or was folded/fused into (empty when dropped). */
  becameNodes: string[]
  /** The IR op types of becameNodes, in the same order. */
  irOps: string[]
  status: ImportStatus
  /** Why it was folded, fused, dropped or unsupported. */
  reason?: string
  /** A rewrite that would make it supported, when one exists. */
  suggestion?: string
}

export interface ImportSource {
  /** Producing tool, e.g. 'pytorch 1.7' or 'TFLite converter: MLIR Converted.'. */
  producer?: string
  /** ONNX default-domain opset. */
  opset?: number
  /** Format version: ONNX IR version, TFLite schema version. */
  version?: number
}

export interface ImportReport {
  /** Format id, e.g. 'onnx', 'tflite'. */
  format: string
  source: ImportSource
  /** One entry per source operator, in source order. */
  entries: ImportEntry[]
  /** Importer notes (e.g. dequantized weights) followed by the analyzer's diagnostics for the library. */
  diagnostics: Diagnostic[]
}

/** What a format's `open` returns: the mapped graph (not yet laid out) and its report parts. */
export interface OpenedModel {
  name: string
  graph: Graph
  source: ImportSource
  entries: ImportEntry[]
  /** Importer notes only; the analyzer's diagnostics are added by importModel. */
  diagnostics: Diagnostic[]
}

export interface ModelFormat {
  id: string
  name: string
  /** Lower-case file extensions with the dot, e.g. ['.onnx']. */
  extensions: readonly string[]
  /** Cheap sniff: true when the bytes look like this format. Never throws. */
  match(bytes: Uint8Array, fileName: string): boolean
  /** Full read and mapping; throws ImportError (only) for a file that cannot be imported. */
  open(bytes: Uint8Array, fileName: string): OpenedModel
}
