// The Reports view on a real PostgreSQL store whose URL sets an option the store's own replaces: the store's warning
// is shown under the store's name, where the person reading the reports looks (the server's stderr says it too).
import { openStore } from '@routewright/history'
import { type PostgresServer, startPostgresServer } from '@routewright/node-support/testing'
import { expect, it } from 'vitest'
import { designerWithRecordingFolder } from './reports-tab.ts'

let postgres: PostgresServer | undefined
/** The store as the Reports view names it, and the warning its open gives. */
let described = ''
let warning = ''

const session = designerWithRecordingFolder('rw-reports-warning-e2e-', async () => {
  postgres = await startPostgresServer()
  // a statement_timeout=0 in the URL's options: the store keeps its own and warns at its open
  const url = `${postgres.url}${postgres.url.includes('?') ? '&' : '?'}options=-c+statement_timeout%3D0`
  // migrated here: the designer reads a store, it never makes one
  await (await openStore(postgres.url)).close()
  // opened as the designer's server opens it (read-only, the report's query time limit): its words and its name
  const warnings: string[] = []
  const store = await openStore(url, undefined, {
    readOnly: true,
    onWarning: (message) => warnings.push(message),
  })
  described = store.describe
  await store.close()
  warning = warnings[0] ?? ''
  return {
    serverArgs: ['--store', url],
    file: 'inbound-call.strategy.yaml',
    teardown: () => postgres?.destroy(),
  }
})

it("shows the store's warning at its open under the store's name", async () => {
  expect(warning).toMatch(
    /^The PostgreSQL options of the store's URL \(or PGOPTIONS\) set statement_timeout=0; /,
  )
  const shown = session.page.getByTestId('reports-store-warning')
  await expect.poll(() => shown.allTextContents()).toEqual([warning])
  expect(await session.page.getByTestId('reports-store').textContent()).toBe(`Store: ${described}`)
  // right under the name: the warning reads as the store's
  expect(
    await shown.evaluate((note) => (note.previousElementSibling as HTMLElement | null)?.dataset.testid),
  ).toBe('reports-store')
  expect(await shown.getAttribute('role')).toBe('note')
  expect(session.pageErrors).toEqual([])
})
