// What an operator's probes and log alerts see on the surviving `serve --redis` process while it takes over from one
// killed -9 (ops review 6, 7): /readyz answers from local state (ready: the only healthy process stays in rotation),
// one `warn` names the process whose lease expired, and alarm evaluation waits quietly (no `error` that "recovers").
import { readFileSync } from 'node:fs'
import { eventually, startRedisServer } from '@routewright/node-support/testing'
import { describe, expect, it } from 'vitest'
import { makeWorkspace } from './helpers.ts'
import { routingFirst } from './redis-serve-steps.ts'
import { call, type ServeProcess, startServeProcess } from './serve-process.ts'
import { startedInEachTest } from './started.ts'

const started = startedInEachTest()

// evaluated every 100 ms: some evaluations of the follower fall inside the takeover
const ALARMS = `alarms: center
format: 1
evaluateEvery: 100ms
rules:
  long-wait:
    figure: oldest-waiting
    queue: "*"
    above: 120
`

/** A takeover after 3 s: long enough that probes sent right after the kill fall inside it. */
async function start(): Promise<ServeProcess> {
  const p = await startServeProcess(started.workspace!.dir, [
    '--redis',
    started.redis!.url,
    '--takeover',
    '3000',
  ])
  started.processes.push(p)
  return p
}

const logLines = (p: ServeProcess) =>
  readFileSync(p.log, 'utf8')
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>)

const routes = async (p: ServeProcess) =>
  /^routewright_routing_primary 1$/m.test((await call(`${p.url}/metrics`, 'GET')).text)

describe('serve --redis: the surviving process during a takeover', { timeout: 60_000 }, () => {
  it('stays ready, says whose lease expired at warn, and logs no alarm-evaluation error', async () => {
    started.redis = await startRedisServer()
    started.workspace = makeWorkspace({ 'alarms.yaml': ALARMS })
    const [a, b] = (await routingFirst([start(), start()])) as [ServeProcess, ServeProcess]
    const dead = logLines(a).find((l) => l.msg === 'this process routes now')?.process
    expect(dead).toEqual(expect.any(String))
    await a.kill('SIGKILL')

    // probes one after another until b routes: each answer, as a load balancer's probe would read it
    const answers: Array<{ status: number; text: string }> = []
    await eventually(async () => {
      const answer = await call(`${b.url}/readyz`, 'GET')
      answers.push({ status: answer.status, text: answer.text })
      return routes(b)
    }, 20_000)
    expect(answers.length).toBeGreaterThan(0)
    for (const answer of answers) {
      expect(answer.status).toBe(200)
      expect(JSON.parse(answer.text)).toMatchObject({
        ready: true,
        version: expect.stringMatching(/^[0-9a-f]+$/),
      })
    }

    // GET /v1/alarms waits for the evaluations that fired: those of the takeover have ended by its answer
    expect((await call(`${b.url}/v1/alarms`, 'GET')).status).toBe(200)
    const lines = logLines(b)
    expect(lines.filter((l) => l.level === 'warn' && l.expired !== undefined)).toEqual([
      expect.objectContaining({
        level: 'warn',
        msg: 'the routing process stopped renewing its lease: this process takes over',
        expired: dead,
      }),
    ])
    expect(lines.filter((l) => l.level === 'error')).toEqual([])
    expect(lines.filter((l) => typeof l.msg === 'string' && l.msg.startsWith('alarm evaluation'))).toEqual([])
  })
})
