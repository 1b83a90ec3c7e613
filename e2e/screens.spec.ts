/** Screenshots of the larger templates for visual review (asserts only that they open without errors). */
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
