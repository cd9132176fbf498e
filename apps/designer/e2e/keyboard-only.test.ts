// The designer without a mouse (accessibility in public-sector contact centres): the palette, the canvas toolbar and
// the tab strips are one Tab stop each (arrows move within), and a strategy is built with the keyboard alone: made
// with + New, a node added from the palette at a free place, connected from the inspector and from the canvas (C),
// moved with the arrows, one deleted, saved with Ctrl+S, and the saved file validated by the command line. The
// canvas's keys on the selection act only with the focus in the canvas. No mouse event reaches the page.
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { storeText, validateWithCli, waitForDirectory } from './code-helpers.ts'
import { designerForThisFile } from './designer-for-this-file.ts'
import { FITTED_CANVAS } from './harness.ts'

const FILE = 'by-keyboard.strategy.yaml'

let page: Page

const text = () => storeText(page)

/** The test id of the focused element (of its card for a node), or of the nearest element around it that has one. */
const focusedTestId = () =>
  page.evaluate(() => {
    const active = document.activeElement
    if (active?.matches('.react-flow__node')) return `node-${active.getAttribute('data-id')}`
    return active?.closest('[data-testid]')?.getAttribute('data-testid') ?? undefined
  })

/** Presses `key` (Tab, Shift+Tab) until `selector` matches the focused element: how many presses it took. */
async function pressUntil(key: string, selector: string, most = 80): Promise<number> {
  for (let presses = 1; presses <= most; presses++) {
    await page.keyboard.press(key)
    if (await page.evaluate((s) => document.activeElement?.matches(s) === true, selector)) return presses
  }
  throw new Error(
    `${selector} not reached after ${most} presses of ${key} (focus on ${await focusedTestId()})`,
  )
}

/** The focused edge's label ("hours open to agents"), null when the focus is not on an edge. */
const focusedEdge = () =>
  page.evaluate(() =>
    document.activeElement?.matches('.react-flow__edge')
      ? document.activeElement.getAttribute('aria-label')
      : null,
  )

/** What a screen reader reads with the focused element besides its label (React Flow's description). */
const focusedDescription = () =>
  page.evaluate(() => {
    const id = document.activeElement?.getAttribute('aria-describedby')
    return id ? document.getElementById(id)?.textContent : undefined
  })

/** The node the inspector shows. */
const inspected = () => page.locator('[data-testid="inspector"] [data-node]').getAttribute('data-node')

/** Where the canvas shows each node (its flow position, rounded as the layout stores it). */
const shownPlaces = () =>
  page.evaluate(() =>
    Object.fromEntries(
      [...document.querySelectorAll<HTMLElement>('.react-flow__node')].map((n) => {
        const [, x, y] = /translate\((-?[\d.]+)px, (-?[\d.]+)px\)/.exec(n.style.transform) ?? []
        return [n.getAttribute('data-id'), [Math.round(Number(x)), Math.round(Number(y))]]
      }),
    ),
  )

/** The stored layout place of node `id`, from the document's text. */
async function placeOf(id: string): Promise<[number, number]> {
  const match = new RegExp(`\\n {2}${id}: \\[(-?\\d+), (-?\\d+)\\]`).exec(await text())
  if (!match) throw new Error(`no layout line for ${id} in:\n${await text()}`)
  return [Number(match[1]), Number(match[2])]
}

const session = designerForThisFile({
  viewport: { width: 1280, height: 800 },
  async ready(s) {
    page = s.page
    await page.getByTestId('workspace-new').waitFor({ timeout: 20_000 })
    await waitForDirectory(page)
    // every mouse or pointer event that reaches the page is counted: the test below must not need one
    await page.evaluate(() => {
      const seen: string[] = []
      ;(globalThis as { __mouseEvents?: string[] }).__mouseEvents = seen
      for (const type of ['mousedown', 'mouseup', 'pointerdown', 'dblclick', 'contextmenu', 'dragstart'])
        window.addEventListener(type, (e) => seen.push(`${type} on ${(e.target as Element).tagName}`), true)
    })
  },
})

describe('one Tab stop per group of buttons', () => {
  it('the palette: Tab enters its kinds once and leaves them with the next Tab; arrows move within', async () => {
    await page.getByTestId('palette-search').focus()
    await page.keyboard.press('Tab')
    expect(await focusedTestId()).toBe('palette-switch')
    await page.keyboard.press('ArrowDown')
    expect(await focusedTestId()).toBe('palette-schedule')
    await page.keyboard.press('End')
    const last = await focusedTestId()
    expect(last).toBe('palette-end')
    await page.keyboard.press('Home')
    expect(await focusedTestId()).toBe('palette-switch')
    await page.keyboard.press('ArrowUp')
    expect(await focusedTestId()).toBe(last)
    // before, each of the 13 kinds was a Tab stop of its own between the search box and the canvas
    await page.keyboard.press('Tab')
    expect(await focusedTestId()).not.toMatch(/^palette/)
    // coming back, the last kind focused holds the stop
    await page.keyboard.press('Shift+Tab')
    expect(await focusedTestId()).toBe(last)
  })

  it('the canvas toolbar: one Tab stop, Left and Right between its buttons', async () => {
    await page.getByTestId('palette-search').focus()
    await pressUntil('Tab', '.rw-canvas-toolbar button')
    const first = await focusedTestId()
    await page.keyboard.press('ArrowRight')
    expect(await focusedTestId()).not.toBe(first)
    await page.keyboard.press('Tab')
    expect(await page.evaluate(() => document.activeElement?.closest('.rw-canvas-toolbar') === null)).toBe(
      true,
    )
  })

  it('the bottom tabs: Right and Left select the next tab and keep the focus on it', async () => {
    await page.getByTestId('tab-problems').focus()
    await page.keyboard.press('ArrowRight')
    expect(await focusedTestId()).toBe('tab-testrun')
    expect(await page.getByTestId('tab-testrun').getAttribute('aria-selected')).toBe('true')
    await page.keyboard.press('ArrowLeft')
    expect(await focusedTestId()).toBe('tab-problems')
    expect(await page.getByTestId('tab-problems').getAttribute('aria-selected')).toBe('true')
  })
})

describe('a strategy built with the keyboard alone', () => {
  it('makes a new strategy with + New, reached with Tab from the top of the page', async () => {
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur())
    await pressUntil('Tab', '[data-testid="workspace-new"]')
    await page.keyboard.press('Enter')
    await page.getByTestId('prompt-input').waitFor()
    await page.keyboard.press('Control+a')
    await page.keyboard.type('by-keyboard')
    await page.keyboard.press('Enter')
    await page.locator(FITTED_CANVAS).waitFor({ timeout: 20_000 })
    await expect.poll(() => text()).toMatch(/^strategy: by_keyboard|^strategy: by-keyboard/)
  })

  it('moves pane to pane with F6 (files, palette, canvas, inspector, bottom tabs) and back with Shift+F6', async () => {
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur())
    const panes: (string | undefined)[] = []
    for (let i = 0; i < 6; i++) {
      await page.keyboard.press('F6')
      panes.push(await focusedTestId())
    }
    // the canvas takes its first node (none is selected): React Flow's node wrapper holds the card's test id
    expect(panes).toEqual([
      `file-${FILE}`,
      'palette-search',
      expect.stringMatching(/^node-/),
      'field-strategy-title',
      'tab-problems',
      `file-${FILE}`,
    ])
    await page.keyboard.press('Shift+F6')
    expect(await focusedTestId()).toBe('tab-problems')
  })

  it("names the side-by-side view apart from the palette's Split node kind", async () => {
    const tab = page.getByTestId('view-split')
    // before, the view tab and a palette kind both read "Split": which one splits the traffic?
    expect(await tab.textContent()).toBe('Side by side')
    expect(await page.getByRole('tab', { name: 'Canvas and YAML side by side' }).count()).toBe(1)
    expect(await page.getByRole('tab', { name: /split/i }).count()).toBe(0)
    expect(await page.getByTestId('palette-split').textContent()).toContain('Split')
  })

  it('switches to the split view with the arrows on the view tabs, and F6 reaches the code view', async () => {
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur())
    await pressUntil('Tab', '[data-testid="view-canvas"]')
    await page.keyboard.press('ArrowRight')
    expect(await focusedTestId()).toBe('view-split')
    expect(await page.getByTestId('view-split').getAttribute('aria-selected')).toBe('true')
    await page.getByTestId('code-view-editor').locator('.monaco-editor textarea').waitFor({ timeout: 30_000 })
    await pressUntil('F6', '[data-testid="code-view-editor"] .monaco-editor textarea', 6)
    await page.keyboard.press('Shift+F6')
    expect(await focusedTestId()).toMatch(/^node-/)
    // back on the view tabs (the header is outside every pane: Shift+Tab from the file list's row reaches it)
    await pressUntil('F6', '[data-testid="file-list"] [role="option"]', 6)
    await pressUntil('Shift+Tab', '[data-testid="view-split"]')
    await page.keyboard.press('ArrowLeft')
    expect(await focusedTestId()).toBe('view-canvas')
    await expect.poll(() => page.getByTestId('code-view-editor').count()).toBe(0)
  })

  it('adds an End node from the palette with Enter, at a free place, selected', async () => {
    await pressUntil('Shift+Tab', '[data-testid="palette-kinds"] button')
    await page.keyboard.press('End')
    while ((await focusedTestId()) !== 'palette-end') await page.keyboard.press('ArrowUp')
    const shown = await shownPlaces()
    await page.keyboard.press('Enter')
    await expect.poll(() => text()).toMatch(/\n {2}end:\n {4}type: end/)
    // the draft's nodes, laid out automatically, are stored where they were shown: the next opening's layout
    // around the new node's stored place moved them
    expect(Object.keys(shown).sort()).toEqual(['agents', 'closed', 'hours'])
    for (const [id, place] of Object.entries(shown)) expect(await placeOf(id)).toEqual(place)
    await expect.poll(inspected).toBe('end')
    await page.getByTestId('node-end').waitFor()
    // the new node covers none of the draft's three
    const overlaps = await page.evaluate(() => {
      const boxes = [...document.querySelectorAll('.react-flow__node')].map((n) => ({
        id: n.getAttribute('data-id'),
        r: n.getBoundingClientRect(),
      }))
      const added = boxes.find((b) => b.id === 'end')!.r
      return boxes
        .filter((b) => b.id !== 'end')
        .filter(
          ({ r }) =>
            r.left < added.right && added.left < r.right && r.top < added.bottom && added.top < r.bottom,
        )
        .map((b) => b.id)
    })
    expect(overlaps).toEqual([])
  })

  it('selects a node on the canvas with Tab and Enter, its focus drawn, and connects an output in the inspector', async () => {
    await pressUntil('Tab', '.react-flow__node[data-id="hours"]')
    const outline = await page.evaluate(
      () => getComputedStyle(document.activeElement!.querySelector('.rw-node')!).outlineStyle,
    )
    expect(outline).toBe('solid')
    // a screen reader names the node, not just "group"
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe(
      'Schedule node hours, "Open now?", start',
    )
    await page.keyboard.press('Enter')
    await expect.poll(inspected).toBe('hours')
    // F6 goes on to the inspector's first field, past the other nodes, the edges and the zoom buttons
    await page.keyboard.press('F6')
    expect(await focusedTestId()).toBe('field-id')
    await pressUntil('Tab', '[data-testid="field-output-holiday"]')
    // a closed <select> takes the option typed (and the arrows) without opening
    await page.keyboard.type('end')
    await expect.poll(() => text()).toMatch(/next: \{ open: agents, closed: closed, holiday: end \}/)
  })

  it('moves a node with the arrow keys (Shift for a larger step), saved in the layout', async () => {
    await pressUntil('Shift+Tab', '.react-flow__node[data-id="end"]')
    await page.keyboard.press('Enter')
    await expect.poll(inspected).toBe('end')
    const [x, y] = await placeOf('end')
    await page.keyboard.press('ArrowRight')
    await page.keyboard.press('Shift+ArrowDown')
    await expect.poll(() => placeOf('end')).toEqual([x + 10, y + 50])
  })

  it('Delete, the arrows and Ctrl+D pressed in the palette or the toolbar leave the selected node; in the canvas Delete removes it', async () => {
    await pressUntil('Shift+Tab', '.react-flow__node[data-id="end"]')
    await page.keyboard.press('Enter')
    await expect.poll(inspected).toBe('end')
    const before = await text()
    await pressUntil('Shift+Tab', '[data-testid="palette-kinds"] button')
    // Left and Right are no keys of the palette's kinds (Up/Down are): before, they moved the selected node
    for (const key of ['Delete', 'Backspace', 'ArrowRight', 'Control+d']) await page.keyboard.press(key)
    await pressUntil('Tab', '.rw-canvas-toolbar button')
    for (const key of ['Delete', 'Control+d']) await page.keyboard.press(key)
    expect(await text()).toBe(before)
    expect(await inspected()).toBe('end')
    // in the canvas, on the focused node, Delete acts; Ctrl+Z from there brings the node back
    await pressUntil('Tab', '.react-flow__node[data-id="end"]')
    await page.keyboard.press('Delete')
    await expect.poll(() => text()).not.toMatch(/\n {2}end:\n/)
    await page.keyboard.press('Control+z')
    await expect.poll(() => text()).toBe(before)
  })

  it('deletes a node added by mistake with Delete, the focus kept in the canvas', async () => {
    await pressUntil('Shift+Tab', '[data-testid="palette-kinds"] button')
    while ((await focusedTestId()) !== 'palette-wait') await page.keyboard.press('ArrowDown')
    await page.keyboard.press(' ')
    await expect.poll(() => text()).toMatch(/\n {2}wait:\n {4}type: wait/)
    await pressUntil('Tab', '.react-flow__node[data-id="wait"]')
    await page.keyboard.press('Enter')
    await expect.poll(inspected).toBe('wait')
    await page.keyboard.press('Delete')
    await expect.poll(() => text()).not.toMatch(/\n {2}wait:/)
    expect(
      await page.evaluate(() => document.activeElement?.closest('[data-testid="canvas"]') !== null),
    ).toBe(true)
  })

  it('reaches an edge with E from its node (no edge is a Tab stop), Enter selects it, Delete disconnects it and Ctrl+Z connects it again', async () => {
    const edgeStops = () => page.locator('.react-flow__edge[tabindex="0"]').count()
    expect(await page.locator('.react-flow__edge').count()).toBeGreaterThan(4)
    // before, each edge was a Tab stop of its own ahead of the nodes (a 40-edge strategy: 40 Tabs to its first node)
    expect(await edgeStops()).toBe(0)
    await pressUntil('Shift+Tab', '.react-flow__node[data-id="hours"]')
    // E: the node's first outgoing edge; E again: the next (open, closed, holiday); Shift+E back
    const edgeLabels: (string | null)[] = []
    for (const key of ['e', 'e', 'e', 'Shift+E', 'e']) {
      await page.keyboard.press(key)
      await expect
        .poll(() => page.evaluate(() => document.activeElement?.matches('.react-flow__edge')))
        .toBe(true)
      edgeLabels.push(await page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? null))
    }
    expect(edgeLabels).toEqual([
      'hours open to agents',
      'hours closed to closed',
      'hours holiday to end',
      'hours closed to closed',
      'hours holiday to end',
    ])
    // one edge at a time is a stop: the one reached last
    expect(await edgeStops()).toBe(1)
    await page.keyboard.press('Enter')
    await page.keyboard.press('Delete')
    await expect.poll(() => text()).not.toMatch(/holiday: end/)
    await page.keyboard.press('Control+z')
    await expect.poll(() => text()).toMatch(/holiday: end/)
  })

  it('goes back from a focused edge to the node it leaves with Alt+Left, to the node it goes to with Alt+Right', async () => {
    const url = page.url()
    await pressUntil('Shift+Tab', '.react-flow__node[data-id="hours"]')
    await page.keyboard.press('e')
    await expect.poll(focusedEdge).toBe('hours open to agents')
    // a screen reader reads the keys with the edge
    expect(await focusedDescription()).toContain(
      'Alt+Left to the node it leaves, Alt+Right to the node it goes to',
    )
    // before, no key led from an edge back to a node: Tab went on from the edge stop in the DOM's order
    await page.keyboard.press('Alt+ArrowRight')
    expect(await focusedTestId()).toBe('node-agents')
    await page.keyboard.press('e')
    await expect.poll(focusedEdge).toMatch(/^agents /)
    await page.keyboard.press('Alt+ArrowLeft')
    expect(await focusedTestId()).toBe('node-agents')
    // Alt+Left is not the browser's Back here
    expect(page.url()).toBe(url)
  })

  it('reaches the edges into a node with I, the next into the same node with I again, Shift+I back; a node none reach says so', async () => {
    await pressUntil('Shift+Tab', '.react-flow__node[data-id="closed"]')
    expect(await focusedDescription()).toContain('I to its incoming edges')
    // before, the edges into a node were reached only from the nodes they leave (E there)
    for (const [key, edge] of [
      ['i', 'hours closed to closed'],
      ['i', 'agents timeout to closed'],
      ['i', 'agents error to closed'],
      ['i', 'hours closed to closed'],
      ['Shift+I', 'agents error to closed'],
    ] as const) {
      await page.keyboard.press(key)
      await expect.poll(focusedEdge).toBe(edge)
    }
    expect(await focusedDescription()).toContain('I and Shift+I into the same node')
    // and on from there to the node the edge leaves
    await page.keyboard.press('Alt+ArrowLeft')
    await expect.poll(focusedTestId).toBe('node-agents')
    await pressUntil('Shift+Tab', '.react-flow__node[data-id="hours"]')
    await page.keyboard.press('i')
    // told in the toast's live region, the focus left on the node
    await expect
      .poll(() => page.getByTestId('toast').textContent())
      .toBe('Node "hours" has no incoming edge.')
    expect(await focusedTestId()).toBe('node-hours')
  })

  it('connects a free output with C on a node: its outputs, then the nodes by id or title, Enter, one undo step', async () => {
    // a wait node to connect, and the agents' timeout set free for it
    await pressUntil('Shift+Tab', '[data-testid="palette-kinds"] button')
    while ((await focusedTestId()) !== 'palette-wait') await page.keyboard.press('ArrowDown')
    await page.keyboard.press('Enter')
    await expect.poll(() => text()).toMatch(/\n {2}wait:\n {4}type: wait/)
    await pressUntil('Tab', '.react-flow__node[data-id="wait"]')
    await page.keyboard.press('c')
    const input = page.getByTestId('connect-input')
    await input.waitFor()
    expect(await focusedTestId()).toBe('connect-input')
    expect(await page.locator('[data-testid="connect-chooser"] [role="option"]').allTextContents()).toEqual([
      'next',
    ])
    await page.keyboard.press('Enter')
    // the nodes by their title too: "Default route" is the closed node
    await page.keyboard.type('default r')
    expect(await page.locator('[data-testid="connect-chooser"] [role="option"]').allTextContents()).toEqual([
      'closed · Default route',
    ])
    await page.keyboard.press('Enter')
    await expect.poll(() => text()).toMatch(/\n {2}wait:\n {4}type: wait\n(?: {4}.*\n)*? {4}next: closed\n/)
    expect(await page.getByTestId('toast').textContent()).toBe('Connected "wait" next to "closed".')
    expect(await page.getByTestId('connect-chooser').count()).toBe(0)
    expect(await focusedTestId()).toBe('node-wait')

    await pressUntil('Shift+Tab', '.react-flow__node[data-id="agents"]')
    await page.keyboard.press('e')
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label')))
      .toBe('agents timeout to closed')
    await page.keyboard.press('Enter')
    await page.keyboard.press('Delete')
    await expect.poll(() => text()).toMatch(/next: \{ error: closed \}/)
    await pressUntil('Tab', '.react-flow__node[data-id="agents"]')
    // Escape cancels, the focus back on the node
    await page.keyboard.press('c')
    await input.waitFor()
    await page.keyboard.press('Escape')
    expect(await page.getByTestId('connect-chooser').count()).toBe(0)
    expect(await focusedTestId()).toBe('node-agents')
    // the free output first, then the connected one with where it goes now
    await page.keyboard.press('c')
    expect(await page.locator('[data-testid="connect-chooser"] [role="option"]').allTextContents()).toEqual([
      'timeout',
      'error · now to closed',
    ])
    await page.keyboard.press('Enter')
    await page.keyboard.type('wai')
    await page.keyboard.press('Enter')
    await expect.poll(() => text()).toMatch(/next: \{ timeout: wait, error: closed \}/)
    await page.keyboard.press('Control+z')
    await expect.poll(() => text()).toMatch(/next: \{ error: closed \}/)
    await page.keyboard.press('Control+y')
    await expect.poll(() => text()).toMatch(/next: \{ timeout: wait, error: closed \}/)
  })

  it('re-points a connected output with C: marked with where it goes now, the edge replaced in one undo step', async () => {
    const options = () => page.locator('[data-testid="connect-chooser"] [role="option"]').allTextContents()
    const errorEdges = () => page.locator('.react-flow__edge[aria-label^="agents error to "]').count()
    await pressUntil('Tab', '.react-flow__node[data-id="agents"]')
    const before = await text()
    expect(before).toMatch(/next: \{ timeout: wait, error: closed \}/)
    // before, a node whose outputs all went somewhere offered nothing ("has no free output")
    await page.keyboard.press('c')
    await page.getByTestId('connect-input').waitFor()
    expect(await options()).toEqual(['timeout · now to wait', 'error · now to closed'])
    await page.keyboard.type('err')
    await page.keyboard.press('Enter')
    expect(await page.getByTestId('connect-chooser').getAttribute('aria-label')).toBe(
      'Connect "agents" error (now to closed) to',
    )
    // the node it goes to now: nothing changes
    await page.keyboard.type('closed')
    await page.keyboard.press('Enter')
    await expect
      .poll(() => page.getByTestId('toast').textContent())
      .toBe('"agents" error goes to "closed" already.')
    expect(await text()).toBe(before)
    expect(await focusedTestId()).toBe('node-agents')

    await page.keyboard.press('c')
    await page.getByTestId('connect-input').waitFor()
    await page.keyboard.press('ArrowDown')
    await page.keyboard.press('Enter')
    await page.keyboard.type('end')
    await page.keyboard.press('Enter')
    await expect.poll(() => text()).toMatch(/next: \{ timeout: wait, error: end \}/)
    expect(await page.getByTestId('toast').textContent()).toBe(
      'Connected "agents" error to "end" instead of "closed".',
    )
    expect(await focusedTestId()).toBe('node-agents')
    // one output, one edge: the new one replaced the old
    await expect.poll(errorEdges).toBe(1)
    expect(await page.locator('.react-flow__edge[aria-label="agents error to end"]').count()).toBe(1)
    await page.keyboard.press('Control+z')
    await expect.poll(() => text()).toBe(before)
    await expect
      .poll(() => page.locator('.react-flow__edge[aria-label="agents error to closed"]').count())
      .toBe(1)
    expect(await errorEdges()).toBe(1)
  })

  it('Escape in Find gives the focus back to the node it was on, or to the node Enter found', async () => {
    await pressUntil('Shift+Tab', '.react-flow__node[data-id="hours"]')
    await page.keyboard.press('Control+f')
    expect(await focusedTestId()).toBe('find-input')
    await page.keyboard.type('agents')
    // before, Escape closed the box and left the focus on the page's body: Tab started again at the header
    await page.keyboard.press('Escape')
    expect(await page.getByTestId('find-input').count()).toBe(0)
    expect(await focusedTestId()).toBe('node-hours')
    // gone to a match, Escape leaves the focus on it, as an editor's caret stays on what it found
    await page.keyboard.press('Control+f')
    await page.keyboard.type('wait')
    await page.keyboard.press('Enter')
    const where = (await page.getByTestId('find-where').textContent()) ?? ''
    const found = where.split(' · ')[0]
    await page.keyboard.press('Escape')
    expect(await focusedTestId()).toBe(`node-${found}`)
  })

  it('saves with Ctrl+S, and the command line validates the saved file', async () => {
    await page.keyboard.press('Control+s')
    await expect.poll(() => page.getByTestId('save-status').getAttribute('data-state')).toBe('saved')
    const saved = await readFile(join(session.workspace, FILE), 'utf8')
    expect(saved).toBe(await text())
    expect(saved).toMatch(/holiday: end/)
    // connected with C on the canvas
    expect(saved).toMatch(/next: \{ timeout: wait, error: closed \}/)
    expect(saved).toMatch(/\n {2}wait:\n {4}type: wait\n(?: {4}.*\n)*? {4}next: closed\n/)
    const directory = join(session.workspace, 'contact-center.directory.yaml')
    expect(await validateWithCli(join(session.workspace, FILE), directory, '--strict')).not.toMatch(
      /error|warning/i,
    )
    expect(await page.evaluate(() => (globalThis as { __mouseEvents?: string[] }).__mouseEvents)).toEqual([])
    expect(session.pageErrors).toEqual([])
  })
})
