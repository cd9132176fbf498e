// `routewright simulate --store` stopped by Ctrl-C (SIGINT) while it writes: the run ends at its next step, not
// when the day does; no temporary folder or file left, a store it created removed, one that was there left whole
// with the day up to the stop, each said on stderr, and exit 130. Spawned: the history's writer thread loads the
// bundled runtime, and the signal is a real one.
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { waitFor } from '@routewright/node-support'
import { afterEach, describe, expect, it } from 'vitest'
import { keptAtStop } from '../src/commands/simulate.ts'
import { directory, simulateDesk, startRoutewright, strategy, workspace } from './helpers.ts'

const temps: string[] = []
afterEach(() => {
  for (const folder of temps.splice(0)) rmSync(folder, { recursive: true, force: true })
})

/**
 * Starts a day of two million calls (minutes of work: a run that heard the stop only at the day's end outlasts the
 * test), sends SIGINT once the store's file is there, returns the end.
 */
async function interruptedSimulate(cwd: string, temp: string, stored: () => boolean) {
  const args =
    'simulate desk.strategy.yaml --arrivals 20000 --aht 2m --hours 100 --store sqlite:day.db'.split(' ')
  // a bare rate's note is its first line, written before the store is opened
  const run = await startRoutewright(args, { cwd, ready: /^(note): --arrivals/m, env: { TMPDIR: temp } })
  await waitFor('simulate to open its store', stored, 30_000, 5)
  run.child.kill('SIGINT')
  return { code: await run.exited, stderr: run.stderr().replace(/^note: .*\n/, ''), stdout: run.stdout() }
}

function tempFolder(): string {
  const temp = mkdtempSync(path.join(tmpdir(), 'rw-interrupt-'))
  temps.push(temp)
  return temp
}

describe('routewright simulate --store stopped by SIGINT', () => {
  it('removes the store it created and leaves nothing in the temporary folder, exit 130', async () => {
    const cwd = workspace({ 'desk.strategy.yaml': strategy('desk'), 'env.directory.yaml': directory })
    const temp = tempFolder()
    const result = await interruptedSimulate(cwd, temp, () => existsSync(path.join(cwd, 'day.db')))
    expect(result).toEqual({
      code: 130,
      stdout: '',
      stderr: `interrupted: removed ${path.join(cwd, 'day.db')}, the store this run created\n`,
    })
    expect(readdirSync(cwd).filter((name) => name.startsWith('day.db'))).toEqual([])
    expect(readdirSync(temp)).toEqual([])
  })

  it('keeps a store that was there whole with the day up to the stop, says so, and leaves nothing in the temporary folder', async () => {
    const cwd = workspace({ 'desk.strategy.yaml': strategy('desk'), 'env.directory.yaml': directory })
    expect((await simulateDesk(cwd, 'sqlite:day.db', 1)).code).toBe(0)
    const temp = tempFolder()
    // records in the write-ahead log say the day is being written (the store's check before opens it empty)
    const wal = path.join(cwd, 'day.db-wal')
    const result = await interruptedSimulate(cwd, temp, () => existsSync(wal) && statSync(wal).size > 0)
    expect(result).toEqual({
      code: 130,
      stdout: '',
      stderr: expect.stringMatching(
        /^interrupted: \S+day\.db keeps the simulated day up to 2026-01-\d\dT\d\d:\d\dZ, where the stop ended the run \(the rest was not simulated\)\n$/,
      ),
    })
    expect(result.stderr).toContain(path.join(cwd, 'day.db'))
    expect(readdirSync(temp)).toEqual([])
  })
})

it("says a stop after the day's end kept the whole day, and one before it not the rest", () => {
  const at = Date.UTC(2026, 0, 2)
  expect(keptAtStop({ stoppedAt: at, dayEnded: true })).toBe(
    'the whole simulated day, to 2026-01-02T00:00Z; the stop came after its end, so the interactions still open then were not finished',
  )
  expect(keptAtStop({ stoppedAt: at, dayEnded: false })).toBe(
    'the simulated day up to 2026-01-02T00:00Z, where the stop ended the run (the rest was not simulated)',
  )
})
