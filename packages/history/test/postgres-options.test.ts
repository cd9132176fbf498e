// A store URL's own session options (`?options=-c search_path=...`, or `?statement_timeout=`) are kept beside the
// store's bounds: before, node-postgres let the URL's `options` replace the store's whole, and its statement_timeout
// and idle_in_transaction_session_timeout silently vanished. A pooler that refuses startup options is said with what
// to set there.
import { connect, createServer, type Socket } from 'node:net'
import { openPostgresDatabase, openStore } from '@routewright/history'
import { checkStore } from '@routewright/history/operations'
import { beforeAll, expect, it } from 'vitest'
import { freshPostgresDatabase } from './fixtures.ts'

let base = ''
beforeAll(async () => {
  base = await freshPostgresDatabase()
  const admin = openPostgresDatabase(base)
  await admin.all('CREATE SCHEMA rw')
  await admin.close()
})

/** The URL with `params` added (already encoded). */
const withParams = (params: string) => `${base}${base.includes('?') ? '&' : '?'}${params}`

/** What the store's sessions run with, from one of its pooled connections. */
async function shown(database: { all<T>(sql: string): Promise<T[]> }, names: readonly string[]) {
  const values: Record<string, string | undefined> = {}
  for (const name of names)
    values[name] = (await database.all<Record<string, string>>(`SHOW ${name}`))[0]?.[name]
  return values
}

it("keeps the URL's options (search_path) and the store's time limits, the migrator's sessions seeing them too", async () => {
  const store = await openStore(withParams(`options=${encodeURIComponent('-c search_path=rw')}`))
  try {
    expect(
      await shown(store.database, [
        'search_path',
        'statement_timeout',
        'idle_in_transaction_session_timeout',
      ]),
    ).toEqual({ search_path: 'rw', statement_timeout: '29s', idle_in_transaction_session_timeout: '30s' })
    // the migrations ran in the user's schema
    const tables = await store.database.all<{ schema: string }>(
      "SELECT table_schema AS schema FROM information_schema.tables WHERE table_name = 'interactions'",
    )
    expect(tables).toEqual([{ schema: 'rw' }])
  } finally {
    await store.close()
  }
})

it("keeps a reader's sessions read-only beside the URL's options", async () => {
  const store = await openStore(withParams('options=-c+search_path%3Drw'), process.cwd(), { readOnly: true })
  try {
    expect(
      await shown(store.database, ['search_path', 'default_transaction_read_only', 'statement_timeout']),
    ).toEqual({ search_path: 'rw', default_transaction_read_only: 'on', statement_timeout: '119s' })
  } finally {
    await store.close()
  }
})

it.each([
  ['options', `options=${encodeURIComponent('-c search_path=rw -c statement_timeout=0')}`],
  ['a parameter of its own', 'options=-c%20search_path%3Drw&statement_timeout=0'],
])("uses the store's statement_timeout over the URL's (%s), and says so", async (_, params) => {
  const warnings: string[] = []
  const database = openPostgresDatabase(withParams(params), {
    onWarning: (message) => warnings.push(message),
  })
  try {
    expect(await shown(database, ['search_path', 'statement_timeout'])).toEqual({
      search_path: 'rw',
      statement_timeout: '29s',
    })
    expect(warnings).toEqual([
      "The PostgreSQL options of the store's URL (or PGOPTIONS) set statement_timeout=0; the store uses statement_timeout=29000, a little under the store's query time limit, so that a statement waiting for a lock lets go of its own; for a longer time limit give ?query_timeout=SECONDS in the store's URL: both bounds follow it",
    ])
  } finally {
    await database.close()
  }
})

it("tells openStore's onWarning, not the console, of a URL option the store's own replaces", async () => {
  const warnings: string[] = []
  // a database of its own: the others here hold their tables in the schema rw
  const store = await openStore(
    `${await freshPostgresDatabase()}?options=-c+statement_timeout%3D0`,
    process.cwd(),
    {
      onWarning: (message) => warnings.push(message),
    },
  )
  try {
    expect(await shown(store.database, ['statement_timeout'])).toEqual({ statement_timeout: '29s' })
    expect(warnings).toEqual([
      expect.stringMatching(
        /^The PostgreSQL options of the store's URL \(or PGOPTIONS\) set statement_timeout=0; the store uses statement_timeout=29000/,
      ),
    ])
  } finally {
    await store.close()
  }
})

it('says nothing when the URL sets a bound to what the store sets, and sets the other one all the same', async () => {
  const warnings: string[] = []
  const options = encodeURIComponent('-c search_path=rw --statement-timeout=29s')
  const database = openPostgresDatabase(withParams(`options=${options}`), {
    onWarning: (message) => warnings.push(message),
  })
  try {
    expect(await shown(database, ['statement_timeout', 'idle_in_transaction_session_timeout'])).toEqual({
      statement_timeout: '29s',
      idle_in_transaction_session_timeout: '30s',
    })
    expect(warnings).toEqual([])
  } finally {
    await database.close()
  }
})

/** A startup message without its `options` parameter, as PgBouncer passes one on with options ignored. */
function withoutOptions(startup: Buffer): Buffer {
  const words = startup
    .subarray(8, startup.readInt32BE(0) - 1)
    .toString('utf8')
    .split('\0')
  const kept: string[] = []
  for (let i = 0; i + 1 < words.length; i += 2) {
    if (words[i] !== 'options') kept.push(words[i] ?? '', words[i + 1] ?? '')
  }
  const body = Buffer.from(`${kept.join('\0')}\0\0`)
  const header = Buffer.alloc(8)
  header.writeInt32BE(body.length + 8, 0)
  header.writeInt32BE(startup.readInt32BE(4), 4)
  return Buffer.concat([header, body, startup.subarray(startup.readInt32BE(0))])
}

/**
 * A stand-in for PgBouncer in front of the test's database: a startup that carries `options` is answered as PgBouncer
 * answers it (its words and SQLSTATE), any other is passed through to the server, as PgBouncer passes the migrator's;
 * `ignore`: as PgBouncer with options in its ignore_startup_parameters, passed through without them.
 */
async function startRefusingPooler(
  mode: 'refuse' | 'ignore' = 'refuse',
): Promise<{ url: string; close(): Promise<void> }> {
  const target = new URL(base)
  const sockets = new Set<Socket>()
  const track = (socket: Socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
    socket.on('error', () => {})
    return socket
  }
  const server = createServer((socket) => {
    track(socket)
    socket.once('data', (startup) => {
      if (!startup.includes('options\0') || mode === 'ignore') {
        const upstream = track(connect(Number(target.port), target.hostname))
        upstream.write(withoutOptions(startup))
        socket.pipe(upstream).pipe(socket)
        return
      }
      const fields = ['SFATAL', 'VFATAL', 'C08P01', 'Munsupported startup parameter: options']
      const body = Buffer.concat([...fields.map((field) => Buffer.from(`${field}\0`)), Buffer.from([0])])
      const header = Buffer.alloc(5)
      header.write('E', 0)
      header.writeInt32BE(body.length + 4, 1)
      socket.end(Buffer.concat([header, body]))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  const url = new URL(base)
  url.host = `127.0.0.1:${port}`
  return {
    url: url.toString(),
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      }),
  }
}

it("names the URL's own options among what to set on the role when a pooler refuses them, the bounds first", async () => {
  const pooler = await startRefusingPooler()
  try {
    const { username } = new URL(pooler.url)
    const options = encodeURIComponent(
      "-c search_path=rw,public -c statement_timeout=0 -c application_name=it's",
    )
    const problem = await checkStore(`${pooler.url}?options=${options}&query_timeout=60`)
    expect(problem?.fix).toContain(
      `the settings it then drops: the bounds, ALTER ROLE ${username} SET statement_timeout = '59000ms'; ALTER ROLE ${username} SET idle_in_transaction_session_timeout = '60000ms' (a writer's); and the URL's own options: ALTER ROLE ${username} SET search_path = rw,public; ALTER ROLE ${username} SET application_name = 'it''s' (the history README`,
    )
  } finally {
    await pooler.close()
  }
})

it('says what to set when a pooler refuses the startup options, at the check and at the open', async () => {
  const pooler = await startRefusingPooler()
  try {
    const { port, username } = new URL(pooler.url)
    const cause = `127.0.0.1:${port} refused the session's startup parameters (unsupported startup parameter: options)`
    const problem = await checkStore(pooler.url)
    expect(problem?.said).toContain(cause)
    expect(problem?.outage).toBe(false)
    expect(problem?.fix).toBe(
      `Connect to PostgreSQL itself, or add options to PgBouncer's ignore_startup_parameters (ignore_startup_parameters = extra_float_digits,options) and set on the store's role the settings it then drops: the bounds, ALTER ROLE ${username} SET statement_timeout = '29000ms'; ALTER ROLE ${username} SET idle_in_transaction_session_timeout = '30000ms' (a writer's) (the history README, "PostgreSQL connection URL")`,
    )
    // a writer's migrator sends no options and passes; its own sessions, which do, are refused at the open
    await expect(openStore(pooler.url)).rejects.toThrow(cause)
    await expect(openStore(pooler.url, process.cwd(), { readOnly: true })).rejects.toThrow(cause)
  } finally {
    await pooler.close()
  }
})

it('warns, with what to give the role, when a pooler passes the session on without its startup options', async () => {
  const pooler = await startRefusingPooler('ignore')
  const warnings: string[] = []
  const { username } = new URL(pooler.url)
  const url = `${pooler.url}?options=-c+search_path%3Drw`
  // a reader: the database's tables are in rw, which the role would give the session
  const store = openPostgresDatabase(url, { readOnly: true, onWarning: (message) => warnings.push(message) })
  try {
    // the session runs without them: the pooler dropped the options
    expect(await shown(store, ['statement_timeout', 'search_path'])).toEqual({
      statement_timeout: '0',
      search_path: '"$user", public',
    })
    expect(warnings).toEqual([
      `The store's PostgreSQL sessions at ${url} run without the settings it sent as startup options (statement_timeout is 0, not 119000ms; idle_in_transaction_session_timeout is 0, not 120000ms; default_transaction_read_only is off, not on): a pooler such as PgBouncer with options in its ignore_startup_parameters drops them, and the URL's own options with them, so a statement stuck on a lock waits and holds its locks past the store's time limit. Set them on the store's role: the bounds, ALTER ROLE ${username} SET statement_timeout = '119000ms'; ALTER ROLE ${username} SET idle_in_transaction_session_timeout = '120000ms'; ALTER ROLE ${username} SET default_transaction_read_only = on (a report's); and the URL's own options: ALTER ROLE ${username} SET search_path = rw (the history README, "PostgreSQL connection URL")`,
    ])
  } finally {
    await store.close()
    await pooler.close()
  }
})

it('says nothing of the session settings when they hold', async () => {
  const warnings: string[] = []
  const database = openPostgresDatabase(base, { onWarning: (message) => warnings.push(message) })
  try {
    await database.all('SELECT 1')
    await database.all('SELECT 1')
  } finally {
    await database.close()
  }
  expect(warnings).toEqual([])
})
