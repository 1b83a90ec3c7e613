/**
 * `tinyforge import <model.onnx|model.tflite> -o <project.tinyforge.json> [--library id] [--report f]`:
 * imports a model into a project mapped onto a vendor library (default cmsis-nn) and writes it; with
 * --report, also writes the import report as JSON (`ImportReport`: every source operator → IR nodes, or
 * why it is unsupported). Exit 0 when written (unsupported operators included, listed in the summary),
 * 1 for a file that cannot be read or imported, 2 for bad arguments.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { basename } from 'node:path'
import { ImportError, importModel } from '../../core/formats/import-model.ts'
import type { ImportReport } from '../../core/formats/import-model.ts'
import { serializeProject } from '../../core/formats/project/index.ts'
import { DEFAULT_LIBRARY_ID, LIBRARIES, getLibrary } from '../../core/vendors/registry.ts'
import { UsageError } from '../args.ts'
import type { Command } from '../command.ts'
import { out } from '../command.ts'

const USAGE = '<model.onnx|model.tflite> -o <project.tinyforge.json> [--library id] [--report file.json]'

function fail(text: string): number {
  process.stderr.write(`tinyforge: ${text}\n`)
  return 1
}

function systemReason(err: unknown): string {
  const code = (err as { code?: string }).code
  if (code === 'ENOENT') return 'no such file or directory'
  if (code === 'EISDIR') return 'it is a directory'
  if (code === 'EACCES') return 'permission denied'
  return err instanceof Error ? err.message : String(err)
}

/** One line: what the operators became. */
export function summarizeReport(report: ImportReport): string {
  const counts = new Map<string, number>()
  for (const e of report.entries) counts.set(e.status, (counts.get(e.status) ?? 0) + 1)
  const parts = ['mapped', 'folded', 'fused', 'dropped', 'unsupported'].filter((s) => counts.has(s)).map((s) => `${counts.get(s)} ${s}`)
  const errors = report.diagnostics.filter((d) => d.severity === 'error').length
  const warnings = report.diagnostics.filter((d) => d.severity === 'warning').length
  return `${plural(report.entries.length, 'operator')} (${parts.join(', ') || 'none'}); ${plural(errors, 'error')}, ${plural(warnings, 'warning')}`
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`

export const importCommand: Command = {
  name: 'import',
  usage: USAGE,
  summary: 'Import an ONNX or TFLite model as a project mapped onto a vendor library',
  flags: { output: { kind: 'string', short: 'o' }, library: { kind: 'string' }, report: { kind: 'string' } },
  maxPositional: 1,
  run(args) {
    const file = args.positional[0]
    if (file === undefined) throw new UsageError(`missing model file (usage: tinyforge import ${USAGE})`)
    const output = args.flags.output
    if (typeof output !== 'string') throw new UsageError('missing -o <project.tinyforge.json>')
    const libraryId = typeof args.flags.library === 'string' ? args.flags.library : DEFAULT_LIBRARY_ID
    if (!getLibrary(libraryId)) {
      throw new UsageError(`unknown library '${libraryId}' (known: ${LIBRARIES.map((l) => l.id).join(', ')})`)
    }
    const reportPath = typeof args.flags.report === 'string' ? args.flags.report : undefined

    let bytes: Uint8Array
    try {
      bytes = new Uint8Array(readFileSync(file))
    } catch (err) {
      return fail(`cannot read ${file}: ${systemReason(err)}`)
    }
    let result
    try {
      result = importModel(bytes, basename(file), { library: libraryId })
    } catch (err) {
      if (err instanceof ImportError) return fail(`cannot import ${file}: ${err.message}`)
      throw err
    }
    const { doc, report } = result
    try {
      writeFileSync(output, serializeProject(doc))
      if (reportPath) writeFileSync(reportPath, `${JSON.stringify(report, null, 2)}\n`)
    } catch (err) {
      return fail(`cannot write ${(err as { path?: string }).path ?? output}: ${systemReason(err)}`)
    }
    const source = report.source.opset !== undefined ? `${report.format}, opset ${report.source.opset}` : report.format
    out(`imported ${file} (${source}) onto ${libraryId}: ${summarizeReport(report)}\n`)
    for (const e of report.entries.filter((x) => x.status === 'unsupported')) {
      out(`  unsupported ${e.sourceOp} '${e.sourceName}': ${e.reason ?? ''}${e.suggestion ? ` (${e.suggestion})` : ''}\n`)
    }
    out(`wrote ${output}${reportPath ? ` and ${reportPath}` : ''}\n`)
    return 0
  },
}
