import { createHmac } from 'node:crypto'
import { Socket } from 'node:net'
import { eventually } from '@routewright/node-support/testing'
import { createSimulatedClock } from '@routewright/strategy-runtime'
import { describe, expect, it, vi } from 'vitest'
import { type startReceiver, stoppedAfterEachTest } from './helpers.ts'
import { followEvents, readEvents } from './sse-client.ts'

const started = stoppedAfterEachTest()

async function listen(handle: Parameters<typeof startReceiver>[0]): Promise<string> {
  return (await started.receive(handle)).url
}

describe('events to hosts', () => {
  it('streams events with ids and resumes after Last-Event-ID', async () => {
    // serve's clock stands still: no timed event (monitor-live while this test follows) falls between these ids
    const t = await started.serve({ clock: createSimulatedClock(Date.UTC(2026, 10, 30)) })
    await t.request('PUT', '/v1/agents/ann/state', { state: 'ready' })
    await t.request('POST', '/v1/interactions', { id: 'e1', strategy: 'support' })
    const all = await readEvents(`${t.server.url}/v1/events?lastEventId=0`, 3)
    expect(all.map((f) => f.event)).toEqual(['version-deployed', 'agent-state', 'routed'])
    const routed = JSON.parse(all[2]!.data!)
    expect(routed).toMatchObject({
      type: 'routed',
      interaction: 'e1',
      agent: 'ann',
      version: expect.any(String),
    })

    await t.request('POST', '/v1/interactions/e1/confirm')
    const resumed = await readEvents(`${t.server.url}/v1/events`, 1, { 'last-event-id': all[2]!.id! })
    expect(resumed[0]).toMatchObject({ event: 'finished', id: String(Number(all[2]!.id) + 1) })
    // this process numbers from a block of its own: an id another process (or this one before a restart) gave
    // a client is out of its range and reads as missed
    expect(Number(all[0]!.id)).toBeGreaterThan(2 ** 32)
    const elsewhere = await readEvents(`${t.server.url}/v1/events`, 1, { 'last-event-id': '1' })
    expect(elsewhere[0]).toMatchObject({ event: 'events-missed' })
    // a last id too long to be ours (another system's, 17 digits) is said missed too, not read as a fresh stream
    for (const id of ['12345678901234567'])
      for (const [url, headers] of [
        [`${t.server.url}/v1/events`, { 'last-event-id': id }],
        [`${t.server.url}/v1/events?lastEventId=${id}`, {}],
      ] as const) {
        const unreadable = await readEvents(url, 1, headers)
        expect(unreadable[0], `${id} ${url}`).toMatchObject({ event: 'events-missed' })
        expect(JSON.parse(unreadable[0]!.data!)).toMatchObject({ after: null })
      }
  })

  it('writes a burst of events to the socket as one chunk in one write', async () => {
    const t = await started.serve()
    await t.request('PUT', '/v1/agents/ann/state', { state: 'ready' })
    const seen: string[] = []
    const stream = followEvents(t.server.url, (event) => seen.push(event.type))
    const write = vi.spyOn(Socket.prototype, 'write')
    try {
      await stream.ready
      await t.request('POST', '/v1/interactions', { id: 'w1', strategy: 'support' })
      await eventually(() => seen.includes('routed') || undefined)
      const texts = write.mock.calls.map(([data]) => String(data))
      const burst = texts.filter((text) => text.includes('event: routed'))
      // the chunk's size line, the events and the closing CRLF in one write (res.write made four of them)
      expect(burst).toHaveLength(1)
      expect(burst[0]).toMatch(/^[0-9a-f]+\r\nid: \d+\nevent: routed\n[\s\S]*\n\n\r\n$/)
      const size = Number.parseInt(burst[0]!, 16)
      expect(size).toBe(Buffer.byteLength(burst[0]!.slice(burst[0]!.indexOf('\r\n') + 2, -2)))
      expect(texts.filter((text) => /^[0-9a-f]+$/.test(text))).toEqual([])
    } finally {
      write.mockRestore()
      stream.close()
    }
  })

  it('tells a client that resumes from before the buffer that it missed events', async () => {
    // ids from 1, as in the log alone, so the oldest held is known
    const t = await started.serve({ eventBuffer: 3, firstEventId: 1 })
    for (const id of ['a', 'b', 'c']) await t.request('POST', '/v1/interactions', { id, strategy: 'support' })
    const frames = await readEvents(`${t.server.url}/v1/events`, 2, { 'last-event-id': '0' })
    expect(frames[0]).toMatchObject({ event: 'events-missed' })
    expect(JSON.parse(frames[0]!.data!)).toEqual({ after: 0, oldest: 2 })
  })

  it('hands a resume larger than the buffer cap over in parts, each ending where the next resumes', async () => {
    const t = await started.serve({ sse: { maxBufferedBytes: 2000, maxStreams: 1 }, firstEventId: 1 })
    // no agent is ready: every submit adds a queued event
    for (let i = 0; i < 30; i++)
      await t.request('POST', '/v1/interactions', { id: `q${i}`, strategy: 'support' })
    const ids: number[] = []
    let connections = 0
    while (ids.length < 31 && connections < 40) {
      connections++
      // the server ends each part itself; the one slot (maxStreams 1) is free again for the next
      const response = await fetch(`${t.server.url}/v1/events`, {
        headers: { 'last-event-id': String(ids.at(-1) ?? 0) },
      })
      expect(response.status).toBe(200)
      const reader = response.body!.getReader()
      let text = ''
      for (;;) {
        const { value, done } = await reader.read()
        if (done) break
        text += new TextDecoder().decode(value)
        // the last part fits: it stays open, waiting for new events
        if ((text.match(/^id: /gm) ?? []).length + ids.length >= 31) {
          await reader.cancel()
          break
        }
      }
      for (const [, id] of text.matchAll(/^id: (\d+)$/gm)) ids.push(Number(id))
    }
    expect(connections).toBeGreaterThan(2)
    expect(ids).toEqual(Array.from({ length: 31 }, (_, i) => i + 1))
  })

  it('refuses event streams beyond its limit with 503', async () => {
    const t = await started.serve({ sse: { maxStreams: 1 } })
    const first = new AbortController()
    const open = await fetch(`${t.server.url}/v1/events`, { signal: first.signal })
    expect(open.status).toBe(200)
    expect((await fetch(`${t.server.url}/v1/events`)).status).toBe(503)
    first.abort()
  })

  it('delivers webhooks signed with HMAC and retries a failing receiver with backoff', async () => {
    const received: Array<{ signature: string; body: string }> = []
    let failures = 2
    const url = await listen((req, text, res) => {
      if (failures-- > 0) {
        res.writeHead(503).end()
        return
      }
      received.push({ signature: String(req.headers['x-routewright-signature']), body: text })
      res.writeHead(204).end()
    })
    const t = await started.serve({
      webhooks: { url, secret: 'hook-secret', events: ['queued'], baseDelayMs: 10 },
    })
    await t.request('POST', '/v1/interactions', { id: 'h1', strategy: 'support' })
    const [delivery] = await eventually(() => (received.length > 0 ? received : undefined))
    expect(JSON.parse(delivery!.body)).toMatchObject({ type: 'queued', interaction: 'h1' })
    const [, timestamp, mac] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(delivery!.signature)!
    expect(mac).toBe(
      createHmac('sha256', 'hook-secret').update(`${timestamp}.${delivery!.body}`).digest('hex'),
    )
    const metrics = (await t.request('GET', '/metrics')).body as string
    expect(metrics).toContain('routewright_webhook_deliveries_total{result="retried"} 2')
  })

  it.each([
    ['accept', 'connected'],
    ['reject', 'queued'],
  ])('takes the assignment callback answer "%s"', async (instruction, state) => {
    const url = await listen((_req, text, res) => {
      const event = JSON.parse(text)
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(JSON.stringify(event.type === 'routed' ? { instruction } : {}))
    })
    const t = await started.serve({ webhooks: { assignmentUrl: url, secret: 'k' } })
    await t.request('PUT', '/v1/agents/ann/state', { state: 'ready' })
    await t.request('POST', '/v1/interactions', { id: 'as1', strategy: 'support' })
    await eventually(async () => {
      const view = (await t.request('GET', '/v1/interactions/as1')).body
      return view.state === state ? view : undefined
    })
  })

  it('counts reservation timeouts apart from host rejections', async () => {
    const t = await started.serve({ limits: { reservationTimeoutMs: 50 } })
    await t.request('PUT', '/v1/agents/ann/state', { state: 'ready' })
    await t.request('POST', '/v1/interactions', { id: 'to', strategy: 'support' })
    await eventually(async () => {
      const text = (await t.request('GET', '/metrics')).body as string
      return text.includes('routewright_reservation_timeouts_total 1') ? text : undefined
    })
  })
})
