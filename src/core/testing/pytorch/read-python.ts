/** Node-only helper (tests and scripts): the text of the embedded Python sources, keyed like PYTORCH_FILES. */
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { EMBEDDED_PYTHON_SOURCES } from '../../formats/pytorch/embed-python.ts'

/** src/core of this repository. */
export const CORE_DIR = new URL('../..', import.meta.url).pathname

export function readPythonSources(coreDir = CORE_DIR): Record<string, string> {
  const files: Record<string, string> = {}
  for (const { folder, pattern } of EMBEDDED_PYTHON_SOURCES) {
    for (const name of readdirSync(join(coreDir, folder)).sort()) {
      if (pattern.test(name)) files[`${folder}/${name}`] = readFileSync(join(coreDir, folder, name), 'utf8')
    }
  }
  return files
}
