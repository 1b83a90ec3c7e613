/**
 * Export in the browser: the digits template quantized in the Quantization tab, File › Export…, the package's files in
 * the Monaco code view (loaded from the app, no CDN), a prefix typed by the user, then the downloaded zip is unpacked
 * in Node and `make test` (host gcc) and `make test-qemu-m4` (Cortex-M4 on QEMU) both pass bit-exact. An unquantized
 * graph shows the generator's reasons and offers no download. No request leaves 127.0.0.1.
 */
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import type { Page } from '@playwright/test'
import { expect, test } from '@playwright/test'
import { unzipSync } from 'fflate'
import { SHOTS, openDesigner } from './helpers.ts'

/** Records every request that does not go to the page's own origin (blob: and data: URLs are the page's). */
function watchForeignRequests(page: Page, baseURL: string | undefined): string[] {
  const origin = new URL(baseURL ?? 'http://127.0.0.1:4173').origin
  const foreign: string[] = []
  page.on('request', (r) => {
    const url = new URL(r.url())
    if (url.protocol !== 'blob:' && url.protocol !== 'data:' && url.origin !== origin) foreign.push(r.url())
  })
  return foreign
}

async function newDigitsProject(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'File', exact: true }).click()
  await page.getByRole('menuitem', { name: 'New from template…' }).click()
  await page.getByRole('dialog', { name: 'New project' }).getByRole('button', { name: /Digits CNN/ }).click()
  await expect(page.getByTestId('status-graph')).toContainText('8 nodes')
}

async function openExportFromMenu(page: Page) {
  await page.getByRole('button', { name: 'File', exact: true }).click()
  await page.getByRole('menuitem', { name: 'Export…' }).click()
  const dialog = page.getByRole('dialog', { name: 'Export' })
  await expect(dialog).toBeVisible()
  return dialog
}

/** The text Monaco renders (its spaces are no-break spaces). */
async function editorText(page: Page): Promise<string> {
  const text = await page.getByTestId('code-editor').locator('.view-lines').innerText()
  return text.replace(/\u00a0/g, ' ')
}

/** Finds `text` with the editor's find widget (Ctrl+F), which scrolls it into view, then closes the widget. */
async function findInEditor(page: Page, text: string): Promise<void> {
  await page.getByTestId('code-editor').locator('.view-lines').click()
  await page.keyboard.press('Control+F')
  const input = page.getByTestId('code-editor').getByRole('textbox', { name: 'Find' })
  await expect(input).toBeFocused()
  await page.keyboard.type(text)
  await expect(page.getByTestId('code-editor').locator('.find-widget .matchesCount')).not.toHaveText(/No results/)
  await page.keyboard.press('Escape')
  await expect(page.getByTestId('code-editor').locator('.find-widget.visible')).toHaveCount(0)
  await page.waitForTimeout(300) // the widget slides away
}

function run(command: string, args: string[], cwd: string, timeout: number) {
  const r = spawnSync(command, args, { cwd, encoding: 'utf8', timeout })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, error: r.error }
}

test('digits: quantize, export, read the code, download the zip; make test and make test-qemu-m4 pass', async ({ page, baseURL }) => {
  test.setTimeout(300_000)
  const foreign = watchForeignRequests(page, baseURL)
  await openDesigner(page)
  await newDigitsProject(page)

  await page.getByRole('tab', { name: /Quantization/ }).click()
  const panel = page.getByTestId('quantize-panel')
  await expect(panel.getByTestId('data-synthetic')).toHaveAttribute('aria-checked', 'true')
  await panel.getByLabel('ORT').selectOption('off')
  await panel.getByTestId('quantize-run').click()
  await expect(page.getByTestId('dock-tab-meta-quantize')).toHaveText('s8', { timeout: 60_000 })

  const dialog = await openExportFromMenu(page)
  await expect(dialog.getByLabel('Library')).toHaveValue('cmsis-nn')
  await expect(dialog.getByLabel('C prefix')).toHaveValue('digits_cnn')
  const tree = dialog.getByRole('tree', { name: 'Files of digits_cnn' })
  const paths = await tree.getByRole('treeitem').evaluateAll((items) => items.map((i) => i.getAttribute('data-path')))
  expect(paths.slice(0, 5)).toEqual(['board', 'board/board.h', 'board/board_host.c', 'board/board_mps2.c', 'board/mps2-an386.ld'])
  expect(paths.slice(-3)).toEqual(['CMakeLists.txt', 'Makefile', 'README.md'])
  for (const path of ['examples', 'examples/main.c', 'examples/test_vectors.h', 'include', 'include/digits_cnn.h', 'runtime',
    'runtime/tf_convolve_s8.c', 'src', 'src/digits_cnn.c']) expect(paths).toContain(path)
  await expect(dialog.getByTestId('code-path')).toHaveText('include/digits_cnn.h')
  await expect(dialog.getByTestId('code-editor')).toHaveAttribute('data-language', 'c')
  await expect.poll(() => editorText(page), { timeout: 20_000 }).toContain('#define DIGITS_CNN_INPUT_SIZE 784')
  await findInEditor(page, 'digits_cnn_invoke(')
  await expect(dialog).toBeVisible()
  await expect.poll(() => editorText(page)).toContain('int digits_cnn_invoke(const int8_t *in, int8_t *out);')
  await expect(dialog.getByTestId('export-figures')).toContainText('784 B in · 10 B out')
  await page.screenshot({ path: `${SHOTS}/5x-export-header.png` })

  // The tree follows the WAI-ARIA tree keys: ← on a file goes to its folder, ← again closes it, → opens it.
  await tree.getByRole('treeitem', { name: /^digits_cnn\.h/ }).focus()
  await page.keyboard.press('ArrowLeft')
  await expect(tree.locator('[data-path="include"]')).toBeFocused()
  await page.keyboard.press('ArrowLeft')
  await expect(tree.locator('[data-path="include"]')).toHaveAttribute('aria-expanded', 'false')
  await expect(tree.locator('[data-path="include/digits_cnn.h"]')).toHaveCount(0)
  await page.keyboard.press('ArrowRight')
  await expect(tree.locator('[data-path="include/digits_cnn.h"]')).toHaveAttribute('aria-selected', 'true')
  await page.keyboard.press('ArrowDown')
  await page.keyboard.press('ArrowDown')
  await expect(tree.locator('[data-path="runtime"]')).toBeFocused()

  // Other files, with their own highlighting; C source tokens get several colours.
  await tree.getByRole('treeitem', { name: /^Makefile/ }).click()
  await expect(dialog.getByTestId('code-editor')).toHaveAttribute('data-language', 'makefile')
  await expect.poll(() => editorText(page)).toContain('PREFIX := digits_cnn')
  await page.screenshot({ path: `${SHOTS}/5x-export-makefile.png` })
  await tree.getByRole('treeitem', { name: /^README\.md/ }).click()
  await expect(dialog.getByTestId('code-editor')).toHaveAttribute('data-language', 'markdown')
  await tree.getByRole('treeitem', { name: /^digits_cnn\.c/ }).click()
  await expect(dialog.getByTestId('code-path')).toHaveText('src/digits_cnn.c')
  await expect.poll(() => editorText(page)).toContain('#include "digits_cnn.h"')
  const colours = await dialog.getByTestId('code-editor').locator('.view-lines span[class^="mtk"]').evaluateAll(
    (spans) => new Set(spans.map((s) => getComputedStyle(s).color)).size)
  expect(colours).toBeGreaterThanOrEqual(4)
  await page.screenshot({ path: `${SHOTS}/5x-export-source.png` })

  // A prefix that is not a C identifier is explained and blocks the downloads; a valid one renames the package.
  const prefix = dialog.getByLabel('C prefix')
  await prefix.fill('Digits M4')
  await expect(dialog.getByTestId('prefix-note')).toHaveText('Use lower-case letters, digits and _, starting with a letter (e.g. digits_m4).')
  await expect(dialog.getByRole('button', { name: 'C package (.zip)' })).toBeDisabled()
  await page.screenshot({ path: `${SHOTS}/5x-export-bad-prefix.png` })
  await prefix.fill('digits_m4')
  await prefix.press('Enter')
  await expect(dialog.getByRole('tree', { name: 'Files of digits_m4' })).toBeVisible()
  await dialog.getByRole('tree').getByRole('treeitem', { name: /^digits_m4\.h/ }).click()
  await expect(dialog.getByTestId('code-path')).toHaveText('include/digits_m4.h')
  await findInEditor(page, 'digits_m4_invoke(')
  await expect.poll(() => editorText(page)).toContain('int digits_m4_invoke(const int8_t *in, int8_t *out);')

  const download = page.waitForEvent('download')
  await dialog.getByRole('button', { name: 'C package (.zip)' }).click()
  const file = await download
  expect(file.suggestedFilename()).toBe('digits_m4.zip')
  const work = mkdtempSync(join(tmpdir(), 'tf-export-'))
  const zipPath = join(work, file.suggestedFilename())
  await file.saveAs(zipPath)
  const entries = unzipSync(new Uint8Array(readFileSync(zipPath)))
  for (const [path, bytes] of Object.entries(entries)) {
    if (path.endsWith('/')) continue
    mkdirSync(dirname(join(work, path)), { recursive: true })
    writeFileSync(join(work, path), bytes)
  }
  const root = join(work, 'digits_m4')
  expect(Object.keys(entries)).toContain('digits_m4/include/digits_m4.h')

  const host = run('make', ['-s', 'test'], root, 120_000)
  expect(host.error).toBeUndefined()
  expect(host.stdout).toContain('digits_m4: 3/3 vectors bit-exact (10 output bytes each) on host\n')
  expect(host.code).toBe(0)
  const qemu = run('make', ['-s', 'test-qemu-m4'], root, 240_000)
  expect(qemu.error).toBeUndefined()
  // QEMU's semihosting console writes to stderr.
  expect(qemu.stderr).toContain('digits_m4: 3/3 vectors bit-exact (10 output bytes each) on qemu mps2-an386 (Cortex-M4)\n')
  expect(qemu.code).toBe(0)
  console.log(`make test: ${host.stdout.trim().split('\n').join(' | ')}\nmake test-qemu-m4: ${qemu.stderr.trim().split('\n').join(' | ')}`)

  const qdq = page.waitForEvent('download')
  await dialog.getByRole('button', { name: 'ONNX (QDQ)' }).click()
  expect((await qdq).suggestedFilename()).toBe('Digits CNN.int8.onnx')
  const float = page.waitForEvent('download')
  await dialog.getByRole('button', { name: 'ONNX (float)' }).click()
  expect((await float).suggestedFilename()).toBe('Digits CNN.onnx')

  // The training-ready PyTorch project; its weights file goes back in through File › Import trained weights.
  const torch = page.waitForEvent('download')
  await dialog.getByRole('button', { name: 'PyTorch project (.zip)' }).click()
  const torchFile = await torch
  expect(torchFile.suggestedFilename()).toBe('digits-cnn-pytorch.zip')
  const torchZip = unzipSync(new Uint8Array(readFileSync(await torchFile.path())))
  expect(Object.keys(torchZip)).toEqual(expect.arrayContaining(['digits-cnn-pytorch/train.py', 'digits-cnn-pytorch/predict.py',
    'digits-cnn-pytorch/graph.json', 'digits-cnn-pytorch/weights.npz', 'digits-cnn-pytorch/tinyforge_twins/ops/conv2d.py']))

  await page.keyboard.press('Escape')
  await expect(dialog).toBeHidden()
  const weightsPath = join(mkdtempSync(join(tmpdir(), 'tf-weights-')), 'weights.npz')
  writeFileSync(weightsPath, torchZip['digits-cnn-pytorch/weights.npz'])
  await page.getByRole('button', { name: /^File/ }).click()
  await page.getByRole('menuitem', { name: 'Import trained weights…' }).click()
  await page.getByTestId('import-weights-input').setInputFiles(weightsPath)
  await expect(page.getByText(/^Imported 6 trained tensors of 3 layers from weights\.npz/)).toBeVisible()
  await expect(page.getByRole('button', { name: /^Undo/ })).toHaveAttribute('title', 'Undo Import trained weights (Ctrl+Z)')
  expect(foreign).toEqual([])
})

test('an unquantized graph shows the generator\'s reasons, offers no download, and leads to the Quantization tab', async ({ page, baseURL }) => {
  const foreign = watchForeignRequests(page, baseURL)
  await openDesigner(page)
  await newDigitsProject(page)
  await page.getByRole('button', { name: 'Export…' }).click()
  const dialog = page.getByRole('dialog', { name: 'Export' })
  const refusal = dialog.getByTestId('export-refusal')
  await expect(refusal.getByRole('heading')).toContainText('The C package cannot be generated for CMSIS-NN')
  await expect(refusal.getByRole('heading').locator('.tf-count')).toHaveText('8')
  const reasons = refusal.getByTestId('export-reason')
  await expect(reasons.locator('.tf-problems__where')).toHaveText(['image (Input)', 'conv1 (Conv2D)', 'pool1 (MaxPool2D)', 'conv2 (Conv2D)',
    'pool2 (MaxPool2D)', 'flatten (Flatten)', 'logits (FullyConnected)', 'probabilities (Softmax)'])
  for (const text of await reasons.allInnerTexts()) expect(text).toContain('is not quantized (no output quantization); quantize the graph first')
  await expect(dialog.getByRole('button', { name: /C package|ONNX/ })).toHaveCount(0)
  await expect(dialog.getByTestId('code-view')).toHaveCount(0)
  await expect(dialog.getByTestId('library-invalid-pow2-q7')).toContainText('pow2-q7 is not valid for this graph: image (Input): is not quantized')
  await expect(dialog.getByLabel('Library').locator('option[value="pow2-q7"]')).toBeDisabled()
  await page.screenshot({ path: `${SHOTS}/5x-export-refused.png` })

  await dialog.getByRole('button', { name: 'Open the Quantization tab' }).click()
  await expect(dialog).toBeHidden()
  await expect(page.getByTestId('quantize-panel')).toBeVisible()
  expect(foreign).toEqual([])
})
