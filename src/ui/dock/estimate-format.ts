/** Formatting of estimator figures: bytes, milliseconds, energy, percentages, core names, sources, kernel runtimes. */
import type { KernelRuntime } from '../../core/estimate/kernel-runtime.ts'
import type { FigureSource } from '../../core/estimate/report-types.ts'
import type { QuantScheme } from '../../core/quant/scheme.ts'
import type { CoreId } from '../../core/targets/types.ts'

/** Bytes in binary units with three significant digits: 512 → "512 B", 56320 → "55.0 KiB", 2097152 → "2.00 MiB". */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${Math.round(bytes)} B`
  const [value, unit] = bytes < 1024 ** 2 ? [bytes / 1024, 'KiB'] : [bytes / 1024 ** 2, 'MiB']
  return `${value.toFixed(value >= 100 ? 0 : value >= 10 ? 1 : 2)} ${unit}`
}

/** Axis labels: whole units without decimals: 0 → "0", 2048 → "2 KiB", 5120 → "5 KiB", 1536 → "1.5 KiB". */
export function formatAxisBytes(bytes: number): string {
  if (bytes === 0) return '0'
  const [value, unit] = bytes < 1024 ? [bytes, 'B'] : bytes < 1024 ** 2 ? [bytes / 1024, 'KiB'] : [bytes / 1024 ** 2, 'MiB']
  return `${Number(value.toFixed(2))} ${unit}`
}

/** Milliseconds: 0.0421 → "0.042 ms", 4.213 → "4.21 ms", 148.8 → "149 ms", 1234 → "1.23 s". */
export function formatMs(ms: number): string {
  if (ms >= 1000) return `${(ms / 1000).toFixed(ms >= 10_000 ? 1 : 2)} s`
  return `${sig3(ms)} ms`
}

/** Energy from microjoules: 932 → "932 µJ", 9341 → "9.34 mJ", 2.5e6 → "2.50 J". */
export function formatEnergy(uj: number): string {
  if (uj >= 1e6) return `${sig3(uj / 1e6)} J`
  if (uj >= 1e3) return `${sig3(uj / 1e3)} mJ`
  return `${sig3(uj)} µJ`
}

/** A share 0..1 as a percentage: 0.4297 → "43%", 0.004 → "0.4%", 0 → "0%". */
export function formatShare(share: number): string {
  const pct = share * 100
  if (pct === 0) return '0%'
  if (pct < 1) return `${pct.toFixed(1)}%`
  return `${Math.round(pct)}%`
}

/** ± error band: 13 → "±13%", 4.7 → "±5%", 0 → "" (exact). */
export function formatError(pct: number): string {
  return pct > 0 ? `±${Math.max(1, Math.round(pct))}%` : ''
}

function sig3(x: number): string {
  if (x === 0) return '0'
  const digits = Math.max(0, 2 - Math.floor(Math.log10(Math.abs(x))))
  return x.toFixed(Math.min(digits, 4))
}

export const CORE_LABELS: Readonly<Record<CoreId, string>> = {
  'cortex-m0plus': 'Cortex-M0+',
  'cortex-m3': 'Cortex-M3',
  'cortex-m4': 'Cortex-M4',
  'cortex-m7': 'Cortex-M7',
  'cortex-m33': 'Cortex-M33',
  'cortex-m55': 'Cortex-M55',
  'cortex-m85': 'Cortex-M85',
  'esp32-s3': 'Xtensa LX7 (ESP32-S3)',
  'riscv32': 'RISC-V RV32',
}

/** What each source badge means, for its tooltip. */
export const SOURCE_MEANING: Readonly<Record<FigureSource, string>> = {
  computed: 'counted exactly from the graph and the memory plan',
  measurement: 'measured on hardware',
  datasheet: 'from the vendor or board documentation',
  fit: 'cost model fitted to MLPerf Tiny measurements of this core',
  scaled: 'a fitted core scaled by a measured ratio (cross-core, or portable ÷ CMSIS-NN instructions)',
  assumption: 'a stated default or stand-in, not measured',
}

/** The name of a kernel runtime for a scheme: the vendor's kernels are CMSIS-NN (s8) or CMSIS_5's q7 ones (pow2). */
export function runtimeLabel(runtime: KernelRuntime, scheme: QuantScheme): string {
  if (runtime === 'portable') return 'Portable C'
  return scheme === 's8' ? 'CMSIS-NN' : 'CMSIS q7'
}
