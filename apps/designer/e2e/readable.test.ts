// Readable at a glance (issue 10, section 2) and forms that never break the file (section 1), at 1,280 px in real
// Chromium: conditions and notes on nodes, no stacked edge labels, a map that covers nothing, problems and Find that
// bring nodes into view, links between strategies, a test run panel with room, and inspector edits that are refused
// with a reason instead of freezing the canvas.
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Locator, Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { openFromList, selectNode, storeText } from './code-helpers.ts'
import { designerForThisFile } from './designer-for-this-file.ts'
import { viewportZoom } from './viewport.ts'

let page: Page

type Box = { x: number; y: number; width: number; height: number }

async function box(locator: Locator): Promise<Box> {
  const b = await locator.boundingBox()
  if (!b) throw new Error('element is not visible')
  return b
}

const inside = (inner: Box, outer: Box) =>
  inner.x >= outer.x &&
  inner.y >= outer.y &&
  inner.x + inner.width <= outer.x + outer.width &&
  inner.y + inner.height <= outer.y + outer.height

const text = () => storeText(page)

const select = (id: string) => selectNode(page, id)

async function open(file: string) {
  await session.openFile(file)
}

const session = designerForThisFile({
  viewport: { width: 1280, height: 800 },
  blank: true,
  async ready(s) {
    page = s.page
    // a note on a node, as a designer leaves them for colleagues
    const path = join(session.workspace, 'vip-routing.strategy.yaml')
    const source = await readFile(path, 'utf8')
    await writeFile(
      path,
      source.replace(
        '    title: Ask the CRM\n',
        '    title: Ask the CRM\n    notes: The CRM answers in 2 s at most; see ticket 812.\n',
      ),
    )
    await open('vip-routing.strategy.yaml')
  },
})

describe('readable canvas', () => {
  it('opens an example at a readable zoom with conditions and notes on the nodes', async () => {
    const zoom = await viewportZoom(page)
    // READABLE_ZOOM (canvas/initial-viewport.ts): cards still draw their conditions and notes at 0.5
    expect(zoom).toBeGreaterThanOrEqual(0.5)
    await expect.poll(() => page.getByTestId('output-by_tier-gold').textContent()).toContain('tier == "gold"')
    expect(await page.getByTestId('node-notes-identify').textContent()).toBe(
      'The CRM answers in 2 s at most; see ticket 812.',
    )
    // no edge carries a text label that could stack on a parallel edge or hide under a node
    expect(await page.locator('.react-flow__edge-text').count()).toBe(0)
    await session.screenshot('readable-vip-routing')
  })

  it('docks the overview map beside the canvas, where it covers no node', async () => {
    await page.getByTestId('toggle-map').click()
    await session.screenshot('readable-map')
    const map = await box(page.getByTestId('minimap'))
    const canvas = await box(page.getByTestId('canvas'))
    // the map starts where the canvas ends (nodes are clipped to the canvas, so none can be under the map)
    expect(map.x).toBeGreaterThanOrEqual(canvas.x + canvas.width - 1)
    expect(map.width).toBeGreaterThan(100)
    expect(await page.getByTestId('minimap').locator('.react-flow__minimap-node').count()).toBe(10)
    await page.getByTestId('toggle-map').click()
  })

  it('finds a node by its content and brings it into view', async () => {
    await page.getByTestId('find').click()
    await page.getByTestId('find-input').fill('"silver"')
    await page.getByTestId('find-input').press('Enter')
    await expect.poll(() => page.getByTestId('find-where').textContent()).toBe('by_tier · cases[1].when')
    await page.getByTestId('find-input').press('Escape')
    await expect
      .poll(async () =>
        inside(await box(page.getByTestId('node-by_tier')), await box(page.getByTestId('canvas'))),
      )
      .toBe(true)
  })

  it('brings the node of a clicked problem into view, even from far away', async () => {
    // a problem on the last node, with the view panned far away from it
    await page.evaluate(() => {
      const s = (
        globalThis as unknown as {
          __rwStore: { getState(): { document: unknown }; applyDocument(d: unknown): void }
        }
      ).__rwStore
      const doc = s.getState().document as { nodes: Record<string, Record<string, unknown>> }
      // an unknown destination: a problem the designer reports on the node (made outside the forms on purpose)
      s.applyDocument({
        ...doc,
        nodes: { ...doc.nodes, voicemail: { ...doc.nodes.voicemail, destination: 'nowhere' } },
      })
    })
    await page.mouse.move(700, 400)
    await page.mouse.wheel(0, 0)
    await page.getByTestId('fit-view').click()
    await page.locator('.react-flow__pane').hover()
    await page.mouse.down()
    await page.mouse.move(100, 100, { steps: 4 })
    await page.mouse.move(-400, -300, { steps: 4 })
    await page.mouse.up()
    const problem = page.getByTestId('problem').filter({ hasText: 'nowhere' }).first()
    await problem.click()
    await expect
      .poll(async () =>
        inside(await box(page.getByTestId('node-voicemail')), await box(page.getByTestId('canvas'))),
      )
      .toBe(true)
    await expect.poll(() => page.locator('[data-testid="node-voicemail"].is-selected').count()).toBe(1)
    await page.getByTestId('undo').click()
  })

  it('links a subroutine node to the strategy it calls', async () => {
    await select('identify')
    await page.getByTestId('strategy-link-identify-caller').click()
    await expect
      .poll(() =>
        page.evaluate(
          () =>
            (globalThis as unknown as { __rwStore: { getState(): { file?: string } } }).__rwStore.getState()
              .file,
        ),
      )
      .toBe('identify-caller.strategy.yaml')
    // back from the file list, as a user goes back (a page load here cost ~1 s)
    await openFromList(page, 'vip-routing.strategy.yaml')
  })

  it('shows a long condition on several lines in the inspector', async () => {
    await select('by_tier')
    const field = page.locator('[data-testid="field-cases-0-when"][data-monaco="true"]')
    await field.waitFor({ timeout: 60_000 })
    // one line at the inspector's reading width (inspector-default-width.test.ts); a longer one wraps
    const oneLine = (await box(field)).height
    expect(await field.locator('.view-line').count()).toBe(1)
    await field.click()
    await page.keyboard.press('End')
    await page.keyboard.type(' && data.language in ["en", "fr", "es"] && data.customer_tier != "blocked"')
    await expect.poll(() => field.locator('.view-line').count()).toBeGreaterThan(1)
    expect((await box(field)).height).toBeGreaterThan(oneLine)
    await page.keyboard.press('Escape')
  })
})

describe('collapse', () => {
  it('collapses selected nodes into one block and expands them again', async () => {
    await open('vip-routing.strategy.yaml')
    await select('pop_gold')
    await page
      .getByTestId('node-pop_silver')
      .locator('.rw-node__title')
      .click({ modifiers: ['Control'] })
    await expect.poll(() => page.getByTestId('collapse').isEnabled()).toBe(true)
    await page.getByTestId('collapse').click()
    const block = page.locator('[data-testid^="group-group:"]')
    await expect.poll(() => block.textContent()).toContain('2 nodes, collapsed')
    expect(await page.getByTestId('node-pop_gold').count()).toBe(0)
    await session.screenshot('canvas-collapsed')
    await block.getByRole('button', { name: 'Expand' }).click()
    await page.getByTestId('node-pop_gold').waitFor()
    expect(await block.count()).toBe(0)
  })
})

describe('test run panel at 1,280 px', () => {
  it('fits the ranked candidates and computed values on screen, with nothing spilling over the canvas', async () => {
    await open('vip-routing.strategy.yaml')
    await page.getByTestId('tab-testrun').click()
    await page.getByTestId('testrun-scenario-0').click()
    await page.getByTestId('testrun-run').click()
    await page.getByTestId('testrun-result').waitFor()
    const panel = await box(page.getByTestId('testrun-panel'))
    expect(panel.x + panel.width).toBeLessThanOrEqual(1280)
    const candidates = page.getByTestId('testrun-candidates')
    if ((await candidates.count()) > 0) {
      const table = await box(candidates)
      expect(table.x + table.width).toBeLessThanOrEqual(1280)
    }
    // values computed at nodes stay inside their node's card
    for (const values of await page.locator('[data-testid^="node-values-"]').all()) {
      const id = (await values.getAttribute('data-testid'))!.replace('node-values-', '')
      expect(inside(await box(values), await box(page.getByTestId(`node-${id}`)))).toBe(true)
    }
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth)
    expect(overflow).toBeLessThanOrEqual(1280)
    await session.screenshot('testrun-1280')
  })
})

describe('forms never break the file', () => {
  it('refuses an empty group name with a reason, the canvas stays live', async () => {
    await page.getByTestId('tab-problems').click()
    await select('vip_desk')
    const name = page.getByTestId('field-targets-0-name')
    const before = await text()
    await name.fill('')
    await expect
      .poll(() => page.getByTestId('inspector-refusal').textContent())
      .toMatch(/^Not written \(target 1 of node vip_desk\): .+/)
    // the name field is marked too, though it writes `group`, not `name`
    expect(await name.getAttribute('aria-invalid')).toBe('true')
    expect(await page.getByTestId('field-targets-0-name-error').textContent()).toContain('not a valid id')
    expect(await text()).toBe(before)
    expect(await page.getByTestId('canvas-stale').count()).toBe(0)
    await name.fill('vip_team')
    await expect.poll(() => page.getByTestId('inspector-refusal').count()).toBe(0)
  })

  it('switches a target from skill to queue with a real queue name, never queue: ""', async () => {
    await page.getByTestId('field-targets-0-kind').selectOption('queue')
    await expect.poll(() => text()).toMatch(/targets: \[\s*\{ queue: \w+ \}/)
    expect(await text()).not.toContain('queue: ""')
    await page.getByTestId('undo').click()
  })

  it('declares a variable and an inline calendar with forms', async () => {
    await page.locator('.react-flow__pane').click({ position: { x: 30, y: 30 } })
    await page.getByTestId('declarations-variables').getByRole('button', { name: '+ variable' }).click()
    await expect.poll(() => text()).toContain('new_variable: { type: string }')
    await page.getByTestId('field-variables-new_variable-type').selectOption('int')
    await page.getByTestId('field-variables-new_variable-default').fill('three')
    await expect
      .poll(() => page.getByTestId('field-variables-new_variable-default-error').textContent())
      .toContain('not a whole number')
    await page.getByTestId('field-variables-new_variable-default').fill('3')
    await expect.poll(() => text()).toMatch(/new_variable: \{ type: int, default: 3 \}/)
    expect(session.pageErrors).toEqual([])
  })

  it('gives a treatment inside a target the inspector width, its prompt readable', async () => {
    await open('skills-escalation.strategy.yaml')
    await select('experts')
    const prompt = await box(page.getByTestId('field-treatments-0-play'))
    const inspector = await box(page.getByTestId('inspector'))
    // a nested row used to keep its own label column: the prompt got a quarter of the inspector and read "prompts/b"
    expect(prompt.width).toBeGreaterThan(inspector.width * 0.5)
    expect(await page.getByTestId('field-treatments-0-play').inputValue()).toBe('prompts/billing-welcome')
  })
})
