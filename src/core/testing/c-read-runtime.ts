/** Node-only helper (tests and scripts): the text of the embedded C folders, keyed like C_RUNTIME_FILES. */
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { EMBEDDED_FOLDERS } from '../codegen/c/embed-runtime.ts'

export function readEmbeddedFolders(cDir: string): Record<string, string> {
  const files: Record<string, string> = {}
  for (const folder of EMBEDDED_FOLDERS) {
    for (const name of readdirSync(join(cDir, folder)).sort()) files[`${folder}/${name}`] = readFileSync(join(cDir, folder, name), 'utf8')
  }
  return files
}
