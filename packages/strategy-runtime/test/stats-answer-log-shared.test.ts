// The answers kept for a threshold read for the first time: a queue and its groups, told every answer of the
// queue's calls, keep them once (retained()), and a new threshold still counts each subject's own answers.
import { createMemoryStatProvider, type StatSubject } from '@routewright/strategy-runtime'
import { describe, expect, it } from 'vitest'
import { directory, manualClock, T0 } from './stats-fixtures.ts'

const FRONT: StatSubject = { kind: 'queue', id: 'front' }
const SALES: StatSubject = { kind: 'group', id: 'sales' }
const VIP: StatSubject = { kind: 'group', id: 'vip' }

describe('memory provider answer log', () => {
  it('keeps the answers of a queue and its groups once, and a new threshold counts what each subject was answered', () => {
    const clock = manualClock()
    const stats = createMemoryStatProvider({ clock, directory })
    stats.record({ type: 'agent-state', agent: 'a2', state: 'ready', at: T0 })
    const answered: Array<{ at: number; wait: number; subjects: string[] }> = []
    const call = (k: number, targets: StatSubject[], subjects: string[]) => {
      const queuedAt = T0 + k * 10_000
      const wait = (k * 1_733) % 15_000
      clock.set(queuedAt)
      stats.record({
        type: 'interaction-queued',
        interaction: `c${k}`,
        targets,
        media: 'voice',
        at: queuedAt,
      })
      clock.set(queuedAt + wait)
      stats.record({
        type: 'interaction-routed',
        interaction: `c${k}`,
        agent: 'a2',
        targets,
        media: 'voice',
        at: queuedAt + wait,
      })
      stats.record({
        type: 'interaction-completed',
        interaction: `c${k}`,
        agent: 'a2',
        media: 'voice',
        at: queuedAt + wait,
      })
      answered.push({ at: queuedAt + wait, wait, subjects })
    }
    // 20 minutes of the queue's calls alone: the queue, sales and support are told the same 120 answers
    for (let k = 0; k < 120; k++) call(k, [FRONT], ['queue:front', 'group:sales', 'group:support'])
    expect(stats.retained().loggedAnswers).toBe(120)
    // then calls for sales alone and for vip alone among them: the logs part where the answers do
    for (let k = 120; k < 360; k++) {
      if (k % 5 === 0) call(k, [SALES], ['group:sales'])
      else if (k % 7 === 0) call(k, [VIP], ['group:vip'])
      else call(k, [FRONT], ['queue:front', 'group:sales', 'group:support'])
    }
    const now = clock.now()
    const told = (key: string) => answered.filter((a) => a.subjects.includes(key)).length
    // (all within 2 h, kept one by one) front and support still share one log; sales and vip each keep their own
    expect(stats.retained().loggedAnswers).toBe(told('queue:front') + told('group:sales') + told('group:vip'))
    for (const [kind, id] of [
      ['queue', 'front'],
      ['group', 'sales'],
      ['group', 'support'],
      ['group', 'vip'],
    ] as const)
      for (const window of ['15m', '60m', '120m'] as const) {
        const from = now - Number.parseInt(window, 10) * 60_000
        const mine = answered.filter((a) => a.subjects.includes(`${kind}:${id}`) && a.at > from)
        const within = mine.filter((a) => a.wait <= 7_000).length
        const read = stats.read({ subject: { kind, id }, statistic: 'ServiceLevel(7s)', window })
        expect([kind, id, window, read.value]).toEqual([kind, id, window, within / mine.length])
      }
  })
})
