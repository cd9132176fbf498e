// The windows as parts per subject and time slice, five minutes and quarter hours joined behind a subject's last row
// (window-slices.ts): parts written change by change over a day and more read back exactly as one full write's
// parts (a part past the exact hour may still hold its exact rows until its subject changes again; the reader keeps
// one a minute of them alike), and restore the figures the whole-part export restores.
import {
  applySliceChange,
  createMemoryStatProvider,
  createWindowSliceState,
  joinDelayShare,
  type MemoryStatProvider,
  mergeWindowSlices,
  type StatEvent,
  type StatSubject,
  type WindowSliceState,
  WindowSnapshotError,
} from '@routewright/strategy-runtime'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  AGENT_WINDOW_STATS,
  directory,
  type ManualClock,
  manualClock,
  QUEUE_WINDOW_STATS,
  T0,
  takeOver as takeOverWith,
  windowReads,
} from './stats-fixtures.ts'

const front: StatSubject = { kind: 'queue', id: 'front' }
const sales: StatSubject = { kind: 'group', id: 'sales' }
const vip: StatSubject = { kind: 'group', id: 'vip' }
const AGENTS = ['a1', 'a2', 'a3']

/** A store as Redis holds the parts: field -> JSON. */
type Store = Map<string, string>

/** One pass of the writer: what changed since `state`, applied to `store` and recorded in `state`. */
function writePass(stats: MemoryStatProvider, state: WindowSliceState, store: Store): number {
  let sent = 0
  for (const change of stats.windowSliceChanges(state)) {
    for (const name of change.removed) store.delete(name)
    for (const [name, part] of change.set) {
      store.set(name, JSON.stringify(part))
      sent++
    }
    applySliceChange(state, change)
  }
  return sent
}

function fullWrite(stats: MemoryStatProvider): Store {
  const store: Store = new Map()
  writePass(stats, createWindowSliceState(), store)
  return store
}

/** What a strategy reads over windows: the queue's and a group's figures and each agent's, in four windows. */
function reads(stats: MemoryStatProvider): Record<string, number> {
  return windowReads(stats, [
    [front, QUEUE_WINDOW_STATS],
    [sales, [...QUEUE_WINDOW_STATS, ...AGENT_WINDOW_STATS]],
    [vip, QUEUE_WINDOW_STATS],
    ...AGENTS.map((id) => [{ kind: 'agent', id } as const, AGENT_WINDOW_STATS] as const),
  ])
}

/** A provider that took over with `snapshot`: the rows mergeWindowSlices joined, or an export read back from JSON. */
const takeOver = (snapshot: unknown, events: readonly StatEvent[], at: number) =>
  takeOverWith(snapshot, events, at).stats

function merged(store: Store, at: number) {
  return mergeWindowSlices(
    [...store].map(([name, text]) => [name, JSON.parse(text)] as const),
    { at },
  )
}

/** Random traffic: each step moves the clock, then changes an agent, queues, answers, abandons or completes. */
const stepArb = fc.record({
  dt: fc.oneof(fc.integer({ min: 0, max: 3000 }), fc.integer({ min: 0, max: 70 * 60_000 })),
  op: fc.integer({ min: 0, max: 6 }),
  agent: fc.integer({ min: 0, max: 2 }),
  wait: fc.integer({ min: 0, max: 60_000 }),
  write: fc.boolean(),
})

type Step = typeof stepArb extends fc.Arbitrary<infer T> ? T : never

function run(steps: readonly Step[]) {
  const clock: ManualClock = manualClock()
  const stats = createMemoryStatProvider({ clock, directory })
  const events: StatEvent[] = []
  const record = (e: StatEvent) => {
    events.push(e)
    stats.record(e)
  }
  for (const agent of AGENTS) record({ type: 'agent-state', agent, state: 'ready', at: clock.now() })
  const state = createWindowSliceState()
  const store: Store = new Map()
  let n = 0
  const open: Array<{ id: string; agent: string }> = []
  for (const step of steps) {
    clock.advance(step.dt)
    const at = clock.now()
    const agent = AGENTS[step.agent]!
    const id = `i${n++}`
    if (step.op === 0)
      record({ type: 'agent-state', agent, state: step.wait % 2 ? 'not-ready' : 'ready', at })
    else if (step.op <= 2) {
      record({ type: 'interaction-queued', interaction: id, targets: [front, sales], media: 'voice', at })
      clock.advance(step.wait)
      const routed = clock.now()
      record({
        type: 'interaction-routed',
        interaction: id,
        agent,
        targets: [front, sales],
        media: 'voice',
        at: routed,
      })
      open.push({ id, agent })
    } else if (step.op === 3 && open.length > 0) {
      const done = open.shift()!
      record({ type: 'interaction-completed', interaction: done.id, agent: done.agent, media: 'voice', at })
    } else if (step.op === 4) {
      record({ type: 'interaction-queued', interaction: id, targets: [front], media: 'voice', at })
      clock.advance(step.wait)
      record({ type: 'interaction-abandoned', interaction: id, targets: [front], at: clock.now() })
    } else if (step.op === 5) {
      // a service level threshold read for the first time: a new series built from the logged answers
      stats.read({ subject: front, statistic: `ServiceLevel(${1 + (step.wait % 30)}s)`, window: '15m' })
    } else if (step.op === 6) {
      // waits for group vip, overflows to front (vip's OverflowOut, both Entered) and is abandoned there
      record({ type: 'interaction-queued', interaction: id, targets: [vip], media: 'voice', at })
      clock.advance(step.wait)
      record({ type: 'interaction-left-queue', interaction: id, targets: [vip], at: clock.now() })
      record({
        type: 'interaction-queued',
        interaction: id,
        targets: [front],
        media: 'voice',
        at: clock.now(),
      })
      record({ type: 'interaction-abandoned', interaction: id, targets: [front], at: clock.now() })
    }
    if (step.write) writePass(stats, state, store)
  }
  writePass(stats, state, store)
  return { clock, stats, events, store, state }
}

describe('memory provider: windows as slice parts', () => {
  it('leaves after many incremental writes exactly the parts one full write leaves, and the same restore', () => {
    fc.assert(
      fc.property(fc.array(stepArb, { minLength: 1, maxLength: 120, size: 'max' }), (steps) => {
        const { clock, stats, events, store } = run(steps)
        const at = clock.now()
        expect(merged(store, at)).toEqual(merged(fullWrite(stats), at))
        const fromSlices = takeOver(merged(store, at), events, at)
        expect(reads(fromSlices)).toEqual(reads(takeOver(merged(fullWrite(stats), at), events, at)))
      }),
      { numRuns: 150, seed: 20261203 },
    )
  })

  it('reads a writer that died after its new parts, before its deletions (joined parts beside their slices), as a whole write', () => {
    let joinsCut = 0
    fc.assert(
      fc.property(
        fc.array(stepArb, { minLength: 1, maxLength: 120, size: 'max' }),
        fc.integer({ min: 1, max: 20 * 60_000 }),
        (steps, dt) => {
          const { clock, stats, events, store, state } = run(steps)
          // time moves on, a call is answered: joins are due; the write sends its new parts and dies
          clock.advance(dt)
          const at = clock.now()
          const call = { interaction: 'late', targets: [front, sales], media: 'voice' as const, at }
          stats.record({ type: 'interaction-queued', ...call })
          stats.record({ type: 'interaction-routed', agent: 'a1', ...call })
          for (const change of stats.windowSliceChanges(state)) {
            for (const [name, part] of change.set) store.set(name, JSON.stringify(part))
            if (change.set.some(([name]) => name.includes('+')) && change.removed.length > 0) joinsCut++
          }
          // (rows that left from the front may still be there, older than any window reaches: the figures match)
          expect(reads(takeOver(merged(store, at), events, at))).toEqual(
            reads(takeOver(merged(fullWrite(stats), at), events, at)),
          )
          // the same writer (its state not advanced) sends it again, deletions too: what a full write leaves
          writePass(stats, state, store)
          expect(merged(store, at)).toEqual(merged(fullWrite(stats), at))
        },
      ),
      { numRuns: 100, seed: 31 },
    )
    // the case at hand came up (a joined part sent, the slices it replaces left)
    expect(joinsCut).toBeGreaterThan(20)
  })

  it('restores the figures of the whole-part export: the last hour exactly, every window to the minute', () => {
    fc.assert(
      fc.property(fc.array(stepArb, { minLength: 1, maxLength: 120, size: 'max' }), (steps) => {
        const { clock, stats, events, store } = run(steps)
        const at = clock.now()
        const fromSlices = reads(takeOver(merged(store, at), events, at))
        const fromWhole = reads(takeOver(JSON.parse(JSON.stringify(stats.exportWindows())), events, at))
        for (const [name, value] of Object.entries(fromWhole)) {
          if (name.endsWith(' 15m') || name.endsWith(' 60m'))
            expect([name, fromSlices[name]]).toEqual([name, value])
          else expect([name, fromSlices[name]! - value]).toEqual([name, expect.closeTo(0, 6)])
        }
      }),
      { numRuns: 100, seed: 7 },
    )
  })

  it("sends only the slice a change touched: one part a second, not the subject's hours of rows", () => {
    const clock = manualClock()
    const stats = createMemoryStatProvider({ clock, directory })
    for (const agent of AGENTS) stats.record({ type: 'agent-state', agent, state: 'ready', at: clock.now() })
    const state = createWindowSliceState()
    const store: Store = new Map()
    const perWrite: number[] = []
    for (let i = 0; i < 3 * 3600; i++) {
      clock.advance(1000)
      const at = clock.now()
      stats.record({
        type: 'interaction-routed',
        interaction: `i${i}`,
        agent: 'a1',
        targets: [sales],
        media: 'voice',
        at,
      })
      if (i > 0)
        stats.record({
          type: 'interaction-completed',
          interaction: `i${i - 1}`,
          agent: 'a1',
          media: 'voice',
          at,
        })
      const before = new Map(store)
      writePass(stats, state, store)
      // the first write is whole (every agent)
      if (i === 0) continue
      const changed = [...store].filter(([name, text]) => before.get(name) !== text).map(([name]) => name)
      expect(changed.every((name) => /^(agent:a1|group:sales)@/.test(name))).toBe(true)
      perWrite.push(changed.length)
    }
    // a1's and its group's slice of now and the group's last answers (2,000 at most), each second; every five
    // minutes and quarter hour the joined part before, and the slice before when the last row folded after its
    // write; once a quarter hour the quarter hour past the hour one row a minute, and past the two hours the old
    // part and the part at the new cut
    perWrite.sort((a, b) => a - b)
    expect(perWrite[Math.floor(perWrite.length / 2)]).toBe(3)
    expect(perWrite.at(-1)).toBeLessThanOrEqual(11)
    expect(merged(store, clock.now())).toEqual(merged(fullWrite(stats), clock.now()))
    const names = [...store.keys()].filter((name) => name.startsWith('agent:a1@'))
    expect(names).toContain('agent:a1@old')
    // from the coarse cut on (two hours and a quarter at most) a part per quarter hour, then those of the last
    // quarter hour and the one before until their joins are due (three five-minute parts each at most), the minutes
    // of the last five and the five before until theirs are due; the rest in the old part
    expect(names.length).toBeLessThanOrEqual(1 + 9 + 5 + 10)
    // a five minutes is joined once a1's last row (now) is past its end by a1's share of five minutes
    const minutes = names.filter((name) => /@\d+$/.test(name)).map((name) => Number(name.slice(9)))
    const delayed = clock.now() / 60_000 - 5 * joinDelayShare('agent:a1')
    expect(Math.min(...minutes)).toBe(Math.floor((delayed - 5) / 5) * 5 + 5)
    // a quarter hour wholly past the exact hour holds one row a minute (its last); one within the hour every row
    const line = Math.floor((clock.now() - 3_600_000) / 60_000)
    const pastHour = Math.floor(line / 15) * 15 - 15
    const old = JSON.parse(store.get(`agent:a1@${pastHour}+15`)!) as { completions: { t: number[] } }
    expect(old.completions.t).toHaveLength(15)
    const inHour = JSON.parse(store.get(`agent:a1@${pastHour + 45}+15`)!) as { completions: { t: number[] } }
    expect(inHour.completions.t).toHaveLength(900)
  })

  it('follows the rows leaving past the 26 h horizon between two coarse cuts, write after write', () => {
    const { stats, store, clock } = run(
      Array.from({ length: 27 * 180 }, (_, i) => ({
        dt: 20_000,
        op: 1 + (i % 3),
        agent: i % 3,
        wait: 3000,
        write: true,
      })),
    )
    expect(merged(store, clock.now())).toEqual(merged(fullWrite(stats), clock.now()))
  })

  it('deletes the parts of a subject a reload dropped', () => {
    const { stats, store, clock } = run([
      { dt: 1000, op: 1, agent: 2, wait: 5000, write: true },
      { dt: 1000, op: 3, agent: 2, wait: 0, write: true },
    ])
    expect([...store.keys()].some((name) => name.startsWith('agent:a3@'))).toBe(true)
    const state = createWindowSliceState()
    const again: Store = new Map()
    writePass(stats, state, again)
    stats.updateDirectory({
      ...directory,
      agents: { a1: directory.agents!.a1!, a2: directory.agents!.a2! },
    })
    clock.advance(1000)
    writePass(stats, state, again)
    expect([...again.keys()].some((name) => name.startsWith('agent:a3@'))).toBe(false)
    expect(merged(again, clock.now())).toEqual(merged(fullWrite(stats), clock.now()))
  })

  it('refuses a field that is not a part, naming it', () => {
    expect(() => mergeWindowSlices([['group:sales', {}]], { at: T0 })).toThrow(WindowSnapshotError)
    expect(() => mergeWindowSlices([['group:sales@x', {}]], { at: T0 })).toThrow(/"group:sales@x"/)
    expect(() =>
      mergeWindowSlices([['group:sales@3', { answers: { t: [1], c: ['a'], s: [1] } }]], { at: T0 }),
    ).toThrow(/group:sales@3\.answers\.c/)
  })

  it('restores the joined rows only into a provider that reads their snapshot format, changing nothing otherwise', () => {
    const { clock, stats, events, store } = run([{ dt: 1000, op: 1, agent: 0, wait: 5000, write: true }])
    const at = clock.now()
    const newer = mergeWindowSlices(
      [...store].map(([name, text]) => [name, JSON.parse(text)] as const),
      { at, format: 2 },
    )
    const b = takeOver(merged(new Map(), at), events, at)
    const before = reads(b)
    expect(() => b.restoreWindows(newer)).toThrow(/format 2 comes from a newer Routewright/)
    expect(reads(b)).toEqual(before)
    // the same parts in this format restore what the provider counted: the answer, then a handle time
    expect(before['queue:front AverageSpeedOfAnswer 15m']).toBe(0)
    const restored = reads(takeOver(merged(store, at), events, at))
    expect(restored['queue:front AverageSpeedOfAnswer 15m']).toBe(5)
    expect(restored).toEqual(reads(stats))
  })
})
