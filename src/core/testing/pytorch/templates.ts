/** Template projects for the PyTorch tests, optionally quantized (calibrated on seeded samples, as the C tests do). */
import type { ProjectDoc } from '../../ir/project.ts'
import type { QuantScheme } from '../../quant/scheme.ts'
import { syntheticSamples } from '../../data/calibration-data.ts'
import { quantizeGraph } from '../../pipelines/ptq.ts'
import { templateById } from '../../templates/index.ts'

export function buildTemplate(id: string, scheme?: QuantScheme): ProjectDoc {
  const doc = templateById(id)!.build()
  if (!scheme) return doc
  const graph = quantizeGraph(doc.graph, { scheme, samples: syntheticSamples(doc.graph, 4, 1) })
  return { ...doc, library: scheme === 's8' ? 'cmsis-nn' : 'pow2-q7', graph }
}

/** A project with its first Conv2D and its first FullyConnected set to int4 weights (per channel / per tensor). */
export function withInt4Weights(doc: ProjectDoc): ProjectDoc {
  const ids = new Set(['Conv2D', 'FullyConnected'].map((op) => doc.graph.nodes.find((n) => n.op === op)?.id))
  const nodes = doc.graph.nodes.map((n) => (ids.has(n.id) ? { ...n, precision: { weights: 'int4' as const } } : n))
  return { ...doc, name: `${doc.name}-int4`, graph: { ...doc.graph, nodes } }
}
