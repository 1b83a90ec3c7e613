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
