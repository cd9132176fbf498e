// The memory provider's windowed figures carried to a new provider (a routing process taking over): the same
// service level, ASA, answers, abandons, handle times and occupancy, and the same figures after both go on.
import {
  createMemoryStatProvider,
  createWindowReuse,
  type MemoryStatProvider,
  type StatEvent,
  type StatSubject,
  WindowSnapshotError,
} from '@routewright/strategy-runtime'
import { describe, expect, it } from 'vitest'
import {
  AGENT_WINDOW_STATS,
  directory,
  type ManualClock,
  manualClock,
  QUEUE_WINDOW_STATS,
  READ_WINDOWS,
  T0,
  takeOver as takeOverFrom,
  windowReads,
} from './stats-fixtures.ts'

const MIN = 60_000
const front: StatSubject = { kind: 'queue', id: 'front' }
const vip: StatSubject = { kind: 'group', id: 'vip' }

/**
 * Two hours of traffic on queue front: one interaction a minute, every fifth abandoned, all handled by the end;
 * every seventh waits for group vip first, then overflows to front.
 */
function workload(minutes = 120): StatEvent[] {
  const events: StatEvent[] = []
  for (const agent of ['a1', 'a2', 'a3']) events.push({ type: 'agent-state', agent, state: 'ready', at: T0 })
  events.push({ type: 'agent-state', agent: 'a2', state: 'not-ready', at: T0 + 30 * MIN })
  events.push({ type: 'agent-state', agent: 'a2', state: 'ready', at: T0 + 50 * MIN + 500 })
  for (let i = 0; i < minutes; i++) {
    const id = `i${i}`
    const queued = T0 + i * MIN + 1000
    const wait = ((i * 7) % 45) * 1000
    if (i % 7 === 3) {
      events.push({
        type: 'interaction-queued',
        interaction: id,
        targets: [vip],
        media: 'voice',
        at: queued - 500,
      })
      events.push({ type: 'interaction-left-queue', interaction: id, targets: [vip], at: queued - 100 })
    }
    events.push({ type: 'interaction-queued', interaction: id, targets: [front], media: 'voice', at: queued })
    if (i % 5 === 0) {
      events.push({ type: 'interaction-abandoned', interaction: id, targets: [front], at: queued + wait })
      continue
    }
    const agent = `a${(i % 3) + 1}`
    const routed = queued + wait
    events.push({
      type: 'interaction-routed',
      interaction: id,
      agent,
      targets: [front],
      media: 'voice',
      at: routed,
    })
    const done = routed + 30_000 + (i % 4) * 10_000
    events.push({ type: 'interaction-completed', interaction: id, agent, media: 'voice', at: done })
  }
  return events.sort((a, b) => a.at - b.at)
}

function play(stats: MemoryStatProvider, clock: ManualClock, events: readonly StatEvent[]): void {
  for (const event of events) {
    clock.set(Math.max(clock.now(), event.at))
    stats.record(event)
  }
}

/** What a strategy may read over windows: every windowed statistic of every subject, in four windows. */
function reads(stats: MemoryStatProvider, windows = READ_WINDOWS) {
  const all = [...QUEUE_WINDOW_STATS, ...AGENT_WINDOW_STATS]
  return windowReads(
    stats,
    [
      [front, all],
      [{ kind: 'group', id: 'sales' }, all],
      [{ kind: 'group', id: 'support' }, AGENT_WINDOW_STATS],
      [vip, QUEUE_WINDOW_STATS],
      ...['a1', 'a2', 'a3'].map((id) => [{ kind: 'agent', id } as const, AGENT_WINDOW_STATS] as const),
    ],
    windows,
  )
}

/** A provider that took over with `snapshot` read back from JSON, as it travels between processes. */
const takeOver = (snapshot: unknown, events: readonly StatEvent[], at: number) =>
  takeOverFrom(JSON.parse(JSON.stringify(snapshot)), events, at)

describe('memory provider: window snapshots', () => {
  it('continues every windowed figure in a new provider, equal to the old one, and after both go on', () => {
    const clock = manualClock()
    const before = createMemoryStatProvider({ clock, directory })
    const events = workload()
    play(before, clock, events)
    reads(before) // ServiceLevel(20s) was read before the takeover: its series travels with the snapshot
    const snapshot = before.exportWindows()
    const seen = reads(before)
    expect(seen['queue:front InteractionsHandled since-midnight']).toBe(96)
    expect(seen['queue:front AbandonRate since-midnight']).toBeCloseTo(24 / 120)
    expect(seen['queue:front Entered since-midnight']).toBe(120)
    expect(seen['group:vip OverflowOut since-midnight']).toBe(17)

    // the new routing process starts four seconds later
    const at = clock.now() + 4000
    clock.set(at)
    const after = takeOver(snapshot, events, at)
    expect(reads(after.stats)).toEqual(reads(before))
    // a threshold first read after the takeover starts from the answers of the exact hour
    const sl10 = (s: MemoryStatProvider) =>
      s.read({ subject: front, statistic: 'ServiceLevel(10s)', window: '60m' }).value
    expect(sl10(after.stats)).toBe(sl10(before))
    // the queue and its two groups were told the same answers: the last hour's 48 travel and are kept once again
    // (3 x 48 if each kept its own)
    expect(after.stats.retained().loggedAnswers).toBe(48)

    // both go on with the same traffic: the same figures, the old history included
    const more = workload(150).filter((e) => e.at > at && e.type !== 'agent-state')
    play(before, clock, more)
    play(after.stats, after.clock, more)
    expect(after.clock.now()).toBe(clock.now())
    expect(reads(after.stats)).toEqual(reads(before))
    expect(reads(after.stats)['queue:front InteractionsHandled since-midnight']).toBe(120)
  })

  it('keeps the last hour exact and older rows one a minute, so a day of activity stays small', () => {
    const clock = manualClock()
    const stats = createMemoryStatProvider({ clock, directory })
    // an answer every two seconds for three hours
    for (let i = 0; i < 5400; i++) {
      clock.set(T0 + i * 2000)
      stats.record({
        type: 'interaction-queued',
        interaction: `x${i}`,
        targets: [front],
        media: 'voice',
        at: clock.now(),
      })
      stats.record({
        type: 'interaction-routed',
        interaction: `x${i}`,
        agent: 'a1',
        targets: [front],
        media: 'voice',
        at: clock.now(),
      })
    }
    const sl = (s: MemoryStatProvider, window: string) =>
      s.read({ subject: front, statistic: 'ServiceLevel(20s)', window: window as 'current' }).value
    expect(sl(stats, 'since-midnight')).toBe(1) // read before: its whole series travels
    const snapshot = stats.exportWindows()
    const answers = snapshot.subjects['queue:front']!.answers!
    // 1,801 exact rows of the last hour (its start included) plus one a minute for the two hours before
    expect(answers.t.length).toBeGreaterThanOrEqual(1800)
    expect(answers.t.length).toBeLessThanOrEqual(1800 + 121)
    expect(snapshot.subjects['queue:front']!.recent!.t.length).toBe(1801) // the hour's start included
    const after = takeOver(snapshot, [], clock.now())
    // windows that start inside the exact hour read the same; older starts are off by at most a minute's answers
    const asa = (s: MemoryStatProvider, window: string) =>
      s.read({ subject: front, statistic: 'AverageSpeedOfAnswer', window: window as 'current' }).value
    expect(asa(after.stats, '60m')).toBe(asa(stats, '60m'))
    expect(sl(after.stats, 'since-midnight')).toBe(1)
    expect(sl(after.stats, '1440m')).toBe(sl(stats, '1440m'))
  })

  it("exports an agent's kept rows only, once rows older than the 26 h horizon dropped from its series' front", () => {
    const clock = manualClock()
    const stats = createMemoryStatProvider({ clock, directory })
    // an interaction handled by a1 every 20 minutes for 30 hours: the first 4 hours' rows are past the horizon
    for (let i = 0; i < 90; i++) {
      const at = T0 + i * 20 * MIN
      clock.set(at)
      if (i === 0) stats.record({ type: 'agent-state', agent: 'a1', state: 'ready', at })
      const id = `h${i}`
      stats.record({ type: 'interaction-queued', interaction: id, targets: [front], media: 'voice', at })
      stats.record({
        type: 'interaction-routed',
        interaction: id,
        agent: 'a1',
        targets: [front],
        media: 'voice',
        at,
      })
      clock.set(at + 5 * MIN)
      stats.record({
        type: 'interaction-completed',
        interaction: id,
        agent: 'a1',
        media: 'voice',
        at: at + 5 * MIN,
      })
    }
    const part = stats.exportWindows().subjects['agent:a1']!
    // delta-encoded: the first time is the oldest row exported, at most one row before the horizon (its base)
    const horizonStart = clock.now() - 26 * 3_600_000
    for (const series of [part.loggedIn!, part.handling!])
      expect(series.t[0]).toBeGreaterThanOrEqual(horizonStart - 20 * MIN)
    expect(part.completions!.t[0]).toBeGreaterThanOrEqual(horizonStart - 20 * MIN)
    const after = takeOver(stats.exportWindows(), [], clock.now())
    const handled = (s: MemoryStatProvider) =>
      s.read({ subject: { kind: 'agent', id: 'a1' }, statistic: 'InteractionsHandled', window: '1440m' })
        .value
    expect(handled(after.stats)).toBe(handled(stats))
  })

  it('reuses the part of a subject that did not change since the last export, and restores the same figures', () => {
    const clock = manualClock()
    const before = createMemoryStatProvider({ clock, directory })
    const events = workload(60)
    play(before, clock, events)
    reads(before)
    const reuse = createWindowReuse()
    const first = before.exportWindows({ reuse })
    clock.set(clock.now() + 1000)
    const second = before.exportWindows({ reuse })
    // nothing happened: every subject is the very object of the last export, nothing encoded again
    expect(Object.keys(second.subjects).sort()).toEqual(Object.keys(first.subjects).sort())
    for (const [key, part] of Object.entries(second.subjects)) expect(part, key).toBe(first.subjects[key])

    // a1 answers one more on front: a1's and front's parts are made again (as a fresh export makes them), a2's stays
    const at = clock.now()
    before.record({ type: 'interaction-queued', interaction: 'y', targets: [front], media: 'voice', at })
    clock.set(at + 2000)
    before.record({
      type: 'interaction-routed',
      interaction: 'y',
      agent: 'a1',
      targets: [front],
      media: 'voice',
      at: at + 2000,
    })
    clock.set(at + 9000)
    before.record({
      type: 'interaction-completed',
      interaction: 'y',
      agent: 'a1',
      media: 'voice',
      at: at + 9000,
    })
    const third = before.exportWindows({ reuse })
    const fresh = before.exportWindows()
    for (const key of ['agent:a1', 'queue:front']) {
      expect(third.subjects[key], key).not.toBe(second.subjects[key])
      expect(third.subjects[key], key).toEqual(fresh.subjects[key])
    }
    expect(third.subjects['agent:a2']).toBe(second.subjects['agent:a2'])

    // a process taking over from the reused export reads what the old one reads, and what a fresh export gives
    const after = takeOver(third, events, clock.now())
    expect(reads(after.stats)).toEqual(reads(before))
    expect(reads(after.stats)).toEqual(reads(takeOver(fresh, events, clock.now()).stats))
  })

  it('remembers in place: an unchanged export keeps every entry, a changed one a new part, a dropped one goes', () => {
    const clock = manualClock()
    const stats = createMemoryStatProvider({ clock, directory })
    play(stats, clock, workload(60))
    const reuse = createWindowReuse()
    stats.exportWindows({ reuse })
    const map = reuse.subjects
    const entries = new Map(reuse.subjects)
    const marks = new Map([...entries].map(([key, entry]) => [key, entry.mark]))
    expect(entries.has('agent:a2')).toBe(true)
    clock.set(clock.now() + 1000)
    stats.exportWindows({ reuse })
    // nothing new to keep alive until the next export (a map, entries, marks of every subject each second)
    expect(reuse.subjects).toBe(map)
    for (const [key, entry] of entries) {
      expect(reuse.subjects.get(key), key).toBe(entry)
      expect(entry.mark, key).toBe(marks.get(key))
    }

    // a1 answers one more: its part is made again
    const at = clock.now()
    stats.record({ type: 'interaction-queued', interaction: 'y', targets: [front], media: 'voice', at })
    clock.set(at + 2000)
    const routed = { interaction: 'y', agent: 'a1', targets: [front], media: 'voice' as const, at: at + 2000 }
    stats.record({ type: 'interaction-routed', ...routed })
    const a1 = entries.get('agent:a1')!.part
    const { a2: _gone, ...agents } = directory.agents ?? {}
    stats.updateDirectory({ ...directory, agents })
    const after = stats.exportWindows({ reuse })
    expect(reuse.subjects.get('agent:a1')!.part).not.toBe(a1)
    expect(after.subjects['agent:a1']).toEqual(stats.exportWindows().subjects['agent:a1'])
    expect(reuse.subjects.get('agent:a3')).toBe(entries.get('agent:a3'))
    // a2 left the directory: its entry is forgotten with the export that no longer has it
    expect(after.subjects['agent:a2']).toBeUndefined()
    expect(reuse.subjects.has('agent:a2')).toBe(false)
  })

  it('restores a snapshot from before Entered and OverflowOut with both at 0, and ignores a field it does not know', () => {
    const clock = manualClock()
    const before = createMemoryStatProvider({ clock, directory })
    const events = workload()
    play(before, clock, events)
    reads(before)
    const snapshot = JSON.parse(JSON.stringify(before.exportWindows())) as ReturnType<
      MemoryStatProvider['exportWindows']
    >
    expect(snapshot.subjects['queue:front']!.entered).toBeDefined()
    expect(snapshot.subjects['group:vip']!.overflowOut).toBeDefined()
    // what the build before wrote: the same format, neither series
    const older = structuredClone(snapshot)
    for (const part of Object.values(older.subjects)) {
      delete part.entered
      delete part.overflowOut
    }
    const at = clock.now()
    const fromOlder = reads(takeOver(older, events, at).stats)
    const now = reads(before)
    for (const [name, value] of Object.entries(now)) {
      if (/ (Entered|OverflowOut) /.test(name)) expect([name, fromOlder[name]]).toEqual([name, 0])
      else expect([name, fromOlder[name]]).toEqual([name, value])
    }
    // what a later build may add within format 1: read past, the rest restored
    const newer = structuredClone(snapshot) as unknown as {
      subjects: Record<string, Record<string, unknown>>
    }
    newer.subjects['queue:front']!.transferredOut = { t: [at], v: [3] }
    expect(reads(takeOver(newer, events, at).stats)).toEqual(now)
  })

  it('refuses a snapshot of a newer format, a broken one, and a provider that already counts', () => {
    const clock = manualClock()
    const stats = createMemoryStatProvider({ clock, directory })
    expect(() => stats.restoreWindows({ format: 2, at: T0, subjects: {} })).toThrow(
      /format 2 comes from a newer Routewright; this one reads format 1/,
    )
    expect(() =>
      stats.restoreWindows({ format: 1, at: T0, subjects: { 'queue:front': { answers: { t: [1] } } } }),
    ).toThrow(WindowSnapshotError)
    expect(() =>
      stats.restoreWindows({
        format: 1,
        at: T0,
        subjects: { 'queue:front': { abandoned: { t: [T0, -5], v: [1, 1] } } },
      }),
    ).toThrow(/goes back in time/)
    stats.record({ type: 'interaction-abandoned', interaction: 'x', targets: [front], at: T0 })
    expect(() => stats.restoreWindows({ format: 1, at: T0, subjects: {} })).toThrow(
      /before the provider counts interactions \(queue:front already has some\)/,
    )
    // an interaction that only entered counts too: its Entered would be replaced by the snapshot's
    const waiting = createMemoryStatProvider({ clock, directory })
    waiting.record({ type: 'interaction-queued', interaction: 'w', targets: [vip], media: 'voice', at: T0 })
    expect(() => waiting.restoreWindows({ format: 1, at: T0, subjects: {} })).toThrow(
      /\(group:vip already has some\)/,
    )
  })
})
