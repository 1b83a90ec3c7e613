/**
 * The family explorer: explore a family on the compared boards, apply a constraint, pick a point and open it as the
 * design (one undo step); the chart draws on a canvas (chart.js) and the fit table names the best variant per board.
 * Measured accuracies (an accuracies file, as `tinyforge extract --accuracies` writes) become the score.
 */
import { expect, test } from '@playwright/test'
import { emptyAccuracies, serializeAccuracies, withAccuracy } from '../src/core/pipelines/explore/accuracies.ts'
import { familyById } from '../src/core/pipelines/explore/families/index.ts'
import { enumerate, pointKey } from '../src/core/pipelines/explore/space.ts'
import { SHOTS, graphCounts, openDesigner } from './helpers.ts'

test('explore a family, apply a constraint, pick a point and get that design', async ({ page }) => {
  await openDesigner(page)
  const before = await graphCounts(page)
  await page.getByRole('tab', { name: /Explore/ }).click()
  const panel = page.getByTestId('explore-panel')
  await panel.getByLabel('Family', { exact: true }).selectOption('resnet')
  await expect(panel.getByText(/1,350 variants · 6 knobs/)).toBeVisible()
  await panel.getByRole('button', { name: 'Explore', exact: true }).click()
  const summary = panel.getByTestId('explore-summary')
  await expect(summary).toContainText('1,350 of 1,350 variants (exhaustive)', { timeout: 60_000 })
  const meeting = (text: string) => Number(/([\d,]+) meet the constraints/.exec(text)![1].replace(/,/g, ''))
  const unconstrained = meeting((await summary.textContent())!)
  await expect(panel.getByTestId('explore-chart')).toBeVisible()

  // A latency budget shrinks what fits the first board.
  await panel.getByLabel('Latency budget (ms)').fill('200')
  await panel.getByRole('button', { name: 'Explore', exact: true }).click()
  await expect(summary).not.toContainText(`${unconstrained.toLocaleString('en')} meet`, { timeout: 60_000 })
  const constrained = meeting((await summary.textContent())!)
  expect(constrained).toBeLessThan(unconstrained)

  // Pick the best fit of the first board, check its figures meet the budget, and open it.
  const fits = panel.getByRole('table', { name: 'Best fit per board' })
  await fits.getByRole('button', { name: 'Show' }).first().click()
  const picked = panel.getByTestId('explore-picked')
  await expect(picked).toBeVisible()
  const knobs = (await picked.locator('.tf-explore__knobs').textContent())!
  expect(knobs).toMatch(/^res \d+ · w \d+ · k \d · d1 \d · d2 \d · d3 \d$/)
  await page.screenshot({ path: `${SHOTS}/40-explore.png` })
  await picked.getByRole('button', { name: 'Open as design' }).click()
  await expect(page.getByTestId('status-graph')).not.toContainText(`${before.nodes} nodes · ${before.edges} edges`)
  const after = await graphCounts(page)
  expect(after.nodes).toBeGreaterThanOrEqual(16)
  await expect(page.getByRole('button', { name: /^Undo/ })).toBeEnabled()
  await page.keyboard.press('Control+z')
  await expect(page.getByTestId('status-graph')).toContainText(`${before.nodes} nodes · ${before.edges} edges`)
})

test('measured accuracies from a file become the score of the fronts and the fit', async ({ page }) => {
  const family = familyById('ds-cnn')!
  const measured = enumerate(family).filter((_, i) => i % 50 === 7)
  let file = emptyAccuracies(family)
  measured.forEach((v, j) => {
    file = withAccuracy(file, pointKey(family, v), { int8Accuracy: 0.8 + j / 100, correct: 800 + 10 * j, samples: 1000, evaluatedOn: 't10k', engine: 'wasm', weights: 'supernet.npz' })
  })
  await openDesigner(page)
  await page.getByRole('tab', { name: /Explore/ }).click()
  const panel = page.getByTestId('explore-panel')
  await panel.getByLabel('Family', { exact: true }).selectOption('ds-cnn')
  await panel.getByLabel('Accuracies file').setInputFiles({ name: 'ds.accuracies.json', mimeType: 'application/json', buffer: Buffer.from(serializeAccuracies(file)) })
  await expect(panel.getByTestId('explore-accuracies')).toHaveText(`${measured.length} variants with a measured int8 accuracy (on t10k)`)
  await expect(panel.getByLabel('Score')).toHaveValue('accuracy')
  await panel.getByRole('button', { name: 'Explore', exact: true }).click()
  const summary = panel.getByTestId('explore-summary')
  await expect(summary).toContainText(`300 of 300 variants (exhaustive)`, { timeout: 60_000 })
  await expect(summary).toContainText(`${measured.length} with a measured accuracy (only these are plotted)`)
  const fits = panel.getByRole('table', { name: 'Best fit per board' })
  await expect(fits.locator('tbody tr').first()).toContainText(/\d+\.\d %/)
  await page.screenshot({ path: `${SHOTS}/41-explore-accuracy.png` })
})
