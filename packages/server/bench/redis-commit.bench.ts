// The commit script alone on a real redis-server: Redis's time per interaction (INFO commandstats) for commits of
// one interaction's lifecycle (routed, confirmed, completed) with texts of the sizes serve sends, one interaction per
// commit (a quiet server) and eight (a busy one). `ROUTEWRIGHT_BENCH_BASE_BUILD=<worktree>` runs that build's script
// (its packages/server/dist) in alternation with this one's, in the same process and Redis: pairs whose ratio is
// the script's, whatever else the machine runs.
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { startRedisServer } from '@routewright/node-support/testing'
import { createClient } from 'redis'
import type { BenchFigure } from '../../../bench/result.ts'
import type { CommitHold, CommitOps } from '../src/core/redis-scripts.ts'
import * as thisBuild from '../src/core/redis-scripts.ts'

type Scripts = Pick<typeof thisBuild, 'COMMIT' | 'commitCall' | 'redisKeys'>

const INTERACTIONS = 480
const ROUNDS = Number(process.env.ROUTEWRIGHT_BENCH_COMMIT_ROUNDS ?? 5)
const AGENTS = 100
const RULE = { limits: { voice: 1, chat: 2 } }
/** Texts of about the lengths serve commits: a record with its explanation, the routed event, a closed view. */
const text = (id: string, chars: number) => JSON.stringify({ id, pad: 'x'.repeat(chars) })

function ops(extra: Partial<CommitOps>): CommitOps {
  return { holds: [], set: [], del: [], agents: [], events: [], closed: [], ...LIMITS, ...extra }
}
const LIMITS = { maxEvents: 100_000, closedTtlMs: 60_000, maxClosed: 10_000 }

/** The three commits of each interaction of a batch: routed (hold, record, event), confirmed, completed. */
function lifecycle(ids: string[], first: number): CommitOps[] {
  const agent = (i: number) => `a${(first + i) % AGENTS}`
  return [
    ops({
      holds: ids.map((id, i): CommitHold => ['c', id, agent(i), 'voice', RULE, `${id}#1`]),
      set: ids.map((id): [string, string] => [id, text(id, 880)]),
      events: ids.map((id) => [`t#${id}r`, text(id, 800), '{"id":"x","strategy":"support"}'] as const),
    }),
    ops({
      holds: ids.map((id): CommitHold => ['k', id, `${id}#1`]),
      set: ids.map((id): [string, string] => [id, text(id, 1900)]),
      events: ids.map((id) => [`t#${id}f`, text(id, 250)] as const),
    }),
    ops({
      holds: ids.map((id): CommitHold => ['r', id]),
      del: ids,
      closed: ids.map((id): [string, string] => [id, text(id, 1900)]),
      events: ids.map((id) => [`t#${id}c`, text(id, 200)] as const),
    }),
  ]
}

/** Scripts that do one part of a commit's work each, for `parts` in runRedisCommitBench. */
const PART_SCRIPTS: Record<string, string> = {
  'the script called (its keys and arguments made Lua values), nothing done': 'return 1',
  'the head decoded (cjson)': 'local ops = cjson.decode(ARGV[3]) return 1',
  'five GETs': "for _ = 1, 5 do redis.call('GET', KEYS[1]) end return 1",
  'five HSETs of a record':
    "for i = 1, 5 do redis.call('HSET', KEYS[3], 'f' .. i, ARGV[8] or 'v') end return 1",
  'one XADD of an event':
    "redis.call('XADD', KEYS[5], 'MAXLEN', '~', '100000', '*', 'e', ARGV[8] or 'x', 't', ARGV[7]) return 1",
  'the whole commit': thisBuild.COMMIT,
}

async function loadBase(): Promise<Scripts | undefined> {
  const base = process.env.ROUTEWRIGHT_BENCH_BASE_BUILD
  if (!base) return undefined
  const file = path.join(base, 'packages/server/dist/core/redis-scripts.js')
  return (await import(pathToFileURL(file).href)) as Scripts
}

export async function runRedisCommitBench(): Promise<BenchFigure[]> {
  const base = await loadBase()
  const redis = await startRedisServer()
  const client = createClient({ url: redis.url, RESP: 2 })
  client.on('error', () => {})
  await client.connect()
  /** Redis's microseconds and commands (the script's own, EVALSHA not counted) per interaction, per round. */
  async function round(scripts: Scripts, tag: string, batch: number) {
    const keys = scripts.redisKeys(`${tag}:`)
    const sha = await client.scriptLoad(scripts.COMMIT)
    await client.set(keys.epoch, '1')
    await client.configResetStat()
    let commits = 0
    for (let first = 0; first < INTERACTIONS; first += batch) {
      const ids = Array.from({ length: batch }, (_, i) => `${tag}-${first + i}`)
      for (const commit of lifecycle(ids, first)) {
        const [k, a] = scripts.commitCall(keys, 1, `c${++commits}`, undefined, commit)
        const answer = await client.sendCommand(['EVALSHA', sha, String(k.length), ...k, ...a])
        if (!Array.isArray(answer) || answer[0] !== 'ok') throw new Error(`commit refused: ${String(answer)}`)
      }
    }
    const stats = await client.info('commandstats')
    let inner = 0
    for (const m of stats.matchAll(/^cmdstat_([\w|]+):calls=(\d+),usec=(\d+)/gm))
      if (!/^(evalsha|config\|resetstat|info)$/.test(m[1]!)) inner += Number(m[2])
    const usec = Number(/^cmdstat_evalsha:calls=\d+,usec=(\d+)/m.exec(stats)?.[1])
    await client.flushAll()
    return { usPerInteraction: usec / INTERACTIONS, callsPerInteraction: inner / INTERACTIONS }
  }
  /**
   * What a commit's time is made of: scripts that stop after a part, run with the same keys and arguments as the
   * commits of one interaction each (their figure minus the empty script's is that part's cost).
   */
  async function parts(): Promise<BenchFigure[]> {
    const figures: BenchFigure[] = []
    for (const [name, source] of Object.entries(PART_SCRIPTS)) {
      const keys = thisBuild.redisKeys(`part-${name}:`)
      const sha = await client.scriptLoad(source)
      await client.set(keys.epoch, '1')
      await client.configResetStat()
      let calls = 0
      for (let first = 0; first < INTERACTIONS; first++)
        for (const commit of lifecycle([`p${first}`], first)) {
          const [k, a] = thisBuild.commitCall(keys, 1, 'c', undefined, commit)
          await client.sendCommand(['EVALSHA', sha, String(k.length), ...k, ...a])
          calls++
        }
      const stats = await client.info('commandstats')
      const usec = Number(/^cmdstat_evalsha:calls=\d+,usec=(\d+)/m.exec(stats)?.[1])
      figures.push({
        name: `commit script part: ${name}, Redis time per call`,
        value: usec / calls,
        unit: 'us',
        target: 100,
      })
    }
    await client.flushAll()
    return figures
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
  try {
    const figures: BenchFigure[] = []
    for (const batch of [1, 8]) {
      const mine: number[] = []
      const theirs: number[] = []
      const ratios: number[] = []
      let calls = 0
      let baseCalls = 0
      for (let r = 0; r < ROUNDS; r++) {
        // alternate which goes first, so neither always runs on a warmer (or busier) Redis
        const order = r % 2 === 0 ? ['this', 'base'] : ['base', 'this']
        const got: Record<string, number> = {}
        for (const which of order) {
          if (which === 'base' && !base) continue
          const measured = await round(which === 'base' ? base! : thisBuild, `${which}${batch}r${r}`, batch)
          got[which] = measured.usPerInteraction
          if (which === 'base') baseCalls = measured.callsPerInteraction
          else calls = measured.callsPerInteraction
        }
        mine.push(got.this!)
        if (got.base !== undefined) {
          theirs.push(got.base)
          ratios.push(got.this! / got.base)
        }
      }
      figures.push({
        name: `commit script, ${batch} interaction(s) per commit: Redis time per interaction (3 commits each)`,
        value: median(mine),
        unit: 'us',
        target: 100,
        ...(ratios.length > 0 ? { ratio: median(ratios) } : {}),
      })
      figures.push({
        name: `commit script, ${batch} interaction(s) per commit: commands the script runs per interaction`,
        value: calls,
        unit: 'commands',
        target: 12,
        ...(base ? { ratio: calls / baseCalls } : {}),
      })
      if (theirs.length > 0)
        figures.push({
          name: `commit script, ${batch} interaction(s) per commit: the base build's Redis time per interaction`,
          value: median(theirs),
          unit: 'us',
          target: 100,
        })
    }
    figures.push(...(await parts()))
    return figures
  } finally {
    await client.close()
    await redis.stop()
  }
}
