/**
 * The proxy-check table of docs/families.md: the family made from the Digits CNN template (resolution 14/21/28, width
 * 0.5/0.75/1/1.5 on both convolutions), 8 variants trained in TensorFlow.js (CPU) on the first 2,000 Fashion-MNIST
 * training images, int8 accuracy by the TypeScript int8 engine on the first 2,000 t10k images.
 *   npx tsx docs/families/proxy-check.ts
 */
import { readFileSync } from 'node:fs'
import * as tf from '@tensorflow/tfjs'
import { labelsFromFile, parseIdx, samplesFromIdx } from '../../src/core/data/idx-files.ts'
import { TS_INT8_ENGINE } from '../../src/core/engine/int8-engines.ts'
import type { Tf } from '../../src/core/ops/tfjs-twin.ts'
import { describeValues } from '../../src/core/pipelines/explore/family.ts'
import { familyFromDesign } from '../../src/core/pipelines/explore/family-from-design.ts'
import { PROXIES, proxyCheck, proxyValue } from '../../src/core/pipelines/explore/proxy-check.ts'
import { templateById } from '../../src/core/templates/index.ts'

const DIR = '/usr/share/datasets/fashion-mnist'
const N = 2000
const design = templateById('digits-cnn')!.build()
const convs = design.graph.nodes.filter((n) => n.op === 'Conv2D').map((n) => n.id)
const family = familyFromDesign(design.graph, { id: 'digits', name: 'Digits CNN family', library: design.library,
  resolution: { values: [14, 21] }, width: { nodes: convs, values: [0.5, 0.75, 1.5] } })
const train = parseIdx(readFileSync(`${DIR}/train-images-idx3-ubyte.gz`), 'train')
const test = parseIdx(readFileSync(`${DIR}/t10k-images-idx3-ubyte.gz`), 't10k')
const trainLabels = labelsFromFile(readFileSync(`${DIR}/train-labels-idx1-ubyte.gz`), 'y', 60000).slice(0, N)
const testLabels = labelsFromFile(readFileSync(`${DIR}/t10k-labels-idx1-ubyte.gz`), 'y', 10000).slice(0, N)
await tf.setBackend('cpu')
const result = await proxyCheck(tf as unknown as Tf, family, {
  count: 8, seed: 1, train: { epochs: 2, qatEpochs: 1, batchSize: 32, lr: 0.003, seed: 1, valSplit: 0 },
}, {
  dataFor: async (g) => {
    const shape = g.nodes.find((n) => n.op === 'Input')!.attrs.shape as number[]
    const take = (idx: typeof train) => samplesFromIdx({ ...idx, shape: [N, 28, 28], data: idx.data.subarray(0, N * 784) }, shape, 'x')
    return { samples: take(train), labels: trainLabels, test: { samples: take(test), labels: testLabels } }
  },
  engine: TS_INT8_ENGINE, backend: 'cpu', source: 'fashion-mnist', onVariant: (v) => console.error(`${v.key}: ${(100 * v.int8Accuracy).toFixed(2)} %`),
})
console.log(`| variant | ${PROXIES.join(' | ')} | int8 accuracy |`)
for (const v of result.variants) {
  console.log(`| ${describeValues(family, v.values)} | ${PROXIES.map((p) => Number(proxyValue(v, p).toPrecision(4))).join(' | ')} | ${(100 * v.int8Accuracy).toFixed(2)} % |`)
}
console.log(`| **Spearman ρ** | ${PROXIES.map((p) => result.spearman[p].toFixed(3)).join(' | ')} | best: ${result.best} |`)
