#!/usr/bin/env node
// Architecture lint: the layers of DESIGN.md point down only.
//   src/core  imports nothing from ui, store, workers, cli, nor any UI framework or DOM-only module.
//   src/store imports nothing from ui, workers' internals or cli.
// Also enforces the file-size rule (no source file over 600 lines, Python twins included).
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative, sep } from 'node:path'

const ROOT = new URL('..', import.meta.url).pathname
const FRAMEWORKS = /^(react|react-dom|react\/.*|zustand|zustand\/.*|@xyflow\/.*|monaco-editor.*|@monaco-editor\/.*)$/
const LAYER_RULES = {
  core: ['ui', 'store', 'workers', 'cli'],
  store: ['ui', 'cli'],
  cli: ['ui', 'store', 'workers'],
}
const MAX_LINES = 600

function* walk(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) yield* walk(path)
    else if (/\.(ts|tsx|c|h|py)$/.test(name)) yield path
  }
}

const problems = []
for (const file of walk(join(ROOT, 'src'))) {
  const rel = relative(join(ROOT, 'src'), file).split(sep)
  const layer = rel[0]
  const text = readFileSync(file, 'utf8')
  const lines = text.split('\n').length
  if (lines > MAX_LINES) problems.push(`${relative(ROOT, file)}: ${lines} lines (limit ${MAX_LINES}); split it along a seam`)
  if (!/\.tsx?$/.test(file)) continue
  const imports = [...text.matchAll(/(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)]
    .map((m) => m[1] ?? m[2])
  for (const spec of imports) {
    if (layer === 'core' && FRAMEWORKS.test(spec)) {
      problems.push(`${relative(ROOT, file)}: src/core must stay framework-free but imports '${spec}'`)
    }
    const forbidden = LAYER_RULES[layer]
    if (!forbidden || !spec.startsWith('.')) continue
    const target = relative(join(ROOT, 'src'), join(file, '..', spec)).split(sep)[0]
    if (forbidden.includes(target)) {
      problems.push(`${relative(ROOT, file)}: src/${layer} must not import from src/${target} ('${spec}')`)
    }
  }
}

if (problems.length > 0) {
  for (const p of problems) console.error(p)
  process.exit(1)
}
console.log('architecture lint: ok')
