// A report past its rows is refused from the agents' logged-in intervals, before one of its cells is built: a year
// of 15-minute intervals by agent built a million cells (~2 s, 360 MB) before the running budget refused it.
import { buildReasonReport, buildReport, reportBudgets } from '@routewright/history/report'
import { agentStateRows } from '@routewright/history/testing'
import { afterEach, describe, expect, it } from 'vitest'
import type { ReportBudget, ReportBudgets } from '../src/report-budget.ts'
import type { HistoryStore } from '../src/store.ts'
import { STORE_KINDS, type StoreKind } from './fixtures.ts'

const START = Date.UTC(2026, 2, 2, 0, 0)
const DAY = 86_400_000
const sales = agentStateRows({ start: START, groups: ['sales'] })
const support = agentStateRows({ start: START, groups: ['support'] })
const quarters = {
  from: START,
  to: START + DAY,
  clock: { now: () => START + 2 * DAY },
  interval: '15m' as const,
}

/** Budgets of `rows` rows and `slots` figures that count what was built (each takes its share as it is made). */
function counted(rows: number, slots = 1_000_000) {
  const inner = reportBudgets({ rows, slots })
  const built = { rows: 0, slots: 0 }
  const spied = (name: 'rows' | 'slots'): ReportBudget => ({
    take(n) {
      built[name] += n
      inner[name].take(n)
    },
    ahead: (n) => inner[name].ahead(n),
  })
  const budgets: ReportBudgets = { rows: spied('rows'), slots: spied('slots') }
  return { budgets, built }
}

describe.each(STORE_KINDS)('report estimate on %s', (_name, make) => {
  let kind: StoreKind
  let store: HistoryStore
  afterEach(async () => {
    await store.close()
    await kind.cleanup()
  })
  const open = async () => {
    kind = await make()
    store = await kind.open()
    // three agents logged in all day (ann and bob in sales, cyd in support): 3 x 96 agent rows, 2 x 96 group rows
    await store.write([
      sales('ann', 0, 'ready'),
      sales('bob', 0, 'ready'),
      support('cyd', 0, 'not-ready', { reason: 'lunch' }),
    ])
  }

  it('refuses an agent report over its rows before building one, and builds one just within', async () => {
    await open()
    const over = counted(287)
    await expect(buildReport(store, { ...quarters, by: 'agent' }, over.budgets)).rejects.toThrow(
      'The report would hold more than 287 rows: report a shorter range (--from to --to), or a longer interval than 15m',
    )
    expect(over.built.rows).toBe(0)
    const within = counted(288)
    const report = await buildReport(store, { ...quarters, by: 'agent' }, within.budgets)
    expect(report.rows).toHaveLength(288)
    expect(within.built.rows).toBe(288)
  })

  it('counts a group report by the groups, not the agents', async () => {
    await open()
    const over = counted(191)
    await expect(buildReport(store, { ...quarters, by: 'group' }, over.budgets)).rejects.toThrow(
      'more than 191 rows',
    )
    expect(over.built.rows).toBe(0)
    const report = await buildReport(store, { ...quarters, by: 'group' }, counted(192).budgets)
    expect(report.rows).toHaveLength(192)
  })

  it('refuses a report whose logged-in agents alone are past its figures before one is kept', async () => {
    await open()
    // 3 agents logged in: at least 3 x 96 figures (each one's logged-in time per interval)
    const over = counted(1_000_000, 287)
    await expect(buildReport(store, { ...quarters, by: 'agent' }, over.budgets)).rejects.toThrow(
      'The report would hold more than 287 figures per interval in memory',
    )
    expect(over.built.slots).toBe(0)
    const reasons = counted(1_000_000, 287)
    await expect(buildReasonReport(store, quarters, reasons.budgets)).rejects.toThrow('more than 287 figures')
    expect(reasons.built.slots).toBe(0)
    // past the estimate, the figures kept as they are built still refuse (a series per state besides)
    const backstop = counted(1_000_000, 288)
    await expect(buildReport(store, { ...quarters, by: 'agent' }, backstop.budgets)).rejects.toThrow(
      'more than 288 figures',
    )
    expect(backstop.built.slots).toBeGreaterThan(0)
    expect(
      (await buildReport(store, { ...quarters, by: 'agent' }, counted(1_000_000).budgets)).rows,
    ).toHaveLength(288)
  })
})
