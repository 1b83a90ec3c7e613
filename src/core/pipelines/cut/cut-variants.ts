/**
 * The deployable variants of a trained cut project: every cut model (formats/cut/cut-models.ts) with its size, its
 * estimate on each target (latency, flash, RAM, fits) and, given held-out labelled samples, its int8 accuracy
 * measured by an int8 engine (the device's arithmetic; the WebAssembly engine runs the C runtime itself).
 */
import type { Int8Engine } from '../../engine/int8-engines.ts'
import { TS_INT8_ENGINE } from '../../engine/int8-engines.ts'
import { estimate } from '../../estimate/estimate.ts'
import type { CutModel } from '../../formats/cut/cut-models.ts'
import { cutModels } from '../../formats/cut/cut-models.ts'
import type { ProjectDoc } from '../../ir/project.ts'
import type { Target } from '../../targets/types.ts'
import { getLibrary } from '../../vendors/registry.ts'
import { argmax } from '../validation.ts'

export interface VariantTarget {
  id: string
  name: string
  latencyMs: number | null
  flashBytes: number
  ramBytes: number
  fits: boolean
}

export interface CutVariant extends CutModel {
  macs: number
  params: number
  targets: VariantTarget[]
  /** Top-1 accuracy of the int8 model on the given samples (null without them), and their count. */
  int8Accuracy: number | null
  samples: number
}

export interface HeldOut {
  samples: readonly Float32Array[]
  labels: readonly number[]
}

/** Top-1 accuracy of a quantized graph on raw samples (its single Input), by `engine`. */
export function int8Accuracy(model: CutModel, data: HeldOut, scheme: 's8' | 'pow2', engine: Int8Engine = TS_INT8_ENGINE): number {
  const m = engine.prepare(model.graph, scheme)
  const input = model.graph.nodes.find((n) => n.op === 'Input')!.id
  let correct = 0
  try {
    data.samples.forEach((raw, i) => {
      const out = m.run(m.preprocess({ [input]: raw }), { capture: 'outputs' }).get(model.output)!
      if (argmax(out) === data.labels[i]) correct++
    })
  } finally {
    m.dispose()
  }
  return data.samples.length ? correct / data.samples.length : 0
}

export function cutVariants(doc: ProjectDoc, targets: readonly Target[], data?: HeldOut, engine: Int8Engine = TS_INT8_ENGINE): CutVariant[] {
  const library = getLibrary(doc.library)!
  return cutModels(doc).map((m) => {
    const report = estimate(m.graph, library, targets)
    return {
      ...m, macs: report.model.macs, params: report.model.params,
      targets: report.targets.map((t) => ({ id: t.id, name: t.name, latencyMs: t.latencyMs, flashBytes: t.flashBytes, ramBytes: t.ramBytes,
        fits: t.fits.flash && t.fits.ram })),
      int8Accuracy: data ? int8Accuracy(m, data, library.scheme, engine) : null,
      samples: data?.samples.length ?? 0,
    }
  })
}
