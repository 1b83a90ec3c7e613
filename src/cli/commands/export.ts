/**
 * `tinyforge export <project> [--onnx <file.onnx>] [--float] [--c <dir|file.zip>] [--c-prefix name]`: writes the
 * project's deployable artefacts through the exporter registry (core/formats/exporters.ts), the same exporters the
 * IDE's Export dialog uses. Each artefact is one entry of ARTEFACTS (its flag and the function that runs its
 * exporter and words its summary), so a new one is one entry plus one function.
 *   --onnx : the ONNX model (exporters onnx-qdq / onnx-float), IR 8 / opset 17 — QDQ when every node of the project is
 *            quantized (with the library's scheme), float otherwise; --float forces the float model.
 *   --c    : the embedded C package (exporter c-package): a folder, or a zip when the path ends in .zip;
 *            --c-prefix names its files, functions and macros (default: the project name, made a C identifier).
 *   --pytorch : the training-ready PyTorch project (formats/pytorch/export-pytorch.ts), a folder or a .zip.
 * Every artefact asked for is built in memory before any is written, so one that cannot be built writes nothing.
 * Exit 0 when everything is written, 1 when the project cannot be read, exported or written (one line), 2 for bad
 * arguments.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import type { ExportOutput } from '../../core/formats/exporters.ts'
import { EXPORTERS, ExportError, exportedFile, isQuantized } from '../../core/formats/exporters.ts'
import type { OnnxDetails } from '../../core/formats/exporters/onnx-float.ts'
import type { ProjectDoc } from '../../core/ir/project.ts'
import { getLibrary } from '../../core/vendors/registry.ts'
import type { ParsedArgs } from '../args.ts'
import { UsageError } from '../args.ts'
import type { Command } from '../command.ts'
import { out } from '../command.ts'
import { CliFailure, readProject, systemReason } from './data-path.ts'
import { buildPytorchProject } from './export-pytorch.ts'

const USAGE = '<project> [--onnx <file.onnx>] [--float] [--c <dir|file.zip>] [--c-prefix name] [--pytorch <dir|file.zip>]'

/** An artefact built in memory: `write` puts it at a path (throws on I/O errors); `summary` describes it. */
interface Built {
  write(path: string): void
  summary: string
}

interface Artefact {
  /** The flag naming the output path. */
  flag: string
  /** Builds the artefact; throws CliFailure (cannot be built) or UsageError (bad arguments). */
  build(doc: ProjectDoc, args: ParsedArgs, projectFile: string): Built
}

const ARTEFACTS: readonly Artefact[] = [
  { flag: 'onnx', build: buildOnnx },
  { flag: 'c', build: buildCPackage },
  { flag: 'pytorch', build: (doc, _args, projectFile) => buildPytorchProject(doc, projectFile) },
]

/** Runs an exporter; a project it refuses is a CliFailure naming the project file. */
function exportWith<D>(run: () => ExportOutput<D>, projectFile: string): ExportOutput<D> {
  try {
    return run()
  } catch (err) {
    if (err instanceof ExportError) throw new CliFailure(`cannot export ${projectFile}: ${err.message}`)
    throw err
  }
}

/** Writes an export at `path`: one file as it is; files as a folder, or as a zip when `path` ends in .zip. */
function writeOutput(output: ExportOutput<unknown>, path: string): void {
  if (output.kind === 'file' || path.toLowerCase().endsWith('.zip')) return writeFileSync(path, exportedFile(output).bytes)
  for (const [file, content] of output.files) {
    mkdirSync(dirname(join(path, file)), { recursive: true })
    writeFileSync(join(path, file), content)
  }
}

function buildOnnx(doc: ProjectDoc, args: ParsedArgs, projectFile: string): Built {
  const quantized = isQuantized(doc.graph) && args.flags.float !== true
  const scheme = getLibrary(doc.library)?.scheme ?? 's8'
  const output = exportWith<OnnxDetails>(
    () => (quantized ? EXPORTERS['onnx-qdq'].export(doc, {}) : EXPORTERS['onnx-float'].export(doc, {})), projectFile)
  const io = (list: { name: string; dims: number[] }[]) => list.map((t) => `${t.name} [${t.dims.join(', ')}]`).join(', ')
  const form = quantized ? `QDQ ${scheme}` : isQuantized(doc.graph) ? 'float (--float)' : 'float'
  const bytes = exportedFile(output).bytes
  return {
    write: (path) => writeOutput(output, path),
    summary: `ONNX IR 8 / opset 17, ${form}, ${bytes.length} bytes; inputs ${io(output.details.inputs)} (raw, NHWC); ` +
      `outputs ${io(output.details.outputs)}`,
  }
}

function buildCPackage(doc: ProjectDoc, args: ParsedArgs, projectFile: string): Built {
  const prefix = args.flags['c-prefix']
  const output = exportWith(() => EXPORTERS['c-package'].export(doc, { prefix: typeof prefix === 'string' ? prefix : undefined }), projectFile)
  const { library, figures } = output.details
  return {
    write: (path) => writeOutput(output, path),
    summary: `C package ${output.details.prefix} (${library.id}, ${library.scheme}` +
      `${library.scheme === 's8' && doc.rounding === 'single' ? ', single rounding: CMSIS_NN_USE_SINGLE_ROUNDING' : ''}): ` +
      `${figures.files} files; arena ${figures.arenaBytes} B, ` +
      `scratch ${figures.scratchBytes} B, weights ${figures.weightBytes} B; run \`make test\` and \`make test-qemu-m4\``,
  }
}

export const exportCommand: Command = {
  name: 'export',
  usage: USAGE,
  summary: 'Export a project as an ONNX model (float or QDQ), an embedded C package and/or a training-ready PyTorch project',
  flags: { onnx: { kind: 'string' }, float: { kind: 'boolean' }, c: { kind: 'string' }, 'c-prefix': { kind: 'string' },
    pytorch: { kind: 'string' } },
  maxPositional: 1,
  run(args) {
    const file = args.positional[0]
    if (file === undefined) throw new UsageError(`missing project file (usage: tinyforge export ${USAGE})`)
    const asked = ARTEFACTS.filter((a) => typeof args.flags[a.flag] === 'string')
    if (asked.length === 0) throw new UsageError('nothing to export: give --onnx <file.onnx>, --c <dir|file.zip> and/or --pytorch <dir|file.zip>')
    if (args.flags['c-prefix'] !== undefined && args.flags.c === undefined) throw new UsageError('--c-prefix needs --c')
    if (args.flags.float !== undefined && args.flags.onnx === undefined) throw new UsageError('--float needs --onnx')
    try {
      const doc = readProject(file)
      const built = asked.map((a) => [args.flags[a.flag] as string, a.build(doc, args, file)] as const)
      for (const [path, b] of built) {
        try {
          b.write(path)
        } catch (err) {
          throw new CliFailure(`cannot write ${path}: ${systemReason(err)}`)
        }
        out(`wrote ${path}: ${b.summary}\n`)
      }
      return 0
    } catch (err) {
      if (err instanceof CliFailure) {
        process.stderr.write(`tinyforge: ${err.message}\n`)
        return 1
      }
      throw err
    }
  },
}
