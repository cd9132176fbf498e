// A login that signs another agent out, on the real stack: the desktop mounted on the bridge's HTTP side as a bridge
// runs it (desktopHandlers), serve behind a relay that refuses what a test picks, the bridge's own log read back.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { desktopHandlers } from '../src/desktop-mount.ts'
import { startTelephonyStack, waitFor } from '../src/index.ts'
import { login } from './desktop-client.ts'
import { callerCall } from './relayed-stack.ts'
import { type ServeRelay, startServeRelay } from './serve-relay.ts'
import { stackPerTest } from './stack-report.ts'

const keep = stackPerTest()

/** The bridge's log lines (bridge.log, JSON lines) whose message is `message`. */
function bridgeLogLines(runDir: string, message: string): Array<Record<string, unknown>> {
  return readFileSync(path.join(runDir, 'bridge.log'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((line) => line.message === message)
}

describe('a login that signs another agent out, on the real stack', () => {
  // before, the desktop mounted on the bridge got no log: serve not taking ann's logout was written nowhere
  it("writes serve's refusal of the signed-out agent's logout to the bridge's log", async () => {
    let relay: ServeRelay | undefined
    const s = keep(
      await startTelephonyStack({
        agents: [{ id: 'ann' }, { id: 'bob' }],
        ready: false,
        http: async (context) => {
          relay = await startServeRelay(context.serveUrl)
          return desktopHandlers({ ...context, serveUrl: relay.url })
        },
      }),
    )
    try {
      const desktop = `${s.bridgeUrl}/desktop/`
      const ann = await login(desktop, 'ann')
      relay!.refuse((method, url) => method === 'PUT' && url === '/v1/agents/ann/state')
      const bob = await login(desktop, 'bob', ann.cookie)
      expect(bob.session.signedOut).toEqual({
        agent: 'ann',
        serve: 'not-taken',
        error: 'serve is restarting',
      })
      expect(
        bridgeLogLines(
          s.runDir,
          'serve did not take the logout of an agent signed out by another login; still logged in there',
        ),
      ).toMatchObject([{ agent: 'ann', error: 'serve is restarting' }])
    } finally {
      await relay?.close()
    }
  })

  // the agent whose phone rings when another login takes the browser: the ring is not cut, ann answers it, and she is
  // logged out at serve once that call ends (never while it rings or talks)
  it('leaves a ringing call to ring and be answered, and logs the signed-out agent out once it ended', async () => {
    const s = keep(
      await startTelephonyStack({ agents: [{ id: 'ann', ringMs: 2000 }, { id: 'bob' }], ready: false }),
    )
    const desktop = `${s.bridgeUrl}/desktop/`
    const ann = await login(desktop, 'ann')
    expect((await s.router.call('PUT', '/v1/agents/ann/state', { state: 'ready' })).status).toBe(200)
    const callers = await s.call([callerCall({ startMs: 0, holdMs: 1000 })])
    const annCall = () => s.bridge.calls().find((c) => c.agent === 'ann')
    await waitFor("ann's phone to ring", () => annCall()?.state === 'ringing', 10_000)
    const bob = await login(desktop, 'bob', ann.cookie)
    expect(bob.session.signedOut).toEqual({ agent: 'ann', serve: 'after-call' })
    const annAtServe = async () =>
      (
        (await s.router.call('GET', '/v1/agents')).body as { agents: Array<{ id: string; state: string }> }
      ).agents.find((a) => a.id === 'ann')?.state
    expect(await annAtServe()).toBe('not-ready')
    await waitFor('ann to answer', () => annCall()?.state === 'talking', 10_000)
    expect(await annAtServe()).toBe('not-ready')
    expect(await callers.exited).toBe(0)
    await waitFor(
      'ann logged out at serve after her call',
      async () => (await annAtServe()) === 'logged-out',
      10_000,
    )
  })

  // the ring that is never answered: the router's ring-no-answer (its not-ready) must not outlast her logout
  it('logs the signed-out agent out once her ring went unanswered, after the router made her not ready', async () => {
    const s = keep(
      await startTelephonyStack({
        agents: [{ id: 'ann', ringMs: Infinity }, { id: 'bob' }],
        ready: false,
        ronaMs: 2000,
      }),
    )
    const desktop = `${s.bridgeUrl}/desktop/`
    const ann = await login(desktop, 'ann')
    expect((await s.router.call('PUT', '/v1/agents/ann/state', { state: 'ready' })).status).toBe(200)
    const callers = await s.call([callerCall({ startMs: 0, patienceMs: 6000 })])
    const annCall = () => s.bridge.calls().find((c) => c.agent === 'ann')
    await waitFor("ann's phone to ring", () => annCall()?.state === 'ringing', 10_000)
    const bob = await login(desktop, 'bob', ann.cookie)
    expect(bob.session.signedOut).toEqual({ agent: 'ann', serve: 'after-call' })
    await waitFor('the ring-no-answer', () => annCall()?.state !== 'ringing', 10_000)
    const annAtServe = async () =>
      (
        (await s.router.call('GET', '/v1/agents')).body as { agents: Array<{ id: string; state: string }> }
      ).agents.find((a) => a.id === 'ann')?.state
    await waitFor('ann logged out at serve', async () => (await annAtServe()) === 'logged-out', 10_000)
    await callers.exited
    // and she stays out: the router's not-ready of the ring-no-answer came before, not after
    expect(await annAtServe()).toBe('logged-out')
  })
})
