/**
 * The Split tab on VWW int8 (MLPerf Tiny): three targets × three links × two tiers priced and charted within 100 ms of
 * opening the tab (measured in the page), the flags of bad cuts, the bandwidth slider moving the best cut across its
 * crossovers, a custom link refused with one line then added, and the export of a cut as a zip.
 */
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { expect, test } from '@playwright/test'
import { SHOTS, openDesigner } from './helpers.ts'

const MLPERF = fileURLToPath(new URL('../../shared/data/mlperf-tiny/', import.meta.url))

test.use({ viewport: { width: 1440, height: 1100 } })

test('VWW: the Split tab prices 3 targets × 3 links × 2 tiers and draws the chart at once', async ({ page }) => {
  await openDesigner(page)
  await page.getByTestId('import-file-input').setInputFiles(`${MLPERF}vww_96_int8.tflite`)
  await expect(page.getByTestId('status-graph')).toContainText('32 nodes')
  await page.getByRole('tab', { name: /Targets/ }).click()
  await expect(page.getByTestId('target-row')).toHaveCount(6)

  // From the click on the tab to the drawn chart and the 18 best-cut rows, timed in the page.
  const ms = await page.evaluate(() => new Promise<number>((resolve) => {
    const started = performance.now()
    ;(document.querySelector('[data-testid="dock-tab-split"]') as HTMLElement).click()
    const check = () => {
      const ready = document.querySelector('[data-testid="split-chart"][data-ready="true"]')
      if (ready && document.querySelectorAll('[data-testid="split-best-row"]').length === 18) resolve(performance.now() - started)
      else requestAnimationFrame(check)
    }
    check()
  }))
  console.log(`Split tab: chart and best cuts of 18 combinations shown ${ms.toFixed(1)} ms after the click; analysis ` +
    `${await page.getByTestId('split-time').getAttribute('data-ms')} ms`)
  // The 100 ms budget is a speed target: bench/split.ts times the analysis in `npm run bench`; here only a bound that
  // catches a regression by an order of magnitude, so a loaded machine does not fail the test.
  expect(ms).toBeLessThan(1000)
  await expect(page.getByTestId('split-combinations')).toHaveText('18')
  await expect(page.getByTestId('split-flags')).toContainText('▲ cut 3 (model/activation_2/Relu) sends 36,864 B, more than the 27,648 B input')
  await expect(page.getByTestId('split-cut-select').locator('option')).toHaveCount(31)
  await expect(page.getByTestId('split-cut-select').locator('option').nth(8)).toHaveText('8: model/activation_7/Relu (4,608 B)')
  // A taller dock for the screenshot: drag its top edge up.
  const edge = (await page.getByRole('separator', { name: 'Resize panel' }).boundingBox())!
  await page.mouse.move(edge.x + edge.width / 2, edge.y + 2)
  await page.mouse.down()
  await page.mouse.move(edge.x + edge.width / 2, 120, { steps: 4 })
  await page.mouse.up()
  await page.screenshot({ path: `${SHOTS}/40-split-vww.png` })

  // The slider: at 1 kbit/s everything stays on the device; at 1 Gbit/s the earliest cuts win.
  const slider = page.getByTestId('split-bandwidth-slider')
  await slider.focus()
  await page.keyboard.press('Home')
  await expect(page.getByTestId('split-bandwidth')).toHaveText('1.0 kbit/s')
  await expect(page.getByTestId('split-focus-best')).toHaveText('cut 31')
  await page.keyboard.press('End')
  await expect(page.getByTestId('split-bandwidth')).toHaveText('1000.00 Mbit/s')
  const fast = Number((await page.getByTestId('split-focus-best').textContent())!.replace('cut ', ''))
  expect(fast).toBeLessThanOrEqual(1)
  await expect(page.getByTestId('split-crossovers').getByRole('button').first()).toContainText('Mbit/s')
  await page.screenshot({ path: `${SHOTS}/41-split-vww-fast-link.png` })

  // A custom link: refused with one line, then added (one more link: 3 targets × 4 links × 2 tiers).
  await page.getByRole('button', { name: 'Add link…' }).click()
  const form = page.getByTestId('split-add-link-form')
  await form.getByPlaceholder('my-radio', { exact: true }).fill('sub-ghz')
  await form.getByPlaceholder('My radio', { exact: true }).fill('Sub-GHz FSK')
  await form.getByPlaceholder('250000', { exact: true }).fill('-50000')
  await form.getByPlaceholder('20', { exact: true }).fill('30')
  await form.getByPlaceholder('500', { exact: true }).fill('900')
  await form.getByRole('button', { name: 'Add link' }).click()
  await expect(page.getByTestId('split-form-error')).toHaveText('link file: bandwidthBps must be a positive number, got -50000')
  await form.getByPlaceholder('250000', { exact: true }).fill('50000')
  await form.getByRole('button', { name: 'Add link' }).click()
  await expect(page.getByTestId('split-combinations')).toHaveText('24')

  // Export the chosen cut: the zip of the C head with the ONNX tail and the chain script.
  await page.getByTestId('split-cut-select').selectOption('8')
  const download = page.waitForEvent('download')
  await page.getByTestId('split-export').click()
  const file = await download
  expect(file.suggestedFilename()).toBe('vww_96_int8_head.zip')
  const bytes = readFileSync(await file.path())
  expect(bytes.subarray(0, 2).toString()).toBe('PK')
  await expect(page.getByTestId('split-export-done')).toContainText('split after model/activation_7/Relu')
})
