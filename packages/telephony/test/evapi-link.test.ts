// The evapi link keeps its connection: a drop is redialled with bounded backoff (fake timers and a fake socket
// here; the real dropped connection is in evapi-drop.test.ts), and what is sent while down fails clearly.
import { EventEmitter } from 'node:events'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { connectEvapi, EvapiDownError, type EvapiSocket, netstring } from '../src/index.ts'

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

function setup(hello?: Record<string, unknown>) {
  const dials: Array<{ at: number; socket: FakeSocket }> = []
  const events: string[] = []
  const messages: Array<Record<string, unknown>> = []
  const started = Date.now()
  const connecting = connectEvapi({
    host: '127.0.0.1',
    port: 9,
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
      dials.push({ at: Date.now() - started, socket })
      return socket as unknown as EvapiSocket
    },
  })
  const last = () => dials[dials.length - 1]!.socket
  return { connecting, dials, events, messages, last }
}

describe('the evapi link', () => {
  beforeEach(() => {
    vi.useFakeTimers()
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it("writes the bridge's hello first on every connection, before what onUp sends", async () => {
    const { connecting, dials, last } = setup({ action: 'hello', bridge: 'a' })
    last().emit('connect')
    const link = await connecting
    last().emit('close')
    await vi.advanceTimersToNextTimerAsync()
    last().emit('connect')
    const hello = netstring(JSON.stringify({ action: 'hello', bridge: 'a' }))
    expect(dials.map((d) => d.socket.written)).toEqual([[hello], [hello, 'from onUp']])
    link.close()
  })
  it('redials a dropped connection with doubling delays capped at maxBackoffMs, and says so', async () => {
    const { connecting, dials, events, last } = setup()
    last().emit('connect')
    const link = await connecting
    expect(link.status()).toMatchObject({ state: 'up', attempts: 0 })
    vi.advanceTimersByTime(1000)
    last().emit('error', new Error('read ECONNRESET'))
    last().emit('close')
    expect(events).toEqual(['up: reconnect=false after 0 ms', 'down: connection lost (read ECONNRESET)'])
    expect(link.status()).toMatchObject({ state: 'down', since: Date.now() - 0, attempts: 0 })
    const dropAt = dials[0]!.at + 1000
    // six refused dials, then one that connects
    for (let i = 0; i < 6; i++) {
      await vi.advanceTimersToNextTimerAsync()
      last().refuse()
    }
    await vi.advanceTimersToNextTimerAsync()
    expect(link.status()).toMatchObject({ state: 'down', attempts: 7 })
    last().emit('connect')
    const gaps = dials.slice(1).map((d, i) => d.at - (i === 0 ? dropAt : dials[i]!.at))
    expect(gaps).toEqual([100, 200, 400, 800, 1000, 1000, 1000])
    expect(link.status()).toMatchObject({ state: 'up', attempts: 0 })
    expect(events[2]).toBe('up: reconnect=true after 4500 ms')
    link.close()
    // closed: no redial
    vi.advanceTimersByTime(10_000)
    expect(dials).toHaveLength(8)
  })

  it('backs off from a peer that accepts then closes at once, as from one that refuses', async () => {
    const { connecting, dials, events, last } = setup()
    last().emit('connect')
    const link = await connecting
    vi.advanceTimersByTime(2000)
    last().emit('close')
    for (let i = 0; i < 3; i++) {
      await vi.advanceTimersToNextTimerAsync()
      last().emit('connect')
      last().emit('close')
    }
    // a connection that lasted maxBackoffMs was a good one: the next drop starts from the first delay again
    await vi.advanceTimersToNextTimerAsync()
    last().emit('connect')
    vi.advanceTimersByTime(1000)
    last().emit('close')
    await vi.advanceTimersToNextTimerAsync()
    const gaps = dials.slice(1).map((d, i) => d.at - dials[i]!.at)
    expect(gaps).toEqual([2100, 200, 400, 800, 1100])
    expect(events.filter((e) => e.startsWith('down'))).toHaveLength(5)
    link.close()
  })

  it('refuses a send while down with a clear error, and sends on the new connection once back', async () => {
    const { connecting, last } = setup()
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
    await vi.advanceTimersToNextTimerAsync()
    last().emit('connect')
    link.send({ action: 'release', callid: 'c1' })
    expect(last().written).toEqual([netstring('{"action":"release","callid":"c1"}')])
    link.close()
  })

  it("drops the lost connection's half-read netstring: the new connection starts a fresh stream", async () => {
    const { connecting, messages, last } = setup()
    last().emit('connect')
    const link = await connecting
    last().emit('data', Buffer.from('30:{"event":"answ'))
    last().emit('close')
    await vi.advanceTimersToNextTimerAsync()
    last().emit('connect')
    last().emit('data', Buffer.from(netstring('{"event":"bye","callid":"c1"}')))
    expect(messages).toEqual([{ event: 'bye', callid: 'c1' }])
    link.close()
  })

  it('gives up the first connection after timeoutMs with the last error', async () => {
    const dials: FakeSocket[] = []
    const connecting = connectEvapi(
      {
        host: '127.0.0.1',
        port: 9,
        onMessage: () => {},
        dial: () => {
          const socket = new FakeSocket()
          dials.push(socket)
          queueMicrotask(() => socket.refuse())
          return socket as unknown as EvapiSocket
        },
      },
      1000,
    )
    const failed = expect(connecting).rejects.toThrow(
      "Kamailio's evapi at 127.0.0.1:9 did not accept: connect ECONNREFUSED",
    )
    await vi.advanceTimersByTimeAsync(1200)
    await failed
    // every 100 ms (0 to 900) until the deadline, not a growing backoff: Kamailio is starting
    expect(dials).toHaveLength(10)
  })

  it("waits for the first connection while Kamailio's log grows, and gives up timeoutMs after it stopped", async () => {
    const dials: FakeSocket[] = []
    // Kamailio starting slowly (a loaded host): its log grows until 2.5 s, then it hangs
    const started = Date.now()
    const connecting = connectEvapi(
      {
        host: '127.0.0.1',
        port: 9,
        onMessage: () => {},
        startProgress: {
          mark: () => Math.min(Date.now() - started, 2500),
          seen: () => 'kamailio.log grew to 4096 bytes: INFO: <core> [main.c]: loading modules',
        },
        dial: () => {
          const socket = new FakeSocket()
          dials.push(socket)
          queueMicrotask(() => socket.refuse())
          return socket as unknown as EvapiSocket
        },
      },
      1000,
    )
    const failed = expect(connecting).rejects.toThrow(
      "Kamailio's evapi at 127.0.0.1:9 did not accept: connect ECONNREFUSED (after 3500 ms; last seen: kamailio.log grew to 4096 bytes: INFO: <core> [main.c]: loading modules)",
    )
    await vi.advanceTimersByTimeAsync(4000)
    await failed
    // still dialling every 100 ms while the log grew, up to 1 s after it stopped (0 to 3400)
    expect(dials).toHaveLength(35)
  })

  it('refuses a backoff that would redial in a tight loop', () => {
    const options = { host: '127.0.0.1', port: 9, onMessage: () => {} }
    expect(() => connectEvapi({ ...options, backoffMs: 0 })).toThrow('backoffMs must be >= 1')
    expect(() => connectEvapi({ ...options, maxBackoffMs: Number.NaN })).toThrow('maxBackoffMs finite')
  })
})
