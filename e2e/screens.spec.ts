/** Screenshots of the larger templates and of an imported model's dock tabs, for visual review. */
import { fileURLToPath } from 'node:url'
import { expect, test } from '@playwright/test'
import { SHOTS, openDesigner } from './helpers.ts'

test('the MobileNet template opens legibly, and Fit view shows all of it', async ({ page }) => {
  await openDesigner(page)
  await page.getByRole('button', { name: 'File', exact: true }).click()
  await page.getByRole('menuitem', { name: 'New from template…' }).click()
  await page.getByRole('dialog', { name: 'New project' }).getByRole('button', { name: /Visual wake words/ }).click()
  await expect(page.getByTestId('status-graph')).toContainText('no errors')
  await expect(page.getByTestId('summary-nodes')).toHaveText('32')
  await page.waitForTimeout(300)
  await page.screenshot({ path: `${SHOTS}/13-vww-open.png` })
  await page.getByRole('button', { name: 'Fit view' }).click()
  await page.waitForTimeout(400)
  await page.screenshot({ path: `${SHOTS}/14-vww-fit.png` })
})

test('an imported VWW in every dock tab, for visual review', async ({ page }) => {
  await openDesigner(page)
  await page.getByTestId('import-file-input').setInputFiles(fileURLToPath(new URL('../../shared/data/mlperf-tiny/vww_96_int8.tflite', import.meta.url)))
  await expect(page.getByTestId('status-graph')).toContainText('32 nodes')
  await page.getByRole('button', { name: 'Dismiss' }).click()
  await page.getByRole('tab', { name: /Targets/ }).click()
  await expect(page.getByTestId('target-row')).toHaveCount(6)
  await page.screenshot({ path: `${SHOTS}/31-vww-dock-targets.png` })
  await page.getByRole('tab', { name: /Layers/ }).click()
  await expect(page.getByTestId('layer-row')).toHaveCount(32)
  await page.screenshot({ path: `${SHOTS}/32-vww-dock-layers.png` })
  await page.getByRole('tab', { name: /Memory/ }).click()
  // 32 tensors; the Reshape shares the pooled tensor's buffer.
  await expect(page.getByTestId('memory-rect')).toHaveCount(31)
  await page.getByTestId('memory-rect').nth(3).hover()
  await page.screenshot({ path: `${SHOTS}/33-vww-dock-memory.png` })
})
