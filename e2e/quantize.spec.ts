/**
 * Quantize & validate in the browser: import mnist-8, quantize it in the worker on five labelled digit images, read
 * the per-layer errors, the agreement with onnxruntime-web (wasm here), accuracy and the s8/pow2 comparison; the run
 * is one undo step; a cancelled run and bad data leave the project as it was; the QDQ download passes onnx.checker.
 */
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from '@playwright/test'
import { expect, test } from '@playwright/test'
import { SHOTS, openDesigner } from './helpers.ts'
import { growDock, importMnistAndOpenQuantization, writeDigitFolder } from './quantize-fixtures.ts'

const percent = (text: string | null): number => Number((text ?? '').replace('%', ''))

async function undoTitle(page: Page): Promise<string | null> {
  return page.getByRole('button', { name: 'Undo', exact: true }).getAttribute('title')
}

test('mnist-8: quantize on five digit images, per-layer errors, ORT agreement, download a QDQ ONNX the checker accepts', async ({ page }) => {
  test.setTimeout(120_000)
  await openDesigner(page)
  await importMnistAndOpenQuantization(page)
  const panel = page.getByTestId('quantize-panel')
  await expect(panel.getByTestId('quantize-empty')).toBeVisible()
  await expect(panel.getByTestId('scheme-s8')).toHaveAttribute('aria-checked', 'true')

  await panel.getByTestId('data-images').click()
  await panel.getByTestId('calib-folder-input').setInputFiles(writeDigitFolder())
  await expect(panel.getByTestId('calib-chosen')).toHaveText('digits · 5 images · 3 classes')
  await growDock(page, 190)
  await panel.getByTestId('quantize-run').click()

  const rows = panel.getByTestId('sqnr-row')
  await expect(rows).toHaveCount(7, { timeout: 60_000 })
  await expect(panel.getByTestId('quantize-progress')).toHaveCount(0)
  await expect(rows.getByRole('cell').nth(2)).toHaveText('Input')
  const sqnr = await panel.getByTestId('sqnr-db').allTextContents()
  expect(sqnr[0]).toBe('exact')
  for (const v of sqnr.slice(1)) expect(Number(v)).toBeGreaterThan(30)
  const errors = await panel.getByTestId('max-error').allTextContents()
  expect(errors.every((e) => Number.isFinite(Number(e.replace(/,/g, ''))))).toBe(true)
  await expect(panel.getByTestId('sqnr-bar')).toHaveCount(7)
  await expect(panel.getByTestId('top1-agreement')).toHaveText('100%')
  await expect(panel.getByTestId('accuracy')).toHaveText('100%')
  await expect(panel.getByTestId('confusion-matrix')).toBeVisible()
  await expect(panel.getByTestId('ort-backend')).toHaveText('wasm')
  expect(percent(await panel.getByTestId('ort-within-one').textContent())).toBeGreaterThanOrEqual(99.9)
  expect(percent(await panel.getByTestId('ort-layers-within').textContent())).toBeGreaterThanOrEqual(99.9)
  await expect(panel.getByTestId('compare-head-s8')).toContainText('applied')
  await expect(panel.getByTestId('latency-pow2').first()).toHaveText(/ms$/)
  await expect(page.getByTestId('dock-tab-meta-quantize')).toHaveText('s8')
  expect(await undoTitle(page)).toBe('Undo Quantize (s8, minmax) (Ctrl+Z)')
  const figures = await panel.getByTestId('sqnr-db').allTextContents()
  console.log(`mnist-8 UI figures: SQNR ${figures.join(' ')} | max err ${errors.join(' ')} | cosine ${await panel.getByTestId('output-cosine').textContent()}` +
    ` | ORT outputs ${await panel.getByTestId('ort-outputs').innerText()} | layers ${await panel.getByTestId('ort-layers').innerText()}` +
    ` | compare ${(await panel.getByTestId('scheme-comparison').innerText()).replace(/\s+/g, ' ')}`)
  await page.screenshot({ path: `${SHOTS}/4x-quantize-mnist.png` })
  await panel.getByTestId('confusion-matrix').scrollIntoViewIfNeeded()
  await page.screenshot({ path: `${SHOTS}/4x-quantize-compare.png` })

  const download = page.waitForEvent('download')
  await panel.getByRole('button', { name: 'Download QDQ ONNX' }).click()
  const file = await download
  expect(file.suggestedFilename()).toBe('mnist-8.int8.onnx')
  const path = join(mkdtempSync(join(tmpdir(), 'tf-qdq-')), file.suggestedFilename())
  await file.saveAs(path)
  const check = spawnSync('/usr/bin/python3', ['scripts/check_onnx.py', path], { encoding: 'utf8' })
  expect(check.stderr).toBe('')
  expect(check.status).toBe(0)
  expect(check.stdout).toMatch(/^OK .*mnist-8\.int8\.onnx: \d+ nodes, \d+ initializers/)
  const floatDownload = page.waitForEvent('download')
  await panel.getByRole('button', { name: 'Download float ONNX' }).click()
  expect((await floatDownload).suggestedFilename()).toBe('mnist-8.onnx')

  // Undo brings the float graph back; the panel flags its figures as describing the quantized graph.
  await page.getByRole('button', { name: 'Undo', exact: true }).click()
  expect(await undoTitle(page)).toBe('Undo Import model (Ctrl+Z)')
  await expect(panel.getByTestId('quantize-stale')).toBeVisible()
  await page.getByRole('button', { name: 'Redo', exact: true }).click()
  await expect(panel.getByTestId('quantize-stale')).toHaveCount(0)
})

test('a cancelled run and bad calibration data leave the project unchanged', async ({ page }) => {
  test.setTimeout(120_000)
  await openDesigner(page)
  await importMnistAndOpenQuantization(page)
  const panel = page.getByTestId('quantize-panel')
  const before = await undoTitle(page)
  expect(before).toBe('Undo Import model (Ctrl+Z)')

  // A long synthetic run, cancelled while it calibrates.
  await panel.getByLabel('Synthetic samples').fill('1024')
  await panel.getByTestId('quantize-run').click()
  const progress = panel.getByTestId('quantize-progress')
  await expect(progress).toBeVisible()
  await expect.poll(async () => Number(await progress.getAttribute('aria-valuenow')), { timeout: 20_000 }).toBeGreaterThan(0)
  await page.screenshot({ path: `${SHOTS}/4x-quantize-running.png` })
  await panel.getByTestId('quantize-cancel').click()
  await expect(panel.getByTestId('quantize-status')).toHaveText('Cancelled. The project is unchanged.')
  await page.waitForTimeout(1500)
  expect(await undoTitle(page)).toBe(before)
  await expect(page.getByTestId('dock-tab-meta-quantize')).toHaveCount(0)

  // An empty folder is refused when chosen; the choice stays empty.
  await panel.getByTestId('data-images').click()
  const empty = join(mkdtempSync(join(tmpdir(), 'tf-empty-')), 'nothing-here')
  mkdirSync(empty)
  writeFileSync(join(empty, 'notes.txt'), 'no images')
  await panel.getByTestId('calib-folder-input').setInputFiles(empty)
  await expect(panel.getByTestId('calib-error')).toHaveText("The folder 'nothing-here' holds no images (.png, .jpg, .gif, .bmp, .webp).")
  await expect(panel.getByTestId('calib-chosen')).toHaveText('nothing chosen')

  // A folder with an undecodable image fails the run with one line naming it.
  const bad = writeDigitFolder()
  writeFileSync(join(bad, '2', 'broken.png'), 'this is not a png')
  await panel.getByTestId('calib-folder-input').setInputFiles(bad)
  await expect(panel.getByTestId('calib-chosen')).toHaveText('digits · 6 images · 3 classes')
  await panel.getByTestId('quantize-run').click()
  await expect(panel.getByTestId('quantize-error')).toHaveText(
    'Calibration data: 2/broken.png could not be decoded as an image. The project is unchanged.', { timeout: 30_000 })
  expect(await undoTitle(page)).toBe(before)
  await page.screenshot({ path: `${SHOTS}/4x-quantize-bad-image.png` })

  // A .npy of the wrong shape fails the same way.
  await panel.getByTestId('data-npy').click()
  const header = "{'descr': '<f4', 'fortran_order': False, 'shape': (3, 10), }"
  const padded = header.padEnd(118, ' ') + '\n'
  const npy = Buffer.concat([Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, padded.length, 0]), Buffer.from(padded, 'latin1'), Buffer.alloc(120)])
  await panel.getByTestId('calib-npy-input').setInputFiles({ name: 'wrong.npy', mimeType: 'application/octet-stream', buffer: npy })
  await panel.getByTestId('quantize-run').click()
  await expect(panel.getByTestId('quantize-error')).toContainText(
    'Calibration data: wrong.npy has shape 3×10; the input needs 28×28×1 per sample', { timeout: 30_000 })
  expect(await undoTitle(page)).toBe(before)
})
