// One bridge on a simulated clock (strategy-runtime's createSimulatedClock as its `now` and `timers`): how the clock
// tests move the bridge's waits to their exact time, with no real waiting.
import { createSimulatedClock, type SimulatedClock } from '@routewright/strategy-runtime'
import { type Bridge, type BridgeOptions, createBridge, type RouterClient } from '../src/index.ts'
import { inviteEvent } from './kamailio-events.ts'

/** Where every simulated clock of these tests starts (ms since the epoch). */
export const CLOCK_START = 1_000_000

/** Lets promise chains and I/O callbacks run; no time passes on the clock (it moves only when the test says). */
export const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve))

export interface SimulatedBridge {
  clock: SimulatedClock
  bridge: Bridge
  /** The router commands, `METHOD path`, in order. */
  commands: string[]
  /** The same with their bodies. */
  requests: Array<{ method: string; path: string; body: unknown }>
  /** What Kamailio was sent. */
  sent: Array<Record<string, unknown>>
  /** A Kamailio event of call c1 (caller tag f1). */
  kamailio(event: string, extra?: Record<string, unknown>): void
  /** Call c1's state on the bridge. */
  state(): string | undefined
}

/**
 * A bridge on a fresh simulated clock with call c1 in from +1 and routed to ann (her phone rings); `options` as
 * BridgeOptions (cancelGraceMs, commandTimeoutMs ...). The router answers every command as serve does when it takes it.
 */
export function simulatedBridge(
  options: Partial<Omit<BridgeOptions, 'now' | 'timers' | 'router'>> = {},
): SimulatedBridge {
  const clock = createSimulatedClock(CLOCK_START)
  const commands: string[] = []
  const requests: SimulatedBridge['requests'] = []
  const router: RouterClient = {
    call: async (method, path, body) => {
      commands.push(`${method} ${path}`)
      requests.push({ method, path, body })
      return { status: method === 'POST' && path === '/v1/interactions' ? 201 : 200, body: {} }
    },
    follow: () => ({ ready: Promise.resolve(), stop: async () => {} }),
  }
  const bridge = createBridge({
    strategy: 'inbound-call',
    sipDomain: '127.0.0.1:5060',
    ...options,
    router,
    now: () => clock.now(),
    timers: clock,
  })
  const sent: Array<Record<string, unknown>> = []
  bridge.connect((m) => sent.push(m))
  bridge.onKamailio(inviteEvent({ from: '"+1" <sip:+1@x>;tag=f1' }))
  bridge.onRouterEvent({ type: 'routed', interaction: 'c1', agent: 'ann' })
  return {
    clock,
    bridge,
    commands,
    requests,
    sent,
    kamailio: (event, extra = {}) => bridge.onKamailio({ event, callid: 'c1', ftag: 'f1', ...extra }),
    state: () => bridge.calls()[0]?.state,
  }
}

/**
 * Moves `clock` `ms` forward one due timer at a time, letting the promise chains each one starts run before the next
 * (a retry such a chain sets within `ms` fires too), as vitest's advanceTimersByTimeAsync did for fake timers.
 */
export async function advance(clock: SimulatedClock, ms: number): Promise<void> {
  const end = clock.now() + ms
  await settle()
  for (let due = clock.nextDue(); due !== undefined && due <= end; due = clock.nextDue()) {
    clock.runUntil(due)
    await settle()
  }
  clock.runUntil(end)
  await settle()
}
