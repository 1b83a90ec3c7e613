/**
 * The Exits tab on the Early-exit CNN template (quantized with seeded calibration data, so the exits decide at random
 * but deterministically): "Add exit here" on a layer (one undo step), the placement explorer's chart, then Measure
 * and Calibrate on 300 Fashion-MNIST test images as a job with progress — rates, accuracy and the expected latency per
 * target beside the no-exit figures — and Apply thresholds as one undoable edit.
 */
import { expect, test } from '@playwright/test'
import { readFileSync } from 'node:fs'
import { parseIdx } from '../src/core/data/idx-files.ts'
import { serializeProject } from '../src/core/formats/project/index.ts'
import { encodeNpy } from '../src/core/formats/pytorch/npz.ts'
import { syntheticSamples } from '../src/core/data/calibration-data.ts'
import { quantizeGraph } from '../src/core/pipelines/ptq.ts'
import { templateById } from '../src/core/templates/index.ts'
import { SHOTS, graphCounts, nodeByName, openDesigner } from './helpers.ts'

test.use({ viewport: { width: 1440, height: 1000 } })

const FASHION = '/usr/share/datasets/fashion-mnist'
const N = 300

function fixtures() {
  const doc = templateById('early-exit-cnn')!.build()
  const graph = quantizeGraph(doc.graph, { scheme: 's8', samples: syntheticSamples(doc.graph, 8, 1) })
  const images = parseIdx(new Uint8Array(readFileSync(`${FASHION}/t10k-images-idx3-ubyte.gz`)), 'images')
  const labels = parseIdx(new Uint8Array(readFileSync(`${FASHION}/t10k-labels-idx1-ubyte.gz`)), 'labels')
  return {
    project: serializeProject({ ...doc, graph, targets: ['nrf52840-dk', 'nucleo-l4r5zi', 'nucleo-h7a3zi-q'] }),
    x: Buffer.from(encodeNpy({ dtype: 'uint8', shape: [N, 28, 28], data: Uint8Array.from(images.data.subarray(0, N * 784)) })),
    y: Buffer.from(encodeNpy({ dtype: 'int64', shape: [N], data: BigInt64Array.from(Array.from(labels.data.subarray(0, N), (v) => BigInt(v))) })),
  }
}

test('Exits tab: add an exit, explore placement, measure and calibrate exits as a job, apply thresholds', async ({ page }) => {
  const f = fixtures()
  await openDesigner(page)
  await page.getByRole('button', { name: 'File', exact: true }).click()
  const chooser = page.waitForEvent('filechooser')
  await page.getByRole('menuitem', { name: 'Open…' }).click()
  await (await chooser).setFiles({ name: 'exits.tinyforge.json', mimeType: 'application/json', buffer: Buffer.from(f.project) })
  await expect(page.getByTestId('status-graph')).toContainText('20 nodes · 19 edges')

  // "Add exit here" on conv2: one undoable edit of five nodes (strided conv → pool → flatten → FC → Exit).
  await nodeByName(page, 'conv2').click()
  await page.getByTestId('add-exit-here').click()
  expect(await graphCounts(page)).toEqual({ nodes: 25, edges: 24 })
  await page.keyboard.press('Control+z')
  expect(await graphCounts(page)).toEqual({ nodes: 20, edges: 19 })

  await page.getByRole('tab', { name: /Exits/ }).click()
  const panel = page.getByTestId('exits-panel')
  await expect(panel.getByText('2 exits: exit1 (softmax ≥ 230), exit2 (softmax ≥ 230)')).toBeVisible()
  await expect(panel.getByRole('img', { name: 'Expected latency by exit position' })).toBeVisible()

  await panel.getByLabel('Samples file').setInputFiles({ name: 't10k-x.npy', mimeType: 'application/octet-stream', buffer: f.x })
  await panel.getByLabel('Labels file').setInputFiles({ name: 't10k-y.npy', mimeType: 'application/octet-stream', buffer: f.y })
  await panel.getByRole('button', { name: 'Measure' }).click()
  const summary = panel.getByTestId('exits-summary')
  await expect(summary).toContainText(`At the current thresholds on ${N} samples (t10k-x.npy + t10k-y.npy)`, { timeout: 60_000 })
  const rows = panel.getByRole('table', { name: 'Exits' }).locator('tbody tr')
  await expect(rows).toHaveCount(3)
  await expect(rows.nth(0)).toContainText(/exit1\s*softmax\s*230\s*\d+\.\d %/)
  const targets = panel.getByTestId('exits-targets').locator('tbody tr')
  await expect(targets).toHaveCount(3)
  await expect(targets.nth(1)).toContainText(/STM32L4R5ZI\s*\d+\.\d+ ms\s*\d+\.\d+ ms/)

  await panel.getByLabel('Accuracy loss allowed (points)').fill('5')
  await panel.getByRole('button', { name: 'Calibrate' }).click()
  await expect(summary).toContainText(`Calibrated for ≤ 5 points on ${N} samples`, { timeout: 60_000 })
  const text = (await summary.textContent())!
  const [withExits, alone] = [...text.matchAll(/(\d+\.\d) %/g)].map((m) => Number(m[1]))
  expect(alone - withExits).toBeLessThanOrEqual(5 + 0.05)
  const calibrated = (await rows.nth(0).locator('td').nth(2).textContent())!
  await page.screenshot({ path: `${SHOTS}/45-exits.png` })

  await panel.getByRole('button', { name: 'Apply thresholds' }).click()
  await expect(panel.getByRole('button', { name: 'Apply thresholds' })).toBeHidden()
  await expect(panel.getByText(new RegExp(`exit1 \\(softmax ≥ ${calibrated}\\)`))).toBeVisible()
  await page.keyboard.press('Control+z')
  await expect(panel.getByText('exit1 (softmax ≥ 230)')).toBeVisible()
})
