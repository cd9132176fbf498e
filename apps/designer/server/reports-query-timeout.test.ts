// @vitest-environment node
// The designer's reports on a PostgreSQL server that goes silent mid-report (a partition, a stuck backend): a real
// server behind a proxy the test freezes as the report's query goes out. The endpoint answers 503 with what waited,
// how long, on which server (password masked) and the fix, instead of never answering; thawed, it reports again.
import { openStore } from '@routewright/history'
import {
  type FreezableProxy,
  type PostgresServer,
  startFreezableProxy,
  startPostgresServer,
} from '@routewright/node-support/testing'
import { afterAll, beforeAll, expect, it, vi } from 'vitest'
import { startTestServer, type TestServer } from './test-support.ts'

vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 })

let server: PostgresServer
let proxy: FreezableProxy
let t: TestServer | undefined
beforeAll(async () => {
  server = await startPostgresServer()
  // migrated, with nothing recorded: the report's rows do not matter here, only whether it answers
  await (await openStore(server.url)).close()
  proxy = await startFreezableProxy(new URL(server.url).host)
})
afterAll(async () => {
  proxy?.thaw()
  await t?.close()
  await proxy?.close()
  await server?.destroy()
})

it('answers 503 naming the server and the fix when the store goes silent mid-report, and reports once it answers', async () => {
  t = await startTestServer({}, { store: `postgres://postgres:s3cret@${proxy.at}/postgres?query_timeout=3` })
  const path = '/api/reports?from=2026-03-02T00:00Z&to=2026-03-02T02:00Z&interval=1h&by=queue'
  // opened (the schema's read) before the freeze: the report's own statements are the ones with a WHERE
  expect((await t.api('GET', '/api/connections')).status).toBe(200)
  const froze = proxy.freezeWhen(' WHERE ')
  const silent = await t.api('GET', path)
  await froze
  expect(silent.status).toBe(503)
  expect(silent.body.error.message).toMatch(
    new RegExp(
      `^No answer from PostgreSQL at postgres://postgres:\\*\\*\\*@${proxy.at}/postgres\\?query_timeout=3 within 3 s to "SELECT .*": the server or the network stopped answering in the middle of a query .*\\?query_timeout=SECONDS in the store's URL$`,
    ),
  )
  expect(JSON.stringify(silent.body)).not.toContain('s3cret')
  proxy.thaw()
  expect((await t.api('GET', path)).status).toBe(200)
})
