// `routewright report` on a PostgreSQL server that goes silent mid-report (a partition, a stuck backend): a real
// server behind a proxy the test freezes as the report's query goes out. The binary is spawned: it must end, exit 1
// and say what waited, how long, on which server (password masked) and the fix, instead of hanging.
import { openStore } from '@routewright/history'
import { expect, it } from 'vitest'
import { frozenPostgresPerFile } from './frozen-postgres.ts'
import { HISTORY_DAY, historyRecord, routewright, workspace } from './helpers.ts'

const postgres = frozenPostgresPerFile(async (url) => {
  const store = await openStore(url)
  await store.write([{ kind: 'interaction', record: historyRecord('a', 1) }])
  await store.close()
})

it('ends with exit 1 and says the server stopped answering, when it goes silent mid-report', async () => {
  const { proxy } = postgres
  const url = postgres.url('query_timeout=3')
  // the checks before it send SELECT 1 and read the migration table: the first statement with a WHERE is the report's
  const froze = proxy.freezeWhen(' WHERE ')
  const run = await routewright(
    ['report', '--store', url, '--from', new Date(HISTORY_DAY).toISOString(), '--by', 'queue'],
    workspace(),
  )
  await froze
  expect(run.stdout).toBe('')
  expect(run.stderr).toMatch(
    new RegExp(
      `^error: No answer from PostgreSQL at postgres://postgres:\\*\\*\\*@${proxy.at}/postgres\\?query_timeout=3 within 3 s to "SELECT .*": the server or the network stopped answering in the middle of a query \\(a network partition, a stuck backend, a lock\\)\\. Check that the server runs and this machine reaches it; a query that needs longer may have it with \\?query_timeout=SECONDS in the store's URL\\n$`,
    ),
  )
  expect(run.stderr).not.toContain('s3cret')
  expect(run.code).toBe(1)
})
