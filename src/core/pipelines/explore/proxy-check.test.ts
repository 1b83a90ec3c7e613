/**
 * The proxy check: Spearman with average ranks (a hand-computed case and an independent numpy computation of the
 * check's own figures), NASWOT against a brute-force Hamming kernel from the TypeScript float engine, and a whole
 * check on a tiny family trained on Fashion-MNIST in TensorFlow.js (CPU, Node) with the int8 engine's accuracy.
 */
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import * as tf from '@tensorflow/tfjs'
import { beforeAll, describe, expect, it } from 'vitest'
import { labelsFromFile, parseIdx, samplesFromIdx } from '../../data/idx-files.ts'
import { runFloat } from '../../engine/float-engine.ts'
import { TS_INT8_ENGINE } from '../../engine/int8-engines.ts'
import type { Graph } from '../../ir/types.ts'
import type { Tf } from '../../ops/tfjs-twin.ts'
import type { TrainData } from '../train/train-graph.ts'
import { instantiate } from './family.ts'
import { TINY_FAMILY as TINY } from '../../testing/tiny-family.ts'
import { PROXIES, chooseVariants, proxyCheck, proxyValue } from './proxy-check.ts'
import { averageRanks, spearman } from './spearman.ts'
import { logAbsDet, zeroCostProxies } from './zero-cost.ts'

beforeAll(async () => { await tf.setBackend('cpu') })

const DIR = '/usr/share/datasets/fashion-mnist'
const trainImages = parseIdx(readFileSync(`${DIR}/train-images-idx3-ubyte.gz`), 'train')
const trainLabels = labelsFromFile(readFileSync(`${DIR}/train-labels-idx1-ubyte.gz`), 'labels', 60000)
const testImages = parseIdx(readFileSync(`${DIR}/t10k-images-idx3-ubyte.gz`), 't10k')
const testLabels = labelsFromFile(readFileSync(`${DIR}/t10k-labels-idx1-ubyte.gz`), 'labels', 10000)

function dataFor(graph: Graph, train = 160, test = 200): TrainData {
  const shape = graph.nodes.find((n) => n.op === 'Input')!.attrs.shape as number[]
  const take = (idx: typeof trainImages, n: number) => samplesFromIdx({ ...idx, shape: [n, 28, 28], data: idx.data.subarray(0, n * 784) }, shape, 'x')
  return { samples: take(trainImages, train), labels: trainLabels.slice(0, train), test: { samples: take(testImages, test), labels: testLabels.slice(0, test) } }
}

/** Spearman by numpy, written independently: rank = #smaller + (#equal + 1) / 2, then numpy's corrcoef. */
function numpySpearman(pairs: [number[], number[]][]): number[] {
  const script = `
import json, sys
import numpy as np
def rank(v):
    v = np.asarray(v, dtype=np.float64)
    return np.array([(v < x).sum() + ((v == x).sum() + 1) / 2 for x in v])
print(json.dumps([float(np.corrcoef(rank(a), rank(b))[0, 1]) for a, b in json.load(sys.stdin)]))`
  const r = spawnSync('/usr/bin/python3', ['-c', script], { input: JSON.stringify(pairs), encoding: 'utf8' })
  if (r.status !== 0) throw new Error(r.stderr)
  return JSON.parse(r.stdout) as number[]
}

describe('Spearman rank correlation', () => {
  it('averages tied ranks and matches a hand computation', () => {
    expect(averageRanks([10, 20, 20, 5])).toEqual([2, 3.5, 3.5, 1])
    expect(averageRanks([-Infinity, 3, Infinity, 3])).toEqual([1, 2.5, 4, 2.5])
    // ranks [1..5] and [1, 2, 3.5, 5, 3.5]: Σdxdy = 8, Σdx² = 10, Σdy² = 9.5 → ρ = 8 / √95
    expect(spearman([1, 2, 3, 4, 5], [5, 6, 7, 8, 7])).toBeCloseTo(8 / Math.sqrt(95), 15)
    expect(spearman([1, 2, 3], [3, 2, 1])).toBe(-1)
    expect(spearman([1, 1, 1], [1, 2, 3])).toBeNaN()
  })

  it('equals an independent numpy computation on data with ties', () => {
    const a = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3]
    const b = [2, 7, 1, 8, 2, 8, 1, 8, 2, 8]
    const [expected] = numpySpearman([[a, b]])
    expect(spearman(a, b)).toBeCloseTo(expected, 12)
  })
})

describe('zero-cost proxies', () => {
  it('log|det| by LU', () => {
    expect(logAbsDet(Float64Array.from([2, 1, 1, 3]), 2)).toBeCloseTo(Math.log(5), 12)
    expect(logAbsDet(Float64Array.from([0, 2, 0, 3, 0, 0, 0, 0, -1]), 3)).toBeCloseTo(Math.log(6), 12)
    expect(logAbsDet(Float64Array.from([1, 2, 2, 4]), 2)).toBe(-Infinity)
  })

  it('NASWOT equals the log-determinant of the Hamming kernel built from the float engine', async () => {
    const graph = instantiate(TINY, { res: 10, width: 1, k: 3 })
    const data = dataFor(graph, 3, 1)
    const scores = await zeroCostProxies(tf as unknown as Tf, graph, 's8', { samples: data.samples, labels: data.labels })
    const codes = data.samples.map((x) => Array.from(runFloat(graph, { image: x }).outputs.get('conv')!, (v): number => (v > 0 ? 1 : 0)))
    const k = codes.map((ci) => codes.map((cj) => ci.length - ci.reduce((d, v, u) => d + (v !== cj[u] ? 1 : 0), 0)))
    const det = k[0][0] * (k[1][1] * k[2][2] - k[1][2] * k[2][1]) - k[0][1] * (k[1][0] * k[2][2] - k[1][2] * k[2][0])
      + k[0][2] * (k[1][0] * k[2][1] - k[1][1] * k[2][0])
    expect(scores.naswot).toBeCloseTo(Math.log(Math.abs(det)), 6)
    expect(scores.synflow).toBeGreaterThan(0)
    expect(scores.gradnorm).toBeGreaterThan(0)
  })
})

describe('proxy check', () => {
  it('samples variants across the MACs range and refuses too few', () => {
    const { chosen, pool, invalid } = chooseVariants(TINY, { count: 4, seed: 1 })
    expect(pool).toBe(12)
    expect(invalid).toEqual([])
    expect(chosen.map((c) => c.macs)).toEqual([...chosen.map((c) => c.macs)].sort((a, b) => a - b))
    expect(chosen.length).toBe(4)
    expect(() => chooseVariants(TINY, { count: 4, seed: 1, maxMacs: 1 })).toThrow('only 0 variants of tiny-cnn can run within 1 MACs; the proxy check needs 3')
  })

  it('trains a sample, measures int8 accuracy with the int8 engine, and its Spearman figures equal numpy\'s', async () => {
    const result = await proxyCheck(tf as unknown as Tf, TINY, {
      count: 4, seed: 1, proxyBatch: 16,
      train: { epochs: 2, qatEpochs: 1, batchSize: 32, lr: 0.02, seed: 1, valSplit: 0 },
    }, { dataFor: async (g) => dataFor(g, 800), engine: TS_INT8_ENGINE, backend: 'cpu', source: 'fashion-mnist' })
    expect(result.variants.length).toBe(4)
    for (const v of result.variants) {
      expect(v.evaluatedOn).toBe('test')
      expect(v.int8Accuracy).toBeGreaterThan(0.1)
      expect(Number.isInteger(v.int8Accuracy * 200)).toBe(true)
    }
    const acc = result.variants.map((v) => v.int8Accuracy)
    const expected = numpySpearman(PROXIES.map((p) => [result.variants.map((v) => proxyValue(v, p)), acc]))
    PROXIES.forEach((p, i) => {
      if (Number.isNaN(expected[i])) expect(result.spearman[p]).toBeNaN()
      else expect(result.spearman[p]).toBeCloseTo(expected[i], 12)
    })
    const finite = PROXIES.filter((p) => Number.isFinite(result.spearman[p]))
    expect(result.spearman[result.best]).toBe(Math.max(...finite.map((p) => result.spearman[p])))
  }, 120_000)
})
