// `routewright simulate --store`: a simulated day written into a history store, then read back by `routewright
// report` over the measured hours, as an analyst checks a strategy's day before it goes live.
import { existsSync } from 'node:fs'
import path from 'node:path'
import { openStore } from '@routewright/history'
import { type PostgresServer, startPostgresServer } from '@routewright/node-support/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { directory, simulateDesk, strategy, workspace } from './helpers.ts'
import { routewrightInProcess } from './in-process.ts'

/** simulate's default start and warm-up: the measured hours begin an hour after 2026-01-05 00:00 UTC. */
const MEASURED_FROM = '2026-01-05T01:00:00Z'

describe('routewright simulate --store', () => {
  it('records the day so that report gives the simulation’s own offered, answered and ASA', async () => {
    const cwd = workspace({ 'desk.strategy.yaml': strategy('desk'), 'env.directory.yaml': directory })
    const simulated = await simulateDesk(cwd, 'sqlite:day.db', 3, ['--format', 'json'])
    expect(simulated.stderr).toBe('')
    expect(simulated.code).toBe(0)
    const day = JSON.parse(simulated.stdout).simulated
    expect(day.offered).toBeGreaterThan(80)
    // a relative SQLite file is where the command ran
    expect(existsSync(path.join(cwd, 'day.db'))).toBe(true)
    const reported = await routewrightInProcess(
      `report --store sqlite:day.db --from ${MEASURED_FROM} --to 2026-01-05T04:00:00Z --interval day --by strategy`
        .concat(' --format json')
        .split(' '),
      cwd,
    )
    expect(reported.code).toBe(0)
    const [row] = JSON.parse(reported.stdout).rows
    expect(row).toMatchObject({ key: 'desk', offered: day.offered })
    expect(row.answered).toBe(day.answered)
    expect(row.asa).toBeCloseTo(day.asa, 6)
  })

  it('refuses a store it cannot name, before simulating', async () => {
    const cwd = workspace({ 'desk.strategy.yaml': strategy('desk'), 'env.directory.yaml': directory })
    const result = await routewrightInProcess(
      ['simulate', 'desk.strategy.yaml', '--arrivals', '40/h', '--aht', '2m', '--store', 'day.db'],
      cwd,
    )
    expect(result.code).toBe(2)
    expect(result.stdout).toBe('')
    expect(result.stderr).toMatch(/--store takes sqlite:FILE or a postgres:\/\/ URL \(got "day\.db"\)/)
  })
  it('refuses a SQLite file that is not a history store before simulating (exit 2, no stack)', async () => {
    const cwd = workspace({
      'desk.strategy.yaml': strategy('desk'),
      'env.directory.yaml': directory,
      'notes.txt': 'not a database\n',
    })
    const result = await routewrightInProcess(
      ['simulate', 'desk.strategy.yaml', '--arrivals', '40/h', '--aht', '2m', '--store', 'sqlite:notes.txt'],
      cwd,
    )
    expect(result.code).toBe(2)
    expect(result.stdout).toBe('')
    expect(result.stderr).toBe(
      `error: ${path.join(cwd, 'notes.txt')} is not a history store: it is not a SQLite database (SQLITE_NOTADB) and was not changed. Give the file serve --store or simulate --store records into (serve --store sqlite:FILE makes one in a new file)\n`,
    )
  })
})

describe('routewright simulate --store postgres://', () => {
  let server: PostgresServer
  beforeAll(async () => {
    server = await startPostgresServer()
  }, 120_000)
  afterAll(async () => {
    await server?.destroy()
  })

  it("prints a URL option the store's own replaces as a warning on its stderr, and records the day", async () => {
    await (await openStore(server.url)).close()
    const cwd = workspace({ 'desk.strategy.yaml': strategy('desk'), 'env.directory.yaml': directory })
    const url = `${server.url}${server.url.includes('?') ? '&' : '?'}options=-c+statement_timeout%3D0`
    const run = await simulateDesk(cwd, url, 1, ['--format', 'json'])
    expect(run.stderr).toMatch(
      /^warning: The PostgreSQL options of the store's URL \(or PGOPTIONS\) set statement_timeout=0; the store uses statement_timeout=29000, .*\n$/,
    )
    expect(run.code).toBe(0)
  })
})
