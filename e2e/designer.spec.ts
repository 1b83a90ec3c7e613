/**
 * A new user designs a small CNN from scratch with the mouse: drags operators from the palette, wires
 * them, reads the shapes on the cards, is refused a bad connection with the reason, undoes, and finds
 * the graph intact after a reload.
 */
import { expect, test } from '@playwright/test'
import {
  SHOTS, cards, connect, dragFromPalette, graphCounts, newEmptyProject, nodeByName, nodePositions, openDesigner, shapeOf,
} from './helpers.ts'

test('design a CNN by drag and drop, get refused a bad wire, undo, reload', async ({ page }) => {
  const pageErrors: string[] = []
  page.on('pageerror', (e) => pageErrors.push(e.message))

  await openDesigner(page)
  // First visit: the digits CNN template is open.
  await expect(page.getByLabel('Project name')).toHaveValue('Digits CNN')
  await expect(cards(page)).toHaveCount(8)
  await page.screenshot({ path: `${SHOTS}/01-first-visit.png` })

  await newEmptyProject(page)
  await expect(page.getByTestId('empty-hint')).toBeVisible()
  expect(await graphCounts(page)).toEqual({ nodes: 0, edges: 0 })

  // The canvas sits above the estimator dock (about 510 px tall at 1440 × 900).
  await dragFromPalette(page, 'Input', 330, 50)
  await dragFromPalette(page, 'Conv2D', 330, 150)
  await dragFromPalette(page, 'MaxPool2D', 330, 250)
  await dragFromPalette(page, 'Flatten', 330, 350)
  await dragFromPalette(page, 'FullyConnected', 330, 450)
  await expect(cards(page)).toHaveCount(5)
  await expect(page.getByTestId('empty-hint')).toBeHidden()

  await connect(page, 'input_1', 'conv2d_1')
  await connect(page, 'conv2d_1', 'maxpool2d_1')
  await connect(page, 'maxpool2d_1', 'flatten_1')
  await connect(page, 'flatten_1', 'fullyconnected_1')
  expect(await graphCounts(page)).toEqual({ nodes: 5, edges: 4 })

  await expect(shapeOf(page, 'input_1')).toHaveText('1×28×28×1')
  await expect(shapeOf(page, 'conv2d_1')).toHaveText('1×28×28×8')
  await expect(shapeOf(page, 'maxpool2d_1')).toHaveText('1×14×14×8')
  await expect(shapeOf(page, 'flatten_1')).toHaveText('1×1568')
  await expect(shapeOf(page, 'fullyconnected_1')).toHaveText('1×10')
  // 28·28·8 outputs × 3·3·1 taps = 56,448 MACs; 1568 × 10 = 15,680.
  await expect(nodeByName(page, 'conv2d_1').getByTestId('node-macs')).toHaveText('56.4 k MACs')
  await expect(nodeByName(page, 'fullyconnected_1').getByTestId('node-macs')).toHaveText('15.7 k MACs')
  await expect(page.getByTestId('status-graph')).toContainText('no errors')

  // An Add fed by two tensors of different shapes is refused, with the reason, and adds nothing.
  await dragFromPalette(page, 'Add', 620, 250)
  await expect(nodeByName(page, 'add_1').locator('.react-flow__handle[data-handleid="in-1"]')).toHaveCount(1)
  await connect(page, 'conv2d_1', 'add_1', 0)
  expect(await graphCounts(page)).toEqual({ nodes: 6, edges: 5 })
  await connect(page, 'maxpool2d_1', 'add_1', 1, async () => {
    // While hovering, the refusing input handle is marked invalid.
    const handle = nodeByName(page, 'add_1').locator('.react-flow__handle[data-handleid="in-1"]')
    await expect(handle).toHaveClass(/connectingto/)
    await expect(handle).not.toHaveClass(/\bvalid\b/)
    await page.screenshot({ path: `${SHOTS}/02a-hovering-bad-wire.png` })
  })
  const refusal = page.getByTestId('connection-refusal')
  await expect(refusal).toBeVisible()
  await expect(refusal).toHaveAttribute('role', 'alert')
  await expect(refusal).toContainText('Add needs two inputs of the same shape; got 1×28×28×8 and 1×14×14×8')
  expect(await graphCounts(page)).toEqual({ nodes: 6, edges: 5 })
  await expect(nodeByName(page, 'add_1').getByTestId('node-problem')).toContainText('input 2 is not connected')
  await page.screenshot({ path: `${SHOTS}/02-refused-connection.png` })

  // A wire that would close a loop is refused too.
  await connect(page, 'add_1', 'add_1', 1)
  await expect(refusal).toContainText(/cannot feed itself|cycle/)
  expect(await graphCounts(page)).toEqual({ nodes: 6, edges: 5 })

  // Ctrl+Z undoes the last accepted edit (the Conv2D → Add wire), Ctrl+Shift+Z redoes it.
  await page.locator('.react-flow__pane').click({ position: { x: 40, y: 40 } })
  await page.keyboard.press('Control+z')
  expect(await graphCounts(page)).toEqual({ nodes: 6, edges: 4 })
  await expect(nodeByName(page, 'add_1').getByTestId('node-problem')).toContainText('input 1 is not connected')
  await page.keyboard.press('Control+Shift+z')
  expect(await graphCounts(page)).toEqual({ nodes: 6, edges: 5 })
  await page.keyboard.press('Control+z')
  await page.keyboard.press('Control+z')
  expect(await graphCounts(page)).toEqual({ nodes: 5, edges: 4 })
  await expect(nodeByName(page, 'add_1')).toHaveCount(0)
  await page.keyboard.press('Control+y')
  expect(await graphCounts(page)).toEqual({ nodes: 6, edges: 4 })
  await page.screenshot({ path: `${SHOTS}/03-after-undo-redo.png` })

  // A reload restores the same graph: nodes, wires, shapes and positions.
  const before = await nodePositions(page)
  await page.waitForTimeout(800) // autosave is debounced by 300 ms
  await page.reload()
  await expect(page.getByTestId('app')).toHaveAttribute('data-ready', 'true')
  expect(await graphCounts(page)).toEqual({ nodes: 6, edges: 4 })
  expect(await nodePositions(page)).toEqual(before)
  await expect(shapeOf(page, 'conv2d_1')).toHaveText('1×28×28×8')
  await expect(shapeOf(page, 'maxpool2d_1')).toHaveText('1×14×14×8')
  await expect(shapeOf(page, 'flatten_1')).toHaveText('1×1568')
  await expect(shapeOf(page, 'fullyconnected_1')).toHaveText('1×10')
  await expect(page.getByLabel('Project name')).toHaveValue('untitled')
  await page.screenshot({ path: `${SHOTS}/04-after-reload.png` })
  expect(pageErrors).toEqual([])
})
