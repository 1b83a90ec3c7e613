/**
 * A project file that cannot be opened. `message` is one human sentence shown as is by the UI and the
 * CLI; `kind` lets callers react without parsing the text.
 */
export type ProjectFileErrorKind =
  | 'empty' // no content
  | 'not-text' // binary data, not UTF-8
  | 'not-json' // text that is not JSON
  | 'not-project' // JSON, but not a TinyForge project
  | 'too-new' // written by a newer TinyForge
  | 'corrupt' // a TinyForge project with a missing or malformed field

export class ProjectFileError extends Error {
  readonly kind: ProjectFileErrorKind

  constructor(kind: ProjectFileErrorKind, message: string) {
    super(message)
    this.name = 'ProjectFileError'
    this.kind = kind
  }
}

/** Throws the 'corrupt' error: `corrupt project file: <what>`. */
export function corrupt(what: string): never {
  throw new ProjectFileError('corrupt', `corrupt project file: ${what}`)
}

/** How a JSON value reads in a message: 'a string', 'null', 'a list', … */
export function describeJson(value: unknown): string {
  if (value === null) return 'null'
  if (value === undefined) return 'nothing'
  if (Array.isArray(value)) return 'a list'
  switch (typeof value) {
    case 'string': return `the string ${JSON.stringify(value.length > 24 ? `${value.slice(0, 24)}…` : value)}`
    case 'number': return `the number ${value}`
    case 'boolean': return `${value}`
    default: return 'an object'
  }
}
