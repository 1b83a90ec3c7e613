/**
 * The TinyForge project file format (`*.tinyforge.json`): a versioned JSON document holding a ProjectDoc
 * with its weights. Loader contract: `match` sniffs cheaply, `open` parses fully or throws ProjectFileError.
 */
import { matchProject, openProject, PROJECT_EXTENSION } from './parse.ts'

export { ProjectFileError } from './errors.ts'
export type { ProjectFileErrorKind } from './errors.ts'
export { CURRENT_VERSION, MIGRATIONS, PROJECT_FORMAT, migrate } from './migrations.ts'
export { matchProject, openProject, parseProject, PROJECT_EXTENSION } from './parse.ts'
export { materializeSeededWeights, serializeProject } from './serialize.ts'
export type { SerializeOptions } from './serialize.ts'

export const projectFormat = {
  id: 'tinyforge-project',
  name: 'TinyForge project',
  extensions: [PROJECT_EXTENSION],
  match: matchProject,
  open: openProject,
} as const
