/**
 * One row per core family: everything the estimator and the kernel bindings need to know about a core, in one
 * table (so a new core is one row).
 *   isa           — the kernel code path its CMSIS build compiles: 'mve' Helium (ARM_MATH_MVEI: Cortex-M55/M85),
 *                   'dsp' the DSP extension without Helium (ARM_MATH_DSP, __ARM_FEATURE_DSP: Cortex-M4/M7/M33 — the
 *                   catalog's M33 parts all have it), 'c' neither (Cortex-M0+, M3, and the ESP32-S3 and RISC-V
 *                   cores, where CMSIS-NN has no optimised path). Kernel scratch follows it (kernels/).
 *   codeSize      — the CPU whose measured code sizes price it, and why when that is a stand-in (gcc 12.2 has no
 *                   -mcpu=cortex-m85; no Xtensa or RISC-V toolchain was measured).
 *   portable      — how the portable runtime's latency follows from the CMSIS-NN cost model on this core
 *                   (estimate/kernel-runtime.ts): the core whose cost model is scaled, the measured ratio path
 *                   ('c' or 'dsp'), whether that ratio was measured on this core, and how it was derived if not.
 */
import type { CoreId } from './types.ts'

export type KernelIsa = 'mve' | 'dsp' | 'c'

export const KERNEL_ISAS: readonly KernelIsa[] = ['c', 'dsp', 'mve']

export interface CoreFacts {
  isa: KernelIsa
  codeSize: { cpu: string; standIn?: string }
  portable: { costCore: CoreId; path: 'c' | 'dsp'; measured: boolean; note: string | null }
}

const C_RATIOS = 'the Cortex-M3 ratios of the plain-C path'

export const CORES: Readonly<Record<CoreId, CoreFacts>> = {
  'cortex-m0plus': { isa: 'c', codeSize: { cpu: 'cortex-m0plus' },
    portable: { costCore: 'cortex-m0plus', path: 'c', measured: false, note: C_RATIOS } },
  'cortex-m3': { isa: 'c', codeSize: { cpu: 'cortex-m3' }, portable: { costCore: 'cortex-m3', path: 'c', measured: true, note: null } },
  'cortex-m4': { isa: 'dsp', codeSize: { cpu: 'cortex-m4' }, portable: { costCore: 'cortex-m4', path: 'dsp', measured: true, note: null } },
  'cortex-m7': { isa: 'dsp', codeSize: { cpu: 'cortex-m7' }, portable: { costCore: 'cortex-m7', path: 'dsp', measured: true, note: null } },
  'cortex-m33': { isa: 'dsp', codeSize: { cpu: 'cortex-m33' },
    portable: { costCore: 'cortex-m33', path: 'dsp', measured: true, note: null } },
  'cortex-m55': { isa: 'mve', codeSize: { cpu: 'cortex-m55' },
    portable: { costCore: 'cortex-m33', path: 'dsp', measured: false,
      note: 'DSP-extension code, no Helium vectors: priced as a Cortex-M33 (in-order pipeline) with its DSP-path ratios' } },
  'cortex-m85': { isa: 'mve',
    codeSize: { cpu: 'cortex-m55', standIn: 'Cortex-M55 sizes (same Armv8.1-M + Helium ISA; gcc 12.2 cannot target the M85)' },
    portable: { costCore: 'cortex-m7', path: 'dsp', measured: false,
      note: 'DSP-extension code, no Helium vectors: priced as a Cortex-M7 (dual-issue pipeline) with its DSP-path ratios' } },
  'esp32-s3': { isa: 'c', codeSize: { cpu: 'cortex-m3', standIn: 'Cortex-M3 sizes of the portable C path (no Xtensa toolchain measured)' },
    portable: { costCore: 'esp32-s3', path: 'c', measured: false, note: C_RATIOS } },
  riscv32: { isa: 'c', codeSize: { cpu: 'cortex-m3', standIn: 'Cortex-M3 sizes of the portable C path (no RISC-V toolchain measured)' },
    portable: { costCore: 'riscv32', path: 'c', measured: false, note: C_RATIOS } },
}

/** The kernel code path a core runs. */
export function kernelIsaOf(core: CoreId): KernelIsa {
  return CORES[core].isa
}
