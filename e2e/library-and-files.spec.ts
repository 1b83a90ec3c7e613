/**
 * Vendor library switching (palette filtering, unsupported marks, re-validation) and project files:
 * a corrupt file gives a one-line error and leaves the project untouched; Save → Open round-trips.
 */
import { readFile } from 'node:fs/promises'
import { expect, test } from '@playwright/test'
import { SHOTS, cards, graphCounts, newEmptyProject, nodeByName, openDesigner, shapeOf } from './helpers.ts'

test('switching to pow2-q7 filters the palette and marks ops it lacks', async ({ page }) => {
  await openDesigner(page)
  const palette = page.getByTestId('palette')
  await expect(page.getByTestId('palette-count')).toHaveText('27 in CMSIS-NN')
  await expect(palette.getByTestId('palette-item-Pad')).toBeVisible()

  // Keyboard add: focus the palette entry and press Enter.
  await palette.getByTestId('palette-item-Pad').focus()
  await page.keyboard.press('Enter')
  await expect(nodeByName(page, 'pad_1')).toHaveCount(1)
  await expect(nodeByName(page, 'pad_1').getByTestId('node-unsupported')).toHaveCount(0)

  await page.getByLabel('Library').selectOption('pow2-q7')
  await expect(page.getByTestId('palette-count')).toHaveText('16 in pow2-q7')
  await expect(palette.getByTestId('palette-item-Pad')).toHaveCount(0)
  await expect(palette.getByTestId('palette-item-Conv2D')).toBeVisible()
  await expect(nodeByName(page, 'pad_1').getByTestId('node-unsupported')).toHaveText('unsupported by pow2-q7')
  await expect(page.getByTestId('fact-kernel')).toHaveText('unsupported by pow2-q7')
  await expect(nodeByName(page, 'conv1').getByTestId('node-unsupported')).toHaveCount(0)
  await page.screenshot({ path: `${SHOTS}/05-pow2-q7.png` })

  // The library is part of the saved state.
  await page.waitForTimeout(800)
  await page.reload()
  await expect(page.getByTestId('app')).toHaveAttribute('data-ready', 'true')
  await expect(page.getByLabel('Library')).toHaveValue('pow2-q7')
  await expect(nodeByName(page, 'pad_1').getByTestId('node-unsupported')).toHaveText('unsupported by pow2-q7')

  await page.getByLabel('Library').selectOption('cmsis-nn')
  await expect(nodeByName(page, 'pad_1').getByTestId('node-unsupported')).toHaveCount(0)
  await expect(palette.getByTestId('palette-item-Pad')).toBeVisible()
})

test('the palette search narrows the list', async ({ page }) => {
  await openDesigner(page)
  await page.getByLabel('Search operators').fill('pool')
  const items = page.getByTestId('palette').getByRole('button', { name: /^Add / })
  await expect(items).toHaveText(['MaxPool2D', 'AvgPool2D', 'GlobalAveragePool'])
  await page.getByLabel('Search operators').fill('zzz')
  await expect(items).toHaveCount(0)
})

async function openFile(page: import('@playwright/test').Page, name: string, text: string): Promise<void> {
  await page.getByRole('button', { name: 'File', exact: true }).click()
  const chooser = page.waitForEvent('filechooser')
  await page.getByRole('menuitem', { name: 'Open…' }).click()
  await (await chooser).setFiles({ name, mimeType: 'application/json', buffer: Buffer.from(text) })
}

test('a corrupt file shows a one-line error and keeps the project', async ({ page }) => {
  await openDesigner(page)
  expect(await graphCounts(page)).toEqual({ nodes: 8, edges: 7 })

  await openFile(page, 'broken.tinyforge.json', '{"format": "tinyforge-project", "version": 1, "graph": {')
  const alert = page.getByRole('alert')
  await expect(alert).toBeVisible()
  const text = (await alert.textContent()) ?? ''
  expect(text).toMatch(/^Could not open broken\.tinyforge\.json: .+/)
  expect(text).not.toContain('\n')
  expect(await graphCounts(page)).toEqual({ nodes: 8, edges: 7 })
  await expect(page.getByLabel('Project name')).toHaveValue('Digits CNN')
  await page.screenshot({ path: `${SHOTS}/06-corrupt-file.png` })

  await openFile(page, 'notes.json', '{"hello": "world"}')
  await expect(page.getByRole('alert')).toContainText('Could not open notes.json: not a TinyForge project')
  expect(await graphCounts(page)).toEqual({ nodes: 8, edges: 7 })
})

test('Save downloads <name>.tinyforge.json and Open brings it back', async ({ page }) => {
  await openDesigner(page)
  await page.getByLabel('Project name').fill('My digits')
  await page.getByLabel('Project name').press('Enter')

  await page.getByRole('button', { name: 'File', exact: true }).click()
  const download = page.waitForEvent('download')
  await page.getByRole('menuitem', { name: 'Save' }).click()
  const file = await download
  expect(file.suggestedFilename()).toBe('My digits.tinyforge.json')
  const saved = await readFile(await file.path(), 'utf8')
  expect(JSON.parse(saved)).toMatchObject({ format: 'tinyforge-project', name: 'My digits', library: 'cmsis-nn' })

  await newEmptyProject(page)
  await openFile(page, 'My digits.tinyforge.json', saved)
  await expect(cards(page)).toHaveCount(8)
  expect(await graphCounts(page)).toEqual({ nodes: 8, edges: 7 })
  await expect(page.getByLabel('Project name')).toHaveValue('My digits')
  await expect(shapeOf(page, 'pool2')).toHaveText('1×7×7×16')
  await expect(page.getByRole('alert')).toHaveCount(0)
})

test('New from template opens each template', async ({ page }) => {
  await openDesigner(page)
  await page.getByRole('button', { name: 'File', exact: true }).click()
  await page.getByRole('menuitem', { name: 'New from template…' }).click()
  const dialog = page.getByRole('dialog', { name: 'New project' })
  await expect(dialog.getByRole('button')).toHaveCount(6) // empty, 4 templates, cancel
  await page.screenshot({ path: `${SHOTS}/07-template-dialog.png` })
  await dialog.getByRole('button', { name: /Keyword spotting/ }).click()
  await expect(dialog).toBeHidden()
  await expect(page.getByLabel('Project name')).toHaveValue(/DS-CNN|Keyword/i)
  await expect(page.getByTestId('status-graph')).toContainText('no errors')
  await page.screenshot({ path: `${SHOTS}/08-kws-template.png` })
})

test('an operator TinyForge does not know opens as a generic card with a problem', async ({ page }) => {
  await openDesigner(page)
  await page.getByRole('button', { name: 'File', exact: true }).click()
  const download = page.waitForEvent('download')
  await page.getByRole('menuitem', { name: 'Save' }).click()
  const file = JSON.parse(await readFile(await (await download).path(), 'utf8'))
  const flatten = file.graph.nodes.find((n: { name: string }) => n.name === 'flatten')
  flatten.op = 'CustomFlatten'
  await openFile(page, 'custom.tinyforge.json', JSON.stringify(file))
  await expect(page.getByRole('alert')).toHaveCount(0)
  const card = nodeByName(page, 'flatten').getByTestId('node-card')
  await expect(card).toHaveAttribute('data-op', 'CustomFlatten')
  await expect(card).toContainText('unknown op')
  await expect(card.getByTestId('node-problem')).toContainText("unknown operator 'CustomFlatten'")
  await expect(shapeOf(page, 'logits')).toHaveCount(1)
  await page.screenshot({ path: `${SHOTS}/12-unknown-op.png` })
})
