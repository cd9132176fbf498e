// A history opened through a search_path other than its tables' schema: before, Kysely's migrator found the tables in
// another schema, skipped creating its own and failed on `relation "history_migration_lock" does not exist`, which
// the store took for an outage and said as "no answer within 5 s" (the URL's connect_timeout matched "timeout").
import { openStore } from '@routewright/history'
import { expect, it } from 'vitest'
import { freshPostgresDatabase } from './fixtures.ts'

/** A database whose history was made in public (the default search_path's), with an empty schema `elsewhere`. */
async function historyInPublic(): Promise<string> {
  const url = await freshPostgresDatabase()
  const store = await openStore(url)
  await store.database.all('CREATE SCHEMA elsewhere')
  await store.close()
  return url
}

const withPath = (url: string, schema: string) =>
  `${url}?connect_timeout=5&options=${encodeURIComponent(`-c search_path=${schema}`)}`

it('migrates into the search_path schema when the history already lives in another', async () => {
  const store = await openStore(withPath(await historyInPublic(), 'elsewhere'))
  try {
    const tables = await store.database.all<{ schema: string }>(
      "SELECT table_schema AS schema FROM information_schema.tables WHERE table_name = 'history_migration_lock' ORDER BY 1",
    )
    expect(tables).toEqual([{ schema: 'elsewhere' }, { schema: 'public' }])
  } finally {
    await store.close()
  }
})

it('says the search_path and where the tables are when it names no schema, not that the server is silent', async () => {
  const error = await openStore(withPath(await historyInPublic(), 'nosuch')).then(
    async (store) => {
      await store.close()
      return undefined
    },
    (failed: Error) => failed,
  )
  expect(error?.message).not.toMatch(/no answer/)
  expect(error?.message).toContain(
    `(the session's search_path is "nosuch", which names no schema that exists, so nothing can be created; the history's tables are in schema public). Give the store's URL the search_path of the history's tables (?options=-c%20search_path%3Dpublic), or create the history in a schema of its own`,
  )
})

it("tells a report the history is in another schema than its search_path's, not that nothing was recorded", async () => {
  const error = await openStore(withPath(await historyInPublic(), 'elsewhere'), process.cwd(), {
    readOnly: true,
  }).then(
    async (store) => {
      await store.close()
      return undefined
    },
    (failed: Error) => failed,
  )
  expect(error?.message).toMatch(
    /^There is no history on the search_path of postgres:.* \(the session's search_path is "elsewhere", which creates in schema elsewhere; the history's tables are in schema public\)\. Give the store's URL the search_path of the history's tables \(\?options=-c%20search_path%3Dpublic\)/,
  )
})
