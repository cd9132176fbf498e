// serve --redis runs for weeks: what it writes to Redis per interaction goes when the interaction ends, whichever way
// it ends (completed, abandoned while queued or offered, an offer withdrawn first, routed elsewhere by its
// strategy), through the routing process or a follower; only its closed view stays, and that expires (--closed-ttl),
// its id in closed-ids with it.
import { execFileSync } from 'node:child_process'
import { eventually, startRedisServer } from '@routewright/node-support/testing'
import { describe, expect, it } from 'vitest'
import { makeWorkspace, supportStrategy } from './helpers.ts'
import { routingFirst, send } from './redis-serve-steps.ts'
import { type ServeProcess, startServeProcess } from './serve-process.ts'
import { startedInEachTest } from './started.ts'

const started = startedInEachTest()
const ROUNDS = 4
/** The cluster's own keys: one each, whatever the traffic. */
const CLUSTER_KEYS = [
  'agents',
  'closed-ids',
  'commit-chain',
  'current',
  'epoch',
  'events',
  'leader',
  'leader-capabilities',
  'versions',
  'windows',
  'windows:subjects',
].map((k) => `routewright:${k}`)

function redis(...args: string[]): string {
  return execFileSync('redis-cli', ['-p', String(started.redis!.port), ...args])
    .toString()
    .trim()
}
const scan = () => redis('--scan').split('\n').filter(Boolean).sort()

describe('serve --redis: the keys of an interaction', { timeout: 300_000 }, () => {
  it('are gone once it ended, whichever way, but its closed view, which expires', async () => {
    started.redis = await startRedisServer()
    started.workspace = makeWorkspace({ 'short.strategy.yaml': supportStrategy('short', '300ms') })
    // views kept 3 s: the last round's are still there when the keys are read, and all are gone 3 s after it
    const args = ['--redis', started.redis.url, '--takeover', '1000', '--closed-ttl', '3s']
    const start = async () => {
      const p = await startServeProcess(started.workspace!.dir, args)
      started.processes.push(p)
      return p
    }
    const [a, b] = (await routingFirst([start(), start()])) as [ServeProcess, ServeProcess]
    const agents = (state: string) =>
      Promise.all(['ann', 'bob'].map((agent) => send(`${a.url}/v1/agents/${agent}/state`, 'PUT', { state })))
    const ids: string[] = []
    for (let round = 0; round < ROUNDS; round++) {
      // every command through the routing process in one round, through the follower (forwarded) in the next
      const url = round % 2 ? b.url : a.url
      const at = (id: string, command: string, body?: unknown) =>
        send(`${url}/v1/interactions/${id}/${command}`, 'POST', body)
      const submit = async (id: string, strategy = 'support') => {
        ids.push(id)
        // what it was submitted with is kept beside its record (`submitted`) until it ends
        const given = { ani: '+15550100', dnis: '8005550100', priority: 1, data: { tier: 'gold' } }
        return (await send(`${url}/v1/interactions`, 'POST', { id, strategy, ...given })).body
      }
      await agents('ready')
      expect(await submit(`done${round}`)).toMatchObject({ state: 'reserved' })
      expect((await at(`done${round}`, 'confirm')).status).toBe(200)
      expect((await at(`done${round}`, 'complete')).status).toBe(200)
      expect(await submit(`offered${round}`)).toMatchObject({ state: 'reserved' })
      expect((await at(`offered${round}`, 'abandon')).status).toBe(200)
      expect(await submit(`withdrawn${round}`)).toMatchObject({ state: 'reserved' })
      expect((await at(`withdrawn${round}`, 'reject', { reason: 'withdrawn' })).status).toBe(200)
      expect((await at(`withdrawn${round}`, 'abandon')).status).toBe(200)
      await submit(`connected${round}`)
      expect((await at(`connected${round}`, 'connect', { agent: 'bob' })).status).toBe(200)
      expect((await at(`connected${round}`, 'complete')).status).toBe(200)
      await agents('not-ready')
      expect(await submit(`queued${round}`)).toMatchObject({ state: 'queued' })
      expect((await at(`queued${round}`, 'abandon')).status).toBe(200)
      // nobody ready within its 300 ms wait: the strategy routes it to voicemail
      await submit(`elsewhere${round}`, 'short')
      await eventually(async () => {
        const view = (await send(`${url}/v1/interactions/elsewhere${round}`, 'GET')).body
        return view.state === 'finished' ? true : undefined
      }, 10_000)
    }
    // the next routing process deletes, with its first commit, submitted fields whose entry goes with it (a resume
    // that fails: neither a snapshot nor an input; it ends as failed, its closed view kept as any other's), fields
    // that are not JSON, and fields no entry names (an older serve's); none of them stops it from taking over
    const version = redis('GET', 'routewright:current')
    const ghost = (id: string) =>
      JSON.stringify({ record: { id, state: 'queued', version, media: 'voice', submittedAt: 1 } })
    redis('HSET', 'routewright:interactions', 'ghost', ghost('ghost'), 'garbled', ghost('garbled'))
    const fields = JSON.stringify({ ani: '+15550100' })
    redis('HSET', 'routewright:submitted', 'ghost', fields, 'garbled', '{not json', 'orphan', fields)
    await a.kill('SIGKILL')
    await routingFirst([Promise.resolve(b)])
    await eventually(() => (redis('HLEN', 'routewright:interactions') === '0' ? true : undefined), 15_000)
    // each key left is the cluster's or an ended interaction's view, expiring (some may have expired already)
    const closed = new Set([...ids, 'ghost', 'garbled'].map((id) => `routewright:closed:${id}`))
    const left = scan()
    expect(left.filter((key) => !CLUSTER_KEYS.includes(key) && !closed.has(key))).toEqual([])
    for (const key of left.filter((k) => closed.has(k))) {
      const ttl = Number(redis('PTTL', key))
      // -2: expired between the scan and now
      expect(ttl === -2 || (ttl > 0 && ttl <= 3000)).toBe(true)
    }
    expect(redis('HLEN', 'routewright:interactions')).toBe('0')
    // the views expire: nothing of the run is left but the cluster's keys
    await eventually(() => (scan().length === CLUSTER_KEYS.length ? true : undefined), 15_000)
    expect(scan()).toEqual(CLUSTER_KEYS)
    // the next interaction that ends takes the expired views' ids out of closed-ids with it
    expect(await send(`${b.url}/v1/interactions`, 'POST', { id: 'last', strategy: 'support' })).toMatchObject(
      {
        body: { state: 'queued' },
      },
    )
    expect((await send(`${b.url}/v1/interactions/last/abandon`, 'POST')).status).toBe(200)
    expect(redis('ZRANGE', 'routewright:closed-ids', '0', '-1')).toBe('last')
  })
})
