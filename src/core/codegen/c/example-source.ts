/**
 * examples/main.c and examples/test_vectors.h: embedded test vectors computed by the TypeScript int8 engine
 * (the IDE's outputs) and a main() that runs them through `<prefix>_invoke` and compares every output byte.
 * Vector 0 starts from seeded raw values and also checks `<prefix>_preprocess` against the engine's
 * preprocessing; the others are seeded int8 input tensors. main() prints a summary and returns 0 only when
 * every byte matches; it also reports the invoke time in board ticks (instructions under qemu -icount).
 * Stateful models: the vectors are one stream (vector k continues from the state vector k − 1 left, starting from the
 * reset state), as main() runs them after `<prefix>_reset()`; the zero-copy check resets and replays vector 0.
 */
import type { Int8GraphState } from '../../engine/int8-engine.ts'
import { prepareInputs, runInt8 } from '../../engine/int8-engine.ts'
import { fnv1a, mulberry32 } from '../../ir/seeded-init.ts'
import type { Graph } from '../../ir/types.ts'
import { syntheticSamples } from '../../data/calibration-data.ts'
import { cArray } from '../../kernels/c-syntax.ts'
import { int8 } from '../../ops/op-def.ts'
import type { PackageModel } from './package-model.ts'

export interface TestVector {
  /** Raw preprocessing input (int32, all Inputs concatenated), when the vector starts from raw values. */
  raw?: Int32Array
  input: Int8Array
  expected: Int8Array
  /** Models with exits: the exit that fires (0-based), or the exit count for the main path (`<prefix>_exit()`). */
  exit?: number
}

const concat = (parts: readonly Int8Array[]) => {
  const out = new Int8Array(parts.reduce((n, p) => n + p.length, 0))
  let at = 0
  for (const p of parts) {
    out.set(p, at)
    at += p.length
  }
  return out
}

/** `count` vectors for the package (≥ 1): engine inputs and outputs, deterministic for (graph, seed). */
export function computeTestVectors(graph: Graph, model: PackageModel, count: number, seed: number): TestVector[] {
  const scheme = model.library.scheme
  const ids = model.inputs.map((t) => t.nodeId)
  const exits = model.prepared.exitIds.length > 0
  let state: Int8GraphState | undefined
  const vector = (inputs: Record<string, Int8Array>, raw?: Int32Array): TestVector => {
    const v = expectedOutputs(graph, model, inputs, state)
    state = v.state
    return { ...(raw ? { raw } : {}), input: concat(ids.map((id) => inputs[id])), expected: v.expected, ...(exits ? { exit: v.exit } : {}) }
  }
  const vectors: TestVector[] = []
  const samples = syntheticSamples(graph, 1, seed)
  const rawParts = ids.map((id) => samples[id][0])
  const raw = new Int32Array(rawParts.reduce((n, p) => n + p.length, 0))
  let at = 0
  for (const p of rawParts) {
    raw.set(p, at)
    at += p.length
  }
  const preprocessed = prepareInputs(graph, Object.fromEntries(ids.map((id, i) => [id, rawParts[i]])), scheme, model.prepared.rounding)
  vectors.push(vector(preprocessed, raw))
  for (let k = 1; k < count; k++) {
    const next = mulberry32(fnv1a(`c-package:${seed}:${k}`))
    const inputs: Record<string, Int8Array> = {}
    for (const t of model.inputs) inputs[t.nodeId] = Int8Array.from({ length: t.size }, () => Math.floor(next() * 256) - 128)
    vectors.push(vector(inputs))
  }
  return vectors
}

/**
 * What `<prefix>_invoke` writes to `out` for these int8 inputs, by the TS int8 engine: every output tensor
 * concatenated; with exits, the run stops at the first confident one and the outputs it did not reach are zeros.
 * Stateful models continue from `state` (default: the reset state) and return the state the run left.
 */
export function expectedOutputs(graph: Graph, model: PackageModel, inputs: Record<string, Int8Array>, state?: Int8GraphState):
  { expected: Int8Array; exit: number; state: Int8GraphState } {
  const result = runInt8(graph, inputs, { scheme: model.library.scheme, rounding: model.prepared.rounding, earlyExit: true, state })
  return { exit: result.exit.index, state: result.state,
    expected: concat(model.outputs.map((t) => int8(result.outputs.get(t.nodeId) ?? new Int8Array(t.size)))) }
}

export function testVectorsHeader(prefix: string, vectors: readonly TestVector[], generator: string): string {
  const arrays: string[] = []
  const exits = vectors.some((v) => v.exit !== undefined)
  const rows = vectors.map((v, i) => {
    if (v.raw) arrays.push(cArray('int32_t', `tv${i}_raw`, v.raw, { perLine: 12 }))
    arrays.push(cArray('int8_t', `tv${i}_input`, v.input), cArray('int8_t', `tv${i}_expected`, v.expected))
    return `    {${v.raw ? `tv${i}_raw` : 'NULL'}, tv${i}_input, tv${i}_expected${exits ? `, ${v.exit ?? 0}` : ''}},`
  })
  return [
    `/* Test vectors of ${prefix}, computed by the TinyForge int8 engine (${generator}). */`,
    '#ifndef TEST_VECTORS_H',
    '#define TEST_VECTORS_H',
    '',
    '#include <stddef.h>',
    '#include <stdint.h>',
    '',
    'typedef struct',
    '{',
    '    /** Raw values for <prefix>_preprocess, or NULL when the vector starts from the int8 input tensor. */',
    '    const int32_t *raw;',
    '    const int8_t *input;',
    '    const int8_t *expected;',
    ...(exits ? ['    /** The exit <prefix>_exit() must report (the exit count: none fired). */', '    int32_t exit;'] : []),
    '} test_vector;',
    '',
    ...arrays,
    '',
    `#define TEST_VECTOR_COUNT ${vectors.length}`,
    'static const test_vector test_vectors[TEST_VECTOR_COUNT] = {',
    ...rows,
    '};',
    '',
    '#endif /* TEST_VECTORS_H */',
    '',
  ].join('\n')
}

/**
 * examples/main.c. `outputExits` (models with exits): per output, its exit's index or undefined for a main output;
 * main() then also checks `<prefix>_exit()` against each vector's exit and prints it with the ticks.
 */
export function exampleMain(prefix: string, inputCount: number, outputCount: number, outputExits?: readonly (number | undefined)[]): string {
  const M = prefix.toUpperCase()
  const exits = outputExits !== undefined && outputExits.some((e) => e !== undefined)
  const fillInputs = Array.from({ length: inputCount }, (_, i) => `    {
        int8_t *buffer = ${prefix}_input(${i});
        for (int32_t j = 0; j < ${M}_INPUT${i}_SIZE; j++)
        {
            buffer[j] = tv->input[${M}_INPUT${i}_OFFSET + j];
        }
    }`).join('\n')
  // With exits, zero-copy outputs the run did not reach hold stale bytes: only the reached ones are compared.
  const reached = (i: number) => {
    if (!exits) return ''
    const e = outputExits![i]
    return e !== undefined ? `tv->exit < ${e} || ` : `tv->exit != ${M}_EXIT_COUNT || `
  }
  const checkOutputs = [
    ...(exits ? [`    ok = ok && ${prefix}_exit() == tv->exit;`] : []),
    ...Array.from({ length: outputCount }, (_, i) =>
      `    ok = ok && (${reached(i)}first_difference(${prefix}_output(${i}), tv->expected + ${M}_OUTPUT${i}_OFFSET, ${M}_OUTPUT${i}_SIZE) < 0);`),
  ].join('\n')
  return `/*
 * ${prefix}: runs the embedded test vectors (test_vectors.h, computed by the TinyForge int8 engine) and checks
 * every output byte. Exit code 0 only when all vectors are bit-exact. Runs on the host (board/board_host.c)
 * and on the QEMU boards (board/board_mps2.c); see README.md.
 */
#include <stdint.h>

#include "board.h"
#include "${prefix}.h"
#include "test_vectors.h"

static int8_t input[${M}_INPUT_SIZE + 1];
static int8_t output[${M}_OUTPUT_SIZE + 1];

static void write_u64(uint64_t v)
{
    char buf[21];
    int i = 20;
    buf[i] = '\\0';
    do
    {
        buf[--i] = (char)('0' + (int)(v % 10u));
        v /= 10u;
    } while (v != 0u);
    board_write(&buf[i]);
}

static void write_i32(int32_t v)
{
    if (v < 0)
    {
        board_write("-");
        write_u64((uint64_t)(0u - (uint32_t)v));
    }
    else
    {
        write_u64((uint64_t)v);
    }
}

/* Index of the first differing byte, or -1. */
static int32_t first_difference(const int8_t *a, const int8_t *b, int32_t n)
{
    for (int32_t i = 0; i < n; i++)
    {
        if (a[i] != b[i])
        {
            return i;
        }
    }
    return -1;
}

static void report_difference(const char *what, int32_t at, int32_t got, int32_t expected)
{
    board_write(what);
    board_write(" byte ");
    write_i32(at);
    board_write(" is ");
    write_i32(got);
    board_write(", expected ");
    write_i32(expected);
    board_write("\\n");
}

/* The zero-copy API (${prefix}_input / _run / _output) on vector 0 gives the same bytes as ${prefix}_invoke. */
static int zero_copy_matches(void)
{
    const test_vector *tv = &test_vectors[0];
    int ok;
    (void)${prefix}_reset();
${fillInputs}
    ok = ${prefix}_run() == ${M}_STATUS_OK;
${checkOutputs}
    return ok;
}

int main(void)
{
    int passed = 0;
    uint64_t ticks = 0;
    board_init();
    (void)${prefix}_reset();
    for (int v = 0; v < TEST_VECTOR_COUNT; v++)
    {
        const test_vector *tv = &test_vectors[v];
        int ok = 1;
        board_write("vector ");
        write_i32(v);
        board_write(": ");
        if (tv->raw != NULL)
        {
            const int32_t at = ${prefix}_preprocess(tv->raw, input) == 0
                                   ? first_difference(input, tv->input, ${M}_INPUT_SIZE)
                                   : 0;
            if (at >= 0)
            {
                report_difference("FAIL preprocess", at, input[at], tv->input[at]);
                ok = 0;
            }
        }
        for (int32_t i = 0; i < ${M}_INPUT_SIZE; i++)
        {
            input[i] = tv->input[i];
        }
        const uint64_t start = board_ticks();
        const int status = ${prefix}_invoke(input, output);
        const uint64_t elapsed = board_ticks() - start;
        if (status != ${M}_STATUS_OK)
        {
            board_write("FAIL invoke status ");
            write_i32(status);
            board_write("\\n");
            ok = 0;
        }
        else
        {
            const int32_t at = first_difference(output, tv->expected, ${M}_OUTPUT_SIZE);
            if (at >= 0)
            {
                report_difference("FAIL output", at, output[at], tv->expected[at]);
                ok = 0;
            }${exits ? `
            if (${prefix}_exit() != tv->exit)
            {
                report_difference("FAIL exit", 0, ${prefix}_exit(), tv->exit);
                ok = 0;
            }` : ''}
        }
        if (ok)
        {
            board_write("ok, ");
            write_u64(elapsed);
            ${exits ? `board_write(" ticks, exit ");
            write_i32(${prefix}_exit());
            board_write("\\n");` : 'board_write(" ticks\\n");'}
            passed++;
        }
        ticks = elapsed;
    }
    board_write("${prefix}: ");
    write_i32(passed);
    board_write("/");
    write_i32(TEST_VECTOR_COUNT);
    board_write(" vectors bit-exact (");
    write_i32(${M}_OUTPUT_SIZE);
    board_write(" output bytes each) on ");
    board_write(board_name());
#if ${M}_USES_CMSIS_NN
    board_write(" with CMSIS-NN");
#endif
    board_write("\\n");
    const int zero_copy = zero_copy_matches();
    board_write(zero_copy ? "${prefix}: zero-copy run bit-exact\\n" : "${prefix}: FAIL zero-copy run differs\\n");
    if (board_ns_per_tick() != 0u)
    {
        board_write("${prefix}: last invoke ");
        write_u64(ticks * board_ns_per_tick());
        board_write(" ns by the board clock (under qemu -icount shift=0: instructions)\\n");
    }
    return passed == TEST_VECTOR_COUNT && zero_copy ? 0 : 1;
}
`
}
