/** Project templates: one file per template, registered by one line here. `build()` is deterministic. */
import type { ProjectDoc } from '../ir/project.ts'
import { buildDigitsCnn } from './digits-cnn.ts'
import { buildEarlyExitCnn } from './early-exit-cnn.ts'
import { buildKwsDsCnn } from './kws-ds-cnn.ts'
import { buildVwwMobilenet } from './vww-mobilenet.ts'

export interface ProjectTemplate {
  id: string
  name: string
  description: string
  build(): ProjectDoc
}

export const TEMPLATES: readonly ProjectTemplate[] = [
  { id: 'digits-cnn', name: 'Digits CNN', build: buildDigitsCnn,
    description: '28×28 grey-scale digit classifier: two Conv2D + MaxPool stages and a 10-way classifier (≈0.29 M MACs).' },
  { id: 'kws-ds-cnn', name: 'Keyword spotting DS-CNN', build: buildKwsDsCnn,
    description: 'MLPerf Tiny keyword spotting: 49×10 MFCC input, depthwise-separable CNN, 12 classes (≈2.66 M MACs).' },
  { id: 'vww-mobilenet', name: 'Visual wake words MobileNetV1-0.25', build: buildVwwMobilenet,
    description: 'MLPerf Tiny person detection: 96×96 RGB input, MobileNetV1 ×0.25, 2 classes (≈7.49 M MACs).' },
  { id: 'early-exit-cnn', name: 'Early-exit CNN (two exits)', build: () => buildEarlyExitCnn(),
    description: '28×28 grey-scale classifier, three Conv2D stages, with early exits after the first and second pools.' },
]

export function templateById(id: string): ProjectTemplate | undefined {
  return TEMPLATES.find((t) => t.id === id)
}
