/**
 * Reading project files. `parseProject` takes the text; `matchProject` / `openProject` follow the loader
 * contract shared by every format (a cheap sniff, then a full open). Every failure is a ProjectFileError
 * with one sentence: empty, binary, not JSON (with position), not a project, too new, or corrupt.
 */
import type { ProjectDoc } from '../../ir/project.ts'
import { ProjectFileError, corrupt, describeJson } from './errors.ts'
import { findJsonSyntaxProblem } from './json-syntax.ts'
import { CURRENT_VERSION, PROJECT_FORMAT, migrate } from './migrations.ts'
import { readDocument } from './read-document.ts'
import { isRecord } from './tensor-codec.ts'

export const PROJECT_EXTENSION = '.tinyforge.json'

export function parseProject(text: string): ProjectDoc {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
  if (body.trim() === '') throw new ProjectFileError('empty', 'the file is empty, not a TinyForge project')
  let json: unknown
  try {
    json = JSON.parse(body)
  } catch {
    throw notJson(body)
  }
  if (!isRecord(json)) {
    throw new ProjectFileError('not-project', `not a TinyForge project file (expected a JSON object, found ${describeJson(json)})`)
  }
  if (json.format === undefined) {
    throw new ProjectFileError('not-project', `not a TinyForge project file (missing "format": "${PROJECT_FORMAT}")`)
  }
  if (json.format !== PROJECT_FORMAT) {
    throw new ProjectFileError('not-project', `not a TinyForge project file ("format" is ${JSON.stringify(json.format)}, expected "${PROJECT_FORMAT}")`)
  }
  const version = json.version
  if (!Number.isInteger(version) || (version as number) < 1) {
    corrupt(`"version" must be a whole number ≥ 1, found ${describeJson(version)}`)
  }
  if ((version as number) > CURRENT_VERSION) {
    throw new ProjectFileError('too-new', `project file is version ${version}, newer than this TinyForge (${CURRENT_VERSION})`)
  }
  return readDocument(migrate(json, version as number))
}

/**
 * Cheap sniff: the name ends in `.tinyforge.json`, or the bytes start (after a BOM and whitespace) with
 * a JSON object whose first 4 KiB mention the project format tag.
 */
export function matchProject(bytes: Uint8Array, fileName: string): boolean {
  if (fileName.toLowerCase().endsWith(PROJECT_EXTENSION)) return true
  let head = ''
  for (let i = 0; i < Math.min(bytes.length, 4096); i++) head += String.fromCharCode(bytes[i])
  head = head.replace(/^\xef\xbb\xbf/, '').trimStart()
  return head.startsWith('{') && head.includes(`"${PROJECT_FORMAT}"`)
}

/** Decodes UTF-8 bytes and parses them; `fileName` is for the loader contract (and messages). */
export function openProject(bytes: Uint8Array, fileName: string): ProjectDoc {
  if (bytes.length === 0) throw new ProjectFileError('empty', `${fileName} is empty, not a TinyForge project`)
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    throw new ProjectFileError('not-text', `${fileName} is not a TinyForge project file (binary data, not UTF-8 text)`)
  }
  return parseProject(text)
}

function notJson(text: string): ProjectFileError {
  const problem = findJsonSyntaxProblem(text)
  if (!problem) return new ProjectFileError('not-json', 'not valid JSON')
  if (problem.endOfInput) {
    return new ProjectFileError('not-json', `not valid JSON: the text ends unexpectedly at position ${problem.position} (is the file truncated?)`)
  }
  return new ProjectFileError('not-json', `not valid JSON at position ${problem.position} (line ${problem.line}, column ${problem.column})`)
}
