/**
 * The Cut-training tab on VWW (MLPerf Tiny MobileNetV1): a cut marked on the canvas (the ✂ toggle of a node card)
 * splits the network into two blocks with their per-device estimates; a cut after the last node is refused with one
 * line; Balance proposes equal blocks for 3 devices; a slower device changes its block's figures; the simulated
 * timeline is drawn; the cut-training project downloads as a zip with train_cut.py and cut-plan.json.
 */
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { expect, test } from '@playwright/test'
import { unzipSync, strFromU8 } from 'fflate'
import { SHOTS, nodeByName, openDesigner } from './helpers.ts'

const MLPERF = fileURLToPath(new URL('../../shared/data/mlperf-tiny/', import.meta.url))

test.use({ viewport: { width: 1440, height: 1100 } })

test('VWW: cuts marked on the canvas, per-device estimates, balance, timeline and the project download', async ({ page }) => {
  await openDesigner(page)
  await page.getByTestId('import-file-input').setInputFiles(`${MLPERF}vww_96_int8.tflite`)
  await expect(page.getByTestId('status-graph')).toContainText('32 nodes')
  await page.getByTestId('dock-tab-cut').click()
  await expect(page.getByTestId('cut-blocks')).toHaveText('1')

  // Mark a cut on the canvas: two blocks, each with its device row.
  await nodeByName(page, 'model/activation_7/Relu').getByTestId('node-cut-toggle').click()
  await expect(page.getByTestId('cut-blocks')).toHaveText('2')
  await expect(page.getByTestId('cut-device-row')).toHaveCount(2)
  await expect(page.getByTestId('cut-device-row').first()).toContainText('model/activation_7/Relu')
  await expect(nodeByName(page, 'model/activation_7/Relu').getByTestId('node-cut-toggle')).toHaveAttribute('aria-pressed', 'true')

  // A cut after the last node is refused with one line; removing it restores the plan.
  const last = nodeByName(page, 'Identity_int8')
  await last.getByTestId('node-cut-toggle').click()
  await expect(page.getByTestId('cut-error')).toContainText('it is the last node, the block after it would be empty')
  await last.getByTestId('node-cut-toggle').click()
  await expect(page.getByTestId('cut-error')).toHaveCount(0)

  // Balance for 3 devices, then put block 2 on a Raspberry Pi 4: its compute time grows.
  await page.getByTestId('cut-balance-blocks').fill('3')
  await page.getByTestId('cut-balance').click()
  await expect(page.getByTestId('cut-blocks')).toHaveText('3')
  const speedup = Number((await page.getByTestId('cut-speedup').textContent())!.replace('×', ''))
  expect(speedup).toBeGreaterThan(2)
  const before = Number(await page.getByTestId('cut-compute').nth(1).textContent())
  await page.getByLabel('Device of block 2').selectOption('rpi4')
  await expect.poll(async () => Number(await page.getByTestId('cut-compute').nth(1).textContent())).toBeGreaterThan(before)
  await expect(page.getByTestId('cut-timeline')).toHaveAttribute('data-ready', 'true')
  const edge = (await page.getByRole('separator', { name: 'Resize panel' }).boundingBox())!
  await page.mouse.move(edge.x + edge.width / 2, edge.y + 2)
  await page.mouse.down()
  await page.mouse.move(edge.x + edge.width / 2, 420, { steps: 4 })
  await page.mouse.up()
  await page.screenshot({ path: `${SHOTS}/45-cut-training-vww.png` })

  // Download the project: a zip with train_cut.py and the plan of 3 blocks.
  const download = page.waitForEvent('download')
  await page.getByTestId('cut-download').click()
  const file = await download
  expect(file.suggestedFilename()).toBe('vww_96_int8_cut_training.zip')
  const files = unzipSync(new Uint8Array(readFileSync(await file.path())))
  const root = Object.keys(files)[0].split('/')[0]
  const plan = JSON.parse(strFromU8(files[`${root}/cut-plan.json`]))
  expect(plan.blocks.length).toBe(3)
  expect(plan.devices).toEqual(['dev-1core', 'rpi4', 'dev-1core'])
  expect(files[`${root}/train_cut.py`]).toBeDefined()
  await expect(page.getByTestId('cut-download-done')).toContainText('3 blocks')
})
