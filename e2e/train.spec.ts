/**
 * Training in the browser: the digits template trained on the first 2,000 Fashion-MNIST images (Debian's
 * dataset-fashion-mnist IDX files, picked like a user would) in a Web Worker on TensorFlow.js — curves drawn, float /
 * QAT / int8-engine accuracy shown, ≥ 70 % on the validation split, the trained weights applied as one undo step; a
 * cancelled second run leaves the project unchanged and offers Resume.
 */
import { expect, test } from '@playwright/test'
import { SHOTS, openDesigner } from './helpers.ts'

const DIR = '/usr/share/datasets/fashion-mnist'

test('train the digits template on a Fashion-MNIST subset, see the int8 accuracy, cancel a second run', async ({ page }) => {
  test.setTimeout(420_000)
  await openDesigner(page)
  await expect(page.getByLabel('Project name')).toHaveValue('Digits CNN')
  await page.getByRole('tab', { name: /Train/ }).click()
  const panel = page.getByTestId('train-panel')
  await panel.getByTestId('train-files-input').setInputFiles([`${DIR}/train-images-idx3-ubyte.gz`, `${DIR}/train-labels-idx1-ubyte.gz`])
  await expect(panel.getByTestId('train-chosen')).toContainText('train-images-idx3-ubyte.gz')
  await panel.getByLabel('Use the first').fill('2000')
  await panel.getByLabel('Float epochs').fill('3')
  await panel.getByLabel('QAT epochs').fill('1')
  await panel.getByRole('button', { name: 'Train', exact: true }).click()

  await expect(panel.getByTestId('train-progress')).toContainText(/Epoch 1\/4 \(float\)/, { timeout: 120_000 })
  await expect(panel.getByTestId('train-summary')).toContainText('1,800 training · 200 validation samples · TensorFlow.js on')
  await expect(panel.getByTestId('train-int8')).toHaveText(/\d+\.\d %/, { timeout: 360_000 })
  await page.screenshot({ path: `${SHOTS}/45-train.png` })
  const int8 = Number((await panel.getByTestId('train-int8').textContent())!.replace(' %', ''))
  expect(int8).toBeGreaterThanOrEqual(70)
  const table = panel.getByTestId('train-accuracy')
  await expect(table).toContainText('Float (TF.js)')
  await expect(table).toContainText('QAT')
  await expect(panel.getByText(/on 200 validation samples/)).toBeVisible()
  await expect(panel.getByTestId('train-chart')).toBeVisible()
  await expect(page.getByRole('button', { name: /^Undo/ })).toHaveAttribute('title', 'Undo Train (3 float + 1 QAT epoch) (Ctrl+Z)')

  // A second run, cancelled after its first epoch: the project keeps the first run's weights; Resume is offered.
  await panel.getByLabel('Float epochs').fill('2')
  await panel.getByRole('button', { name: 'Train', exact: true }).click()
  await expect(panel.getByTestId('train-progress')).toContainText(/Epoch 2\/3/, { timeout: 120_000 })
  await panel.getByRole('button', { name: 'Cancel' }).click()
  await expect(panel.getByTestId('train-cancelled')).toBeVisible()
  await expect(page.getByRole('button', { name: /^Undo/ })).toHaveAttribute('title', 'Undo Train (3 float + 1 QAT epoch) (Ctrl+Z)')
  await expect(panel.getByTestId('train-int8')).toHaveText(`${int8.toFixed(1)} %`)
  await expect(panel.getByRole('button', { name: 'Resume after epoch 1 of 3' })).toBeVisible()

  // Undo brings the untrained weights back (the redo names the training).
  await page.keyboard.press('Control+z')
  await expect(page.getByRole('button', { name: /^Redo/ })).toHaveAttribute('title', /Redo Train \(3 float \+ 1 QAT epoch\)/)
})
