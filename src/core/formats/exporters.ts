/**
 * The exporters, one registry line each (contract: exporters/exporter.ts). The CLI's `tinyforge export` and the IDE's
 * Export dialog (through its worker job) both export through these, so both give the same bytes.
 * Adding one (a PyTorch project, a split head/tail) = one file in exporters/ + one line here.
 */
import { zipPackage } from '../codegen/c/zip-package.ts'
import { C_PACKAGE_EXPORTER } from './exporters/c-package.ts'
import { CUT_TRAINING_EXPORTER } from './exporters/cut-training.ts'
import type { ExportOutput } from './exporters/exporter.ts'
import { ONNX_FLOAT_EXPORTER } from './exporters/onnx-float.ts'
import { ONNX_QDQ_EXPORTER } from './exporters/onnx-qdq.ts'
import { PYTORCH_EXPORTER } from './exporters/pytorch.ts'
import { SPLIT_EXPORTER } from './exporters/split.ts'

export const EXPORTERS = {
  'onnx-float': ONNX_FLOAT_EXPORTER,
  'onnx-qdq': ONNX_QDQ_EXPORTER,
  'c-package': C_PACKAGE_EXPORTER,
  split: SPLIT_EXPORTER,
  pytorch: PYTORCH_EXPORTER,
  'cut-training': CUT_TRAINING_EXPORTER,
} as const

export type ExporterId = keyof typeof EXPORTERS

/** Every exporter, in registry order. */
export const EXPORTER_LIST = Object.values(EXPORTERS)

/** An export as one file: a single-file export as it is, files zipped under their root folder (`<root>.zip`). */
export function exportedFile(output: ExportOutput<unknown>): { fileName: string; bytes: Uint8Array } {
  if (output.kind === 'file') return { fileName: output.fileName, bytes: output.bytes }
  return { fileName: `${output.root}.zip`, bytes: zipPackage(output.files, output.root) }
}

export { ExportError, isQuantized, projectFileBase } from './exporters/exporter.ts'
export type { ExportedContent, ExportOutput, Exporter } from './exporters/exporter.ts'

