/**
 * Kernel runtime slice: which kernels the estimator prices for the open project — the vendor's (CMSIS-NN, or
 * CMSIS_5's q7 kernels for pow2-q7) or the package's portable C (kernel-runtime.ts). A UI preference, never part
 * of the project file: choices are kept per project and library under runtimeChoiceKey (project files carry no id,
 * so a project is known by its name), and a project without a choice uses defaultKernelRuntime(library.scheme).
 * Saving and restoring the choices is the UI's (hooks/use-estimate-runtime-prefs.ts).
 */
import type { StateCreator } from 'zustand/vanilla'
import type { KernelRuntime } from '../core/estimate/kernel-runtime.ts'
import { KERNEL_RUNTIMES, defaultKernelRuntime } from '../core/estimate/kernel-runtime.ts'
import { resolveLibrary } from './editor-commands.ts'
import type { EditorState } from './editor-store.ts'

export type KernelRuntimeChoices = Readonly<Record<string, KernelRuntime>>

export interface KernelRuntimeSlice {
  /** The user's choices by runtimeChoiceKey; a key without an entry takes the library's default. */
  kernelRuntimes: KernelRuntimeChoices
  /** Records the choice for the open project and its library. */
  chooseKernelRuntime(runtime: KernelRuntime): void
  /** Adds saved choices (valid entries only); choices made since the page loaded win over saved ones. */
  restoreKernelRuntimes(saved: unknown): void
}

/** The preference key of a project's choice: its name and library (a pow2 choice means other kernels than s8's). */
export function runtimeChoiceKey(projectName: string, libraryId: string): string {
  return `${libraryId}\u0000${projectName}`
}

/** The entries of `saved` that are choices: string keys mapped to a known runtime. */
export function validRuntimeChoices(saved: unknown): Record<string, KernelRuntime> {
  if (typeof saved !== 'object' || saved === null || Array.isArray(saved)) return {}
  const out: Record<string, KernelRuntime> = {}
  for (const [key, value] of Object.entries(saved)) {
    if ((KERNEL_RUNTIMES as readonly unknown[]).includes(value)) out[key] = value as KernelRuntime
  }
  return out
}

export const createKernelRuntimeSlice: StateCreator<EditorState, [], [], KernelRuntimeSlice> = (set, get) => ({
  kernelRuntimes: {},
  chooseKernelRuntime(runtime) {
    if (!KERNEL_RUNTIMES.includes(runtime)) throw new Error(`unknown kernel runtime '${String(runtime)}'`)
    const { doc, kernelRuntimes } = get()
    set({ kernelRuntimes: { ...kernelRuntimes, [runtimeChoiceKey(doc.name, doc.library)]: runtime } })
  },
  restoreKernelRuntimes(saved) {
    const valid = validRuntimeChoices(saved)
    if (Object.keys(valid).length > 0) set({ kernelRuntimes: { ...valid, ...get().kernelRuntimes } })
  },
})

export const selectKernelRuntimes = (s: KernelRuntimeSlice): KernelRuntimeChoices => s.kernelRuntimes

/** The runtime the open project is estimated with: the user's choice, else the library's default. */
export const selectKernelRuntime = (s: EditorState): KernelRuntime =>
  s.kernelRuntimes[runtimeChoiceKey(s.doc.name, s.doc.library)] ?? defaultKernelRuntime(resolveLibrary(s.doc.library).scheme)
