// A --store that is not a SQLite database (a device, a folder, another file): report and history migrate say so,
// by name, and change nothing; before, SQLite read a device as an empty database or failed "unexpectedly".
import { mkdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { workspace } from './helpers.ts'
import { routewrightInProcess } from './in-process.ts'

const NOT_A_DATABASE = 'strategy: s\nformat: 1\n'.repeat(400)

describe('a --store that is not a SQLite database', () => {
  it.each([
    ['a device', '/dev/null', /^error: \/dev\/null is a device, not a SQLite file: give the file serve/],
    ['a folder', 'flows', /^error: .*\/flows is a folder, not a SQLite file: give the file serve/],
  ])('refuses %s by name in report and migrate, with exit 2', async (_kind, file, message) => {
    const cwd = workspace()
    mkdirSync(path.join(cwd, 'flows'))
    for (const args of [
      ['report', '--from', '2026-03-02'],
      ['history', 'migrate'],
    ]) {
      const run = await routewrightInProcess([...args, '--store', `sqlite:${file}`], cwd)
      expect([run.code, run.stdout]).toEqual([2, ''])
      expect(run.stderr).toMatch(message)
    }
  })

  it('says what to run for a folder given to report, not the API that records a store', async () => {
    const cwd = workspace()
    mkdirSync(path.join(cwd, 'flows'))
    const run = await routewrightInProcess(['report', '--from', '2026-03-02', '--store', 'sqlite:flows'], cwd)
    expect([run.code, run.stdout]).toEqual([2, ''])
    expect(run.stderr).toBe(
      `error: ${path.join(cwd, 'flows')} is a folder, not a SQLite file: give the file serve --store or simulate --store records into\n` +
        'hint: Record one with routewright simulate <strategy-file> --arrivals 120/h --aht 180 --store sqlite:FILE (or serve --store sqlite:FILE), then give that file\n',
    )
  })

  it('names a file that is not a database in report and migrate, exits 2 as for a folder and leaves it as it was', async () => {
    const cwd = workspace({ 'notes.strategy.yaml': NOT_A_DATABASE })
    for (const args of [
      ['report', '--from', '2026-03-02'],
      ['history', 'migrate'],
    ]) {
      const run = await routewrightInProcess([...args, '--store', 'sqlite:notes.strategy.yaml'], cwd)
      expect([run.code, run.stdout]).toEqual([2, ''])
      expect(run.stderr).toBe(
        `error: ${path.join(cwd, 'notes.strategy.yaml')} is not a history store: it is not a SQLite database (SQLITE_NOTADB) and was not changed. Give the file serve --store or simulate --store records into (serve --store sqlite:FILE makes one in a new file)\n`,
      )
    }
    expect(readFileSync(path.join(cwd, 'notes.strategy.yaml'), 'utf8')).toBe(NOT_A_DATABASE)
  })
})
