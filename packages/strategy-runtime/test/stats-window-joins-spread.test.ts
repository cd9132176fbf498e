// The quarter hours and five minutes joined behind a busy subject's last row (window-slices.ts) come due at a point
// of the next one derived from the subject's key (joinDelayShare), so the writes after a quarter hour do not carry
// every busy subject's join at once; each join is still written exactly once and the parts read back as one full
// write's.
import {
  applySliceChange,
  createMemoryStatProvider,
  createWindowSliceState,
  joinDelayShare,
  type MemoryStatProvider,
  mergeWindowSlices,
  type StatSubject,
  type WindowSliceState,
} from '@routewright/strategy-runtime'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { manualClock } from './stats-fixtures.ts'

const QUARTER_MS = 15 * 60_000
/** A quarter hour's start: the run crosses three quarter hours' ends, the first two joined by 45 minutes. */
const START = Date.UTC(2026, 10, 25, 10, 0, 0)

type Store = Map<string, string>

/** One write: what changed, applied to `store`; the names of the joined parts it set. */
function writePass(stats: MemoryStatProvider, state: WindowSliceState, store: Store): string[] {
  const joined: string[] = []
  for (const change of stats.windowSliceChanges(state)) {
    for (const [name, part] of change.set) {
      store.set(name, JSON.stringify(part))
      if (name.endsWith('+15')) joined.push(name)
    }
    for (const name of change.removed) store.delete(name)
    applySliceChange(state, change)
  }
  return joined
}

function merged(store: Store, at: number) {
  return mergeWindowSlices(
    [...store].map(([name, text]) => [name, JSON.parse(text)] as const),
    { at },
  )
}

/**
 * `ids` agents in one group, each answering a call every `every` seconds (staggered) for 47 minutes from a quarter
 * hour, written every second: per write the quarter hours joined, and when each subject's first two were.
 */
function busy(ids: readonly string[], every: number) {
  const group: StatSubject = { kind: 'group', id: 'support' }
  const clock = manualClock(START)
  const agents = Object.fromEntries(ids.map((id) => [id, { groups: ['support'] }]))
  const stats = createMemoryStatProvider({
    clock,
    directory: { directory: 'spread', format: 1, groups: { support: {} }, agents },
  })
  for (const id of ids) stats.record({ type: 'agent-state', agent: id, state: 'ready', at: clock.now() })
  const state = createWindowSliceState()
  const store: Store = new Map()
  const perWrite: number[] = []
  const joinedAt = new Map<string, number[]>()
  let n = 0
  for (let s = 1; s <= 47 * 60; s++) {
    clock.advance(1000)
    const at = clock.now()
    ids.forEach((agent, i) => {
      if ((s + i) % every !== 0) return
      const id = `i${n++}`
      stats.record({ type: 'interaction-queued', interaction: id, targets: [group], media: 'voice', at })
      stats.record({
        type: 'interaction-routed',
        interaction: id,
        agent,
        targets: [group],
        media: 'voice',
        at,
      })
      if (n > ids.length)
        stats.record({
          type: 'interaction-completed',
          interaction: `i${n - ids.length - 1}`,
          agent,
          media: 'voice',
          at,
        })
    })
    const joined = writePass(stats, state, store)
    perWrite.push(joined.length)
    for (const name of joined) {
      const subject = name.slice(0, name.lastIndexOf('@'))
      joinedAt.set(subject, [...(joinedAt.get(subject) ?? []), at])
    }
  }
  return { clock, stats, store, perWrite, joinedAt }
}

describe('windows as slice parts: joins spread over the next quarter hour', () => {
  it("joins each busy subject's quarter hour once, at its share of the next one, and reads back as a full write", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.stringMatching(/^[a-z0-9][a-z0-9@.-]{0,11}$/), { minLength: 1, maxLength: 12 }),
        fc.integer({ min: 1, max: 20 }),
        (ids, every) => {
          const { clock, stats, store, joinedAt } = busy(ids, every)
          for (const subject of [...ids.map((id) => `agent:${id}`), 'group:support']) {
            const times = joinedAt.get(subject) ?? []
            // the quarter hours in order, each once: not before the subject's share of the next quarter hour, and at
            // its first row from there on (one every `every` seconds for an agent); the next one not due yet
            const due = (q: number) => START + (q + 1 + joinDelayShare(subject)) * QUARTER_MS
            expect([subject, times.length >= 2]).toEqual([subject, true])
            times.forEach((at, q) => {
              expect(at).toBeGreaterThanOrEqual(due(q))
              expect(at - due(q)).toBeLessThanOrEqual(every * 1000)
            })
            expect(due(times.length)).toBeGreaterThan(clock.now() - every * 1000)
          }
          const full: Store = new Map()
          writePass(stats, createWindowSliceState(), full)
          expect([...store.keys()].sort()).toEqual([...full.keys()].sort())
          expect(merged(store, clock.now())).toEqual(merged(full, clock.now()))
        },
      ),
      { numRuns: 12, seed: 20261203 },
    )
  })

  it("spreads 300 busy agents' quarter-hour joins: no write carries more than a few", () => {
    const ids = Array.from({ length: 300 }, (_, i) => `a${i}`)
    const { perWrite } = busy(ids, 10)
    // every agent's first two quarter hours and the group's were joined
    expect(perWrite.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(2 * 301)
    // all due in the same second, they were 30 a write (each agent answers once in ten seconds); spread over the
    // quarter hour's 900 seconds, about one in three writes carries one
    expect(Math.max(...perWrite)).toBeLessThanOrEqual(5)
  })
})
