/**
 * What every exporter is (registry: formats/exporters.ts): an id, a label, the file name it gives a project, a cheap
 * `check` (every reason the project cannot be exported, without exporting) and `export` (one file, or a tree of files
 * under a root folder, with typed details for summaries). Options are typed per exporter. Pure and deterministic: the
 * same document and options give the same bytes, in Node (CLI), in a worker (IDE) or in a test.
 * A project that cannot be exported makes `export` throw ExportError with the one line a user reads.
 */
import type { ProjectDoc } from '../../ir/project.ts'
import type { Graph } from '../../ir/types.ts'

export type ExportedContent = Uint8Array | string

/** What an export gives: one file, or files (path → content) under a root folder (written as a folder or a zip). */
export type ExportOutput<D> =
  | { kind: 'file'; fileName: string; bytes: Uint8Array; details: D }
  | { kind: 'files'; root: string; files: Map<string, ExportedContent>; details: D }

export interface Exporter<Options, Details> {
  readonly id: string
  /** e.g. 'ONNX (QDQ)'. */
  readonly label: string
  /** The file (or zip) a download of this project is named, e.g. 'Digits CNN.int8.onnx', 'digits_cnn.zip'. */
  fileName(doc: ProjectDoc, options: Options): string
  /** Every reason the project cannot be exported; empty when it can. Cheap: never builds the export. */
  check(doc: ProjectDoc, options: Options): string[]
  /** The export; throws ExportError when the project cannot be exported. */
  export(doc: ProjectDoc, options: Options): ExportOutput<Details>
}

/** The project cannot be exported: `message` is one line (the CLI prints "cannot export <file>: <message>"). */
export class ExportError extends Error {
  readonly reasons: readonly string[]
  constructor(message: string, reasons: readonly string[] = [message]) {
    super(message)
    this.name = 'ExportError'
    this.reasons = reasons
  }
}

/** Defines an exporter (identity; it types the options and details for the registry). */
export function defineExporter<Options, Details>(exporter: Exporter<Options, Details>): Exporter<Options, Details> {
  return exporter
}

/** True when every node carries int8 quantization (a quantized project, or an int8 import). */
export function isQuantized(graph: Graph): boolean {
  return graph.nodes.length > 0 && graph.nodes.every((n) => n.quant)
}

/** The project name as a file name base ('mnist-8'; characters files cannot hold become '-'; empty → 'untitled'). */
export function projectFileBase(name: string): string {
  const cleaned = name.trim().replace(/[\\/:*?"<>|]+/g, '-')
  return cleaned.length > 0 ? cleaned : 'untitled'
}
