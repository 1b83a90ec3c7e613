/**
 * The Compress tab: prune channels of the Digits template and cluster the weights of the imported MLPerf KWS int8
 * model from the panel — the previewed flash is what the estimator shows once applied, each apply is one undo step that
 * brings the design back — and the sensitivity scan charts agreement per layer and size against agreement.
 */
import type { Page } from '@playwright/test'
import { expect, test } from '@playwright/test'
import { SHOTS, openDesigner } from './helpers.ts'
import { growDock } from './quantize-fixtures.ts'

const MLPERF = new URL('../../shared/data/mlperf-tiny/', import.meta.url).pathname

/** Shows a dock tab (clicking the shown tab would collapse the dock). */
async function showTab(page: Page, name: RegExp) {
  const tab = page.getByRole('tab', { name })
  if ((await tab.getAttribute('aria-selected')) !== 'true') await tab.click()
}

/** Flash of the first compared target in the Targets tab. */
async function targetFlash(page: Page): Promise<number> {
  await showTab(page, /^Targets/)
  return Number(await page.getByTestId('target-flash').first().getAttribute('data-bytes'))
}

async function openCompress(page: Page) {
  await showTab(page, /^Compress/)
  return page.getByTestId('compress-panel')
}

test('prune and cluster from the Compress panel: the estimates drop, undo brings them back', async ({ page }) => {
  test.setTimeout(120_000)
  await openDesigner(page)
  await growDock(page, 200)
  const before = await targetFlash(page)

  // Structured pruning at 50 %: previewed per layer and per board, applied as one undo step.
  let panel = await openCompress(page)
  await panel.getByLabel('Ratio').fill('50')
  await expect(panel.getByTestId('compress-knob-value')).toHaveText('50 %')
  await expect(panel.getByTestId('compress-row-conv2').getByRole('cell').nth(1)).toHaveText('16 → 8 ch')
  const row = panel.getByTestId('compress-target').first()
  expect(Number(await row.getAttribute('data-flash-before'))).toBe(before)
  const previewed = Number(await row.getAttribute('data-flash-after'))
  expect(previewed).toBeLessThan(before)

  await panel.getByTestId('compress-scan').click()
  await expect(panel.getByTestId('compress-sensitivity-chart')).toBeVisible({ timeout: 60_000 })
  await expect(panel.getByTestId('compress-size-chart')).toBeVisible()
  await expect(panel.getByText(/16 seeded inputs · float reference · Prune channels/)).toBeVisible()

  await panel.getByTestId('compress-apply').click()
  await expect(panel.getByRole('status')).toContainText('Applied: prune channels')
  expect(await targetFlash(page)).toBe(previewed)
  await expect(page.getByRole('button', { name: /^Undo/ })).toBeEnabled()
  await page.keyboard.press('Control+z')
  expect(await targetFlash(page)).toBe(before)

  // Weight clustering of an imported int8 model: 16 clusters per layer.
  await page.getByTestId('import-file-input').setInputFiles(`${MLPERF}kws_ref_model.tflite`)
  await expect(page.getByText(/Imported kws_ref_model.tflite: 14 nodes/)).toBeVisible()
  const kws = await targetFlash(page)
  panel = await openCompress(page)
  await panel.getByLabel('Method').selectOption('cluster')
  await expect(panel.getByTestId('compress-layers').getByRole('row')).toHaveCount(11)
  await expect(panel.getByTestId('compress-layers')).toContainText('16 · 4-bit')
  const clustered = Number(await panel.getByTestId('compress-target').first().getAttribute('data-flash-after'))
  expect(clustered).toBeLessThan(kws * 0.8)
  await page.screenshot({ path: `${SHOTS}/45-compress.png` })
  await panel.getByTestId('compress-apply').click()
  expect(await targetFlash(page)).toBe(clustered)
  await page.keyboard.press('Control+z')
  expect(await targetFlash(page)).toBe(kws)

  // The scan of an int8 design runs the int8 engine in the worker.
  panel = await openCompress(page)
  await panel.getByTestId('compress-scan').click()
  await expect(panel.getByText(/16 seeded inputs · WebAssembly \(the C runtime, SIMD128\) · Cluster weights/)).toBeVisible({ timeout: 60_000 })
  await expect(panel.getByTestId('compress-sensitivity-chart')).toHaveAttribute('aria-label', 'Top-1 agreement against clusters for 10 layers')

  // Magnitude pruning with dense kernels saves nothing, and the panel says so.
  panel = await openCompress(page)
  await panel.getByLabel('Method').selectOption('prune-weights')
  await panel.getByLabel('Storage').selectOption('dense')
  await expect(panel.getByTestId('compress-dense-note')).toContainText('0 B and 0 µs saved')
  await expect(panel.getByTestId('compress-target').first()).toContainText('0 B')
})
