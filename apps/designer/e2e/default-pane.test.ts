// The canvas pane a first visit measures is the one the layout assumes before it has measured any
// (`firstVisitPane`, `DEFAULT_PANE` in core/layout.ts for the default 1,440 x 900 window). Before, the layout assumed
// 792 x 652 at 1,440 x 900, the pane of panel sizes long gone, while the canvas measured 872 x 595.
import { expect, it } from 'vitest'
import { DEFAULT_PANE } from '../src/core/layout.ts'
import { firstVisitPane } from '../src/layout/panel-sizes.ts'
import { firstVisitAt } from './code-helpers.ts'
import { designerForThisFile } from './designer-for-this-file.ts'

const FILE = 'vip-routing.strategy.yaml'
// opens nothing: each test's first visit loads the page (a file opened first was loaded again at once)
const session = designerForThisFile({ blank: true, viewport: { width: 1440, height: 900 } })

it.each([
  [1440, 900],
  [1280, 800],
  [1024, 768],
])('measures the first-visit pane the layout assumes at %i x %i', async (width, height) => {
  const { page } = session
  await firstVisitAt(session, FILE, width, height)
  const pane = await page.getByTestId('canvas').getAttribute('data-pane')
  const [w, h] = (pane ?? '').split('x').map(Number)
  const expected = firstVisitPane({ width, height })
  expect(
    Math.abs(w! - expected.width),
    `${pane} vs ${expected.width}x${expected.height}`,
  ).toBeLessThanOrEqual(1)
  expect(
    Math.abs(h! - expected.height),
    `${pane} vs ${expected.width}x${expected.height}`,
  ).toBeLessThanOrEqual(1)
  if (width === 1440) expect(expected).toEqual(DEFAULT_PANE)
})
