/**
 * The struct table (runtime-structs.ts) against the C headers: a probe compiled with clang --target=wasm32 (the
 * WebAssembly engine's target) reports sizeof and, for every scalar slot, offsetof and sizeof; they must equal the
 * table's ILP32 layout. Also: the table's fields are exactly the C initializer the bindings write.
 */
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { C_DIR, removeTempDirs, run, tempDir, writeFiles } from '../../testing/c-toolchain.ts'
import type { StructName } from './runtime-structs.ts'
import { RUNTIME_STRUCTS, structLayout } from './runtime-structs.ts'

const RUNTIME = join(C_DIR, 'runtime')
const NAMES = Object.keys(RUNTIME_STRUCTS) as StructName[]

/** [struct, path | '', what] for every number the probe reports, in order. */
function probeEntries(): [StructName, string, 'sizeof' | 'offsetof' | 'fieldsize'][] {
  return NAMES.flatMap((name) => [[name, '', 'sizeof'] as [StructName, string, 'sizeof'],
    ...structLayout(name).slots.flatMap((s) => [[name, s.path, 'offsetof'], [name, s.path, 'fieldsize']] as [StructName, string, 'offsetof' | 'fieldsize'][])])
}

function probeSource(): string {
  const headers = readdirSync(RUNTIME).filter((f) => f.endsWith('.h')).sort()
  const values = probeEntries().map(([name, path, what]) =>
    what === 'sizeof' ? `(int32_t)sizeof(${name})` : what === 'offsetof' ? `(int32_t)offsetof(${name}, ${path})` : `(int32_t)sizeof(((${name} *)0)->${path})`)
  return [...headers.map((h) => `#include "${h}"`), '#include <stddef.h>', '',
    `static const int32_t tf_layout[${values.length}] = {`, ...values.map((v) => `    ${v},`), '};', '',
    'const int32_t *layout(void)', '{', '    return tf_layout;', '}', ''].join('\n')
}

afterAll(removeTempDirs)

describe('runtime struct table', () => {
  it('has the layout clang --target=wasm32 gives the C headers (sizeof, offsetof and size of every field)', async () => {
    const dir = tempDir('structs')
    writeFiles(dir, { 'probe.c': probeSource() })
    const built = run('clang', ['--target=wasm32', '-O1', '-std=c99', '-ffreestanding', '-nostdlib', `-I${RUNTIME}`, '-Wall', '-Werror',
      '-Wl,--no-entry', '-Wl,--export=layout', '-o', 'probe.wasm', 'probe.c'], dir)
    expect(built.output).not.toMatch(/error/)
    expect(built.code).toBe(0)
    const { instance } = await WebAssembly.instantiate(readFileSync(join(dir, 'probe.wasm')))
    const exports = instance.exports as { memory: WebAssembly.Memory; layout: () => number }
    const entries = probeEntries()
    const got = new Int32Array(exports.memory.buffer, exports.layout(), entries.length)
    const report = (values: ArrayLike<number>) => entries.map(([name, path, what], i) => `${what}(${name}${path ? `, ${path}` : ''}) = ${values[i]}`)
    const expected = entries.map(([name, path, what]) => {
      const layout = structLayout(name)
      if (what === 'sizeof') return layout.size
      return what === 'offsetof' ? layout.slots.find((s) => s.path === path)!.offset : 4
    })
    expect(report(got)).toEqual(report(expected))
  })

  it('names every struct the runtime headers declare (the DSP paths\' internal helpers aside: no call passes them; enums are not structs)', () => {
    const declared = readdirSync(RUNTIME).filter((f) => f.endsWith('.h') && !f.startsWith('tf_nn_dsp'))
      .flatMap((f) => [...readFileSync(join(RUNTIME, f), 'utf8').matchAll(/typedef struct\s*\{[^}]*\}\s*(tf_\w+)\s*;/g)].map((m) => m[1]))
    expect(declared.sort()).toEqual([...NAMES].sort())
  })
})
