// A card's summary and notes are clamped to the lines its estimated height counts (graph.ts): the lines past the
// clamp are hidden whole. Before, they were clipped at the padding's edge, so the top of a third line showed in the
// bottom padding (inbound-call's "Every voice agent" at any zoom: half of "vip_team, sales_ny, sales_paris").
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, it } from 'vitest'
import { designerForThisFile } from './designer-for-this-file.ts'
import { EXAMPLE_STRATEGIES } from './examples.ts'

/** site-overflow with a note longer than the two lines a card gives it. */
const NOTED = 'long-note.strategy.yaml'
const NOTE =
  'Ask the overflow partner before raising these thresholds, as their contract caps the calls we send them each hour'
const STRATEGY = readFileSync(
  join(import.meta.dirname, '../../../examples/site-overflow.strategy.yaml'),
  'utf8',
)
  .replace('strategy: site-overflow', 'strategy: long-note')
  .replace(
    '    title: Where is the wait shortest?',
    `    title: Where is the wait shortest?\n    notes: ${NOTE}`,
  )

/** vip-routing with its gold case labelled by a 60-letter sentence, the longest label the schema takes. */
const LABELLED = 'long-label.strategy.yaml'
const LABEL = 'Gold customers with an open complaint in the last thirty day'
const LONG_LABEL = readFileSync(
  join(import.meta.dirname, '../../../examples/vip-routing.strategy.yaml'),
  'utf8',
)
  .replace('strategy: vip-routing', 'strategy: long-label')
  .replace('{ label: gold,', `{ label: '${LABEL}',`)

const session = designerForThisFile({
  viewport: { width: 1280, height: 800 },
  files: { [NOTED]: STRATEGY, [LABELLED]: LONG_LABEL },
})

it.each([...EXAMPLE_STRATEGIES, NOTED])('%s draws no line of a summary or note cut in part', async (file) => {
  const { page } = session
  await session.openFile(file)
  const cut = await page.evaluate(() => {
    const found: string[] = []
    for (const el of document.querySelectorAll<HTMLElement>('.rw-node__summary, .rw-node__notes')) {
      const style = getComputedStyle(el)
      const box = el.getBoundingClientRect()
      const scale = box.height / el.offsetHeight
      // the clip edge: the padding box, or the content box with overflow-clip-margin: content-box
      const inset = style.overflowClipMargin.includes('content-box')
        ? Number.parseFloat(style.paddingBottom) + Number.parseFloat(style.borderBottomWidth)
        : Number.parseFloat(style.borderBottomWidth)
      const clipBottom = box.bottom - inset * scale
      const range = document.createRange()
      range.selectNodeContents(el)
      for (const line of range.getClientRects()) {
        if (line.top < clipBottom - 0.5 && line.bottom > clipBottom + 0.5)
          found.push(`${el.closest('.react-flow__node')?.getAttribute('data-id')}: ${el.textContent}`)
      }
    }
    return [...new Set(found)]
  })
  expect(cut).toEqual([])
})

it('a long case label ends in an ellipsis inside its card, its condition still in view', async () => {
  const { page } = session
  await session.openFile(LABELLED)
  expect(LABEL).toHaveLength(60)
  const row = page.locator(`[data-testid="output-by_tier-${LABEL}"]`)
  const read = await row.evaluate((el) => {
    const card = el.closest('.react-flow__node')?.getBoundingClientRect()
    const name = el.querySelector<HTMLElement>('.rw-node__output-name')
    const detail = el.querySelector<HTMLElement>('.rw-node__detail')
    if (!card || !name || !detail) return null
    const box = name.getBoundingClientRect()
    return {
      // before, the name kept its whole width and ran out past the card's left edge over the edges beside it
      inside: box.left >= card.left && box.right <= card.right,
      cut: name.scrollWidth > name.clientWidth,
      detailShown: detail.getBoundingClientRect().width > 20,
      title: el.getAttribute('title'),
    }
  })
  expect(read).toEqual({ inside: true, cut: true, detailShown: true, title: `${LABEL}: tier == "gold"` })
})
