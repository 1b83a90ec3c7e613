/**
 * Early-exit CNN: a 28×28 grey-scale classifier (Fashion-MNIST-sized) with two early exits (docs/early-exit.md).
 * Main path: 28×28×1 → conv1 8 → pool1 14×14×8 → conv2 16 → pool2 7×7×16 → conv3 32 → global pool → FC 10 → Softmax.
 * Exit 1 on pool1 and exit 2 on pool2, each a strided conv 3×3/2 → global pool → FC 10 → Exit head (`exit2Head`
 * 'gap-fc' gives exit 2 the cheaper global pool → FC head instead: docs/early-exit.md compares them). Both exits
 * start with the softmax rule at 230/256 until calibrated (tinyforge exits).
 */
import { applyChanges } from '../ir/changes.ts'
import type { ProjectDoc } from '../ir/project.ts'
import type { ExitHeadId } from './exit-heads.ts'
import { exitHeadChanges } from './exit-heads.ts'
import { chainProject, conv2d, flatten, fullyConnected, input, pool2d, softmax } from './layers.ts'

export function buildEarlyExitCnn(exit2Head: ExitHeadId = 'conv-gap-fc'): ProjectDoc {
  const doc = chainProject('Early-exit CNN', [
    input('image', [28, 28, 1], [0], 1 / 256),
    conv2d('conv1', 8, [3, 3], [1, 1], 'same', 'relu'),
    pool2d('MaxPool2D', 'pool1', [2, 2], [2, 2]),
    conv2d('conv2', 16, [3, 3], [1, 1], 'same', 'relu'),
    pool2d('MaxPool2D', 'pool2', [2, 2], [2, 2]),
    conv2d('conv3', 32, [3, 3], [1, 1], 'same', 'relu'),
    { op: 'GlobalAveragePool', name: 'gap', attrs: {} },
    flatten('flatten'),
    fullyConnected('logits', 10),
    softmax('probabilities'),
  ])
  let graph = doc.graph
  const tap = (name: string) => graph.nodes.find((n) => n.name === name)!.id
  graph = applyChanges(graph, exitHeadChanges(graph, tap('pool1'), 'conv-gap-fc').changes).graph
  graph = applyChanges(graph, exitHeadChanges(graph, tap('pool2'), exit2Head).changes).graph
  return { ...doc, graph }
}
