/**
 * `tinyforge export <project> --pytorch <dir|file.zip>`: the training-ready PyTorch project
 * (formats/pytorch/export-pytorch.ts) written as a folder or, for a path ending in .zip, as a zip.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { PytorchExportError, exportPytorchProject } from '../../core/formats/pytorch/export-pytorch.ts'
import type { ProjectDoc } from '../../core/ir/project.ts'
import { CliFailure } from './data-path.ts'

export function buildPytorchProject(doc: ProjectDoc, projectFile: string): { write(path: string): void; summary: string } {
  let project
  try {
    project = exportPytorchProject(doc)
  } catch (err) {
    if (err instanceof PytorchExportError) throw new CliFailure(`cannot export ${projectFile} for PyTorch: ${err.message}`)
    throw err
  }
  const write = (path: string) => {
    if (path.toLowerCase().endsWith('.zip')) return writeFileSync(path, project.zip())
    for (const [file, content] of project.files) {
      mkdirSync(dirname(join(path, file)), { recursive: true })
      writeFileSync(join(path, file), content)
    }
  }
  return { write, summary: project.summary }
}
