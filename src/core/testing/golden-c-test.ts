/**
 * The C twin of testing/golden.test.ts: a self-contained C test driver that runs every golden int8 case (the JSON
 * under testing/golden/, stamped with its generator) through the runtime kernel its bindings map it to — the very
 * call the package generator emits (codegen/c/node-code.ts) — and asserts every output byte. Built with
 * -DTINYFORGE_USE_CMSIS_NN it runs the s8 cases through CMSIS-NN instead.
 *
 * The driver prints one line per failing case and a summary, and returns 0 only when every byte matches. It
 * needs board/board.h (host: board_host.c; QEMU: board_mps2.c).
 */
import type { GoldenCase } from './golden/golden-cases.ts'
import { toTensor } from './golden/golden-cases.ts'
import { storedEncoding } from '../quant/weight-encoding.ts'
import type { Int8Weights } from '../ops/op-def.ts'
import { EXIT_DECISION } from '../kernels/c-call.ts'
import { cArray, cCommentText, cStringText } from '../kernels/c-syntax.ts'
import { kernelSite } from '../kernels/registry.ts'
import { getOp } from '../ops/registry.ts'
import type { BoundNode } from '../kernels/types.ts'
import { commonDefinitions, kernelIncludes, scratchDefinition } from '../codegen/c/c-source-parts.ts'
import type { IsaScratch, NodeCode } from '../codegen/c/node-code.ts'
import { NO_ISA_SCRATCH, maxIsaScratch, nodeCode } from '../codegen/c/node-code.ts'

export interface GoldenDriver {
  /** The driver source (golden_test.c). */
  source: string
  /** Runtime kernels it calls (file stems). */
  kernels: string[]
  cases: number
  bytes: number
}

function caseWeights(c: GoldenCase): Int8Weights {
  const out: Record<string, Int8Array | Int16Array | Int32Array> = {}
  for (const [name, t] of Object.entries(c.weights ?? {})) {
    out[name] = t.dtype === 'int32' ? Int32Array.from(t.data) : t.dtype === 'int16' ? Int16Array.from(t.data) : Int8Array.from(t.data)
  }
  return out
}

/** A stateful case's state buffers: name, C element type, initial values (the case's, else the op's reset state). */
function caseState(c: GoldenCase): { name: string; type: 'int8_t' | 'int16_t'; initial: ArrayLike<number> }[] {
  const def = getOp(c.op)!
  if (!def.initState) return []
  const reset = def.initState(c.opData)
  return Object.entries(reset).map(([name, values]) => ({ name, type: values instanceof Int16Array ? 'int16_t' : 'int8_t',
    initial: c.state?.[name] ?? values }))
}

/** A golden case as its kernel bindings see it (the case stores attrs with defaults and every tensor's quantization). */
function caseNode(c: GoldenCase, symbol: string): BoundNode {
  const inputs = c.op === 'Input' ? [] : c.inputs.map((t) => ({ shape: t.shape, dtype: t.dtype ?? ('int8' as const), quant: t.quant }))
  const site = kernelSite(c.op, c.scheme, c.attrs, inputs, { shape: c.output.shape, dtype: c.output.dtype ?? 'int8', quant: c.output.quant })
  if (!site) throw new Error(`golden case ${c.name}: unknown operator ${c.op}`)
  const encoding = c.weights?.weights ? storedEncoding(toTensor(c.weights.weights)) : undefined
  return { site: encoding ? { ...site, encoding } : site, opData: c.opData as BoundNode['opData'], weights: caseWeights(c), symbol }
}

/** The state comparisons of the driver (emitted only when a case has state: unused static functions warn). */
const STATE_CHECKS = [
    'static int check_state8(const char *name, const int8_t *got, const int8_t *expected, int32_t n)',
    '{',
    '    return check(name, 0, got, expected, n);',
    '}',
    '',
    'static int check_state16(const char *name, const int16_t *got, const int16_t *expected, int32_t n)',
    '{',
    '    for (int32_t i = 0; i < n; i++)',
    '    {',
    '        if (got[i] != expected[i])',
    '        {',
    '            board_write("FAIL ");',
    '            board_write(name);',
    '            board_write(": value ");',
    '            write_int(i);',
    '            board_write(" is ");',
    '            write_int(got[i]);',
    '            board_write(", expected ");',
    '            write_int(expected[i]);',
    '            board_write("\\n");',
    '            return 1;',
    '        }',
    '    }',
    '    return 0;',
    '}',
    '',
]

/** Builds the driver for `cases` (all of them, in order). */
export function goldenCDriver(cases: readonly GoldenCase[], generator: string): GoldenDriver {
  const parts: string[] = []
  const runs: string[] = []
  const kernels = new Set<string>()
  let scratch = 0
  let cmsisScratch: IsaScratch = NO_ISA_SCRATCH
  let bytes = 0
  let stateChecks = false
  cases.forEach((c, i) => {
    const sym = `g${i}`
    const n = c.expected.length
    bytes += n * (c.output.dtype === 'int16' ? 2 : 1)
    parts.push(`/* ---- ${cCommentText(c.name)}: ${cCommentText(c.covers, 200)} */`)
    let output = `${sym}_out`
    let inputs: string[]
    if (c.op === 'Input') {
      parts.push(cArray('int32_t', `${sym}_raw`, c.inputs[0].data))
      inputs = [`${sym}_raw`]
    } else {
      inputs = c.inputs.map((t, port) => {
        if (t.dtype === 'int16') {
          parts.push(cArray('int16_t', `${sym}_in${port}`, t.data))
          return `(int8_t *)(void *)${sym}_in${port}`
        }
        parts.push(cArray('int8_t', `${sym}_in${port}`, t.data))
        return `${sym}_in${port}`
      })
      if (c.op === 'Reshape' || c.op === 'Flatten') output = inputs[0]
    }
    const states = caseState(c)
    for (const st of states) parts.push(cArray(st.type, `${sym}_state_${st.name}`, st.initial, { isConst: false }))
    const state = states.map((st) => `(int8_t *)(void *)${sym}_state_${st.name}`)
    const int16 = c.output.dtype === 'int16'
    if (int16) output = `(int8_t *)(void *)${sym}_out`
    const emitted: NodeCode = nodeCode(caseNode(c, sym), { inputs, output, ...(states.length ? { state } : {}) },
      c.scheme === 's8' ? 'cmsis-nn' : undefined)
    emitted.runtime.forEach((k) => kernels.add(k))
    scratch = Math.max(scratch, emitted.scratch.portable)
    cmsisScratch = maxIsaScratch(cmsisScratch, emitted.scratch.cmsis)
    parts.push(...emitted.constants)
    if (int16) parts.push(`static int16_t ${sym}_out[${Math.max(1, n)}];`)
    else if (output === `${sym}_out`) parts.push(`static int8_t ${sym}_out[${Math.max(1, n)}];`)
    parts.push(cArray(int16 ? 'int16_t' : 'int8_t', `${sym}_expected`, c.expected))
    if (int16) stateChecks = true
    // An Exit's call assigns its decision to tf_exit_confident: the run fails (status 1000 + decision) when it differs.
    const decided = c.decision !== undefined
    const body = (v: { declarations: string[]; statements: string[] }) => [
      ...v.declarations, `static int ${sym}_run(void)`, '{', ...(decided ? [`    int32_t ${EXIT_DECISION} = -1;`] : []),
      ...v.statements.map((s) => `    ${s}`),
      decided ? `    return ${EXIT_DECISION} == ${c.decision ? 1 : 0} ? 0 : 1000 + ${EXIT_DECISION};` : '    return 0;', '}']
    if (emitted.cmsis) {
      parts.push('#if defined(TINYFORGE_USE_CMSIS_NN)', ...body(emitted.cmsis), '#else', ...body(emitted.portable), '#endif')
    } else {
      parts.push(...body(emitted.portable))
    }
    runs.push(int16
      ? `    failures += ${sym}_run() != 0 || check_state16("${cStringText(c.name)}", ${sym}_out, ${sym}_expected, ${n});`
      : `    failures += check("${cStringText(c.name)}", ${sym}_run(), ${output}, ${sym}_expected, ${n});`)
    for (const st of states) {
      stateChecks = true
      const expected = c.expectedState?.[st.name]
      if (!expected) throw new Error(`golden case ${c.name}: no expected ${st.name} state`)
      parts.push(cArray(st.type, `${sym}_expected_state_${st.name}`, expected))
      const fn = st.type === 'int16_t' ? 'check_state16' : 'check_state8'
      runs.push(`    failures += ${fn}("${cStringText(c.name)} ${st.name} state", ${sym}_state_${st.name}, ${sym}_expected_state_${st.name}, ` +
        `${expected.length});`)
    }
  })
  const source = [
    `/* TinyForge golden int8 cases, generated from the JSON files of src/core/testing/golden (${cCommentText(generator, 200)}). */`,
    '#include <stdint.h>',
    '#include <stddef.h>',
    '',
    '#include "board.h"',
    ...kernelIncludes(kernels),
    '',
    commonDefinitions(true),
    scratchDefinition(scratch, cmsisScratch),
    '',
    ...parts,
    '',
    'static void write_int(int32_t v)',
    '{',
    '    char buf[12];',
    '    int i = 11;',
    '    uint32_t u = v < 0 ? 0u - (uint32_t)v : (uint32_t)v;',
    "    buf[i] = '\\0';",
    '    do',
    '    {',
    "        buf[--i] = (char)('0' + u % 10u);",
    '        u /= 10u;',
    '    } while (u != 0u);',
    '    if (v < 0)',
    '    {',
    "        buf[--i] = '-';",
    '    }',
    '    board_write(&buf[i]);',
    '}',
    '',
    'static int check(const char *name, int status, const int8_t *got, const int8_t *expected, int32_t n)',
    '{',
    '    if (status != 0)',
    '    {',
    '        board_write("FAIL ");',
    '        board_write(name);',
    '        board_write(": status ");',
    '        write_int(status);',
    '        board_write("\\n");',
    '        return 1;',
    '    }',
    '    for (int32_t i = 0; i < n; i++)',
    '    {',
    '        if (got[i] != expected[i])',
    '        {',
    '            board_write("FAIL ");',
    '            board_write(name);',
    '            board_write(": byte ");',
    '            write_int(i);',
    '            board_write(" is ");',
    '            write_int(got[i]);',
    '            board_write(", expected ");',
    '            write_int(expected[i]);',
    '            board_write("\\n");',
    '            return 1;',
    '        }',
    '    }',
    '    return 0;',
    '}',
    '',
    ...(stateChecks ? STATE_CHECKS : []),
    'int main(void)',
    '{',
    '    int failures = 0;',
    '    (void)tf_scratch;',
    '    board_init();',
    ...runs,
    '    board_write("golden: ");',
    `    write_int(${cases.length} - failures);`,
    `    board_write("/${cases.length} cases bit-exact (${bytes} bytes)");`,
    '#if defined(TINYFORGE_USE_CMSIS_NN)',
    '    board_write(" with CMSIS-NN");',
    '#endif',
    '    board_write(" on ");',
    '    board_write(board_name());',
    '    board_write("\\n");',
    '    return failures == 0 ? 0 : 1;',
    '}',
    '',
  ].join('\n')
  return { source, kernels: [...kernels].sort(), cases: cases.length, bytes }
}
