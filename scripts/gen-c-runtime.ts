/**
 * Embeds the C runtime and board files (src/core/codegen/c/{runtime,board}/) into
 * src/core/codegen/c/runtime-files.generated.ts. Run: npx tsx scripts/gen-c-runtime.ts
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { readEmbeddedFolders } from '../src/core/testing/c-read-runtime.ts'
import { runtimeModuleText } from '../src/core/codegen/c/embed-runtime.ts'

const dir = join(new URL('..', import.meta.url).pathname, 'src/core/codegen/c')
const files = readEmbeddedFolders(dir)
writeFileSync(join(dir, 'runtime-files.generated.ts'), runtimeModuleText(files))
console.log(`runtime-files.generated.ts: ${Object.keys(files).length} files`)
