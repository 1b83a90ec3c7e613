/**
 * Per-sample exit facts for calibration: one full int8 run per sample (the int8 engine, capture 'outputs': the main
 * output and every exit's logits), and for each exit its confidence (ops/exit.ts exitConfidence: the margin in LSBs or
 * the int8 softmax maximum in 1/256 units, whatever its current threshold) and whether its argmax is right; for the
 * main output, whether its argmax is right. The exits' decisions for any thresholds follow from these facts alone
 * (an exit's logits do not depend on the thresholds), so calibration never runs the network again.
 */
import type { Rounding } from '../../quant/fixed-point.ts'
import type { Int8Engine } from '../../engine/int8-engines.ts'
import type { Graph } from '../../ir/types.ts'
import type { ExitOpData } from '../../ops/exit.ts'
import { exitConfidence } from '../../ops/exit.ts'
import type { QuantScheme } from '../../quant/scheme.ts'
import { int8 } from '../../ops/op-def.ts'

export interface ExitSamples {
  /** Exit node ids in execution order. */
  exitIds: string[]
  /** confidence[k][i]: exit k's confidence on sample i (0..255). */
  confidence: Int16Array[]
  /** correct[k][i]: 1 when exit k's argmax equals the label. */
  correct: Uint8Array[]
  /** mainCorrect[i]: 1 when the main output's argmax equals the label. */
  mainCorrect: Uint8Array
  count: number
}

/** Index of the first maximum (TinyForge's argmax). */
export function argmax(values: ArrayLike<number>): number {
  let best = 0
  for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i
  return best
}

export interface CollectOptions {
  /** Requantization rounding of the int8 engine (default 'double'). */
  rounding?: Rounding
  onProgress?(done: number, total: number): void
  signal?: AbortSignal
}

/** Runs every sample (raw values of the graph's single Input) once and records the exit facts. */
export function collectExitSamples(graph: Graph, scheme: QuantScheme, engine: Int8Engine, samples: readonly ArrayLike<number>[],
  labels: readonly number[], options: CollectOptions = {}): ExitSamples {
  if (labels.length !== samples.length) throw new RangeError(`got ${labels.length} labels for ${samples.length} samples`)
  const model = engine.prepare(graph, scheme, options.rounding)
  try {
    const p = model.prepared
    if (p.inputIds.length !== 1) throw new RangeError(`exit calibration takes graphs with one Input; this one has ${p.inputIds.length}`)
    if (p.exitIds.length === 0) throw new RangeError('the graph has no Exit nodes to calibrate')
    const mainId = p.outputIds[0]
    const n = samples.length
    const out: ExitSamples = { exitIds: [...p.exitIds], confidence: p.exitIds.map(() => new Int16Array(n)),
      correct: p.exitIds.map(() => new Uint8Array(n)), mainCorrect: new Uint8Array(n), count: n }
    const opData = p.exitIds.map((id) => p.nodes.get(id)!.opData as ExitOpData)
    const inputId = p.inputIds[0]
    for (let i = 0; i < n; i++) {
      if (options.signal?.aborted) throw new DOMException('calibration cancelled', 'AbortError')
      const outputs = model.run(model.preprocess({ [inputId]: samples[i] }), { capture: 'outputs' })
      p.exitIds.forEach((id, k) => {
        const logits = int8(outputs.get(id)!)
        out.confidence[k][i] = exitConfidence(opData[k], logits)
        out.correct[k][i] = argmax(logits) === labels[i] ? 1 : 0
      })
      out.mainCorrect[i] = argmax(outputs.get(mainId)!) === labels[i] ? 1 : 0
      if (options.onProgress && (i % 64 === 63 || i === n - 1)) options.onProgress(i + 1, n)
    }
    return out
  } finally {
    model.dispose()
  }
}
