/**
 * The files a split package adds to the head's C package, under split/:
 *   split/head_main.c   runs the embedded test vectors through <prefix>_invoke, checks every byte of the cut tensor(s)
 *                       against the int8 engine (exit 0 only when exact) and prints each vector's tensor in hex;
 *   split/run-split.mjs builds and runs head_main on the host or a QEMU board (the package Makefile, with head_main.c
 *                       as the application), then runs the tail ONNX model in onnxruntime (Node, onnxruntime-web) on
 *                       those tensors and compares its outputs with the whole model's int8 engine outputs;
 *   split/tail.onnx     the tail model (also written on its own by `tinyforge split --onnx`);
 *   split/split.json    what the script needs: tensor layout, tail input/output names and quantization, expected outputs.
 */

export function headMain(prefix: string): string {
  const M = prefix.toUpperCase()
  return `/*
 * ${prefix} split head: runs the test vectors (examples/test_vectors.h, computed by the TinyForge int8 engine), checks
 * every byte of the cut tensor(s) and prints them for the tail: one line "split-tensor <vector> <offset> <hex>" per
 * 64 bytes of ${prefix}_invoke's output. Exit code 0 only when every vector is bit-exact. Built by split/run-split.mjs.
 */
#include <stdint.h>

#include "board.h"
#include "${prefix}.h"
#include "test_vectors.h"

static int8_t output[${M}_OUTPUT_SIZE + 1];

static void write_u32(uint32_t v)
{
    char buf[11];
    int i = 10;
    buf[i] = '\\0';
    do
    {
        buf[--i] = (char)('0' + (int)(v % 10u));
        v /= 10u;
    } while (v != 0u);
    board_write(&buf[i]);
}

static void write_hex_line(int vector, int32_t offset, const int8_t *bytes, int32_t n)
{
    static const char digits[] = "0123456789abcdef";
    char line[2 * 64 + 2];
    int32_t i;
    for (i = 0; i < n; i++)
    {
        const uint8_t b = (uint8_t)bytes[i];
        line[2 * i] = digits[b >> 4];
        line[2 * i + 1] = digits[b & 15u];
    }
    line[2 * n] = '\\n';
    line[2 * n + 1] = '\\0';
    board_write("split-tensor ");
    write_u32((uint32_t)vector);
    board_write(" ");
    write_u32((uint32_t)offset);
    board_write(" ");
    board_write(line);
}

int main(void)
{
    int passed = 0;
    board_init();
    for (int v = 0; v < TEST_VECTOR_COUNT; v++)
    {
        const test_vector *tv = &test_vectors[v];
        int ok = ${prefix}_invoke(tv->input, output) == ${M}_STATUS_OK;
        for (int32_t i = 0; ok && i < ${M}_OUTPUT_SIZE; i++)
        {
            ok = output[i] == tv->expected[i];
        }
        for (int32_t at = 0; at < ${M}_OUTPUT_SIZE; at += 64)
        {
            const int32_t n = ${M}_OUTPUT_SIZE - at < 64 ? ${M}_OUTPUT_SIZE - at : 64;
            write_hex_line(v, at, output + at, n);
        }
        passed += ok;
    }
    board_write("${prefix}: head ");
    write_u32((uint32_t)passed);
    board_write("/");
    write_u32((uint32_t)TEST_VECTOR_COUNT);
    board_write(" vectors bit-exact on ");
    board_write(board_name());
    board_write("\\n");
    return passed == TEST_VECTOR_COUNT ? 0 : 1;
}
`
}

export const RUN_SPLIT_SCRIPT = `#!/usr/bin/env node
// Chains the split model: the head (this C package) on the host or a QEMU board writes the cut tensor, onnxruntime
// runs the tail ONNX model on it, and the final outputs are compared with the whole model's int8 engine outputs.
//   node split/run-split.mjs [tail.onnx] [--board host|m4|m7|m33]      (default: split/tail.onnx, board m4)
// Needs make + gcc (host) or arm-none-eabi-gcc + qemu-system-arm (boards), and the onnxruntime-web package
// (npm install onnxruntime-web) where Node can resolve it. Exit 0 when the head is bit-exact and every tail output is
// within the tolerance in split/split.json.
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
const root = resolve(here, '..')
const args = process.argv.slice(2)
const onnxPath = args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--board') ?? join(here, 'tail.onnx')
const board = args.includes('--board') ? args[args.indexOf('--board') + 1] : 'm4'
const fail = (why) => { process.stderr.write('run-split: ' + why + '\\n'); process.exit(1) }
if (!['host', 'm4', 'm7', 'm33'].includes(board)) fail('unknown board ' + board)
const spec = JSON.parse(readFileSync(join(here, 'split.json'), 'utf8'))

// 1. The head: the package Makefile with split/head_main.c as the application.
const target = board === 'host' ? 'test' : 'test-qemu-' + board
const made = spawnSync('make', ['-s', target, 'APP_SRCS=$(LIB_SRCS) split/head_main.c', 'BUILD=build/split'],
  { cwd: root, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 })
const log = (made.stdout || '') + (made.stderr || '')
if (made.status !== 0) fail('the head failed on ' + board + ' (exit ' + made.status + '):\\n' + log.split('\\n').filter((l) => !l.startsWith('split-tensor')).join('\\n'))
const tensors = spec.expected.map(() => new Int8Array(spec.headOutputBytes))
for (const line of log.split('\\n')) {
  const m = /^split-tensor (\\d+) (\\d+) ([0-9a-f]+)$/.exec(line.trim())
  if (!m) continue
  const bytes = Buffer.from(m[3], 'hex')
  tensors[Number(m[1])].set(new Int8Array(bytes.buffer, bytes.byteOffset, bytes.length), Number(m[2]))
}
process.stdout.write(log.split('\\n').filter((l) => /head \\d+\\/\\d+ vectors/.test(l)).join('\\n') + '\\n')

// 2. The tail in onnxruntime.
const ort = await import('onnxruntime-web')
ort.env.wasm.numThreads = 1
const session = await ort.InferenceSession.create(readFileSync(resolve(onnxPath)))
let worst = 0
let exact = 0
let total = 0
for (let v = 0; v < spec.expected.length; v++) {
  const feeds = {}
  for (const t of spec.tensors) feeds[t.onnxInput] = new ort.Tensor('int8', tensors[v].slice(t.offset, t.offset + t.size), t.shape)
  const result = await session.run(feeds)
  spec.outputs.forEach((o, i) => {
    const y = result[o.onnxOutput].data
    const want = spec.expected[v][i]
    for (let j = 0; j < y.length; j++) {
      const q = Math.max(-128, Math.min(127, Math.round(y[j] / Math.fround(o.scale)) + o.zeroPoint))
      const d = Math.abs(q - want[j])
      worst = Math.max(worst, d)
      exact += d === 0 ? 1 : 0
      total++
    }
  })
}
const ok = worst <= spec.toleranceLsb
process.stdout.write(spec.prefix + ': tail in onnxruntime: ' + exact + '/' + total + ' output values equal the whole model, max |diff| ' +
  worst + ' LSB (tolerance ' + spec.toleranceLsb + ') — ' + (ok ? 'ok' : 'FAIL') + '\\n')
process.exit(ok ? 0 : 1)
`
