// Three `routewright serve --redis` processes on one real redis-server, 100 agents, interactions submitted over
// HTTP across them: no agent over capacity (checked by an independent ledger of the event stream) and every
// interaction finished exactly once, also when the routing process is killed -9 and when Redis restarts.
// The 10,000 interactions per case (about 12 s each here); ROUTEWRIGHT_CLUSTER_INTERACTIONS sets another count.

import { startRedisServer } from '@routewright/node-support/testing'
import { afterEach, describe, expect, it } from 'vitest'
import { driveCluster } from './cluster-ledger.ts'
import { clusterWorkspace } from './cluster-workspace.ts'
import { routingFirst } from './redis-serve-steps.ts'
import { startServeProcess } from './serve-process.ts'
import { startedInEachTest } from './started.ts'

const COUNT = Number(process.env.ROUTEWRIGHT_CLUSTER_INTERACTIONS ?? 10_000)
const AGENTS = 100

// the processes, redis-server and workspace of each test are stopped and removed after it, whatever its outcome
const started = startedInEachTest()
// registered after startedInEachTest, so it runs before that cleanup (after-each hooks run last-registered first)
afterEach(async () => {
  if (process.env.ROUTEWRIGHT_DUMP_REDIS && started.redis) {
    const { execSync } = await import('node:child_process')
    const sh = (c: string) => execSync(`redis-cli -p ${started.redis!.port} ${c}`).toString()
    console.log('HOLDS', sh('HGETALL routewright:holds'))
    console.log('LOADS', sh('--scan --pattern "routewright:load:*"'))
    console.log('A1', sh('HGETALL routewright:load:a1'))
    console.log(
      'IX',
      sh('HGETALL routewright:interactions')
        .split('\n')
        .filter((l) => l.includes('"a1"'))
        .map((l) => l.slice(0, 300))
        .join('\n'),
    )
  }
  if (process.env.ROUTEWRIGHT_KEEP_CLUSTER_LOGS && started.workspace) {
    console.log(`cluster logs kept in ${started.workspace.dir}`)
    started.workspace = undefined
  }
})

/** `extra`: more flags for every process (the same for all, as an operator runs a cluster). */
async function cluster(extra: string[] = []) {
  started.redis = await startRedisServer()
  const workspace = clusterWorkspace(AGENTS)
  started.workspace = workspace
  const args = ['--redis', started.redis.url, '--takeover', '5000', '--log-level', 'info', ...extra]
  const start = async () => {
    const serve = await startServeProcess(workspace.dir, args)
    started.processes.push(serve) // each as it starts: one that fails to start leaves none behind
    return serve
  }
  // started at once: whichever takes the routing lease comes first, the others forward to it
  return { workspace, processes: await routingFirst([1, 2, 3].map(start)) }
}

function expectClean(report: Awaited<ReturnType<typeof driveCluster>>) {
  if (process.env.ROUTEWRIGHT_KEEP_CLUSTER_LOGS) console.log(JSON.stringify(report).slice(0, 2000))
  // first, so a drive that timed out fails naming its unfinished interactions, their last events and states
  expect(report.unfinished).toBeUndefined()
  expect(report.overCapacity).toEqual([])
  expect(report.finishedTwice).toEqual([])
  expect(report.notFinished).toBe(0)
  expect(report.completed).toBe(COUNT)
}

describe('several serve processes on one Redis', { timeout: 300_000 }, () => {
  it(`routes ${COUNT} interactions submitted across 3 processes with no agent over capacity`, async () => {
    // the host confirms each offer once the stream brings it; on a loaded host that took over serve's default 15 s
    // (40 offers timed out in one CI run). Reservations of 60 s, the drive's own wait, leave a withdrawal only to
    // the cluster itself (a takeover, a confirm lost), which is what `withdrawn` is checked for
    const { workspace, processes } = await cluster([
      '--limits',
      JSON.stringify({ reservationTimeoutMs: 60_000 }),
    ])
    const urls = processes.map((p) => p.url)
    const report = await driveCluster({
      urls: () => urls,
      streamUrl: urls[2]!,
      count: COUNT,
      inFlight: 24,
      rules: workspace.rules,
      timeoutMs: 60_000,
    })
    expectClean(report)
    expect(report.withdrawn, report.withdrawals.slice(0, 5).join('\n')).toBe(0)
  })

  it('loses and double-routes nothing when the routing process is killed -9 mid-run', async () => {
    const { workspace, processes } = await cluster()
    let alive = processes.map((p) => p.url)
    const report = await driveCluster({
      urls: () => alive,
      streamUrl: processes[2]!.url,
      count: COUNT,
      inFlight: 24,
      rules: workspace.rules,
      timeoutMs: 60_000,
      midway: async () => {
        alive = alive.slice(1)
        await processes[0]!.kill('SIGKILL')
      },
    })
    expectClean(report)
    expect(report.retries).toBeGreaterThan(0)
  })

  // The restart loses Redis's data (no persistence): the routing process writes its state back under a new
  // epoch while hosts retry the commands that got 503, and each interaction must still finish exactly once.
  it('answers 503 while Redis is down, then recovers with no agent over capacity, each interaction once', async () => {
    const { workspace, processes } = await cluster()
    const urls = processes.map((p) => p.url)
    let refused = ''
    const report = await driveCluster({
      urls: () => urls,
      streamUrl: urls[1]!,
      count: COUNT,
      inFlight: 24,
      rules: workspace.rules,
      timeoutMs: 60_000,
      midway: async () => {
        const port = started.redis!.port
        await started.redis!.stop()
        const answer = await fetch(`${urls[1]}/v1/interactions`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ id: 'during-outage', strategy: 'support' }),
        })
        refused = `${answer.status} ${await answer.text()}`
        started.redis = await startRedisServer(port)
      },
    })
    expect(refused).toMatch(/^503 .*Redis at redis:\/\/127\.0\.0\.1:\d+ is unreachable/)
    expectClean(report)
  })
})
