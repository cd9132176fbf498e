// `routewright serve --store`: the built CLI records what it routes into a SQLite file, answers a designer on another
// origin (--allow-origin, repeatable) and refuses a store it does not understand.
import { existsSync } from 'node:fs'
import path from 'node:path'
import { openStore } from '@routewright/history'
import { describe, expect, it } from 'vitest'
import { examplesDir, routewright, serveExamples, serveExamplesArgs, workspace } from './helpers.ts'

describe('routewright serve --store', () => {
  it('records every interaction into SQLite and serves the monitor to an allowed origin', async () => {
    const folder = workspace()
    const { url, child, exited } = await serveExamples(folder, 'sqlite:history.db', [
      '--allow-origin',
      'http://127.0.0.1:5173',
      '--allow-origin',
      'http://localhost:5173',
    ])
    for (const id of ['c1', 'c2'])
      await fetch(`${url}/v1/interactions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ id, strategy: 'main-inbound', dnis: '8005550111' }),
      })
    const monitor = await fetch(`${url}/v1/monitor`, { headers: { origin: 'http://localhost:5173' } })
    expect(monitor.headers.get('access-control-allow-origin')).toBe('http://localhost:5173')
    expect(((await monitor.json()) as { nodes: Record<string, number> }).nodes).toMatchObject({
      'main-inbound/by_number': 2,
    })
    child.kill('SIGTERM')
    expect(await exited).toBe(0)
    const store = await openStore(`sqlite:${path.join(folder, 'history.db')}`)
    try {
      const records = await store.interactions({ from: 0, to: Number.MAX_SAFE_INTEGER })
      expect(records.map((r) => [r.id, r.outcome, r.destination])).toEqual([
        ['c1', 'route', 'fraud_line'],
        ['c2', 'route', 'fraud_line'],
      ])
    } finally {
      await store.close()
    }
  })

  it('refuses a store that is neither sqlite: nor postgres://, and an origin with a path', async () => {
    const store = await routewright(
      ['serve', '--workspace', examplesDir, '--store', 'history.db'],
      examplesDir,
    )
    expect(store.code).toBe(2)
    expect(store.stderr).toContain('--store takes sqlite:FILE or a postgres:// URL (got "history.db")')
    const origin = await routewright(
      ['serve', '--workspace', examplesDir, '--allow-origin', 'http://x:1/designer'],
      examplesDir,
    )
    expect(origin.code).toBe(2)
    expect(origin.stderr).toContain('--allow-origin takes an origin')
  })
  it('refuses a SQLite file that is not a history store before it starts, as report does (exit 2)', async () => {
    const folder = workspace({ 'notes.txt': 'not a database\n' })
    const result = await routewright(serveExamplesArgs('sqlite:notes.txt'), folder)
    expect(result.code).toBe(2)
    // said once, as a usage error: no listening line, no log of a writer thread that failed
    expect(result.stdout).toBe('')
    expect(result.stderr).toBe(
      `error: ${path.join(folder, 'notes.txt')} is not a history store: it is not a SQLite database (SQLITE_NOTADB) and was not changed. Give the file serve --store or simulate --store records into (serve --store sqlite:FILE makes one in a new file)\n`,
    )
  })

  it('names --store-spool, the path and what to do for a folder or a file in the way (exit 2, no writer thread)', async () => {
    const folder = workspace({ afile: 'in the way\n', 'spooldir/keep': '' })
    const run = (spool: string) =>
      routewright(serveExamplesArgs('sqlite:ok.db', ['--store-spool', spool]), folder)
    const aFolder = await run('spooldir')
    expect([aFolder.code, aFolder.stdout]).toEqual([2, ''])
    expect(aFolder.stderr).toBe(
      `error: --store-spool ${path.join(folder, 'spooldir')} is a folder: give a file (records wait in it while the store does not answer), e.g. --store-spool ${path.join(folder, 'spooldir', 'history.spool.jsonl')}\n`,
    )
    const inTheWay = await run('afile/spool.jsonl')
    expect([inTheWay.code, inTheWay.stdout]).toEqual([2, ''])
    expect(inTheWay.stderr).toBe(
      `error: --store-spool ${path.join(folder, 'afile', 'spool.jsonl')}: ${path.join(folder, 'afile')} is a file, not a folder; give --store-spool a file in a folder this user can write, e.g. /var/lib/routewright/history.spool.jsonl\n`,
    )
  })

  it('names the SQLite file it cannot create, and asks a PostgreSQL store for its spool instead of the workspace', async () => {
    const folder = workspace()
    const proc = await routewright(serveExamplesArgs('sqlite:/proc/h.db'), folder)
    expect(proc.code).toBe(2)
    // as root the spool's folder passes its check and SQLite's open is refused; as another user the spool's is
    expect(proc.stderr).toMatch(/^error: .*\/proc\/h\.db.*(SQLITE_CANTOPEN|EACCES).*\n$/)
    expect(proc.stderr).not.toContain('unable to open database file')
    // nothing listens on port 1: serve would start and spool, so the spool's place must be given
    const pg = await routewright(serveExamplesArgs('postgres://rw@127.0.0.1:1/history'), folder)
    expect([pg.code, pg.stdout]).toEqual([2, ''])
    expect(pg.stderr).toContain('error: A PostgreSQL store needs --store-spool FILE')
    expect(existsSync(path.join(examplesDir, '.routewright-history.spool.jsonl'))).toBe(false)
  })
})
