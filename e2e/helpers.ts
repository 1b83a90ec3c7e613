/** Shared Playwright helpers for the designer specs: locate cards, drag from the palette, connect handles. */
import type { Locator, Page } from '@playwright/test'
import { expect } from '@playwright/test'

export const SHOTS = 'out/screenshots'

/** Opens the designer and waits until the last project (or the first-visit template) is restored. */
export async function openDesigner(page: Page): Promise<void> {
  await page.goto('/')
  await expect(page.getByTestId('app')).toHaveAttribute('data-ready', 'true')
}

/** The React Flow node wrapper holding the card of the node named `name`. */
export function nodeByName(page: Page, name: string): Locator {
  return page.locator(`.react-flow__node:has([data-testid="node-card"][data-name="${name}"])`)
}

export function cards(page: Page): Locator {
  return page.getByTestId('node-card')
}

/** Graph size as the status bar states it, e.g. "5 nodes · 4 edges". */
export async function graphCounts(page: Page): Promise<{ nodes: number; edges: number }> {
  const text = (await page.getByTestId('status-graph').textContent()) ?? ''
  const m = /(\d+) nodes · (\d+) edges/.exec(text)
  if (!m) throw new Error(`unexpected status text: ${text}`)
  return { nodes: Number(m[1]), edges: Number(m[2]) }
}

/** File › New from template… › Empty project. */
export async function newEmptyProject(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'File' }).click()
  await page.getByRole('menuitem', { name: 'New from template…' }).click()
  const dialog = page.getByRole('dialog', { name: 'New project' })
  await dialog.getByRole('button', { name: /Empty project/ }).click()
  await expect(dialog).toBeHidden()
  await expect(cards(page)).toHaveCount(0)
}

/** Drags the palette entry of `op` with the mouse and drops it at canvas-relative (x, y). */
export async function dragFromPalette(page: Page, op: string, x: number, y: number): Promise<void> {
  await page.getByTestId(`palette-item-${op}`).dragTo(page.getByTestId('canvas'), { targetPosition: { x, y } })
}

async function centre(locator: Locator): Promise<{ x: number; y: number }> {
  const box = await locator.boundingBox()
  if (!box) throw new Error('element is not visible')
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 }
}

/** Drags a wire from the output handle of `from` to input handle `port` of `to` with the mouse. */
export async function connect(
  page: Page, from: string, to: string, port = 0, beforeRelease?: () => Promise<void>,
): Promise<void> {
  const a = await centre(nodeByName(page, from).locator('.react-flow__handle[data-handleid="out"]'))
  const b = await centre(nodeByName(page, to).locator(`.react-flow__handle[data-handleid="in-${port}"]`))
  await page.mouse.move(a.x, a.y)
  await page.mouse.down()
  await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 5 })
  await page.mouse.move(b.x, b.y, { steps: 5 })
  if (beforeRelease) await beforeRelease()
  await page.mouse.up()
}

export function shapeOf(page: Page, name: string): Locator {
  return nodeByName(page, name).getByTestId('node-shape')
}

/** The canvas position of every node, read from React Flow's transforms (flow coordinates). */
export async function nodePositions(page: Page): Promise<Record<string, string>> {
  return page.locator('.react-flow__node').evaluateAll((els) => Object.fromEntries(els.map((el) => [
    el.querySelector('[data-testid="node-card"]')?.getAttribute('data-name') ?? '?',
    (el as HTMLElement).style.transform,
  ])))
}
