/**
 * Two per-layer schemes in one model, in one run: on the Digits template, the classifier (`logits`) kept at int16
 * (16x8, inspector Precision select: two Quantize nodes, arm_fully_connected_s16) and the second convolution (`conv2`)
 * at int4 weights (per-layer table: arm_convolve_wrapper_s4). The Targets tab's flash follows each change exactly as the
 * core estimator computes it for the same edits (int16: the s8 FullyConnected kernel is no longer linked; int4: the
 * packed weights are half the bytes but the s4 convolution kernel's code is added), and the per-layer SQNR (float vs
 * quantized, end to end at each layer) of the run after each change: the int16 logits rise with conv2 unchanged, then
 * conv2 falls at int4 (the logits after it fall with it: the error is end to end).
 */
import type { Page } from '@playwright/test'
import { expect, test } from '@playwright/test'
import { precisionChanges } from '../src/core/analysis/precision-changes.ts'
import { estimate } from '../src/core/estimate/estimate.ts'
import { applyChanges } from '../src/core/ir/changes.ts'
import type { Graph } from '../src/core/ir/types.ts'
import { getTarget } from '../src/core/targets/catalog.ts'
import { templateById } from '../src/core/templates/index.ts'
import { CMSIS_NN } from '../src/core/vendors/cmsis-nn/index.ts'
import { SHOTS, openDesigner } from './helpers.ts'
import { growDock } from './quantize-fixtures.ts'

const BOARD = 'nucleo-l4r5zi'

/** The flash the estimator gives the Digits template on BOARD: as built, logits int16, and logits int16 + conv2 int4. */
function expectedFlash(): [number, number, number] {
  const g = templateById('digits-cnn')!.build().graph
  const id = (name: string) => g.nodes.find((n) => n.name === name)!.id
  const flash = (x: Graph) => estimate(x, CMSIS_NN, [getTarget(BOARD)!]).targets[0].flashBytes
  const int16 = applyChanges(g, precisionChanges(g, id('logits'), 'int16')).graph
  const both = applyChanges(int16, [{ type: 'updateNode', id: id('conv2'), set: { precision: { weights: 'int4' } } }]).graph
  return [flash(g), flash(int16), flash(both)]
}

async function showTab(page: Page, name: RegExp) {
  const tab = page.getByRole('tab', { name })
  if ((await tab.getAttribute('aria-selected')) !== 'true') await tab.click()
}

async function targetFlash(page: Page): Promise<number> {
  await showTab(page, /^Targets/)
  return Number(await page.locator(`[data-testid="target-row"][data-target-id="${BOARD}"]`).getByTestId('target-flash').getAttribute('data-bytes'))
}

const row = (page: Page, layer: string) => page.getByTestId('quantize-panel').locator(`[data-testid="sqnr-row"]:has(td:text-is("${layer}"))`)

/** Quantizes on seeded synthetic samples; the SQNR (dB) of each layer named. */
async function quantize(page: Page, layers: string[]): Promise<Record<string, number>> {
  await showTab(page, /^Quantization/)
  const panel = page.getByTestId('quantize-panel')
  await panel.getByTestId('data-synthetic').click()
  await panel.getByTestId('quantize-run').click()
  await expect(panel.getByTestId('quantize-progress')).toHaveCount(0, { timeout: 60_000 })
  await expect(panel.getByTestId('quantize-stale')).toHaveCount(0)
  const out: Record<string, number> = {}
  for (const layer of layers) {
    await expect(row(page, layer)).toHaveCount(1, { timeout: 60_000 })
    out[layer] = Number(await row(page, layer).getByTestId('sqnr-db').textContent())
  }
  return out
}

test('one layer at int16 and another at int4 in one run: the flash estimate and the per-layer SQNR move as each scheme says', async ({ page }) => {
  test.setTimeout(180_000)
  const [flash8, flash16, flashBoth] = expectedFlash()
  await openDesigner(page)
  await growDock(page, 200)
  expect(await targetFlash(page)).toBe(flash8)
  const int8Run = await quantize(page, ['logits', 'conv2'])

  // logits → int16, from the inspector (select the layer from its table row: the canvas may be under the grown dock).
  await row(page, 'logits').locator('td:text-is("logits")').click()
  const inspector = page.getByTestId('node-inspector')
  await expect(inspector.getByTestId('node-precision')).toHaveValue('int8')
  await inspector.getByTestId('node-precision').selectOption('int16')
  await expect(inspector.getByTestId('fact-kernel')).toContainText('arm_fully_connected_s16')
  await expect.poll(() => targetFlash(page)).toBe(flash16)
  const int16Run = await quantize(page, ['logits', 'conv2', 'logits int16 in', 'logits int8 out'])
  // SQNR is end to end (float vs quantized at each layer): 16-bit logits gain, the layers before them are unchanged.
  expect(int16Run.logits).toBeGreaterThan(int8Run.logits + 6)
  expect(int16Run.conv2).toBe(int8Run.conv2)

  // conv2 → int4 weights, from the per-layer table.
  await row(page, 'conv2').getByTestId('sqnr-precision').selectOption('int4')
  await expect.poll(() => targetFlash(page)).toBe(flashBoth)
  const mixedRun = await quantize(page, ['logits', 'conv2'])
  await expect(row(page, 'conv2').getByTestId('sqnr-precision')).toHaveValue('int4')
  expect(mixedRun.conv2).toBeLessThan(int16Run.conv2 - 3)
  expect(await targetFlash(page)).toBe(flashBoth)
  await showTab(page, /^Quantization/)
  await page.screenshot({ path: `${SHOTS}/mixed-schemes.png` })
  console.log(`mixed schemes e2e: flash ${flash8} → ${flash16} (logits int16) → ${flashBoth} B (+ conv2 int4); SQNR logits ` +
    `${int8Run.logits} → ${int16Run.logits} → ${mixedRun.logits} dB, conv2 ${int8Run.conv2} → ${int16Run.conv2} → ${mixedRun.conv2} dB`)
})
