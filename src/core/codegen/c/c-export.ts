/**
 * The C package with its figures, from ONE package model (one analysis, one preparation, one plan): what the
 * C package exporter (formats/exporters/c-package.ts) — and through it the CLI's `export --c` and the IDE's export
 * job — produce. `cPackageProblems` is the cheap refusal check (no kernels emitted, no files written): the same
 * reasons buildPackageModel refuses with, for choosing a library on every edit.
 * Throws ExportRefusedError (with every reason) when the graph cannot be exported.
 */
import { analyzeGraph } from '../../analysis/analyze-graph.ts'
import type { Graph } from '../../ir/types.ts'
import { cPrefix } from '../../kernels/c-syntax.ts'
import { prepareGraph } from '../../plan/prepare-graph.ts'
import type { Rounding } from '../../quant/fixed-point.ts'
import { QuantError } from '../../quant/kernel-params.ts'
import type { VendorLibrary } from '../../vendors/types.ts'
import type { CPackageFiles } from './generate-package.ts'
import { generateCPackage } from './generate-package.ts'
import type { PackageModel } from './package-model.ts'
import { buildPackageModel, exportProblems, packageConstantBytes } from './package-model.ts'

/** Figures of a generated package (the Export dialog's summary, the CLI's line). */
export interface CPackageFigures {
  files: number
  /** Sum of the files' sizes (UTF-8). */
  bytes: number
  arenaBytes: number
  scratchBytes: number
  /** Weights, biases and per-channel requantization constants, as const arrays (packageConstantBytes). */
  weightBytes: number
  kernels: number
  inputBytes: number
  outputBytes: number
}

export interface CPackage {
  prefix: string
  files: CPackageFiles
  figures: CPackageFigures
}

export interface BuildCPackageOptions {
  library: VendorLibrary
  /** C identifier stem (sanitized with cPrefix; default 'model'). */
  prefix?: string
  /** Project or model name for comments and the README. */
  title?: string
  /** Embedded test vectors (1..16, default 3) and their seed (default 1). */
  vectors?: number
  seed?: number
  /** Requantization rounding of the s8 kernels (default 'double'; 'single': CMSIS_NN_USE_SINGLE_ROUNDING). */
  rounding?: Rounding
  /** Called between the steps (the package model, then the files), e.g. a job's progress. */
  onStep?(done: number, total: number, label: string): void
}

/** The package of `graph` and its figures; throws ExportRefusedError with every reason when it cannot be exported. */
export function buildCPackage(graph: Graph, options: BuildCPackageOptions): CPackage {
  const { library } = options
  const prefix = cPrefix(options.prefix ?? 'model')
  options.onStep?.(0, 2, 'Checking and planning the graph')
  const model = buildPackageModel(graph, library, options.rounding)
  options.onStep?.(1, 2, 'Writing the sources and test vectors')
  const files = generateCPackage(graph, { prefix, library, title: options.title, vectors: options.vectors, seed: options.seed, model })
  options.onStep?.(2, 2, 'Done')
  return { prefix, files, figures: packageFigures(files, model) }
}

export function packageFigures(files: CPackageFiles, model: PackageModel): CPackageFigures {
  const encoder = new TextEncoder()
  let bytes = 0
  for (const content of files.values()) bytes += typeof content === 'string' ? encoder.encode(content).length : content.byteLength
  return {
    files: files.size, bytes, arenaBytes: model.plan.arenaBytes, scratchBytes: model.scratchBytes, weightBytes: packageConstantBytes(model),
    kernels: model.kernels.length, inputBytes: model.inputBytes, outputBytes: model.outputBytes,
  }
}

/**
 * Every reason `graph` cannot be exported with `library` (empty when it can): the refusal check of buildPackageModel
 * (analysis diagnostics, unquantized or float constants, a quantization of another scheme) without emitting kernels or
 * planning memory. The preparation is cached per graph object, so the package built next reuses it.
 */
export function cPackageProblems(graph: Graph, library: VendorLibrary): string[] {
  const analysis = analyzeGraph(graph, library)
  const problems = exportProblems(graph, library, analysis)
  if (problems.length > 0) return problems
  try {
    prepareGraph(graph, library.scheme, analysis)
  } catch (err) {
    if (err instanceof QuantError) return [err.message]
    throw err
  }
  return []
}
