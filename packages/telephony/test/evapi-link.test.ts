// The evapi link keeps its connection: a drop is redialled with bounded backoff (a simulated clock as its injected
// now and timers, and a fake socket here; the real dropped connection is in evapi-drop.test.ts), and what is sent
// while down fails clearly.
import { EventEmitter } from 'node:events'
import type { WaitProgress } from '@routewright/node-support/ports'
import { createSimulatedClock, type SimulatedClock } from '@routewright/strategy-runtime'
import { describe, expect, it } from 'vitest'
import { connectEvapi, EvapiDownError, type EvapiSocket, netstring } from '../src/index.ts'
import { advance, CLOCK_START, settle } from './simulated-bridge.ts'

class FakeSocket extends EventEmitter {
  written: string[] = []
  write(text: string) {
    this.written.push(text)
    return true
  }
  destroy() {
    this.emit('close')
  }
  /** The dial failed (nobody listens). */
  refuse() {
    this.emit('error', new Error('connect ECONNREFUSED'))
    this.emit('close')
  }
}

/** Fires the next due timer of `clock` (moving it there), after and before letting promise chains run. */
async function nextTimer(clock: SimulatedClock): Promise<void> {
  await settle()
  const due = clock.nextDue()
  if (due !== undefined) clock.runUntil(due)
  await settle()
}

function setup(hello?: Record<string, unknown>) {
  const clock = createSimulatedClock(CLOCK_START)
  const dials: Array<{ at: number; socket: FakeSocket }> = []
  const events: string[] = []
  const messages: Array<Record<string, unknown>> = []
  const started = clock.now()
  const connecting = connectEvapi({
    host: '127.0.0.1',
    port: 9,
    now: () => clock.now(),
    timers: clock,
    backoffMs: 100,
    maxBackoffMs: 1000,
    ...(hello ? { hello } : {}),
    onMessage: (m) => messages.push(m),
    onDown: (reason) => events.push(`down: ${reason}`),
    onUp: ({ reconnect, downMs }) => {
      events.push(`up: reconnect=${reconnect} after ${downMs} ms`)
      // what the bridge sends once the link is up (held answers): after the hello
      if (reconnect && hello) last().write('from onUp')
    },
    dial: () => {
      const socket = new FakeSocket()
      dials.push({ at: clock.now() - started, socket })
      return socket as unknown as EvapiSocket
    },
  })
  const last = () => dials[dials.length - 1]!.socket
  return { clock, connecting, dials, events, messages, last }
}

/**
 * The first connection awaited (timeoutMs 1000) on a port that refuses every dial, `ms` on: the error it gave up
 * with (undefined while still waiting) and how many dials it made.
 */
async function refusedFor(
  ms: number,
  startProgress?: (clock: SimulatedClock) => WaitProgress,
): Promise<{ error: unknown; dials: number }> {
  const clock = createSimulatedClock(CLOCK_START)
  let dials = 0
  let error: unknown
  connectEvapi(
    {
      host: '127.0.0.1',
      port: 9,
      onMessage: () => {},
      now: () => clock.now(),
      timers: clock,
      ...(startProgress ? { startProgress: startProgress(clock) } : {}),
      dial: () => {
        const socket = new FakeSocket()
        dials++
        queueMicrotask(() => socket.refuse())
        return socket as unknown as EvapiSocket
      },
    },
    1000,
  ).catch((failed: unknown) => {
    error = failed
  })
  await advance(clock, ms)
  return { error, dials }
}

describe('the evapi link', () => {
  it("writes the bridge's hello first on every connection, before what onUp sends", async () => {
    const { clock, connecting, dials, last } = setup({ action: 'hello', bridge: 'a' })
    last().emit('connect')
    const link = await connecting
    last().emit('close')
    await nextTimer(clock)
    last().emit('connect')
    const hello = netstring(JSON.stringify({ action: 'hello', bridge: 'a' }))
    expect(dials.map((d) => d.socket.written)).toEqual([[hello], [hello, 'from onUp']])
    link.close()
  })
  it('redials a dropped connection with doubling delays capped at maxBackoffMs, and says so', async () => {
    const { clock, connecting, dials, events, last } = setup()
    last().emit('connect')
    const link = await connecting
    expect(link.status()).toMatchObject({ state: 'up', attempts: 0 })
    await advance(clock, 1000)
    last().emit('error', new Error('read ECONNRESET'))
    last().emit('close')
    expect(events).toEqual(['up: reconnect=false after 0 ms', 'down: connection lost (read ECONNRESET)'])
    expect(link.status()).toMatchObject({ state: 'down', since: clock.now(), attempts: 0 })
    const dropAt = dials[0]!.at + 1000
    // six refused dials, then one that connects
    for (let i = 0; i < 6; i++) {
      await nextTimer(clock)
      last().refuse()
    }
    await nextTimer(clock)
    expect(link.status()).toMatchObject({ state: 'down', attempts: 7 })
    last().emit('connect')
    const gaps = dials.slice(1).map((d, i) => d.at - (i === 0 ? dropAt : dials[i]!.at))
    expect(gaps).toEqual([100, 200, 400, 800, 1000, 1000, 1000])
    expect(link.status()).toMatchObject({ state: 'up', attempts: 0 })
    expect(events[2]).toBe('up: reconnect=true after 4500 ms')
    link.close()
    // closed: no redial
    await advance(clock, 10_000)
    expect(dials).toHaveLength(8)
  })

  it('backs off from a peer that accepts then closes at once, as from one that refuses', async () => {
    const { clock, connecting, dials, events, last } = setup()
    last().emit('connect')
    const link = await connecting
    await advance(clock, 2000)
    last().emit('close')
    for (let i = 0; i < 3; i++) {
      await nextTimer(clock)
      last().emit('connect')
      last().emit('close')
    }
    // a connection that lasted maxBackoffMs was a good one: the next drop starts from the first delay again
    await nextTimer(clock)
    last().emit('connect')
    await advance(clock, 1000)
    last().emit('close')
    await nextTimer(clock)
    const gaps = dials.slice(1).map((d, i) => d.at - dials[i]!.at)
    expect(gaps).toEqual([2100, 200, 400, 800, 1100])
    expect(events.filter((e) => e.startsWith('down'))).toHaveLength(5)
    link.close()
  })

  it('refuses a send while down with a clear error, and sends on the new connection once back', async () => {
    const { clock, connecting, last } = setup()
    last().emit('connect')
    const link = await connecting
    const first = last()
    link.send({ action: 'agent', tindex: 1 })
    expect(first.written).toEqual([netstring('{"action":"agent","tindex":1}')])
    first.emit('close')
    let refused: unknown
    try {
      link.send({ action: 'release', callid: 'c1' })
    } catch (error) {
      refused = error
    }
    expect(refused).toBeInstanceOf(EvapiDownError)
    expect((refused as Error).message).toMatch(
      /evapi link \(127\.0\.0\.1:9\) is down since .* the release was not sent/,
    )
    expect(first.written).toHaveLength(1)
    await nextTimer(clock)
    last().emit('connect')
    link.send({ action: 'release', callid: 'c1' })
    expect(last().written).toEqual([netstring('{"action":"release","callid":"c1"}')])
    link.close()
  })

  it("drops the lost connection's half-read netstring: the new connection starts a fresh stream", async () => {
    const { clock, connecting, messages, last } = setup()
    last().emit('connect')
    const link = await connecting
    last().emit('data', Buffer.from('30:{"event":"answ'))
    last().emit('close')
    await nextTimer(clock)
    last().emit('connect')
    last().emit('data', Buffer.from(netstring('{"event":"bye","callid":"c1"}')))
    expect(messages).toEqual([{ event: 'bye', callid: 'c1' }])
    link.close()
  })

  it('gives up the first connection after timeoutMs with the last error', async () => {
    const { error, dials } = await refusedFor(1200)
    expect(error).toEqual(new Error("Kamailio's evapi at 127.0.0.1:9 did not accept: connect ECONNREFUSED"))
    // every 100 ms (0 to 900) until the deadline, not a growing backoff: Kamailio is starting
    expect(dials).toBe(10)
  })

  it("waits for the first connection while Kamailio's log grows, and gives up timeoutMs after it stopped", async () => {
    // Kamailio starting slowly (a loaded host): its log grows until 2.5 s, then it hangs
    const { error, dials } = await refusedFor(4000, (clock) => ({
      mark: () => Math.min(clock.now() - CLOCK_START, 2500),
      seen: () => 'kamailio.log grew to 4096 bytes: INFO: <core> [main.c]: loading modules',
    }))
    expect(error).toEqual(
      new Error(
        "Kamailio's evapi at 127.0.0.1:9 did not accept: connect ECONNREFUSED (after 3500 ms; last seen: kamailio.log grew to 4096 bytes: INFO: <core> [main.c]: loading modules)",
      ),
    )
    // still dialling every 100 ms while the log grew, up to 1 s after it stopped (0 to 3400)
    expect(dials).toBe(35)
  })

  it('refuses a backoff that would redial in a tight loop', () => {
    const options = { host: '127.0.0.1', port: 9, onMessage: () => {} }
    expect(() => connectEvapi({ ...options, backoffMs: 0 })).toThrow('backoffMs must be >= 1')
    expect(() => connectEvapi({ ...options, maxBackoffMs: Number.NaN })).toThrow('maxBackoffMs finite')
  })
})
