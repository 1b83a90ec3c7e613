/**
 * `generateCPackage(graph, { prefix, library })` → the embedded C package as files (path → text), ready for a
 * folder or a zip (zip-package.ts):
 *   include/<prefix>.h, src/<prefix>.c, runtime/ (only the kernels used), examples/main.c + test_vectors.h,
 *   board/ (host + QEMU MPS2 support and linker scripts), Makefile, CMakeLists.txt, README.md.
 * The graph must be quantized for the library's scheme; otherwise ExportRefusedError lists every reason.
 * Pure and deterministic: the same graph and options give the same bytes.
 */
import type { Graph } from '../../ir/types.ts'
import type { Rounding } from '../../quant/fixed-point.ts'
import { getLibrary } from '../../vendors/registry.ts'
import type { VendorLibrary } from '../../vendors/types.ts'
import { cmakeLists, makefile } from './build-files.ts'
import { cPrefix } from '../../kernels/c-syntax.ts'
import { runtimeFilesFor } from './c-source-parts.ts'
import { computeTestVectors, exampleMain, testVectorsHeader } from './example-source.ts'
import type { PackageModel } from './package-model.ts'
import { buildPackageModel, ExportRefusedError, packageConstantBytes } from './package-model.ts'
import { packageReadme } from './package-readme.ts'
import { headerSource, scheduleSource } from './package-sources.ts'
import { C_RUNTIME_FILES } from './runtime-files.generated.ts'

export { ExportRefusedError } from './package-model.ts'

export const C_PACKAGE_GENERATOR = 'TinyForge C package generator 1'

export interface CPackageOptions {
  /** C identifier stem for files, functions and macros (sanitized; default 'model'). */
  prefix?: string
  /** Vendor library (object or id); its scheme must be the graph's quantization scheme. */
  library: VendorLibrary | string
  /** Project or model name for comments and the README. */
  title?: string
  /** Number of embedded test vectors (1..16, default 3). */
  vectors?: number
  /** Seed of the test vectors (default 1). */
  seed?: number
  /**
   * Requantization rounding of the s8 kernels (default 'double'); 'single' defines CMSIS_NN_USE_SINGLE_ROUNDING in the
   * Makefile and CMakeLists.txt (for CMSIS-NN too), and the schedule refuses to compile without it.
   */
  rounding?: Rounding
  /** buildPackageModel(graph, library, rounding), when the caller built it already (it is then not built again). */
  model?: PackageModel
}

export type CPackageFiles = Map<string, Uint8Array | string>

const BOARD_FILES = ['board/board.h', 'board/board_host.c', 'board/board_mps2.c', 'board/sections.ld',
  'board/mps2-an386.ld', 'board/mps2-an500.ld', 'board/mps2-an505.ld']

export function generateCPackage(graph: Graph, options: CPackageOptions): CPackageFiles {
  const library = typeof options.library === 'string' ? getLibrary(options.library) : options.library
  if (!library) throw new ExportRefusedError([`unknown library '${String(options.library)}'`])
  const prefix = cPrefix(options.prefix ?? 'model')
  const vectorsCount = options.vectors ?? 3
  if (!Number.isInteger(vectorsCount) || vectorsCount < 1 || vectorsCount > 16) {
    throw new RangeError(`vectors must be a whole number in 1..16, got ${vectorsCount}`)
  }
  const model = options.model ?? buildPackageModel(graph, library, options.rounding)
  const rounding = model.prepared.rounding
  const title = options.title ?? prefix
  const ctx = { prefix, model, graph, title, generator: C_PACKAGE_GENERATOR }
  const vectors = computeTestVectors(graph, model, vectorsCount, options.seed ?? 1)
  const weightBytes = packageConstantBytes(model)
  const files: CPackageFiles = new Map()
  files.set('README.md', packageReadme({ prefix, title, generator: C_PACKAGE_GENERATOR, model, weightBytes, vectors: vectors.length }))
  files.set('Makefile', makefile(prefix, rounding))
  files.set('CMakeLists.txt', cmakeLists(prefix, rounding))
  files.set(`include/${prefix}.h`, headerSource(ctx))
  files.set(`src/${prefix}.c`, scheduleSource(ctx))
  for (const path of runtimeFilesFor(model.kernels)) files.set(path, C_RUNTIME_FILES[path])
  files.set('examples/main.c', exampleMain(prefix, model.inputs.length, model.outputs.length, model.outputs.map((t) => t.exit)))
  files.set('examples/test_vectors.h', testVectorsHeader(prefix, vectors, C_PACKAGE_GENERATOR))
  for (const path of BOARD_FILES) files.set(path, C_RUNTIME_FILES[path])
  return files
}
