// The statistics windows' hash on a real redis-server (redis-windows-store.ts): a write after one subject changed
// sends only that subject's slice, partial writes leave the hash a whole write would, a takeover continues the same
// figures, a write after Redis lost its data is whole, a format-2 hash and a format-1 document of older processes are
// continued (a rolled-back one finds a marker it refuses with a log line), and a writer that lost the epoch writes
// nothing.
import type { StatWindow } from '@routewright/strategy-dsl'
import {
  createSimulatedClock,
  type MemoryStatProvider,
  type StatSubject,
  WINDOW_SLICE_MS,
} from '@routewright/strategy-runtime'
import { describe, expect, it } from 'vitest'
import type { DeployableWorkspace } from '../src/core/coordinator.ts'
import type { LocalCoordinator } from '../src/core/local-coordinator.ts'
import type { RedisLink } from '../src/core/redis-link.ts'
import { createWindowKeeper, type WindowKeeper } from '../src/core/redis-windows.ts'
import { redisForFile } from './redis-for-file.ts'

const support: StatSubject = { kind: 'group', id: 'support' }
const workspace = {
  version: 'v1',
  strategies: new Map(),
  directory: {
    directory: 'center',
    format: 1,
    groups: { support: {} },
    agents: {
      a0: { groups: ['support'] },
      a1: { groups: ['support'] },
      a2: { groups: ['support'] },
      solo: { groups: [] },
    },
  },
} as unknown as DeployableWorkspace
const local = { versions: async () => [{ version: 'v1', status: 'current' }] } as unknown as LocalCoordinator

const shared = redisForFile()

/**
 * A keeper under `prefix` whose script calls are kept (their ARGV), with its provider, clock and log; `before` runs
 * before each call reaches Redis (with the number of calls so far, this one included).
 */
async function keeperOn(
  prefix: string,
  clock = createSimulatedClock(Date.UTC(2026, 10, 30, 9)),
  { chunkChars, before }: { chunkChars?: number; before?: (calls: number) => Promise<unknown> } = {},
) {
  const calls: string[][] = []
  const logs: Array<{ level: string; message: string; fields?: Record<string, unknown> }> = []
  const spied: RedisLink = {
    ...shared.link,
    script(source) {
      const run = shared.link.script(source)
      return async (keys, args) => {
        calls.push(args)
        await before?.(calls.length)
        return run(keys, args)
      }
    },
  }
  await shared.link.send(['SET', `${prefix}epoch`, '7'])
  const keeper: WindowKeeper = createWindowKeeper({
    link: spied,
    prefix,
    epochKey: `${prefix}epoch`,
    clock,
    ...(chunkChars === undefined ? {} : { chunkChars }),
    log: (level, message, fields) => logs.push({ level, message, ...(fields ? { fields } : {}) }),
  })
  const stats = keeper.statsFor(workspace)
  return { keeper, stats, clock, calls, logs }
}

/** The fields a write sent (ARGV: epoch, full, n, n deleted, pairs): its names, the deleted ones, full or not. */
function sent(args: string[]) {
  const n = Number(args[2])
  const pairs = args.slice(3 + n)
  return {
    full: args[1] === '1',
    deleted: args.slice(3, 3 + n),
    fields: pairs.filter((_, i) => i % 2 === 0),
  }
}

/** One answered interaction of `agent` that waited `waitMs` and was handled `handleMs`; then one abandoned. */
function traffic(stats: MemoryStatProvider, clock: ReturnType<typeof createSimulatedClock>, n: number) {
  const agent = `a${n % 3}`
  stats.record({
    type: 'interaction-queued',
    interaction: `i${n}`,
    targets: [support],
    media: 'voice',
    at: clock.now(),
  })
  clock.advance(1000 + n * 700)
  stats.record({
    type: 'interaction-routed',
    interaction: `i${n}`,
    agent,
    targets: [support],
    media: 'voice',
    at: clock.now(),
  })
  clock.advance(20_000 + n * 3000)
  stats.record({
    type: 'interaction-completed',
    interaction: `i${n}`,
    agent,
    media: 'voice',
    at: clock.now(),
  })
  stats.record({
    type: 'interaction-queued',
    interaction: `x${n}`,
    targets: [support],
    media: 'voice',
    at: clock.now(),
  })
  clock.advance(5000)
  stats.record({
    type: 'interaction-abandoned',
    interaction: `x${n}`,
    targets: [support],
    at: clock.now(),
  })
}

const READS: Array<[StatSubject, string]> = [
  [support, 'ServiceLevel(20s)'],
  [support, 'AverageSpeedOfAnswer'],
  [support, 'AverageHandleTime'],
  [support, 'InteractionsHandled'],
  [support, 'AbandonRate'],
  [{ kind: 'agent', id: 'a1' }, 'AverageHandleTime'],
]
const figures = (stats: MemoryStatProvider, window: StatWindow = '15m') =>
  READS.map(([subject, statistic]) => stats.read({ subject, statistic, window }).value)

/** The subjects of field names (`agent:a1@5912345` -> `agent:a1`), once each, sorted; the header as it is. */
const subjectsOf = (names: readonly string[]) =>
  [...new Set(names.map((name) => (name === '#header' ? name : name.slice(0, name.lastIndexOf('@')))))].sort()

async function hash(key: string): Promise<Record<string, string>> {
  const flat = (await shared.link.send(['HGETALL', key])) as string[]
  const out: Record<string, string> = {}
  for (let i = 0; i < flat.length; i += 2) out[flat[i]!] = flat[i + 1]!
  return out
}

function ready(stats: MemoryStatProvider, clock: ReturnType<typeof createSimulatedClock>) {
  for (const agent of ['a0', 'a1', 'a2', 'solo'])
    stats.record({ type: 'agent-state', agent, state: 'ready', at: clock.now() })
}

describe('statistics windows as a Redis hash', { timeout: 30_000 }, () => {
  it('writes every subject first, then only the one that changed', async () => {
    const { keeper, stats, clock, calls } = await keeperOn('one:')
    ready(stats, clock)
    traffic(stats, clock, 1)
    await keeper.write(7, local, true)
    const first = sent(calls[0]!)
    expect(first.full).toBe(true)
    expect(subjectsOf(first.fields)).toEqual([
      '#header',
      'agent:a0',
      'agent:a1',
      'agent:a2',
      'agent:solo',
      'group:support',
    ])
    // the group's answers go in a part of their own beside its slices
    expect(first.fields).toContain('group:support@recent')
    clock.advance(1000)
    // only the agent in no group changes (one interaction handled, no queue counted): its field and the header go
    stats.record({
      type: 'interaction-routed',
      interaction: 's1',
      agent: 'solo',
      targets: [],
      media: 'voice',
      at: clock.now(),
    })
    clock.advance(4000)
    stats.record({
      type: 'interaction-completed',
      interaction: 's1',
      agent: 'solo',
      media: 'voice',
      at: clock.now(),
    })
    await keeper.write(7, local, true)
    // the slice of now: the agent's interaction, 5 s, falls in the one time slice
    const slice = Math.floor(clock.now() / WINDOW_SLICE_MS)
    expect(sent(calls[1]!)).toEqual({ full: false, deleted: [], fields: [`agent:solo@${slice}`, '#header'] })
    const stored = await hash('one:windows:subjects')
    expect(Object.keys(stored).sort()).toEqual(first.fields.sort())
    expect(JSON.parse(stored['#header']!)).toMatchObject({ format: 3, at: clock.now(), current: 'v1' })
    // nothing changed: only the header
    await keeper.write(7, local, true)
    expect(sent(calls[2]!).fields).toEqual(['#header'])
    // Redis lost its data (and the coordinator told the keeper): the next write is whole, and restores the figures
    await shared.link.send(['DEL', 'one:windows:subjects'])
    keeper.invalidate()
    await keeper.write(7, local)
    expect(sent(calls[3]!).full).toBe(true)
    expect(sent(calls[3]!).fields.sort()).toEqual(first.fields.sort())
    const b = await keeperOn('one:', clock)
    ready(b.stats, b.clock)
    await b.keeper.restore(['v1'])
    expect(b.logs.at(-1)?.fields).toMatchObject({ layout: 'slices', from: 'v1' })
    expect(figures(b.stats)).toEqual(figures(stats))
  })

  it('partial writes leave what a whole write leaves, and a takeover continues the same figures', async () => {
    const a = await keeperOn('two:')
    ready(a.stats, a.clock)
    for (let n = 0; n < 6; n++) {
      traffic(a.stats, a.clock, n)
      await a.keeper.write(7, local, true)
    }
    // a directory without a2: its field is deleted by the next partial write
    a.stats.updateDirectory({
      ...workspace.directory,
      agents: { a0: { groups: ['support'] }, a1: { groups: ['support'] }, solo: { groups: [] } },
    } as DeployableWorkspace['directory'])
    traffic(a.stats, a.clock, 6)
    await a.keeper.write(7, local, true)
    const last = sent(a.calls.at(-1)!)
    expect(last.full).toBe(false)
    expect(subjectsOf(last.deleted)).toEqual(['agent:a2'])
    expect(subjectsOf(last.fields)).not.toContain('agent:solo')
    const partial = await hash('two:windows:subjects')
    a.keeper.invalidate()
    await a.keeper.write(7, local, true)
    expect(sent(a.calls.at(-1)!).full).toBe(true)
    expect(await hash('two:windows:subjects')).toEqual(partial)

    // the next routing process (same clock, agents ready again) reads the figures the first one read
    const b = await keeperOn('two:', a.clock)
    ready(b.stats, b.clock)
    await b.keeper.restore(['v1'])
    expect(b.logs.at(-1)).toMatchObject({ message: 'statistics windows continued from Redis' })
    expect(b.logs.at(-1)?.fields).toMatchObject({ layout: 'slices', from: 'v1' })
    expect(figures(b.stats)).toEqual(figures(a.stats))
    expect(figures(b.stats, '60m')).toEqual(figures(a.stats, '60m'))
    expect(figures(b.stats)[3]).toBe(7)
  })

  it("continues an older process's format-2 hash (a field per subject) in a rolling upgrade, then replaces it", async () => {
    const a = await keeperOn('two-old:')
    ready(a.stats, a.clock)
    for (let n = 0; n < 4; n++) traffic(a.stats, a.clock, n)
    // what a format-2 process left: each subject's whole part, and its header
    const whole = a.stats.exportWindows()
    const flat = Object.entries(whole.subjects).flatMap(([subject, part]) => [subject, JSON.stringify(part)])
    const header = { format: 2, at: a.clock.now(), current: 'v1', snapshot: 1 }
    await shared.link.send(['HSET', 'two-old:windows:subjects', ...flat, '#header', JSON.stringify(header)])
    const b = await keeperOn('two-old:', a.clock)
    ready(b.stats, b.clock)
    await b.keeper.restore(['v1'])
    expect(b.logs.at(-1)?.fields).toMatchObject({ layout: 'hash', from: 'v1' })
    expect(figures(b.stats)).toEqual(figures(a.stats))
    expect(figures(b.stats)[3]).toBe(4)
    // its first write is whole: the format-2 fields are gone, the slices in their place
    await b.keeper.write(7, local, true)
    const stored = await hash('two-old:windows:subjects')
    expect(Object.keys(stored).every((name) => name === '#header' || name.includes('@'))).toBe(true)
    expect(JSON.parse(stored['#header']!)).toMatchObject({ format: 3 })
  })

  it("continues an older process's format-1 document once, then replaces it by the hash", async () => {
    const a = await keeperOn('old:')
    ready(a.stats, a.clock)
    traffic(a.stats, a.clock, 2)
    const doc = { format: 1, at: a.clock.now(), current: 'v1', versions: { v1: a.stats.exportWindows() } }
    await shared.link.send(['SET', 'old:windows', JSON.stringify(doc)])
    const b = await keeperOn('old:', a.clock)
    ready(b.stats, b.clock)
    await b.keeper.restore(['v1'])
    expect(b.logs.at(-1)?.fields).toMatchObject({ layout: 'format-1 document', from: 'v1' })
    expect(figures(b.stats)).toEqual(figures(a.stats))
    await b.keeper.write(7, local, true)
    expect(JSON.parse((await shared.link.send(['GET', 'old:windows'])) as string)).toMatchObject({
      format: 3,
    })
    expect(subjectsOf(Object.keys(await hash('old:windows:subjects')))).toContain('group:support')
  })

  it('leaves a process rolled back to format 1 a marker it refuses with a log line, and skips it itself', async () => {
    const a = await keeperOn('back:')
    ready(a.stats, a.clock)
    traffic(a.stats, a.clock, 1)
    await a.keeper.write(7, local, true)
    // a format-1 process refuses any document whose format is not 1, logging "statistics windows in Redis are of
    // another format; they start from zero" with the format and "written by a newer Routewright" (its restore)
    const marker = JSON.parse((await shared.link.send(['GET', 'back:windows'])) as string)
    expect(marker).toEqual({
      format: 3,
      movedTo: 'back:windows:subjects',
      note: 'statistics windows are a hash at movedTo since format 2 (parts per time slice since format 3); a process that reads only format 1 starts them from zero',
    })
    // a format-3 process reads the hash, and finds nothing (no refusal) when only the marker is left
    const b = await keeperOn('back:', a.clock)
    await b.keeper.restore(['v1'])
    expect(b.logs.at(-1)?.fields).toMatchObject({ layout: 'slices', from: 'v1' })
    await shared.link.send(['DEL', 'back:windows:subjects'])
    const c = await keeperOn('back:', a.clock)
    await c.keeper.restore(['v1'])
    expect(c.logs).toEqual([])
  })

  it('continues the format-1 document of a rolled-back process when it is newer than the hash', async () => {
    const a = await keeperOn('fwd:')
    ready(a.stats, a.clock)
    traffic(a.stats, a.clock, 1)
    await a.keeper.write(7, local, true)
    // the rolled-back process goes on counting and writes its document over the marker
    traffic(a.stats, a.clock, 2)
    const doc = { format: 1, at: a.clock.now(), current: 'v1', versions: { v1: a.stats.exportWindows() } }
    await shared.link.send(['SET', 'fwd:windows', JSON.stringify(doc)])
    const b = await keeperOn('fwd:', a.clock)
    ready(b.stats, b.clock)
    await b.keeper.restore(['v1'])
    expect(b.logs.at(-1)?.fields).toMatchObject({ layout: 'format-1 document', from: 'v1' })
    expect(figures(b.stats)).toEqual(figures(a.stats))
    expect(figures(b.stats)[3]).toBe(2)
  })

  it('refuses windows of a newer format with a clear log line, and a writer without the epoch writes nothing', async () => {
    await shared.link.send(['HSET', 'new:windows:subjects', '#header', JSON.stringify({ format: 4, at: 1 })])
    const b = await keeperOn('new:')
    await b.keeper.restore(['v1'])
    expect(b.logs.at(-1)).toMatchObject({
      level: 'error',
      message: 'statistics windows in Redis are of another format; they start from zero',
      fields: { format: 4, reads: 3, hint: expect.stringContaining('newer Routewright') },
    })
    ready(b.stats, b.clock)
    await b.keeper.write(6, local, true)
    expect(await hash('new:windows:subjects')).toEqual({ '#header': JSON.stringify({ format: 4, at: 1 }) })
    // having lost, it still writes every subject once it holds the epoch
    await b.keeper.write(7, local, true)
    expect(sent(b.calls.at(-1)!).full).toBe(true)
    expect(subjectsOf(Object.keys(await hash('new:windows:subjects')))).toEqual([
      '#header',
      'agent:a0',
      'agent:a1',
      'agent:a2',
      'agent:solo',
      'group:support',
    ])
  })

  it('sends a large write as several commands: a full one through a staging hash, swapped in by its last', async () => {
    let lose = 0
    const a = await keeperOn('chunk:', undefined, {
      chunkChars: 1,
      before: async (n) => (n === lose ? shared.link.send(['SET', 'chunk:epoch', '8']) : undefined),
    })
    // the same events in a keeper writing in one command each time
    const b = await keeperOn('whole:', a.clock)
    const both = {
      record: (event: Parameters<MemoryStatProvider['record']>[0]) => {
        a.stats.record(event)
        b.stats.record(event)
      },
    } as MemoryStatProvider
    ready(both, a.clock)
    traffic(both, a.clock, 1)
    await a.keeper.write(7, local, true)
    await b.keeper.write(7, local, true)
    // one field a command: the staging hash filled, then renamed over the windows' hash by the last
    const modes = a.calls.map((args) => args[1])
    expect([modes[0], modes.at(-1)]).toEqual(['s', 'e'])
    expect(modes.slice(1, -1).every((mode) => mode === 'm')).toBe(true)
    expect(modes.length).toBeGreaterThan(3)
    expect(a.calls.map((args) => sent(args).fields).at(-1)).toEqual(['#header'])
    expect(b.calls.map((args) => args[1])).toEqual(['1'])
    const whole = await hash('whole:windows:subjects')
    expect(await hash('chunk:windows:subjects')).toEqual(whole)
    expect(await shared.link.send(['EXISTS', 'chunk:windows:staging'])).toBe(0)
    expect(await shared.link.send(['PTTL', 'chunk:windows:subjects'])).toBe(-1)

    // a partial write in parts straight into the hash, the header with the last
    traffic(both, a.clock, 2)
    const from = a.calls.length
    await a.keeper.write(7, local, true)
    await b.keeper.write(7, local, true)
    const parts = a.calls.slice(from)
    expect(parts.length).toBeGreaterThan(1)
    expect(parts.map((args) => args[1])).toEqual(parts.map(() => '0'))
    expect(sent(parts.at(-1)!).fields).toEqual(['#header'])
    expect(sent(b.calls.at(-1)!).fields.sort()).toEqual(parts.flatMap((args) => sent(args).fields).sort())
    const written = await hash('chunk:windows:subjects')
    expect(written).toEqual(await hash('whole:windows:subjects'))

    // a full write whose writer loses the epoch at its third command leaves the windows as they were
    traffic(both, a.clock, 3)
    a.keeper.invalidate()
    lose = a.calls.length + 3
    await a.keeper.write(7, local, true)
    expect(a.calls.slice(lose - 3).map((args) => args[1])).toEqual(['s', 'm', 'm'])
    expect(await hash('chunk:windows:subjects')).toEqual(written)
    expect(Number(await shared.link.send(['PTTL', 'chunk:windows:staging']))).toBeGreaterThan(0)
    // holding the epoch again, it writes every subject (through the staging hash again)
    await shared.link.send(['SET', 'chunk:epoch', '7'])
    await a.keeper.write(7, local, true)
    await b.keeper.write(7, local, true)
    expect(a.calls.at(-1)![1]).toBe('e')
    expect(await hash('chunk:windows:subjects')).toEqual(await hash('whole:windows:subjects'))
    expect(await shared.link.send(['EXISTS', 'chunk:windows:staging'])).toBe(0)
  })
})
