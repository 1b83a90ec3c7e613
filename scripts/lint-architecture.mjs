#!/usr/bin/env node
// Architecture lint: the layers of DESIGN.md point down only.
//   src/core  imports nothing from ui, store, workers, cli, nor any UI framework or DOM-only module.
//   src/store imports nothing from ui, workers' internals or cli.
//   inside src/core, folders import only folders below them in CORE_ORDER (DESIGN.md's layer list); type-only
//   imports count too, so no folder-level circle can come back. Tests (*.test.ts) may import any folder, and
//   src/core/testing (fixtures, test toolchains, golden data) may be imported only by tests and other fixtures.
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

/** Folders of src/core, top to bottom: each may import only the folders after it (and itself). */
const CORE_ORDER = [
  'templates', 'pipelines', 'formats', 'codegen', 'estimate', 'engine', 'kernels', 'plan', 'analysis', 'vendors', 'ops',
  'targets', 'quant', 'data', 'layout', 'ir',
]
const TESTING = 'testing'

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
  const isTest = /(\.test|test-fixtures)\.tsx?$/.test(file)
  const coreFolder = layer === 'core' ? rel[1] : undefined
  if (coreFolder !== undefined && rel.length > 2 && coreFolder !== TESTING && !CORE_ORDER.includes(coreFolder)) {
    problems.push(`${relative(ROOT, file)}: src/core/${coreFolder} is not in the core folder order; add it to CORE_ORDER in scripts/lint-architecture.mjs`)
  }
  for (const spec of imports) {
    if (spec.startsWith('.')) {
      const target = relative(join(ROOT, 'src'), join(file, '..', spec)).split(sep)
      if (target[0] === 'core' && target.length > 2 && !isTest) {
        const to = target[1]
        if (to === TESTING && coreFolder !== TESTING) {
          problems.push(`${relative(ROOT, file)}: production code must not import test fixtures from src/core/testing ('${spec}')`)
        } else if (coreFolder !== undefined && coreFolder !== TESTING && to !== coreFolder && to !== TESTING) {
          const from = CORE_ORDER.indexOf(coreFolder)
          const into = CORE_ORDER.indexOf(to)
          if (into >= 0 && from >= 0 && into < from) {
            problems.push(`${relative(ROOT, file)}: src/core/${coreFolder} must not import from src/core/${to}, which sits above it ('${spec}')`)
          }
        }
      }
    }
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
