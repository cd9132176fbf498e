// A strategy file removed from serve's watched workspace while calls route through it, on real SIP (sipp callers ->
// Kamailio -> the bridge -> serve -> sipp phone): the call already waiting keeps its run, a new call is answered 480
// with a Warning naming the strategy gone, and the file's return brings routing back.
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { testFolder } from '@routewright/node-support/testing'
import { describe, expect, it } from 'vitest'
import { startTelephonyStack, TELEPHONY_WORKSPACE, type TelephonyStack, waitFor } from '../src/index.ts'
import { kamailioLogFaults } from './kamailio-log.ts'
import { phoneWithInvites, waitForMessages } from './phone-trace.ts'
import { callerCall } from './relayed-stack.ts'
import { stackPerTest } from './stack-report.ts'

const keep = stackPerTest()

/** The callers' sipp exit code (0: every call went through its scenario), or a clear failure when they hang. */
const finished = (callers: { exited: Promise<number | string>; tail(): string }) =>
  Promise.race([
    callers.exited,
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`callers still running after 60 s:\n${callers.tail()}`)), 60_000),
    ),
  ])

/** Whether serve's current version has the strategy `name`, once it deployed the workspace's change. */
const servesStrategy = (s: TelephonyStack, name: string, has: boolean) =>
  waitFor(
    `serve's current version ${has ? 'with' : 'without'} ${name}`,
    async () => {
      const { versions } = (await s.router.call('GET', '/v1/versions')).body as {
        versions: Array<{ status: string; strategies: string[] }>
      }
      const current = versions.find((v) => v.status === 'current')
      return current !== undefined && current.strategies.includes(name) === has
    },
    30_000,
  )

describe('a strategy removed while serve routes calls', () => {
  it('keeps the waiting call, refuses new ones 480 with a Warning, routes again once the file is back', async () => {
    const workspace = path.join(testFolder('routewright-ws-'), 'workspace')
    cpSync(TELEPHONY_WORKSPACE, workspace, { recursive: true })
    const file = path.join(workspace, 'inbound-call.strategy.yaml')
    const text = readFileSync(file, 'utf8')
    const s = keep(
      await startTelephonyStack({
        workspace,
        watch: true,
        agents: [{ id: 'ann', ringMs: 200 }],
        ready: false,
      }),
    )

    // a call waits on inbound-call: nobody is ready
    const first = await s.call([callerCall({ startMs: 0, patienceMs: 120_000, holdMs: 500 })], 'first')
    const waiting = await waitFor('the first call to wait', () => s.bridge.calls()[0], 30_000)
    await waitFor(
      'the first call queued at serve',
      async () => ((await s.router.call('GET', '/v1/waiting')).body.waiting as unknown[]).length === 1,
      30_000,
    )

    rmSync(file)
    await servesStrategy(s, 'inbound-call', false)

    // a new call for it: a final answer saying why, not a Bad Request
    const refused = await s.call([callerCall({ startMs: 0 })], 'refused')
    expect(await finished(refused)).toBe(0)
    const answer = (
      await waitForMessages(refused.messageFile, /^SIP\/2\.0 480 /, { direction: 'received' })
    ).match(/^SIP\/2\.0 480 [^\r\n]*(?:\r?\n(?!\r?\n)[^\r\n]*)*/m)![0]
    expect(answer).toMatch(/^SIP\/2\.0 480 Strategy Unavailable/)
    expect(answer).toMatch(/^Warning: 399 \S+ "strategy inbound-call is not loaded[^"]*"\r?$/m)
    expect(answer).toMatch(/^Reason: SIP;cause=480;text="strategy inbound-call is not loaded"\r?$/m)
    expect(s.bridge.figures()).toMatchObject({ offered: 2, other: 1 })

    // the waiting call kept its run on the version it started with: routed once ann is ready
    expect((await s.router.call('PUT', '/v1/agents/ann/state', { state: 'ready' })).status).toBe(200)
    expect(await finished(first)).toBe(0)
    expect((await phoneWithInvites(s.phones[0]!.messageFile, 1)).invites[0]?.callId).toBe(waiting.callId)

    // the file back: routing of new calls is back too
    writeFileSync(file, text)
    await servesStrategy(s, 'inbound-call', true)
    const third = await s.call([callerCall({ startMs: 0, holdMs: 500 })], 'third')
    expect(await finished(third)).toBe(0)
    expect((await phoneWithInvites(s.phones[0]!.messageFile, 2)).invites).toHaveLength(2)
    await waitFor('every call to end', () => s.bridge.figures().open === 0, 30_000)
    expect(s.bridge.figures()).toMatchObject({ offered: 3, answered: 2, other: 1 })
    expect(kamailioLogFaults(s)).toEqual([])
  })
})
