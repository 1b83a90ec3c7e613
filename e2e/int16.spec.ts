/**
 * A layer kept at int16 (16x8): the inspector's Precision select on the Digits template's last FullyConnected inserts
 * the two Quantize nodes (one undo step), the estimate moves (the int16 kernel and the 64-bit bias replace the int8
 * ones), the inspector names the s16 kernel, and undo restores the exact figures. (SQNR per layer: the unit test
 * src/core/pipelines/int16-layers.test.ts; this spec does not run the Quantization tab.)
 */
import type { Locator } from '@playwright/test'
import { expect, test } from '@playwright/test'
import { SHOTS, graphCounts, nodeByName, openDesigner } from './helpers.ts'

async function numberAttr(locator: Locator, name: string): Promise<number> {
  return Number(await locator.getAttribute(name))
}

test('setting the logits layer to int16 adds its Quantize boundaries and changes the estimate; undo restores it', async ({ page }) => {
  await openDesigner(page)
  const l4 = page.locator('[data-testid="target-row"][data-target-id="nucleo-l4r5zi"]')
  const flash = await numberAttr(l4.getByTestId('target-flash'), 'data-bytes')
  const before = await graphCounts(page)

  const precision = page.getByTestId('node-inspector').getByTestId('node-precision')
  // Select the node (a click can land while the canvas is still fitting the view: click again until it is selected).
  const selectLogits = () => expect(async () => {
    await nodeByName(page, 'logits').click()
    await expect(precision).toBeVisible({ timeout: 1_000 })
  }).toPass({ timeout: 15_000 })
  await selectLogits()
  await expect(precision).toHaveValue('int8')
  await precision.selectOption('int16')

  await expect.poll(() => graphCounts(page)).toEqual({ nodes: before.nodes + 2, edges: before.edges + 2 })
  await expect(nodeByName(page, 'logits int16 in')).toBeVisible()
  await expect(nodeByName(page, 'logits int8 out')).toBeVisible()
  await expect.poll(() => numberAttr(l4.getByTestId('target-flash'), 'data-bytes')).not.toBe(flash)
  await selectLogits()
  await expect(precision).toHaveValue('int16')
  await expect(page.getByTestId('node-inspector').getByTestId('fact-kernel')).toContainText('arm_fully_connected_s16')
  await page.screenshot({ path: `${SHOTS}/int16-precision.png` })

  await page.locator('.react-flow__pane').click({ position: { x: 20, y: 20 } })
  await page.keyboard.press('Control+z')
  await expect.poll(() => graphCounts(page)).toEqual(before)
  await expect.poll(() => numberAttr(l4.getByTestId('target-flash'), 'data-bytes')).toBe(flash)
})

test('a Conv2D set to int16 runs arm_convolve_wrapper_s16 between its two Quantize boundaries', async ({ page }) => {
  await openDesigner(page)
  const before = await graphCounts(page)
  const precision = page.getByTestId('node-inspector').getByTestId('node-precision')
  const selectConv = () => expect(async () => {
    await nodeByName(page, 'conv2').click()
    await expect(precision).toBeVisible({ timeout: 1_000 })
  }).toPass({ timeout: 15_000 })
  await selectConv()
  await expect(precision).toHaveValue('int8')
  await precision.selectOption('int16')
  // The int8 MaxPool2D after it has an int16 form too, but stays int8 behind a Quantize.
  await expect.poll(() => graphCounts(page)).toEqual({ nodes: before.nodes + 2, edges: before.edges + 2 })
  await expect(nodeByName(page, 'conv2 int16 in')).toBeVisible()
  await expect(nodeByName(page, 'conv2 int8 out')).toBeVisible()
  await selectConv()
  await expect(precision).toHaveValue('int16')
  await expect(page.getByTestId('node-inspector').getByTestId('fact-kernel')).toContainText('arm_convolve_wrapper_s16')
  await page.screenshot({ path: `${SHOTS}/int16-conv-precision.png` })
})

test('the final Softmax set to int16 runs arm_softmax_s16 between a Quantize in and a Quantize out (the graph output)', async ({ page }) => {
  await openDesigner(page)
  const before = await graphCounts(page)
  const precision = page.getByTestId('node-inspector').getByTestId('node-precision')
  const selectSoftmax = () => expect(async () => {
    await nodeByName(page, 'probabilities').click()
    await expect(precision).toBeVisible({ timeout: 1_000 })
  }).toPass({ timeout: 15_000 })
  await selectSoftmax()
  await expect(precision).toHaveValue('int8')
  await precision.selectOption('int16')
  await expect.poll(() => graphCounts(page)).toEqual({ nodes: before.nodes + 2, edges: before.edges + 2 })
  await expect(nodeByName(page, 'probabilities int16 in')).toBeVisible()
  await expect(nodeByName(page, 'probabilities int8 out')).toBeVisible()
  await selectSoftmax()
  await expect(precision).toHaveValue('int16')
  await expect(page.getByTestId('node-inspector').getByTestId('fact-kernel')).toContainText('arm_softmax_s16')
  await page.screenshot({ path: `${SHOTS}/int16-softmax-precision.png` })
})
