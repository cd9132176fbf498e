// A `postgres://` store checked up front by every command that takes one (report, history replay and migrate,
// simulate, serve, designer): a malformed URL, a server that is not there, a user or password it refuses or a
// database it does not have is one usage error (exit 2) naming --store, the URL with its password masked, the cause
// and the fix, before any other work; on a real PostgreSQL server, serve's and report's binary spawned (no stack).
// Serve, which keeps records on disk while its store is down, only warns of a server it cannot reach now.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { openDatabase } from '@routewright/history'
import { freePort } from '@routewright/node-support/ports'
import {
  type PostgresServer,
  type SilentServer,
  startPostgresServer,
  startSilentServer,
} from '@routewright/node-support/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  directory,
  routewright,
  serveExamples,
  serveExamplesArgs,
  simulateDesk,
  strategy,
  workspace,
} from './helpers.ts'
import { routewrightInProcess } from './in-process.ts'

let server: PostgresServer
let port: string
let silent: SilentServer
beforeAll(async () => {
  silent = await startSilentServer()
  server = await startPostgresServer()
  port = new URL(server.url).port
  // the fixture trusts every user: one, "checker", must give its password, as a production server asks
  const database = await openDatabase(server.url)
  try {
    await database.all(`CREATE ROLE checker LOGIN PASSWORD 'right'`)
    const hba = (await database.all<{ hba_file: string }>('SHOW hba_file'))[0]?.hba_file
    const lines = [
      'local all all trust',
      'host all checker 127.0.0.1/32 scram-sha-256',
      'host all all 127.0.0.1/32 trust',
    ]
    await database.all(`COPY (SELECT unnest(ARRAY['${lines.join("','")}'])) TO '${hba}'`)
    await database.all('SELECT pg_reload_conf()')
  } finally {
    await database.close()
  }
})
afterAll(async () => {
  await server?.destroy()
  await silent?.close()
})

const REFUSED_HINT = 'hint: Start PostgreSQL there, or correct the host and port in the URL\n'

/** A store URL with a password on a port nothing listens on (just found free). */
async function downStore(): Promise<{ url: string; shown: string; at: string }> {
  const at = `127.0.0.1:${await freePort()}`
  return {
    url: `postgres://routewright:s3cret@${at}/history`,
    shown: `postgres://routewright:***@${at}/history`,
    at,
  }
}

const refused = (shown: string, at: string) =>
  `error: --store ${shown}: nothing accepts connections at ${at} (connection refused)\n${REFUSED_HINT}`

/**
 * Serve of the examples on a store it cannot use now, spooling to disk: it starts with `warning` (the password not
 * shown), says storeUp false on /healthz, and stops cleanly on SIGTERM.
 */
async function servesWithStoreDown(url: string, warning: string): Promise<void> {
  const serve = await serveExamples(workspace(), url, ['--store-spool', 'spool.jsonl'])
  expect(serve.stderr()).toContain(warning)
  expect(serve.stderr()).not.toContain('s3cret')
  const health = (await (await fetch(`${serve.url}/healthz`)).json()) as { history?: { storeUp?: boolean } }
  expect(health.history?.storeUp).toBe(false)
  serve.child.kill('SIGTERM')
  expect(await serve.exited).toBe(0)
}

describe('a postgres:// store that cannot be used is refused up front (exit 2); serve only warns of an outage', () => {
  it('report, spawned: one error naming --store, the masked URL and the cause, no stack', async () => {
    const { url, shown, at } = await downStore()
    const run = await routewright(['report', '--store', url, '--from', '2026-03-02'], workspace())
    expect([run.code, run.stdout, run.stderr]).toEqual([2, '', refused(shown, at)])
  })

  it('serve, spawned: a database it does not have is refused before it reads the workspace or listens', async () => {
    const url = `postgres://postgres:pw@127.0.0.1:${port}/nohistory`
    const run = await routewright(serveExamplesArgs(url), workspace())
    expect([run.code, run.stdout, run.stderr]).toEqual([
      2,
      '',
      `error: --store postgres://postgres:***@127.0.0.1:${port}/nohistory: the server answers, but database "nohistory" does not exist\n` +
        'hint: Create the database (createdb, or CREATE DATABASE) or name an existing one in the URL\n',
    ])
  })

  it('serve, spawned: a server not reachable now is a warning, and serve routes with its records on disk', async () => {
    const { url, shown, at } = await downStore()
    await servesWithStoreDown(
      url,
      `warning: --store ${shown}: nothing accepts connections at ${at} (connection refused); serving anyway, the records kept on disk until the store answers (/healthz storeUp)\n`,
    )
  })

  it('simulate: refused before the strategy is read or the day run', async () => {
    const { url, shown, at } = await downStore()
    // the strategy does not exist: the store is said first
    const run = await routewrightInProcess(
      ['simulate', 'missing.strategy.yaml', '--arrivals', '40/h', '--aht', '2m', '--store', url],
      workspace({ 'env.directory.yaml': directory }),
    )
    expect([run.code, run.stdout, run.stderr]).toEqual([2, '', refused(shown, at)])
  })

  it('history migrate and replay: refused, the spool file left as it is', async () => {
    const { url, shown, at } = await downStore()
    const spool = '{"not":"read"}\n'
    const cwd = workspace({ 'spool.jsonl.refused': spool })
    const migrate = await routewrightInProcess(['history', 'migrate', '--store', url], cwd)
    expect([migrate.code, migrate.stdout, migrate.stderr]).toEqual([2, '', refused(shown, at)])
    const replay = await routewrightInProcess(['history', 'replay', 'spool.jsonl', '--store', url], cwd)
    expect([replay.code, replay.stdout, replay.stderr]).toEqual([2, '', refused(shown, at)])
    expect(readFileSync(path.join(cwd, 'spool.jsonl.refused'), 'utf8')).toBe(spool)
  })

  it('designer: refused before its server starts', async () => {
    const { url, shown, at } = await downStore()
    const run = await routewrightInProcess(['designer', '--no-open', '--store', url], workspace(), undefined)
    expect([run.code, run.stdout, run.stderr]).toEqual([2, '', refused(shown, at)])
  })

  it.each([
    [
      'a database the server does not have',
      () => `postgres://postgres:pw@127.0.0.1:${port}/nohistory`,
      () =>
        `error: --store postgres://postgres:***@127.0.0.1:${port}/nohistory: the server answers, but database "nohistory" does not exist\n` +
        'hint: Create the database (createdb, or CREATE DATABASE) or name an existing one in the URL\n',
    ],
    [
      'a wrong password',
      () => `postgres://checker:wrong@127.0.0.1:${port}/postgres`,
      () =>
        `error: --store postgres://checker:***@127.0.0.1:${port}/postgres: the server refused the credentials: password authentication failed for user "checker"\n` +
        'hint: Correct the user and password in the URL (postgres://user:password@host/database)\n',
    ],
    [
      'a user the server does not know',
      () => `postgres://nobody:pw@127.0.0.1:${port}/postgres`,
      () =>
        `error: --store postgres://nobody:***@127.0.0.1:${port}/postgres: the server refused the connection: role "nobody" does not exist\n` +
        'hint: Give a user the server knows and may connect from this machine (its pg_hba.conf), or ask its administrator for one\n',
    ],
    [
      'a port that is not a number (the URL does not parse, the password is masked all the same)',
      () => 'postgres://postgres:se/cret@127.0.0.1:54x2/history',
      () =>
        'error: --store postgres://postgres:***@127.0.0.1:54x2/history: the port "54x2" is not a number from 1 to 65535\n' +
        'hint: Write it as postgres://user:password@host:5432/database, with @ : / ? # in the user or password percent-encoded (%40 for @)\n',
    ],
    [
      'a password given as a parameter',
      () => `postgres://nobody@127.0.0.1:${port}/postgres?password=s3cret`,
      () =>
        `error: --store postgres://nobody@127.0.0.1:${port}/postgres?password=***: the server refused the connection: role "nobody" does not exist\n` +
        'hint: Give a user the server knows and may connect from this machine (its pg_hba.conf), or ask its administrator for one\n',
    ],
  ])('report on %s', async (_, url, expected) => {
    const run = await routewrightInProcess(['report', '--store', url(), '--from', '2026-03-02'], workspace())
    expect([run.code, run.stdout, run.stderr]).toEqual([2, '', expected()])
  })

  it('a host name that is not known', async () => {
    const run = await routewrightInProcess(
      ['report', '--store', 'postgres://u:pw@no-such-host.invalid/history', '--from', '2026-03-02'],
      workspace(),
    )
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(
      /^error: --store postgres:\/\/u:\*\*\*@no-such-host\.invalid\/history: the host no-such-host\.invalid is not known \((ENOTFOUND|EAI_AGAIN)\)\nhint: Correct the host name in the URL\n$/,
    )
  })

  it('a store that answers is used: simulate records the day into it', async () => {
    const cwd = workspace({ 'desk.strategy.yaml': strategy('desk'), 'env.directory.yaml': directory })
    const run = await simulateDesk(cwd, server.url, 1)
    expect([run.code, run.stderr]).toEqual([0, ''])
  })
})

describe('a PostgreSQL host that accepts connections and never answers: given up after connect_timeout, never hung', () => {
  // the URL's connect_timeout (seconds, 5 s when absent): small here, so the tests wait a fifth of a second
  const silentStore = () => ({
    url: `postgres://routewright:s3cret@${silent.at}/history?connect_timeout=0.2`,
    shown: `postgres://routewright:***@${silent.at}/history?connect_timeout=0.2`,
  })
  const noAnswer = (shown: string) =>
    `--store ${shown}: no answer from ${silent.at} within 0.2 s (it accepts connections but says nothing, or a firewall drops them)`
  const NO_ANSWER_HINT =
    'hint: Check that PostgreSQL runs there and that a firewall lets this machine reach the port; a slow server may take longer (?connect_timeout=SECONDS in the URL)\n'

  it('report and history migrate: refused (exit 2), the host named, the password masked', async () => {
    const { url, shown } = silentStore()
    const expected = `error: ${noAnswer(shown)}\n${NO_ANSWER_HINT}`
    const report = await routewrightInProcess(['report', '--store', url, '--from', '2026-03-02'], workspace())
    expect([report.code, report.stdout, report.stderr]).toEqual([2, '', expected])
    const migrate = await routewrightInProcess(['history', 'migrate', '--store', url], workspace())
    expect([migrate.code, migrate.stdout, migrate.stderr]).toEqual([2, '', expected])
  })

  it('serve, spawned: warns and starts, its records on disk, and stops', async () => {
    const { url, shown } = silentStore()
    await servesWithStoreDown(
      url,
      `warning: ${noAnswer(shown)}; serving anyway, the records kept on disk until the store answers (/healthz storeUp)\n`,
    )
  })
})

describe('a password with a "/" (which the URL parser reads as a port) never shows', () => {
  it('report: refused as a URL to write otherwise, no part of the password in the message', async () => {
    const run = await routewrightInProcess(
      ['report', '--store', 'postgres://u:12/34@127.0.0.1/history', '--from', '2026-03-02'],
      workspace(),
    )
    expect([run.code, run.stdout, run.stderr]).toEqual([
      2,
      '',
      'error: --store postgres://u:***@127.0.0.1/history: the password holds a "/", "?" or "#", where the host part would end (it would be read as the host)\n' +
        'hint: Write it as postgres://user:password@host:5432/database, with @ : / ? # in the user or password percent-encoded (%40 for @)\n',
    ])
  })
})

describe('designer, a SQLite store', () => {
  it('a file that is no database: refused before its server starts (exit 2), as report refuses it', async () => {
    const cwd = workspace({ 'notes.db': 'not a database\n' })
    const designer = await routewrightInProcess(
      ['designer', '--no-open', '--store', 'sqlite:notes.db'],
      cwd,
      undefined,
    )
    const report = await routewrightInProcess(
      ['report', '--store', 'sqlite:notes.db', '--from', '2026-03-02'],
      cwd,
    )
    expect(designer.code).toBe(2)
    expect(designer.stderr).toMatch(/^error: .*notes\.db.*\n$/)
    expect([designer.code, designer.stdout, designer.stderr]).toEqual([report.code, '', report.stderr])
  })
})
