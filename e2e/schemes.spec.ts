/**
 * Per-layer quantization schemes in the browser. int4 weights: quantize the Digits template, set its classifier (7840
 * weights) to int4 in the inspector — the Targets tab's flash drops at once by the packed bytes saved — then quantize: the per-layer
 * table shows the layer at int4 and its SQNR below the int8 run's; switching it back to int8 in the table and running
 * again restores the int8 figure. Each change is one undo step.
 */
import type { Page } from '@playwright/test'
import { expect, test } from '@playwright/test'
import { SHOTS, openDesigner } from './helpers.ts'
import { growDock } from './quantize-fixtures.ts'

/** Shows a dock tab (clicking the shown tab would collapse the dock). */
async function showTab(page: Page, name: RegExp) {
  const tab = page.getByRole('tab', { name })
  if ((await tab.getAttribute('aria-selected')) !== 'true') await tab.click()
}

async function targetFlash(page: Page): Promise<number> {
  await showTab(page, /^Targets/)
  return Number(await page.getByTestId('target-flash').first().getAttribute('data-bytes'))
}

/** Runs quantization on seeded synthetic samples; the SQNR (dB) of `layer` and its weight format cell. */
async function quantizeAndRead(page: Page, layer: string): Promise<{ sqnr: number; weights: string }> {
  await showTab(page, /^Quantization/)
  const panel = page.getByTestId('quantize-panel')
  await panel.getByTestId('data-synthetic').click()
  await panel.getByTestId('quantize-run').click()
  await expect(panel.getByTestId('quantize-progress')).toHaveCount(0, { timeout: 60_000 })
  const row = panel.locator(`[data-testid="sqnr-row"]:has(td:text-is("${layer}"))`)
  await expect(row).toHaveCount(1, { timeout: 60_000 })
  await expect(panel.getByTestId('quantize-stale')).toHaveCount(0)
  const sqnr = Number(await row.getByTestId('sqnr-db').textContent())
  const select = row.getByTestId('sqnr-precision')
  return { sqnr, weights: await select.inputValue() }
}

test('int4 weights on one layer: the flash estimate drops at once, the next run quantizes it to int4 and its SQNR shows the cost', async ({ page }) => {
  test.setTimeout(150_000)
  await openDesigner(page)
  await growDock(page, 200)
  const int8Run = await quantizeAndRead(page, 'logits')
  expect(int8Run.weights).toBe('int8')
  const before = await targetFlash(page)

  // Select the layer from its row in the per-layer table (the canvas may have it out of view under the grown dock).
  await showTab(page, /^Quantization/)
  await page.getByTestId('quantize-panel').locator('[data-testid="sqnr-row"] td:text-is("logits")').click()
  const field = page.getByTestId('weights-precision')
  await expect(field).toHaveValue('int8')
  await field.selectOption('int4')
  await expect(page.getByTestId('fact-kernel')).toHaveText('arm_fully_connected_s4')
  await expect(page.getByTestId('weights-precision-hint')).toContainText('values in [−8, 7]')
  await expect(page.getByRole('button', { name: /^Undo/ })).toHaveAttribute('title', 'Undo Weights int4 (Ctrl+Z)')
  const afterFlash = await targetFlash(page)
  // 7840 int8 weights → 3920 packed bytes; arm_fully_connected_s4's code replaces arm_fully_connected_wrapper_s8's (3152 B).
  expect(before - afterFlash).toBeGreaterThan(3000)
  expect(before - afterFlash).toBeLessThan(3920 + 3152)
  await showTab(page, /^Quantization/)
  await expect(page.getByTestId('quantize-stale')).toBeVisible()

  const int4Run = await quantizeAndRead(page, 'logits')
  expect(int4Run.weights).toBe('int4')
  expect(int4Run.sqnr).toBeLessThan(int8Run.sqnr - 3)
  expect(await targetFlash(page)).toBe(afterFlash)
  await showTab(page, /^Quantization/)
  await page.screenshot({ path: `${SHOTS}/4x-quantize-int4.png` })
  console.log(`int4 e2e: flash ${before} → ${afterFlash} B; logits SQNR int8 ${int8Run.sqnr} dB → int4 ${int4Run.sqnr} dB`)

  // Back to int8 from the table: the next run gives the int8 figure again.
  const panel = page.getByTestId('quantize-panel')
  await panel.locator('[data-testid="sqnr-row"]:has(td:text-is("logits"))').getByTestId('sqnr-precision').selectOption('int8')
  const back = await quantizeAndRead(page, 'logits')
  expect(back.weights).toBe('int8')
  expect(back.sqnr).toBe(int8Run.sqnr)
  expect(await targetFlash(page)).toBe(before)
})
