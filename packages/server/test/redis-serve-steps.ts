// Steps of the serve --redis statistics tests (takeover, hot reload): start a process on the test's Redis, call it
// with retries while routing changes hands, read what a strategy's probe saw, handle one interaction.
import { eventually } from '@routewright/node-support/testing'
import { expect } from 'vitest'
import { call, type ServeProcess, startServeProcess } from './serve-process.ts'
import type { startedInEachTest } from './started.ts'

/** A serve process on `started`'s workspace and Redis (takeover after 1 s), stopped with the test. */
export async function startOnRedis(started: ReturnType<typeof startedInEachTest>): Promise<ServeProcess> {
  const p = await startServeProcess(started.workspace!.dir, [
    '--redis',
    started.redis!.url,
    '--takeover',
    '1000',
  ])
  started.processes.push(p)
  return p
}

/**
 * Processes starting at once on one Redis, the routing one first: whichever took the lease (a start costs a second of
 * CPU, so starting them one after the other only to know which routes doubled a test's set-up). Waits for every
 * start, so one that fails leaves none still starting past its test; resolves once exactly one says it routes.
 */
export async function routingFirst(starts: ReadonlyArray<Promise<ServeProcess>>): Promise<ServeProcess[]> {
  const settled = await Promise.allSettled(starts)
  const failed = settled.find((s) => s.status === 'rejected')
  if (failed) throw failed.reason
  const processes = settled.map((s) => (s as PromiseFulfilledResult<ServeProcess>).value)
  const routes = async (p: ServeProcess) =>
    /^routewright_routing_primary 1$/m.test((await call(`${p.url}/metrics`, 'GET')).text)
  const routing = await eventually(async () => {
    const flags = await Promise.all(processes.map(routes))
    return flags.filter(Boolean).length === 1 ? processes[flags.indexOf(true)] : undefined
  }, 10_000)
  return [routing!, ...processes.filter((p) => p !== routing)]
}

// biome-ignore lint/suspicious/noExplicitAny: tests read response bodies field by field and assert on them
type Answer = { status: number; body: any }

export async function send(url: string, method: string, body?: unknown): Promise<Answer> {
  // retried while routing changes hands (503, or 0 from the process that died)
  return eventually(async () => {
    const answer = await call(url, method, body)
    if (answer.status === 503 || answer.status === 0) return undefined
    return { status: answer.status, body: answer.text === '' ? undefined : JSON.parse(answer.text) }
  }, 10_000)
}

/**
 * What the strategy read, by statistic: a probe interaction's `stat` trace entries, but an agent's time in state
 * (the tests run on the real clock).
 */
export async function probe(url: string, id: string): Promise<Record<string, number>> {
  const submitted = await send(`${url}/v1/interactions`, 'POST', {
    id,
    strategy: 'support',
    data: { probe: 'yes' },
  })
  // a submit that answered 503 while routing changed hands may have run: its retry is then answered as a replay
  expect(submitted.status === 201 || (submitted.status === 200 && submitted.body.replayed === true)).toBe(
    true,
  )
  const view = (await send(`${url}/v1/interactions/${id}`, 'GET')).body
  const reads: Record<string, number> = {}
  for (const entry of view.trace)
    if (entry.kind === 'stat' && !entry.name.startsWith('TimeInState')) reads[entry.name] = entry.value
  return reads
}

/** Submits `id`, confirms its reservation, holds it `ms`, completes it. */
export async function handle(url: string, id: string, ms: number): Promise<void> {
  expect((await send(`${url}/v1/interactions`, 'POST', { id, strategy: 'support' })).body.state).toBe(
    'reserved',
  )
  expect((await send(`${url}/v1/interactions/${id}/confirm`, 'POST')).status).toBe(200)
  await new Promise((resolve) => setTimeout(resolve, ms))
  expect((await send(`${url}/v1/interactions/${id}/complete`, 'POST')).status).toBe(200)
}
