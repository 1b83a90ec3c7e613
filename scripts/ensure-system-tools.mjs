#!/usr/bin/env node
// Makes sure the system tools that `npm test` needs are present. When one is missing and we are root
// with apt-get, installs it (--no-install-recommends); otherwise stops at once with the exact command.
import { execSync, spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

/** Each check returns true when the tool works; `apt` lists the Debian packages that provide it. */
const TOOLS = [
  { name: 'gcc', apt: ['gcc', 'libc6-dev'], ok: () => works('gcc', ['--version']) },
  { name: 'make', apt: ['make'], ok: () => works('make', ['--version']) },
  { name: 'cmake', apt: ['cmake'], ok: () => works('cmake', ['--version']) },
  // clang --target=wasm32 + wasm-ld rebuild the WebAssembly kernels (tools/wasm) and check the committed ones are current.
  { name: 'clang', apt: ['clang'], ok: () => works('clang', ['--version']) },
  { name: 'lld (wasm-ld)', apt: ['lld'], ok: () => works('wasm-ld', ['--version']) },
  { name: 'Chromium', apt: ['chromium'], ok: () => existsSync(CHROMIUM) },
  { name: 'arm-none-eabi-gcc', apt: ['gcc-arm-none-eabi'], ok: () => works('arm-none-eabi-gcc', ['--version']) },
  {
    name: 'newlib for arm-none-eabi', apt: ['libnewlib-arm-none-eabi'],
    ok: () => works('arm-none-eabi-gcc', ['-print-file-name=rdimon.specs'], (out) => out.trim().startsWith('/')),
  },
  { name: 'qemu-system-arm', apt: ['qemu-system-arm'], ok: () => works('qemu-system-arm', ['--version']) },
  {
    name: 'python3-onnx (/usr/bin/python3)', apt: ['python3-onnx', 'python3-numpy'],
    ok: () => works('/usr/bin/python3', ['-c', 'import onnx, numpy']),
  },
  {
    name: 'python3-torch (/usr/bin/python3)', apt: ['python3-torch'],
    ok: () => works('/usr/bin/python3', ['-c', 'import torch']),
  },
  {
    name: 'dataset-fashion-mnist', apt: ['dataset-fashion-mnist'],
    ok: () => ['train-images-idx3-ubyte', 'train-labels-idx1-ubyte', 't10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte']
      .every((f) => existsSync(`/usr/share/datasets/fashion-mnist/${f}.gz`)),
  },
]

function works(cmd, args, accept = () => true) {
  const r = spawnSync(cmd, args, { encoding: 'utf8' })
  return r.status === 0 && accept(r.stdout ?? '')
}

const missing = TOOLS.filter((t) => !t.ok())
if (missing.length === 0) {
  console.log('system tools: all present (gcc, make, cmake, clang + lld, chromium, arm-none-eabi-gcc + newlib, qemu-system-arm, python3-onnx, python3-torch, dataset-fashion-mnist)')
  process.exit(0)
}

const packages = [...new Set(missing.flatMap((t) => t.apt))]
const command = `apt-get update && apt-get install -y --no-install-recommends ${packages.join(' ')}`
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0
const hasApt = works('apt-get', ['--version'])

if (!isRoot || !hasApt) {
  console.error(`missing system tools: ${missing.map((t) => t.name).join(', ')}; run: sudo ${command}`)
  process.exit(1)
}

console.log(`installing missing system tools: ${missing.map((t) => t.name).join(', ')}`)
try {
  execSync(command, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } })
} catch {
  console.error(`installing system tools failed; run: ${command}`)
  process.exit(1)
}
const still = TOOLS.filter((t) => !t.ok())
if (still.length > 0) {
  console.error(`still missing after install: ${still.map((t) => t.name).join(', ')}; run: ${command}`)
  process.exit(1)
}
console.log('system tools: installed')
