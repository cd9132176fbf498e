// The stack hands its timers (StackOptions.timers) to what it starts: its bridge link's wait for Kamailio's hello and
// its desktop's heartbeat and sync with serve are set on them, not on Node's global timers, and its bridge's call
// waits fire when that clock moves, not when real time passes.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { createSimulatedClock } from '@routewright/strategy-runtime'
import { describe, expect, it, onTestFinished } from 'vitest'
import { HELLO_POLL_MS } from '../src/bridge-link.ts'
import { startTelephonyStack, type Timers, waitFor } from '../src/index.ts'
import { login } from './desktop-client.ts'
import { callerCall } from './relayed-stack.ts'
import { stackPerTest } from './stack-report.ts'

const keep = stackPerTest()

/** Node's timers, each delay set on them recorded. */
function recordingTimers() {
  const delays: number[] = []
  const timers: Timers = {
    setTimeout(run, ms) {
      delays.push(ms)
      return setTimeout(run, ms)
    },
    clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  }
  return { delays, timers }
}

/**
 * A simulated clock that follows real time (moved every few ms, so the stack starts and calls as it would) until
 * `hold()`; from then it moves only when the test says. The delays set on it since the hold are recorded.
 */
function heldClock() {
  const clock = createSimulatedClock(Date.now())
  let held = false
  let last = performance.now()
  const pump = setInterval(() => {
    const now = performance.now()
    if (!held) clock.advance(Math.floor(now - last))
    last = now
  }, 5)
  // after the stack's own afterEach stop, which may wait on these timers
  onTestFinished(() => clearInterval(pump))
  const setSinceHold: number[] = []
  const timers: Timers = {
    setTimeout(run, ms) {
      if (held) setSinceHold.push(ms)
      return clock.setTimeout(run, ms)
    },
    clearTimeout: (handle) => clock.clearTimeout(handle as never),
  }
  return {
    clock,
    timers,
    setSinceHold,
    hold: () => {
      held = true
    },
  }
}

describe("the stack's timers", () => {
  it("fire its bridge's CANCEL grace for a ringing call when the clock given moves past it, not before", async () => {
    const c = heldClock()
    const stack = keep(
      await startTelephonyStack({
        agents: [{ id: 'ann', ringMs: Number.POSITIVE_INFINITY }],
        ronaMs: 10_000,
        timers: c.timers,
      }),
    )
    const s = stack
    // ann's phone never answers; the caller gives up after 5 s, before Kamailio's 10 s ring-no-answer
    const caller = await stack.call([callerCall({ startMs: 0, patienceMs: 5000 })])
    await waitFor('the call to ring ann', () => s.bridge.calls()[0]?.state === 'ringing', 15_000)
    c.hold()
    // the bridge logs Kamailio's cancel event as it takes it, setting its grace (2 s) for an answer crossing the
    // CANCEL on the held clock
    const bridgeLog = path.join(s.runDir, 'bridge.log')
    await waitFor(
      "the caller's CANCEL at the bridge",
      () => readFileSync(bridgeLog, 'utf8').includes('"event":"cancel"'),
      15_000,
    )
    expect(c.setSinceHold).toContain(2000)
    // the caller's sipp saw its CANCEL through and exited: real time went on, the clock did not
    expect(await caller.exited).toBe(0)
    expect(s.bridge.calls()[0]?.state).toBe('ringing')
    c.clock.advance(1999)
    expect(s.bridge.figures().abandonedRinging).toBe(0)
    c.clock.advance(1)
    expect(s.bridge.figures().abandonedRinging).toBe(1)
    expect(s.bridge.calls()[0]?.state).toBe('ended')
  })

  it("run its bridge link's hello wait and its desktop's heartbeat and sync", async () => {
    const { delays, timers } = recordingTimers()
    const stack = keep(await startTelephonyStack({ agents: [{ id: 'ann' }], ready: false, timers }))
    // the bridge link's wait for Kamailio's answer to its hello: its polls of Kamailio's progress (HELLO_POLL_MS)
    expect(delays).toContain(HELLO_POLL_MS)
    const desktopUrl = `${stack.bridgeUrl}/desktop/`
    const desk = await login(desktopUrl, 'ann')
    const abort = new AbortController()
    try {
      const response = await fetch(`${desktopUrl}api/events`, {
        headers: { cookie: desk.cookie },
        signal: abort.signal,
      })
      expect(response.status).toBe(200)
      // the open stream's heartbeat (15 s) and the sync with serve while a desktop is open (2 s)
      await waitFor(
        'the desktop to set its heartbeat and sync',
        () => delays.includes(15_000) && delays.includes(2000),
        15_000,
      )
    } finally {
      abort.abort()
    }
  })
})
