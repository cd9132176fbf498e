// `routewright simulate --store` stopped by SIGINT or SIGTERM while its store still opens (here a PostgreSQL server
// behind a proxy frozen as the store's migrations go out; migrations on a big SQLite file alike): the open is abandoned
// at once, nothing of the run is written, no temporary file is left, and it exits as a stop after the open does.
// Before, the stop was heard only once the store was open. Spawned: the signal is a real one.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { frozenPostgresPerFile } from './frozen-postgres.ts'
import { directory, startRoutewright, strategy, workspace } from './helpers.ts'

const postgres = frozenPostgresPerFile()
const temps: string[] = []
afterEach(() => {
  for (const folder of temps.splice(0)) rmSync(folder, { recursive: true, force: true })
})

describe('routewright simulate --store stopped while the store opens', () => {
  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)('abandons the open at once on %s, writes nothing and exits %i', async (signal, code) => {
    const cwd = workspace({ 'desk.strategy.yaml': strategy('desk'), 'env.directory.yaml': directory })
    const temp = mkdtempSync(path.join(tmpdir(), 'rw-interrupt-'))
    temps.push(temp)
    // the check before the run sends SELECT 1; the open's migrator reads and locks its own tables first
    const froze = postgres.proxy.freezeWhen('history_migration')
    const args = `simulate desk.strategy.yaml --arrivals 20 --aht 2m --hours 1 --store ${postgres.url('connect_timeout=60')}`
    const run = await startRoutewright(args.split(' '), {
      cwd,
      ready: /^(note): --arrivals/m,
      env: { TMPDIR: temp },
    })
    await froze
    run.child.kill(signal)
    const exit = await run.exited
    expect({ code: exit, stdout: run.stdout(), stderr: run.stderr().replace(/^note: .*\n/, '') }).toEqual({
      code,
      stdout: '',
      stderr: 'interrupted while the PostgreSQL store opened: nothing of this run was written to it\n',
    })
    expect(readdirSync(temp)).toEqual([])
    expect(readdirSync(cwd).sort()).toEqual(['desk.strategy.yaml', 'env.directory.yaml'])
  })
})
