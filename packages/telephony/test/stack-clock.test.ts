// The stack hands its timers (StackOptions.timers) to what it starts: its bridge link's wait for Kamailio's hello and
// its desktop's heartbeat and sync with serve are set on them, not on Node's global timers.
import { describe, expect, it } from 'vitest'
import { HELLO_POLL_MS } from '../src/bridge-link.ts'
import { startTelephonyStack, type Timers, waitFor } from '../src/index.ts'
import { login } from './desktop-client.ts'
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

describe("the stack's timers", () => {
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
