// A simulated long day through the public provider: what the windows keep is bounded by subjects x quarter hours
// (retained()), and windows on an edge or within the last 2 h count what a plain tally of the feed counts.
import { createMemoryStatProvider } from '@routewright/strategy-runtime'
import { describe, expect, it } from 'vitest'
import { directory, manualClock, T0 } from './stats-fixtures.ts'

const AGENTS = ['a1', 'a2', 'a3']

describe('memory provider over a long busy day', () => {
  it('keeps rows bounded by the quarter hours, not by calls, and counts as a tally of the feed', () => {
    const clock = manualClock()
    const stats = createMemoryStatProvider({ clock, directory })
    for (const agent of AGENTS) stats.record({ type: 'agent-state', agent, state: 'ready', at: T0 })
    const handled = new Map<string, number[]>(AGENTS.map((a) => [a, []]))
    const end = T0 + 30 * 3_600_000 + 7 * 60_000 // off the quarter hour: a day back is inside one
    let peakRows = 0
    // a call a minute for 30 h: each agent takes one every 3 minutes, talks 40 s
    for (let k = 0, at = T0 + 1000; at < end; k++, at += 60_000) {
      const agent = AGENTS[k % AGENTS.length]!
      const id = `c${k}`
      const targets = [{ kind: 'queue' as const, id: 'front' }]
      clock.set(at)
      stats.record({ type: 'interaction-queued', interaction: id, targets, media: 'voice', at })
      clock.set(at + 5_000)
      stats.record({
        type: 'interaction-routed',
        interaction: id,
        agent,
        targets,
        media: 'voice',
        at: at + 5_000,
      })
      clock.set(at + 45_000)
      stats.record({ type: 'interaction-completed', interaction: id, agent, media: 'voice', at: at + 45_000 })
      handled.get(agent)!.push(at + 45_000)
      if (k % 60 === 0) peakRows = Math.max(peakRows, stats.retained().timelineRows)
    }
    clock.set(end)
    const kept = stats.retained()
    peakRows = Math.max(peakRows, kept.timelineRows)
    expect(kept.agents).toBe(3)
    // 3 agents and 3 groups with a queue's figures; a row a call per agent would be ~1,000 rows each over 26 h
    expect(peakRows / (kept.agents + kept.subjects)).toBeLessThan(300)
    expect(kept.numbers).toBe(
      kept.timelineRows * 7 + kept.seriesRows * 3 + kept.countRows * 2 + kept.loggedAnswers * 2,
    )
    const midnight = Date.UTC(2026, 10, 26)
    for (const agent of AGENTS) {
      const times = handled.get(agent)!
      for (const [window, from] of [
        ['since-midnight', midnight],
        ['60m', end - 3_600_000],
        ['120m', end - 7_200_000],
      ] as const) {
        const expected = times.filter((t) => t > from && t <= end).length
        const got = stats.read({
          subject: { kind: 'agent', id: agent },
          statistic: 'InteractionsHandled',
          window,
        })
        expect([agent, window, got.value]).toEqual([agent, window, expected])
      }
      // a day's window starts inside a sampled quarter hour: it reads from that quarter hour's edge
      const dayFrom = Math.floor((end - 86_400_000) / 900_000) * 900_000
      const day = stats.read({
        subject: { kind: 'agent', id: agent },
        statistic: 'InteractionsHandled',
        window: '1440m',
      })
      expect(day.value).toBe(times.filter((t) => t > dayFrom && t <= end).length)
    }
  })
})
