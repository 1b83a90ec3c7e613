/**
 * The "Kernels" choice of the Targets tab: which kernels the estimate assumes the exported C package links — the
 * vendor's (CMSIS-NN for s8; CMSIS_5's q7 kernels for pow2, estimate only) or the package's portable C. Every
 * estimator panel uses it (store/kernel-runtime-slice.ts); the default is the library's (defaultKernelRuntime).
 * A radio group (WAI-ARIA): arrow keys move the choice.
 */
import type { KeyboardEvent as ReactKeyboardEvent } from 'react'
import type { KernelRuntime } from '../../core/estimate/kernel-runtime.ts'
import { defaultKernelRuntime } from '../../core/estimate/kernel-runtime.ts'
import type { QuantScheme } from '../../core/quant/scheme.ts'
import { editorStore } from '../../store/editor-store.ts'
import { selectKernelRuntime } from '../../store/kernel-runtime-slice.ts'
import { useEditor } from '../hooks/use-editor.ts'
import { useLibrary } from '../hooks/use-library.ts'
import { runtimeLabel } from './estimate-format.ts'

/** Vendor first, as the library names them. */
const ORDER: readonly KernelRuntime[] = ['cmsis-nn', 'portable']

/** What each choice means for the exported package, per scheme (the option's tooltip). */
export function runtimeMeaning(runtime: KernelRuntime, scheme: QuantScheme): string {
  if (scheme === 's8') {
    return runtime === 'cmsis-nn'
      ? 'Arm CMSIS-NN s8 kernels. Build the exported package with `make CMSIS_NN_PATH=/path/to/CMSIS-NN` '
        + '(defines TINYFORGE_USE_CMSIS_NN; CMake: -DTINYFORGE_USE_CMSIS_NN=ON) and its schedule calls CMSIS-NN, '
        + 'same outputs bit for bit. Latency: the cost model fitted to CMSIS-NN; flash: CMSIS-NN code sizes.'
      : 'The package\'s own portable C99 kernels (runtime/), what a plain `make` builds, with no dependency. '
        + 'Same outputs; no SIMD, so latency is the CMSIS-NN fit scaled by measured instruction ratios (\'scaled\'); '
        + 'code sizes measured from built packages (usually smaller than CMSIS-NN\'s).'
  }
  return runtime === 'cmsis-nn'
    ? 'CMSIS_5\'s legacy q7 kernels (CMSIS 5.9.0 arm_*_q7), for comparison only: the exported pow2 package always '
      + 'builds its portable kernels (CMSIS-NN dropped the q7 API in v4.0.0), so linking these is up to you.'
    : 'The package\'s portable C99 q7 kernels (runtime/), what `make` builds for pow2 — the only kernels the '
      + 'package has for it; they reproduce CMSIS 5.9.0\'s q7 results.'
}

export function KernelsChoice() {
  const library = useLibrary()
  const runtime = useEditor(selectKernelRuntime)
  const fallback = defaultKernelRuntime(library.scheme)
  const choose = (next: KernelRuntime) => editorStore.getState().chooseKernelRuntime(next)
  const onKey = (e: ReactKeyboardEvent<HTMLDivElement>) => {
    const step = e.key === 'ArrowRight' || e.key === 'ArrowDown' ? 1 : e.key === 'ArrowLeft' || e.key === 'ArrowUp' ? -1 : 0
    if (step === 0) return
    e.preventDefault()
    const next = ORDER[(ORDER.indexOf(runtime) + step + ORDER.length) % ORDER.length]
    choose(next)
    e.currentTarget.querySelector<HTMLButtonElement>(`[data-runtime="${next}"]`)?.focus()
  }
  const groupTitle = `Kernels the exported C package links, as the estimate prices them (flash, RAM, latency on every `
    + `panel). Default for ${library.name}: ${runtimeLabel(fallback, library.scheme)}.`
  return (
    <div className="tf-kernels" data-testid="kernels-choice" title={groupTitle}>
      <span className="tf-kernels__label" id="kernels-label">Kernels</span>
      <div className="tf-segmented" role="radiogroup" aria-labelledby="kernels-label" onKeyDown={onKey}>
        {ORDER.map((r) => (
          <button key={r} type="button" role="radio" aria-checked={runtime === r} tabIndex={runtime === r ? 0 : -1}
            className="tf-segmented__item" data-runtime={r} data-testid={`kernels-${r}`}
            title={`${runtimeMeaning(r, library.scheme)}${r === fallback ? `\n(default for ${library.name})` : ''}`}
            onClick={() => choose(r)}>
            {runtimeLabel(r, library.scheme)}
          </button>
        ))}
      </div>
    </div>
  )
}
