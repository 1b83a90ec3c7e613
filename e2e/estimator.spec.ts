/**
 * The live estimator: the targets comparison follows edits, custom targets can be added, columns sort,
 * the per-layer table and the memory timeline show the focused target and select nodes on the canvas, and the
 * Kernels choice reprices every panel and is kept across a reload.
 */
import { fileURLToPath } from 'node:url'
import type { Locator, Page } from '@playwright/test'
import { expect, test } from '@playwright/test'
import { SHOTS, nodeByName, openDesigner } from './helpers.ts'

const MLPERF = fileURLToPath(new URL('../../shared/data/mlperf-tiny/', import.meta.url))
const DEFAULT_IDS = ['raspberry-pi-pico', 'nrf52840-dk', 'nucleo-l4r5zi', 'nucleo-u575zi-q', 'nucleo-h7a3zi-q', 'esp32-s3-devkitc']

function row(page: Page, id: string): Locator {
  return page.locator(`[data-testid="target-row"][data-target-id="${id}"]`)
}

async function rowIds(page: Page): Promise<string[]> {
  return page.getByTestId('target-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-target-id') ?? ''))
}

async function numberAttr(locator: Locator, name: string): Promise<number> {
  return Number(await locator.getAttribute(name))
}

test('changing a layer\'s filters changes flash, RAM and latency on every target', async ({ page }) => {
  await openDesigner(page)
  await expect(page.getByRole('tab', { name: /Targets/ })).toHaveAttribute('aria-selected', 'true')
  expect(await rowIds(page)).toEqual(DEFAULT_IDS)
  const l4 = row(page, 'nucleo-l4r5zi')
  await expect(l4.getByTestId('target-fits')).toHaveText('✓ Fits')
  await expect(l4.getByTestId('source-badge').first()).toHaveText('fit')
  const flash = await numberAttr(l4.getByTestId('target-flash'), 'data-bytes')
  const ram = await numberAttr(l4.getByTestId('target-ram'), 'data-bytes')
  const latency = await numberAttr(l4.getByTestId('target-latency'), 'data-ms')
  expect(flash).toBeGreaterThan(0)
  await page.screenshot({ path: `${SHOTS}/23-targets.png` })

  await nodeByName(page, 'conv1').click()
  const filters = page.getByTestId('node-inspector').getByLabel('Filters')
  await filters.fill('32')
  await filters.press('Enter')

  // conv1 8 → 32 filters: 3×3×1×24 more weights (+ bias, quant params) and 4× the conv1 activation.
  await expect.poll(() => numberAttr(l4.getByTestId('target-flash'), 'data-bytes')).toBeGreaterThan(flash + 216)
  expect(await numberAttr(l4.getByTestId('target-ram'), 'data-bytes')).toBeGreaterThan(ram)
  expect(await numberAttr(l4.getByTestId('target-latency'), 'data-ms')).toBeGreaterThan(latency)

  // Undo restores the exact figures.
  await page.locator('.react-flow__pane').click({ position: { x: 20, y: 20 } })
  await page.keyboard.press('Control+z')
  await expect.poll(() => numberAttr(l4.getByTestId('target-flash'), 'data-bytes')).toBe(flash)
  expect(await numberAttr(l4.getByTestId('target-latency'), 'data-ms')).toBe(latency)
})

test('a custom target is validated, added to the comparison, and can be removed', async ({ page }) => {
  await openDesigner(page)
  await page.getByRole('button', { name: 'Add custom target…' }).click()
  const dialog = page.getByRole('dialog', { name: 'Add custom target' })
  await dialog.getByLabel('Name').fill('Tiny sensor')
  await expect(dialog.getByLabel('ID')).toHaveValue('tiny-sensor')
  await dialog.getByLabel('Core').selectOption('cortex-m0plus')
  await dialog.getByLabel('SRAM (bytes)').fill('4096')
  await dialog.getByLabel('Flash (bytes)').fill('65536')
  await dialog.getByRole('button', { name: 'Add target' }).click()
  await expect(dialog.getByTestId('custom-target-error')).toHaveText('target file: clockMHz is missing')
  await expect(dialog.getByLabel('Clock (MHz)')).toHaveAttribute('aria-invalid', 'true')
  await dialog.getByLabel('Clock (MHz)').fill('-48')
  await dialog.getByRole('button', { name: 'Add target' }).click()
  await expect(dialog.getByTestId('custom-target-error')).toHaveText('target file: clockMHz must be a positive number')
  await dialog.getByLabel('Clock (MHz)').fill('48')
  await page.screenshot({ path: `${SHOTS}/24-custom-target-form.png` })
  await dialog.getByRole('button', { name: 'Add target' }).click()
  await expect(dialog).toBeHidden()

  const custom = row(page, 'tiny-sensor')
  await expect(custom).toBeVisible()
  await expect(custom.getByTestId('target-name')).toHaveText('Tiny sensor')
  await expect(custom).toContainText('custom')
  await expect(custom).toContainText('Cortex-M0+ · 48 MHz')
  await expect(custom).toBeInViewport()
  // Digits CNN needs an 8 KiB arena: it does not fit in 4 KiB of SRAM.
  await expect(custom.getByTestId('target-fits')).toHaveText('✕ Over RAM')
  await expect(custom.getByTestId('target-ram').locator('[data-level]')).toHaveAttribute('data-level', 'over')
  await expect(custom.getByTestId('source-badge').last()).toHaveText('assumption')
  expect(await rowIds(page)).toEqual([...DEFAULT_IDS, 'tiny-sensor'])
  await expect(custom).toHaveAttribute('aria-selected', 'true')
  await page.screenshot({ path: `${SHOTS}/25-custom-target.png` })

  // The board is part of the project: autosave keeps it across a reload (project file v3 `customTargets`).
  await page.waitForTimeout(800) // autosave is debounced by 300 ms
  await page.reload()
  await expect(row(page, 'tiny-sensor').getByTestId('target-name')).toHaveText('Tiny sensor')
  expect(await rowIds(page)).toEqual([...DEFAULT_IDS, 'tiny-sensor'])

  await page.getByRole('button', { name: /^Targets/ }).click()
  const picker = page.getByRole('dialog', { name: 'Choose targets' })
  await picker.getByRole('button', { name: 'Remove Tiny sensor' }).click()
  await expect(custom).toHaveCount(0)
})

test('the target picker chooses boards by core, with search', async ({ page }) => {
  await openDesigner(page)
  await page.getByRole('button', { name: /^Targets/ }).click()
  const picker = page.getByRole('dialog', { name: 'Choose targets' })
  await expect(picker.getByTestId('picker-board')).toHaveCount(18)
  await expect(picker.getByTestId('picker-count')).toHaveText('6 of 18 boards')
  await expect(picker.getByRole('region', { name: 'Cortex-M33' }).getByTestId('picker-board')).toHaveCount(6)
  await page.screenshot({ path: `${SHOTS}/26-target-picker.png` })
  await picker.getByLabel('Search boards').fill('esp32')
  await expect(picker.getByTestId('picker-board')).toHaveCount(2)
  await picker.getByRole('checkbox', { name: /ESP32-C3/ }).check()
  await expect(row(page, 'esp32-c3-devkitm-1')).toBeVisible()
  await picker.getByRole('checkbox', { name: /ESP32-S3/ }).uncheck()
  await expect(row(page, 'esp32-s3-devkitc')).toHaveCount(0)
  await picker.getByLabel('Search boards').fill('')
  await picker.getByRole('button', { name: 'All' }).click()
  await expect(page.getByTestId('target-row')).toHaveCount(18)
  await picker.getByRole('button', { name: 'None' }).click()
  await expect(page.getByTestId('target-row')).toHaveCount(0)
  await page.keyboard.press('Escape')
  await expect(picker).toBeHidden()
  await expect(page.getByTestId('targets-empty')).toBeVisible()
  await page.getByRole('button', { name: 'Compare 6 recommended boards' }).click()
  expect(await rowIds(page)).toEqual(DEFAULT_IDS)
})

test('sorting by latency orders the rows, and the header says so', async ({ page }) => {
  await openDesigner(page)
  const header = page.getByRole('columnheader', { name: 'Latency' })
  await expect(header).toHaveAttribute('aria-sort', 'none')
  await page.getByTestId('sort-latency').click()
  await expect(header).toHaveAttribute('aria-sort', 'ascending')
  const ascending = await rowIds(page)
  const latencies = await page.getByTestId('target-latency').evaluateAll((cells) => cells.map((c) => Number(c.getAttribute('data-ms'))))
  expect(latencies).toEqual([...latencies].sort((a, b) => a - b))
  expect(ascending[0]).toBe('nucleo-h7a3zi-q')
  expect(ascending[ascending.length - 1]).toBe('raspberry-pi-pico')
  await page.getByTestId('sort-latency').click()
  await expect(header).toHaveAttribute('aria-sort', 'descending')
  expect(await rowIds(page)).toEqual([...ascending].reverse())
  await page.getByTestId('sort-name').click()
  await expect(header).toHaveAttribute('aria-sort', 'none')
  await expect(page.getByRole('columnheader', { name: 'Target' })).toHaveAttribute('aria-sort', 'ascending')
  expect(await page.getByTestId('target-name').allTextContents())
    .toEqual(['ESP32-S3-DevKitC', 'nRF52840 DK', 'NUCLEO-H7A3ZI-Q', 'NUCLEO-L4R5ZI', 'NUCLEO-U575ZI-Q', 'Raspberry Pi Pico'])
})

test('layers and memory tabs show the focused target and select nodes', async ({ page }) => {
  await openDesigner(page)
  await row(page, 'nucleo-u575zi-q').click()
  await page.getByRole('tab', { name: /Layers/ }).click()
  await expect(page.getByLabel('Target')).toHaveValue('nucleo-u575zi-q')
  const layers = page.getByTestId('layer-row')
  await expect(layers).toHaveCount(8)
  await expect(layers.getByTestId('layer-name')).toHaveText(['image', 'conv1', 'pool1', 'conv2', 'pool2', 'flatten', 'logits', 'probabilities'])
  await expect(layers.nth(1).getByTestId('layer-macs')).toHaveText('56,448')
  await layers.nth(3).click()
  await expect(page.getByTestId('node-inspector').getByLabel('Name')).toHaveValue('conv2')
  await expect(layers.nth(3)).toHaveAttribute('aria-selected', 'true')
  await page.screenshot({ path: `${SHOTS}/27-layers.png` })

  await page.getByRole('tab', { name: /Memory/ }).click()
  const chart = page.getByTestId('memory-chart')
  // 8 tensors, flatten shares pool2's buffer: 7 rectangles.
  await expect(chart.getByTestId('memory-rect')).toHaveCount(7)
  await expect(chart.getByTestId('memory-line-arena')).toContainText('arena 7.66 KiB')
  await expect(chart.getByTestId('memory-line-bound')).toContainText('lower bound 7.66 KiB')
  await chart.locator('[data-testid="memory-rect"][data-node-id="n2"]').hover()
  await expect(page.getByTestId('memory-tooltip')).toContainText('conv1')
  await expect(page.getByTestId('memory-tooltip')).toContainText('6.13 KiB')
  await page.screenshot({ path: `${SHOTS}/28-memory.png` })
  await chart.locator('[data-testid="memory-rect"][data-node-id="n5"]').click()
  await expect(page.getByTestId('node-inspector').getByLabel('Name')).toHaveValue('pool2')
  await expect(page.getByTestId('memory-tooltip')).toContainText('flatten')
})

test('an imported VWW is estimated at once, within milliseconds per edit', async ({ page }) => {
  await openDesigner(page)
  await page.getByTestId('import-file-input').setInputFiles(`${MLPERF}vww_96_int8.tflite`)
  await expect(page.getByTestId('status-graph')).toContainText('32 nodes')
  await page.getByRole('tab', { name: /Targets/ }).click()
  await expect(page.getByTestId('target-row')).toHaveCount(6)
  await expect(row(page, 'nucleo-l4r5zi').getByTestId('target-fits')).toHaveText('✓ Fits')
  await page.screenshot({ path: `${SHOTS}/29-vww-targets.png` })

  // Time the estimator over edits of the imported graph (all 18 boards compared).
  await page.getByRole('button', { name: /^Targets/ }).click()
  await page.getByRole('dialog', { name: 'Choose targets' }).getByRole('button', { name: 'All' }).click()
  await page.keyboard.press('Escape')
  await expect(page.getByTestId('target-row')).toHaveCount(18)
  await page.getByRole('tab', { name: /Import report/ }).click()
  await page.getByTestId('import-entry').nth(2).click()
  await page.getByRole('tab', { name: /Targets/ }).click()
  const filters = page.getByTestId('node-inspector').getByLabel('Filters')
  const times: number[] = []
  for (const value of [24, 32, 40, 48, 56, 64, 16, 20, 28, 36, 44]) {
    const flash = row(page, 'nucleo-l4r5zi').getByTestId('target-flash')
    const before = await flash.getAttribute('data-bytes')
    await filters.fill(String(value))
    await filters.press('Enter')
    await expect(flash).not.toHaveAttribute('data-bytes', before ?? '')
    times.push(Number(await page.getByTestId('estimate-time').getAttribute('data-ms')))
  }
  times.sort((a, b) => a - b)
  const median = times[Math.floor(times.length / 2)]
  console.log(`VWW × 18 targets, estimator ms per edit (sorted): ${times.join(', ')}; median ${median}`)
  expect(median).toBeLessThan(30)
  await page.screenshot({ path: `${SHOTS}/30-vww-all-targets.png` })
})

test('the Kernels choice reprices every panel and is remembered across a reload', async ({ page }) => {
  await openDesigner(page)
  const kernels = page.getByRole('radiogroup', { name: 'Kernels' })
  const cmsis = kernels.getByRole('radio', { name: 'CMSIS-NN' })
  const portable = kernels.getByRole('radio', { name: 'Portable C' })
  const l4 = row(page, 'nucleo-l4r5zi')
  const badge = l4.getByTestId('target-latency').getByTestId('source-badge')
  const flash = l4.getByTestId('target-flash')
  // Digits CNN on the NUCLEO-L4R5ZI (Cortex-M4): CMSIS-NN kernels by default for the s8 library.
  await expect(cmsis).toHaveAttribute('aria-checked', 'true')
  await expect(badge).toHaveText('fit')
  await expect(flash).toHaveAttribute('data-bytes', '24602')
  await page.screenshot({ path: `${SHOTS}/6x-kernels-cmsis-nn.png` })

  await portable.click()
  await expect(portable).toHaveAttribute('aria-checked', 'true')
  await expect(cmsis).toHaveAttribute('aria-checked', 'false')
  // The portable package: latency scaled from the CMSIS-NN fit, smaller code (measured from built packages).
  await expect(badge).toHaveText('scaled')
  await expect(flash).toHaveAttribute('data-bytes', '14796')
  await expect(l4.getByTestId('target-ram')).toHaveAttribute('data-bytes', '8132')
  await page.screenshot({ path: `${SHOTS}/6x-kernels-portable.png` })

  // Layers: the runtime in the header; the layers' flash + the shared runtime code add up to the target's flash.
  await l4.click()
  await page.getByRole('tab', { name: /Layers/ }).click()
  await expect(page.getByTestId('layers-runtime')).toHaveText('Portable C kernels')
  const layerFlash = await page.getByTestId('layer-flash').evaluateAll((cells) => cells.map((c) => Number(c.getAttribute('data-bytes'))))
  const runtimeCode = await numberAttr(page.getByTestId('layers-runtime-flash'), 'data-bytes')
  expect(runtimeCode).toBe(4756 + 66)
  expect(layerFlash.reduce((a, b) => a + b, 0) + runtimeCode).toBe(14796)
  await expect(page.getByTestId('layers-total-flash')).toHaveAttribute('data-bytes', '14796')
  await expect(page.getByTestId('layers-note')).toContainText('the fixed API (_run, _input, _output) 66 B')
  await page.getByTestId('layers-note').scrollIntoViewIfNeeded()
  await page.screenshot({ path: `${SHOTS}/6x-kernels-layers.png` })

  // Memory: arena + scratch + runtime = RAM.
  await page.getByRole('tab', { name: /Memory/ }).click()
  await expect(page.getByTestId('memory-runtime')).toHaveText('· Portable C kernels')
  await expect(page.getByTestId('memory-scratch')).toHaveAttribute('data-bytes', '288')
  await expect(page.getByTestId('memory-overhead')).toHaveAttribute('data-bytes', '4')
  await expect(page.getByTestId('memory-ram')).toHaveAttribute('data-bytes', String(7840 + 288 + 4))
  await page.screenshot({ path: `${SHOTS}/6x-kernels-memory.png` })

  // A UI preference of this project: it survives a reload, and another library has its own default.
  await page.waitForTimeout(500)
  await page.reload()
  await expect(page.getByTestId('app')).toHaveAttribute('data-ready', 'true')
  await expect(page.getByRole('tab', { name: /Targets/ })).toHaveAttribute('aria-selected', 'true')
  await expect(portable).toHaveAttribute('aria-checked', 'true')
  await expect(badge).toHaveText('scaled')
  await expect(flash).toHaveAttribute('data-bytes', '14796')
  await page.getByLabel('Library').selectOption('pow2-q7')
  await expect(kernels.getByRole('radio')).toHaveText(['CMSIS q7', 'Portable C'])
  await expect(portable).toHaveAttribute('aria-checked', 'true')
  // As measured by scripts/measure-c-sizes.ts with every kernel of the runtime (call sites re-measured).
  await expect(flash).toHaveAttribute('data-bytes', '12684')
  await page.screenshot({ path: `${SHOTS}/6x-kernels-pow2.png` })
  await page.getByLabel('Library').selectOption('cmsis-nn')
  await expect(portable).toHaveAttribute('aria-checked', 'true')
  await cmsis.click()
  await expect(badge).toHaveText('fit')
  await expect(flash).toHaveAttribute('data-bytes', '24602')
})
