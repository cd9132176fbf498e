// Names in a report come from API callers (queues, agents, strategies, reasons, supervisors): the table prints them
// on a terminal and the CSV opens in a spreadsheet, so neither may run what a hostile name carries.
import { buildReasonReport, buildReport, formatReport, openStore } from '@routewright/history/report'
import { agentStateRows } from '@routewright/history/testing'
import { displayWidth } from '@routewright/strategy-dsl/display-width'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { HistoryStore } from '../src/store.ts'

const START = Date.UTC(2026, 2, 2, 0, 0)
const MIN = 60_000
const range = {
  from: START,
  to: START + 60 * MIN,
  interval: '1h' as const,
  clock: { now: () => START + 90 * MIN },
}
const ESC = '\u001b'
/** Clears the screen, writes the clipboard (OSC 52), then reads right to left (U+202E) and isolates (U+2066). */
const HOSTILE = `lunch${ESC}[2J${ESC}]52;c;cm0gLXJm\u0007\u202eevil\u2066x\u2069`
/** Its 63rd and 64th UTF-16 units are one emoji's halves: a cut there would print half of it. */
const LONG_AGENT = `${'a'.repeat(62)}😀${'b'.repeat(200)}`

let store: HistoryStore
beforeEach(async () => {
  store = await openStore('sqlite::memory:')
  const row = agentStateRows({ start: START, groups: ['sales'] })
  await store.write([
    row(LONG_AGENT, 0, 'ready'),
    row('ann', 0, 'not-ready', { reason: HOSTILE, by: 'supervisor', supervisor: 'sam\nforged line' }),
    row('ann', 10, 'ready', { by: 'host' }),
    row('bob', 0, 'not-ready', { reason: '=1+2', by: 'supervisor', supervisor: '-3' }),
    row('bob', 20, 'ready', { by: 'host' }),
  ])
})
afterEach(async () => {
  await store.close()
})

/** Any control character, C1 or bidi embedding/override/isolate but the line feeds between rows. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding them is the point
const UNSAFE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/

describe('report cells', () => {
  it('shows control and bidi characters in a table as visible ones, each row on its line', async () => {
    const table = formatReport(await buildReasonReport(store, range), 'table')
    expect(table).not.toMatch(UNSAFE)
    expect(table).toContain('lunch␛[2J␛]52;c;cm0gLXJm␇�evil�x�')
    expect(table).toContain('sam␊forged line')
    expect(table.split('\n').filter((line) => line.startsWith('forged'))).toEqual([])
  })

  it('cuts a long name in a table to its budget on a whole character', async () => {
    const table = formatReport(await buildReport(store, { ...range, by: 'agent' }), 'table')
    const total = table.split('\n').find((line) => line.startsWith('total') && line.includes('aaa')) ?? ''
    const key = total.split(/\s+/)[1] ?? ''
    expect(key).toBe(`${'a'.repeat(62)}…`)
    expect(table).not.toContain('bbb')
  })

  it('writes CSV with formulas after a quote, numbers as they are, and RFC 4180 quoting', async () => {
    const csv = formatReport(await buildReasonReport(store, { ...range, interval: 'day' }), 'csv')
    const totals = csv.split(/\n(?=total,|$)/).filter((line) => line.startsWith('total'))
    expect(totals).toContainEqual("total,'=1+2,1,1,1200,supervisor,-3,not-ready")
    expect(totals).toContainEqual(`total,${HOSTILE},1,1,600,supervisor,"sam\nforged line",not-ready`)
  })

  it('lines up columns by display width for wide (CJK) and combining-mark names, and cuts them by width', async () => {
    const row = agentStateRows({ start: START, groups: ['sales'] })
    // 2 columns each; e + U+0301 is one column in two units; 100 wide characters: 200 columns
    await store.write([
      row('山田太郎', 0, 'ready'),
      row('Rene\u0301e', 0, 'ready'),
      row('名'.repeat(100), 0, 'ready'),
    ])
    const table = formatReport(await buildReport(store, { ...range, by: 'agent' }), 'table')
    const lines = table.split('\n').filter((line) => /^(interval|total|2026)/.test(line))
    // figures are right-aligned, so every line of an aligned table ends at the same column
    expect(new Set(lines.map(displayWidth)).size).toBe(1)
    const wide = lines.find((line) => line.includes('名')) ?? ''
    expect(wide.split(/\s+/)[1]).toBe(`${'名'.repeat(31)}…`)
  })
})
