/**
 * Editing an existing graph: inspector forms (validated, inline errors, not committed when invalid),
 * multi-select, copy/paste, delete, one undo entry per gesture, shortcuts ignored while typing.
 */
import { expect, test } from '@playwright/test'
import { SHOTS, graphCounts, nodeByName, nodePositions, openDesigner, shapeOf } from './helpers.ts'

test('the inspector edits attributes with validation and undo', async ({ page }) => {
  await openDesigner(page)
  await nodeByName(page, 'conv1').click()
  const inspector = page.getByTestId('node-inspector')
  await expect(inspector.getByLabel('Name')).toHaveValue('conv1')
  await expect(inspector.getByTestId('fact-output')).toHaveText('1×28×28×8')
  await expect(inspector.getByTestId('fact-macs')).toHaveText('56,448')
  await expect(inspector.getByTestId('fact-params')).toHaveText('80')

  const filters = inspector.getByLabel('Filters')
  await filters.fill('0')
  await filters.press('Enter')
  await expect(inspector.getByTestId('attr-error-filters')).toHaveText('Filters must be at least 1')
  await expect(filters).toHaveAttribute('aria-invalid', 'true')
  await expect(shapeOf(page, 'conv1')).toHaveText('1×28×28×8')
  await page.screenshot({ path: `${SHOTS}/09-inspector-invalid.png` })

  // Delete / Backspace while typing edit the field, not the graph.
  await filters.press('Backspace')
  await filters.press('Control+z')
  expect(await graphCounts(page)).toEqual({ nodes: 8, edges: 7 })

  await filters.fill('16')
  await filters.press('Enter')
  await expect(inspector.getByTestId('attr-error-filters')).toHaveCount(0)
  await expect(shapeOf(page, 'conv1')).toHaveText('1×28×28×16')
  await expect(shapeOf(page, 'pool1')).toHaveText('1×14×14×16')

  await inspector.getByLabel('Padding').selectOption('valid')
  await expect(shapeOf(page, 'conv1')).toHaveText('1×26×26×16')
  await expect(shapeOf(page, 'flatten')).toHaveText('1×576')

  await inspector.getByLabel('Use bias').uncheck()
  await expect(inspector.getByTestId('fact-params')).toHaveText('144')

  await inspector.getByLabel('Name').fill('pool1')
  await inspector.getByLabel('Name').press('Enter')
  await expect(inspector.getByTestId('name-error')).toHaveText('Another node is already named pool1')
  await inspector.getByLabel('Name').fill('stem')
  await inspector.getByLabel('Name').press('Enter')
  await expect(nodeByName(page, 'stem')).toHaveCount(1)

  // Each committed edit is one undo step: rename, bias, padding, filters.
  await page.locator('.react-flow__pane').click({ position: { x: 20, y: 20 } })
  await page.keyboard.press('Control+z')
  await expect(nodeByName(page, 'conv1')).toHaveCount(1)
  await page.keyboard.press('Control+z')
  await page.keyboard.press('Control+z')
  await expect(shapeOf(page, 'conv1')).toHaveText('1×28×28×16')
  await page.keyboard.press('Control+z')
  await expect(shapeOf(page, 'conv1')).toHaveText('1×28×28×8')
  await expect(page.getByRole('button', { name: 'Undo' })).toBeDisabled()
})

test('ints attributes take a comma list; bad lists are refused inline', async ({ page }) => {
  await openDesigner(page)
  await nodeByName(page, 'image').click()
  const shape = page.getByTestId('node-inspector').getByLabel('Shape')
  await expect(shape).toHaveValue('28, 28, 1')
  await shape.fill('32, 32, 1, 1')
  await shape.press('Enter')
  await expect(page.getByTestId('attr-error-shape')).toHaveText('Shape takes at most 3 values')
  await shape.fill('32, 32, 1')
  await shape.press('Tab')
  await expect(shapeOf(page, 'image')).toHaveText('1×32×32×1')
  await expect(shapeOf(page, 'pool2')).toHaveText('1×8×8×16')
})

test('multi-select, copy/paste with internal edges, delete, and one undo per gesture', async ({ page }) => {
  await openDesigner(page)
  await nodeByName(page, 'conv1').click()
  await nodeByName(page, 'pool1').click({ modifiers: ['Shift'] })
  await expect(page.getByTestId('graph-summary')).toContainText('2 nodes selected')

  await page.keyboard.press('Control+c')
  await page.keyboard.press('Control+v')
  expect(await graphCounts(page)).toEqual({ nodes: 10, edges: 8 })
  await expect(nodeByName(page, 'conv2d_1')).toHaveCount(1)
  await expect(nodeByName(page, 'maxpool2d_1')).toHaveCount(1)
  // The pasted pair keeps its wire; the copy's input is unconnected, so its shape is unknown.
  await expect(nodeByName(page, 'conv2d_1').getByTestId('node-problem')).toContainText('input 1 is not connected')
  await page.screenshot({ path: `${SHOTS}/10-pasted.png` })

  // Delete removes the pasted (selected) nodes with their wire; one undo brings both back.
  await page.keyboard.press('Delete')
  expect(await graphCounts(page)).toEqual({ nodes: 8, edges: 7 })
  await page.keyboard.press('Control+z')
  expect(await graphCounts(page)).toEqual({ nodes: 10, edges: 8 })
  await page.keyboard.press('Control+z')
  expect(await graphCounts(page)).toEqual({ nodes: 8, edges: 7 })

  // Dragging two selected nodes moves both; one undo puts both back.
  const before = await nodePositions(page)
  await nodeByName(page, 'conv1').click()
  await nodeByName(page, 'pool1').click({ modifiers: ['Shift'] })
  const box = (await nodeByName(page, 'pool1').boundingBox())!
  await page.mouse.move(box.x + 60, box.y + 20)
  await page.mouse.down()
  await page.mouse.move(box.x + 160, box.y + 40, { steps: 8 })
  await page.mouse.up()
  const after = await nodePositions(page)
  expect(after.conv1).not.toEqual(before.conv1)
  expect(after.pool1).not.toEqual(before.pool1)
  expect(after.conv2).toEqual(before.conv2)
  await page.keyboard.press('Control+z')
  expect(await nodePositions(page)).toEqual(before)

  // Selecting a wire and pressing Delete removes only the wire.
  await page.locator('.react-flow__pane').click({ position: { x: 20, y: 20 } })
  const wire = page.locator('.react-flow__edge[aria-label="pool1 to conv2: 1×14×14×8"]')
  await expect(wire).toHaveCount(1)
  // A straight wire has a zero-width box; click the midpoint between the two handles it joins.
  const out = (await nodeByName(page, 'pool1').locator('.react-flow__handle[data-handleid="out"]').boundingBox())!
  const inp = (await nodeByName(page, 'conv2').locator('.react-flow__handle[data-handleid="in-0"]').boundingBox())!
  await page.mouse.click((out.x + out.width / 2 + inp.x + inp.width / 2) / 2, (out.y + out.height / 2 + inp.y + inp.height / 2) / 2)
  await expect(wire).toHaveClass(/selected/)
  await page.keyboard.press('Delete')
  expect(await graphCounts(page)).toEqual({ nodes: 8, edges: 6 })
  await expect(nodeByName(page, 'conv2').getByTestId('node-problem')).toContainText('input 1 is not connected')
  await page.keyboard.press('Control+z')
  expect(await graphCounts(page)).toEqual({ nodes: 8, edges: 7 })

  await page.keyboard.press('Control+a')
  await expect(page.getByTestId('graph-summary')).toContainText('8 nodes selected')
  await page.keyboard.press('Escape')
  await expect(page.getByTestId('graph-summary')).not.toContainText('selected')
})

test('Auto-layout arranges the graph as one undo step', async ({ page }) => {
  await openDesigner(page)
  const laidOut = await nodePositions(page)
  const box = (await nodeByName(page, 'conv2').boundingBox())!
  await page.mouse.move(box.x + 60, box.y + 20)
  await page.mouse.down()
  await page.mouse.move(box.x + 300, box.y + 60, { steps: 8 })
  await page.mouse.up()
  const dragged = await nodePositions(page)
  expect(dragged.conv2).not.toEqual(laidOut.conv2)
  await page.getByRole('button', { name: 'Auto-layout' }).click()
  expect(await nodePositions(page)).toEqual(laidOut)
  await page.getByRole('button', { name: 'Undo' }).click()
  expect(await nodePositions(page)).toEqual(dragged)
})

test('box selection with Shift+drag and the problem list selects nodes', async ({ page }) => {
  await openDesigner(page)
  const a = (await nodeByName(page, 'conv1').boundingBox())!
  const b = (await nodeByName(page, 'conv2').boundingBox())!
  await page.keyboard.down('Shift')
  await page.mouse.move(a.x - 60, a.y - 10)
  await page.mouse.down()
  await page.mouse.move(b.x + b.width + 60, b.y + b.height + 10, { steps: 10 })
  await page.mouse.up()
  await page.keyboard.up('Shift')
  await expect(page.getByTestId('graph-summary')).toContainText('3 nodes selected')

  // Adding an unconnected layer creates a problem; clicking it in the list selects the node.
  await page.keyboard.press('Escape')
  await page.getByTestId('palette-item-ReLU').dblclick()
  await page.keyboard.press('Escape')
  const problem = page.getByTestId('graph-summary').getByTestId('problem').filter({ hasText: 'relu_1' })
  await expect(problem).toContainText('input 1 is not connected')
  await expect(page.getByTestId('summary-problems')).toHaveText('1')
  await problem.getByRole('button').click()
  await expect(page.getByTestId('node-inspector').getByLabel('Name')).toHaveValue('relu_1')
  await page.screenshot({ path: `${SHOTS}/11-problem-selected.png` })
})
