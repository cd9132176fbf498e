// The Reports view of a designer started without --store: it says there is no store and how to start one, and
// offers no form (a form whose Report button can never work read as a broken view on the floor tour).
import { expect, it } from 'vitest'
import { designerOnReportsTab } from './reports-tab.ts'

const session = designerOnReportsTab({
  file: 'inbound-call.strategy.yaml',
})

it('says there is no history store and how to start the designer with one, with no report form', async () => {
  const notice = session.page.getByTestId('reports-no-store')
  await notice.waitFor()
  expect(await notice.textContent()).toBe(
    'No history store. This designer was started without --store, so it has no recorded interactions to ' +
      'report on.Start it again with the store that routewright serve --store records into: ' +
      'routewright designer --store sqlite:history.db (a SQLite file) or --store postgres://user@host/db.',
  )
  expect(await session.page.getByTestId('reports-panel').locator('form, input, select, button').count()).toBe(
    0,
  )
  expect(await session.page.getByTestId('reports-run').count()).toBe(0)
  expect(session.pageErrors).toEqual([])
})
