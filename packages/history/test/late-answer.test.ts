// A reservation the host confirms late (`at` earlier than now: the bridge heard of the answer after an outage), or
// an interaction the host says another agent answered then (connectAgent with `at`): its record, its handling and a
// report over them time the wait and the handle time from the answer, as the live statistics do (one definition of
// ASA, service level and AHT).

import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { buildReport, openStore } from '@routewright/history'
import type { StatSubject } from '@routewright/strategy-runtime'
import { createMemoryStatProvider, createSimulatedClock } from '@routewright/strategy-runtime'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { LATER } from './agent-state-rows.ts'
import { recordedSalesRouter } from './recorded-router.ts'
import { SALES_START, salesDirectory } from './routers.ts'

const START = SALES_START
const sales: StatSubject = { kind: 'group', id: 'sales' }

let folder: string
beforeAll(() => {
  folder = mkdtempSync(path.join(tmpdir(), 'rw-late-answer-'))
})
afterAll(() => rmSync(folder, { recursive: true, force: true }))

/**
 * c1 waits 10 s for a1, answered 2 s after the offer (12 s after arrival), confirmed 18 s later, ended 18 s on.
 * `connect`: the host says a2 answered it then (a1's offer withdrawn), in place of a1's confirmation.
 */
function lateAnswer(way: 'confirm' | 'connect') {
  const clock = createSimulatedClock(START)
  const stats = createMemoryStatProvider({ clock, directory: salesDirectory })
  const { items, router } = recordedSalesRouter({
    // the phone rang on while the host could not hear: the offer outlives the 18 s outage
    router: { stats, limits: { reservationTimeoutMs: 60_000 } },
    clock,
  })
  router.submit({ id: 'c1', strategy: 'sales' })
  clock.advance(10_000)
  router.agentEvent({ agent: 'a1', state: 'ready' })
  clock.advance(20_000)
  if (way === 'confirm') router.confirmReservation('c1', { at: START + 12_000 })
  else router.connectAgent('c1', { agent: 'a2', at: START + 12_000 })
  clock.advance(18_000)
  router.complete('c1')
  const value = (statistic: string, subject: StatSubject = sales) =>
    stats.read({ subject, statistic, window: 'current' }).value
  return { items, value, agent: way === 'confirm' ? 'a1' : 'a2' }
}

it.each(['confirm', 'connect'] as const)(
  '%s: records the wait to the answer and the handling from it, finishing when the router heard of it',
  (way) => {
    const { items, agent } = lateAnswer(way)
    const interaction = items.find((i) => i.kind === 'interaction')?.record
    expect(interaction).toMatchObject({
      outcome: 'routed',
      agent,
      arrivedAt: START,
      answeredAt: START + 12_000,
      finishedAt: START + 30_000,
      waitMs: 12_000,
    })
    expect(interaction && 'segments' in interaction ? interaction.segments : []).toMatchObject([
      { node: 'pick', entered: START, left: START + 12_000, result: 'routed' },
    ])
    expect(items.find((i) => i.kind === 'handling')?.record).toMatchObject({
      interaction: 'c1',
      agent,
      startedAt: START + 12_000,
      endedAt: START + 48_000,
    })
  },
)

it.each(['confirm', 'connect'] as const)(
  '%s: gives in a report the ASA, service level and AHT the memory provider gives',
  async (way) => {
    const { items, value, agent } = lateAnswer(way)
    const live = {
      asa: value('AverageSpeedOfAnswer'),
      serviceLevel: value('ServiceLevel(20s)'),
      aht: value('AverageHandleTime', { kind: 'agent', id: agent }),
    }
    // answered 12 s after arrival (within 20 s), handled 36 s: not 30 s (outside) and 18 s as the host said so
    expect(live).toEqual({ asa: 12, serviceLevel: 1, aht: 36 })
    const store = await openStore(`sqlite:${path.join(folder, `late-${way}.db`)}`)
    try {
      await store.write(items)
      for (const source of ['auto', 'raw'] as const) {
        const report = await buildReport(store, {
          clock: LATER,
          from: START,
          to: START + 3_600_000,
          interval: '1h',
          by: 'queue',
          serviceLevelSeconds: 20,
          source,
        })
        expect(report.totals).toMatchObject([{ key: 'group:sales', answered: 1, ...live }])
      }
    } finally {
      await store.close()
    }
  },
)
