/**
 * Importing models: by the File menu's chooser and by dropping a file on the window. An imported model
 * replaces the project as one undo step and opens the import report; a corrupt file changes nothing.
 */
import { readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import type { Page } from '@playwright/test'
import { expect, test } from '@playwright/test'
import { SHOTS, cards, graphCounts, openDesigner } from './helpers.ts'

const MLPERF = fileURLToPath(new URL('../../shared/data/mlperf-tiny/', import.meta.url))

/** Dispatches dragenter, dragover and drop of one file (bytes read here, in Node) on the canvas. */
async function dropFile(page: Page, name: string, bytes: Buffer, checkOverlay = false): Promise<void> {
  const dataTransfer = await page.evaluateHandle(({ name, base64 }) => {
    const raw = atob(base64)
    const data = new Uint8Array(raw.length)
    for (let i = 0; i < raw.length; i++) data[i] = raw.charCodeAt(i)
    const dt = new DataTransfer()
    dt.items.add(new File([data], name, { type: 'application/octet-stream' }))
    return dt
  }, { name, base64: bytes.toString('base64') })
  const canvas = page.getByTestId('canvas')
  await canvas.dispatchEvent('dragenter', { dataTransfer })
  await canvas.dispatchEvent('dragover', { dataTransfer })
  if (checkOverlay) {
    await expect(page.getByTestId('drop-overlay')).toBeVisible()
    await page.screenshot({ path: `${SHOTS}/21-drop-overlay.png` })
  }
  await canvas.dispatchEvent('drop', { dataTransfer })
  await expect(page.getByTestId('drop-overlay')).toHaveCount(0)
}

test('importing VWW through File › Import model… lays out 32 nodes and reports 31 mapped ops', async ({ page }) => {
  await openDesigner(page)
  expect(await graphCounts(page)).toEqual({ nodes: 8, edges: 7 })

  await page.getByRole('button', { name: 'File', exact: true }).click()
  const chooser = page.waitForEvent('filechooser')
  await page.getByRole('menuitem', { name: 'Import model…' }).click()
  await (await chooser).setFiles(`${MLPERF}vww_96_int8.tflite`)

  await expect(cards(page)).toHaveCount(32)
  expect(await graphCounts(page)).toEqual({ nodes: 32, edges: 31 })
  await expect(page.getByLabel('Project name')).toHaveValue('vww_96_int8')
  await expect(page.getByTestId('status-graph')).toContainText('no errors')
  await expect(page.getByRole('alert')).toHaveCount(0)
  await expect(page.getByRole('status')).toContainText('Imported vww_96_int8.tflite: 32 nodes')

  const report = page.getByTestId('import-report')
  await expect(page.getByRole('tab', { name: 'Import report' })).toHaveAttribute('aria-selected', 'true')
  await expect(report.getByTestId('import-entry')).toHaveCount(31)
  await expect(report.getByTestId('import-count-mapped')).toHaveText('31 mapped')
  for (const status of ['folded', 'fused', 'dropped', 'unsupported']) {
    await expect(report.getByTestId(`import-count-${status}`)).toHaveText(`0 ${status}`)
  }
  await expect(report.getByTestId('import-status')).toHaveText(Array(31).fill('mapped'))
  await expect(report.getByTestId('import-entry').first()).toContainText('CONV_2D')
  await expect(report.getByTestId('import-entry').last()).toContainText('SOFTMAX')
  await page.screenshot({ path: `${SHOTS}/20-import-vww.png` })

  // Clicking an entry selects the node it became.
  await report.getByTestId('import-entry').nth(1).click()
  await expect(page.getByTestId('fact-op')).toHaveText('DepthwiseConv2D')
  await expect(page.getByTestId('node-inspector').getByLabel('Name')).toHaveValue('model/activation_1/Relu')
  await expect(page.locator('.react-flow__node.selected')).toHaveCount(1)

  // The import is one undo step: the previous project comes back.
  await page.locator('.react-flow__pane').click({ position: { x: 20, y: 20 } })
  await page.keyboard.press('Control+z')
  expect(await graphCounts(page)).toEqual({ nodes: 8, edges: 7 })
  await expect(page.getByLabel('Project name')).toHaveValue('Digits CNN')
  await page.keyboard.press('Control+Shift+z')
  expect(await graphCounts(page)).toEqual({ nodes: 32, edges: 31 })
})

test('dropping a model imports it; dropping a project file opens it', async ({ page }) => {
  await openDesigner(page)
  await dropFile(page, 'kws_ref_model.tflite', await readFile(`${MLPERF}kws_ref_model.tflite`), true)
  await expect(cards(page)).toHaveCount(14)
  expect(await graphCounts(page)).toEqual({ nodes: 14, edges: 13 })
  await expect(page.getByLabel('Project name')).toHaveValue('kws_ref_model')
  await expect(page.getByTestId('import-report').getByTestId('import-entry')).toHaveCount(13)
  await expect(page.getByTestId('import-count-mapped')).toHaveText('13 mapped')
  await expect(page.getByRole('alert')).toHaveCount(0)

  // Save the imported project, start over, and drop the saved file back.
  await page.getByRole('button', { name: 'File', exact: true }).click()
  const download = page.waitForEvent('download')
  await page.getByRole('menuitem', { name: 'Save' }).click()
  const saved = await readFile(await (await download).path())
  await page.keyboard.press('Control+z')
  expect(await graphCounts(page)).toEqual({ nodes: 8, edges: 7 })
  await dropFile(page, 'kws_ref_model.tinyforge.json', saved)
  expect(await graphCounts(page)).toEqual({ nodes: 14, edges: 13 })
  await expect(page.getByLabel('Project name')).toHaveValue('kws_ref_model')
})

test('a corrupt model shows one line and leaves the project intact', async ({ page }) => {
  await openDesigner(page)
  // Deterministic "random" bytes (an LCG), named like a TFLite model.
  let x = 12345
  const bytes = Buffer.from(Array.from({ length: 4096 }, () => (x = (x * 1103515245 + 12345) % 2 ** 31) & 0xff))
  await page.getByTestId('import-file-input').setInputFiles({ name: 'x.tflite', mimeType: 'application/octet-stream', buffer: bytes })

  const alert = page.getByRole('alert')
  await expect(alert).toBeVisible()
  const text = (await alert.textContent()) ?? ''
  expect(text).toMatch(/^Could not import x\.tflite: .+/)
  expect(text).not.toContain('\n')
  expect(await graphCounts(page)).toEqual({ nodes: 8, edges: 7 })
  await expect(page.getByLabel('Project name')).toHaveValue('Digits CNN')
  await expect(page.getByRole('button', { name: 'Undo' })).toBeDisabled()
  await page.screenshot({ path: `${SHOTS}/22-import-corrupt.png` })
})
