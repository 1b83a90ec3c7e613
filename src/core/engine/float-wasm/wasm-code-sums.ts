/**
 * Validation's sums of int8 codes against their float reference (tff_accumulate_codes: the operations and order of
 * pipelines/validation.ts, so the same doubles) in an instance of its own: it copies each reference and code array
 * into its memory, which may grow on any call without touching the float kernels' memory (whose views a validation
 * run is still reading).
 */
import type { FloatKernels } from '../float-engine.ts'

const PAGE = 65536

interface SumsExports {
  memory: WebAssembly.Memory
  __heap_base: WebAssembly.Global
  tff_accumulate_codes: (ref: number, codes: number, table: number, n: number, sums: number) => void
}

export class WasmCodeSums {
  private readonly exports: SumsExports
  private readonly base: number
  private capacity = 0

  constructor(module: WebAssembly.Module) {
    this.exports = new WebAssembly.Instance(module, {}).exports as unknown as SumsExports
    this.base = Math.ceil((this.exports.__heap_base.value as number) / 16) * 16
  }

  /** Adds `ref` against `codes` (t = table[code + 128]) into `sums` = [Σr², Σ(r−t)², Σr·t, Σt², max|r−t|]. */
  add: NonNullable<FloatKernels['accumulateCodes']> = (ref, codes, table, sums) => {
    const n = ref.length
    if (codes.length !== n || table.length !== 256 || sums.length !== 5) throw new RangeError('accumulateCodes: lengths do not match')
    // Layout from the base: sums (5 doubles), table (256 floats), ref (n floats), codes (n bytes).
    const sumsAt = this.base, tableAt = sumsAt + 48, refAt = tableAt + 1024, codesAt = refAt + n * 4
    this.reserve(n)
    const buffer = this.exports.memory.buffer
    new Float64Array(buffer, sumsAt, 5).set(sums)
    new Float32Array(buffer, tableAt, 256).set(table)
    new Float32Array(buffer, refAt, n).set(ref)
    new Int8Array(buffer, codesAt, n).set(codes)
    this.exports.tff_accumulate_codes(refAt, codesAt, tableAt, n, sumsAt)
    sums.set(new Float64Array(buffer, sumsAt, 5))
  }

  private reserve(n: number): void {
    if (n <= this.capacity) return
    const memory = this.exports.memory
    const need = Math.ceil((this.base + 48 + 1024 + n * 5) / PAGE) - memory.buffer.byteLength / PAGE
    if (need > 0) memory.grow(need)
    this.capacity = n
  }
}
