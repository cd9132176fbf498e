// A long CEL condition in the inspector reads whole at a laptop's window: the editor grows with its wrapped lines
// (up to a budget, then it scrolls with a scrollbar), and wraps between tokens, never between a function's name and
// its "(". Before, the editor stopped growing at eight lines with its scrollbar hidden, so the rest of a long
// condition was not drawn at 1,024 or 1,280 px, and `stat` was cut from `("queue:sales_paris", ...` onto the next line.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Locator } from 'playwright-core'
import { expect, it } from 'vitest'
import { firstCaseFieldAt } from './code-helpers.ts'
import { designerForThisFile } from './designer-for-this-file.ts'

const FILE = 'long-condition.strategy.yaml'
const SHORT = 'stat("queue:sales_ny", "ExpectedWaitTime") <= 120.0'
const LONG = [
  'stat("queue:sales_ny", "ExpectedWaitTime") <= 120.0',
  'stat("queue:sales_paris", "ExpectedWaitTime") > 300.0',
  'inHours("eu_paris")',
  'stat("queue:billing", "ExpectedWaitTime") < stat("queue:sales_ny", "ExpectedWaitTime")',
  'stat("queue:sales_paris", "ExpectedWaitTime") < stat("queue:sales_ny", "ExpectedWaitTime")',
].join(' && ')
/** site-overflow with its first case's condition made long. */
const STRATEGY = readFileSync(
  join(import.meta.dirname, '../../../examples/site-overflow.strategy.yaml'),
  'utf8',
)
  .replace('strategy: site-overflow', 'strategy: long-condition')
  .replace(`when: ${SHORT}`, `when: '${LONG}'`)

const session = designerForThisFile({
  viewport: { width: 1280, height: 800 },
  file: FILE,
  files: { [FILE]: STRATEGY },
})

const WINDOWS = [
  [1024, 768],
  [1280, 800],
  [1440, 900],
  [1920, 1080],
] as const

/** The first case's CEL field on a first visit at this window size, with the lines Monaco draws. */
const firstCaseAt = (width: number, height: number) =>
  firstCaseFieldAt(session, FILE, 'choose_site', { width, height })

/** The lines drawn, top to bottom (Monaco draws spaces as no-break spaces and keeps lines in any DOM order). */
function drawnLines(field: Locator): Promise<string[]> {
  return field.locator('.view-line').evaluateAll((lines) =>
    lines
      .map((l) => ({
        top: l.getBoundingClientRect().top,
        text: (l.textContent ?? '').replace(/\u00a0/g, ' '),
      }))
      .sort((a, b) => a.top - b.top)
      .map((l) => l.text),
  )
}

it.each(WINDOWS)('draws the whole long condition at %i x %i, inside the inspector', async (width, height) => {
  const field = await firstCaseAt(width, height)
  await expect
    .poll(async () => (await drawnLines(field)).join('').replace(/\s/g, ''))
    .toBe(LONG.replace(/\s/g, ''))
  // every drawn line inside the field's box: nothing cut off below it
  const clipped = await field.evaluate((host) => {
    const box = host.getBoundingClientRect()
    return [...host.querySelectorAll('.view-line')].filter(
      (l) => l.getBoundingClientRect().bottom > box.bottom + 1,
    ).length
  })
  expect(clipped).toBe(0)
  const [inspector, box] = await Promise.all([
    session.page.getByTestId('inspector').boundingBox(),
    field.boundingBox(),
  ])
  expect(box!.x + box!.width).toBeLessThanOrEqual(inspector!.x + inspector!.width)
  await session.page.screenshot({ path: `/tmp/cel-long-expression-${width}.png` })
})

it('wraps between tokens, keeping a function name with its "("', async () => {
  const field = await firstCaseAt(1024, 768)
  const lines = await drawnLines(field)
  expect(lines.length).toBeGreaterThan(1)
  for (let i = 1; i < lines.length; i++) {
    const broken = /[A-Za-z_]$/.test(lines[i - 1]!.trimEnd()) && lines[i]!.trimStart().startsWith('(')
    expect(broken, `"${lines[i - 1]}" / "${lines[i]}"`).toBe(false)
  }
})

it('grows a field to its lines, so each line shows whole inside its padding', async () => {
  await firstCaseAt(1024, 768)
  for (const name of ['cases-0-when', 'cases-1-when', 'cases-2-when']) {
    const field = session.page.locator(`[data-testid="field-${name}"]`)
    // lines cut at the inner edge (1 px border, 3 px padding) of the field: 2 px of the last one were, before
    const cut = await field.evaluate((host) => {
      const inner = host.getBoundingClientRect().bottom - 4
      return [...host.querySelectorAll('.view-line')].filter(
        (l) => l.getBoundingClientRect().bottom > inner + 0.5,
      ).length
    })
    expect(cut, name).toBe(0)
  }
})
