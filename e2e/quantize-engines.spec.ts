/**
 * The Quantization tab's int8 engine in Chromium: the default run validates on the WebAssembly engine (the C
 * runtime's kernels, loaded in the worker from the embedded module), a second run with the TypeScript reference gives
 * the very same figures — per-layer SQNR and max error, agreement, cosine, accuracy, confusion matrix, the s8/pow2
 * comparison and the onnxruntime-web check. With the project's requantization rounding set to single
 * (CMSIS_NN_USE_SINGLE_ROUNDING), both engines again give the same figures, the ORT check says which rounding ran, and
 * the Export dialog says the C package will single-round.
 */
import type { Locator } from '@playwright/test'
import { expect, test } from '@playwright/test'
import { SHOTS, openDesigner } from './helpers.ts'
import { growDock, importMnistAndOpenQuantization, writeDigitFolder } from './quantize-fixtures.ts'

const FIGURES = ['sqnr-db', 'max-error', 'output-cosine', 'top1-agreement', 'accuracy', 'confusion-matrix', 'scheme-comparison', 'ort-outputs',
  'ort-layers', 'ort-within-one']

async function figures(panel: Locator): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {}
  for (const id of FIGURES) out[id] = (await panel.getByTestId(id).allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim())
  return out
}

async function runOnce(panel: Locator, engine: 'wasm' | 'ts'): Promise<{ figures: Record<string, string[]>; meta: string }> {
  await panel.getByLabel('int8 engine', { exact: true }).selectOption(engine)
  await panel.getByTestId('quantize-run').click()
  // Each run uses the other engine than the run before it, so the engine line changing means this run's result is in
  // (a short run can finish before its progress bar is ever seen).
  await expect(panel.getByTestId('int8-engine')).toHaveText(engine === 'wasm' ? 'WebAssembly' : 'TypeScript', { timeout: 60_000 })
  await expect(panel.getByTestId('quantize-progress')).toHaveCount(0, { timeout: 60_000 })
  await expect(panel.getByTestId('sqnr-row')).toHaveCount(7)
  return { figures: await figures(panel), meta: await panel.getByTestId('quantize-meta').innerText() }
}

test('the Quantization tab validates on the WebAssembly engine by default, with the TypeScript engine\'s figures', async ({ page }) => {
  test.setTimeout(300_000)
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(e.message))
  await openDesigner(page)
  await importMnistAndOpenQuantization(page)
  const panel = page.getByTestId('quantize-panel')
  await expect(panel.getByLabel('int8 engine', { exact: true })).toHaveValue('wasm')
  await panel.getByTestId('data-images').click()
  await panel.getByTestId('calib-folder-input').setInputFiles(writeDigitFolder())
  await growDock(page, 190)

  const wasm = await runOnce(panel, 'wasm')
  const ts = await runOnce(panel, 'ts')
  expect(wasm.figures['sqnr-db']).toHaveLength(7)
  expect(wasm.figures['top1-agreement']).toEqual(['100%'])
  expect(wasm.figures['ort-outputs'][0]).toMatch(/\d/)
  expect(wasm.figures).toEqual(ts.figures)
  await expect(panel.getByTestId('ort-rounding')).toHaveText('double rounding')

  const rounding = panel.getByLabel('Requantization rounding')
  await expect(rounding).toHaveValue('double')
  await rounding.selectOption('single')
  const wasmSingle = await runOnce(panel, 'wasm')
  const tsSingle = await runOnce(panel, 'ts')
  expect(wasmSingle.figures).toEqual(tsSingle.figures)
  await expect(panel.getByTestId('ort-rounding')).toHaveText('single rounding')
  await expect(rounding).toHaveValue('single')
  expect(errors).toEqual([])
  console.log(`mnist-8 in Chromium: wasm engine run "${wasm.meta}" | TS engine run "${ts.meta}" | SQNR ${wasm.figures['sqnr-db'].join(' ')}` +
    ` | ORT double: ${wasm.figures['ort-outputs'].join(' ')} / ${wasm.figures['ort-layers'].join(' ')}` +
    ` | ORT single: ${wasmSingle.figures['ort-outputs'].join(' ')} / ${wasmSingle.figures['ort-layers'].join(' ')}`)
  await panel.getByLabel('Requantization rounding').scrollIntoViewIfNeeded()
  await page.screenshot({ path: `${SHOTS}/4x-quantize-rounding.png` })
  // The Export dialog says that the C package will define CMSIS_NN_USE_SINGLE_ROUNDING.
  await page.getByRole('button', { name: 'Export…' }).click()
  await expect(page.getByTestId('export-dialog').getByTestId('export-rounding')).toHaveText('· single rounding')
})
