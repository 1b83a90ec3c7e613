/**
 * File-system side of `quantize --calib` and `validate --data`: a project file, and a data path (one `.npy` or
 * `.png` file, or a directory read two levels deep so that class folders label their files). Failures become
 * CliFailure, whose message is the one line printed after `tinyforge: ` (exit code 1).
 */
import { readFileSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { ProjectFileError, parseProject } from '../../core/formats/project/index.ts'
import type { ProjectDoc } from '../../core/ir/project.ts'
import type { Graph } from '../../core/ir/types.ts'
import { CalibrationDataError } from '../../core/data/calibration-data.ts'
import type { DataFile, LoadedData } from '../../core/data/data-files.ts'
import { loadDataFiles } from '../../core/data/data-files.ts'
import { labelsFromFile } from '../../core/data/idx-files.ts'

/** The work could not be done for a reason the user can fix (exit code 1). */
export class CliFailure extends Error {}

export function systemReason(err: unknown): string {
  const code = (err as { code?: string }).code
  if (code === 'ENOENT') return 'no such file or directory'
  if (code === 'EISDIR') return 'it is a directory'
  if (code === 'EACCES') return 'permission denied'
  return err instanceof Error ? err.message : String(err)
}

export function readProject(path: string): ProjectDoc {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (err) {
    throw new CliFailure(`cannot read ${path}: ${systemReason(err)}`)
  }
  try {
    return parseProject(text)
  } catch (err) {
    if (err instanceof ProjectFileError) throw new CliFailure(`cannot open ${path}: ${err.message}`)
    throw err
  }
}

/**
 * Samples (and labels from class folders, or from `labelsPath`: a .npy or IDX labels file) for the graph's single
 * Input from a file or directory.
 */
export function readData(graph: Graph, path: string, labelsPath?: string): LoadedData {
  let files: DataFile[]
  try {
    if (statSync(path).isDirectory()) {
      files = []
      for (const name of readdirSync(path)) {
        const full = join(path, name)
        if (statSync(full).isDirectory()) {
          for (const inner of readdirSync(full)) {
            if (statSync(join(full, inner)).isFile()) files.push({ path: `${name}/${inner}`, bytes: new Uint8Array(readFileSync(join(full, inner))) })
          }
        } else files.push({ path: name, bytes: new Uint8Array(readFileSync(full)) })
      }
    } else {
      files = [{ path: path.split(/[\\/]/).pop()!, bytes: new Uint8Array(readFileSync(path)) }]
    }
  } catch (err) {
    throw new CliFailure(`cannot read ${path}: ${systemReason(err)}`)
  }
  try {
    const data = loadDataFiles(graph, files, path)
    if (labelsPath === undefined) return data
    let bytes: Uint8Array
    try {
      bytes = new Uint8Array(readFileSync(labelsPath))
    } catch (err) {
      throw new CliFailure(`cannot read ${labelsPath}: ${systemReason(err)}`)
    }
    const labels = labelsFromFile(bytes, labelsPath.split(/[\\/]/).pop()!, data.samples.length)
    const count = Math.max(0, ...labels) + 1
    return { ...data, labels, classes: Array.from({ length: count }, (_, i) => String(i)) }
  } catch (err) {
    if (err instanceof CalibrationDataError) throw new CliFailure(err.message)
    throw err
  }
}
