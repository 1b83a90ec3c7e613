/**
 * The onnxruntime-web check on WebGPU (`onnxruntime-web/webgpu`, the native EP — never the JSEP build): with an
 * adapter (chromium-webgpu project: --enable-unsafe-webgpu → SwiftShader), the QDQ model agrees with the int8 engine
 * exactly as on wasm. Skipped when the browser offers no adapter.
 */
import type { Locator } from '@playwright/test'
import { expect, test } from '@playwright/test'
import { SHOTS, openDesigner } from './helpers.ts'
import { growDock, importMnistAndOpenQuantization, writeDigitFolder } from './quantize-fixtures.ts'

async function agreement(panel: Locator): Promise<{ outputs: string; layers: string }> {
  return { outputs: await panel.getByTestId('ort-outputs').innerText(), layers: await panel.getByTestId('ort-layers').innerText() }
}

test('the WebGPU backend agrees with the int8 engine as the wasm backend does', async ({ page }) => {
  test.setTimeout(180_000)
  await openDesigner(page)
  const adapter = await page.evaluate(async () => {
    const gpu = (navigator as { gpu?: { requestAdapter(): Promise<unknown> } }).gpu
    return gpu ? (await gpu.requestAdapter()) !== null : false
  })
  test.skip(!adapter, 'this browser offers no WebGPU adapter')

  await importMnistAndOpenQuantization(page)
  const panel = page.getByTestId('quantize-panel')
  await panel.getByTestId('data-images').click()
  await panel.getByTestId('calib-folder-input').setInputFiles(writeDigitFolder())
  const ort = panel.getByLabel('ORT')
  await expect(ort.locator('option[value="webgpu"]')).toBeEnabled()

  await ort.selectOption('wasm')
  await panel.getByTestId('quantize-run').click()
  await expect(panel.getByTestId('ort-backend')).toHaveText('wasm', { timeout: 60_000 })
  const wasm = await agreement(panel)

  await ort.selectOption('webgpu')
  await panel.getByTestId('quantize-run').click()
  await expect(panel.getByTestId('quantize-progress')).toBeVisible()
  await expect(panel.getByTestId('quantize-progress')).toHaveCount(0, { timeout: 120_000 })
  await expect(panel.getByTestId('quantize-error')).toHaveCount(0)
  await expect(panel.getByTestId('ort-backend')).toHaveText('webgpu')
  const webgpu = await agreement(panel)
  console.log(`ORT agreement wasm: ${JSON.stringify(wasm)} webgpu: ${JSON.stringify(webgpu)}`)
  expect(webgpu).toEqual(wasm)
  expect(Number((await panel.getByTestId('ort-within-one').textContent())?.replace('%', ''))).toBeGreaterThanOrEqual(99.9)
  await growDock(page, 190)
  await panel.getByTestId('ort-details').scrollIntoViewIfNeeded()
  await page.screenshot({ path: `${SHOTS}/4x-quantize-webgpu.png` })
})
