// `routewright report --by disposition` on a SQLite history: handlings and AHT by the wrap-up code serve's complete
// gave (history schema 0012), `(none)` for those without one; the options of waits and abandons refused.
import path from 'node:path'
import { type HandlingRecord, openStore } from '@routewright/history'
import { describe, expect, it } from 'vitest'
import { HISTORY_DAY, workspace } from './helpers.ts'
import { routewrightInProcess } from './in-process.ts'

const MIN = 60_000

function handling(
  interaction: string,
  minute: number,
  talkSeconds: number,
  disposition?: string,
): HandlingRecord {
  const startedAt = HISTORY_DAY + minute * MIN
  return {
    interaction,
    router: 'r1',
    agent: 'ann',
    media: 'voice',
    startedAt,
    endedAt: startedAt + talkSeconds * 1000,
    endedBy: 'completed',
    strategy: 'support',
    ...(disposition === undefined ? {} : { disposition }),
  }
}

function report(cwd: string, ...more: string[]) {
  return routewrightInProcess(
    ['report', '--store', 'sqlite:h.db', '--from', '2026-03-02', '--by', 'disposition', ...more],
    cwd,
  )
}

describe('report --by disposition', () => {
  it('counts handlings and their AHT by wrap-up code, most first, the ones without a code as (none)', async () => {
    const cwd = workspace()
    const store = await openStore(`sqlite:${path.join(cwd, 'h.db')}`)
    await store.write([
      { kind: 'handling', record: handling('a', 0, 100, 'sale') },
      { kind: 'handling', record: handling('b', 5, 200, 'sale') },
      { kind: 'handling', record: handling('c', 10, 60, 'callback-needed') },
      { kind: 'handling', record: handling('d', 15, 30) },
      { kind: 'handling', record: handling('e', 20, 90, '=cmd()') },
    ])
    await store.close()
    const csv = await report(cwd, '--format', 'csv')
    expect(csv.stderr).toBe('')
    expect(csv.stdout.trim().split('\n')).toEqual([
      'disposition,handled,aht_s',
      'sale,2,150',
      '(none),1,30',
      "'=cmd(),1,90",
      'callback-needed,1,60',
    ])
    const json = JSON.parse((await report(cwd, '--format', 'json')).stdout)
    expect(json.by).toBe('disposition')
    expect(json.totals[0]).toEqual({ disposition: 'sale', handled: 2, ahtSeconds: 150 })
    const table = await report(cwd)
    expect(table.stdout).toMatch(/^disposition\s+handled\s+aht_s\nsale\s+2\s+150\n/)
  })

  it('refuses the options of waits and abandons, which it has no figure for', async () => {
    const cwd = workspace()
    const store = await openStore(`sqlite:${path.join(cwd, 'h.db')}`)
    await store.write([{ kind: 'handling', record: handling('a', 0, 100, 'sale') }])
    await store.close()
    const refused = await report(cwd, '--sl', '20')
    expect(refused.code).toBe(2)
    expect(refused.stderr).toContain('--sl does not apply to --by disposition')
  })
})
