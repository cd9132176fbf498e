import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createWebhooks, MAX_ANSWER_BYTES, type WebhookOptions } from '@routewright/server'
import { describe, expect, it } from 'vitest'

function make(options: Partial<WebhookOptions>, fetch: typeof globalThis.fetch) {
  const counts: string[] = []
  const timers: Array<{ ms: number; run: () => void }> = []
  const instructions: string[] = []
  const logs: string[] = []
  const hooks = createWebhooks(
    { url: 'http://host/hook', secret: 'k', ...options },
    {
      fetch,
      now: () => 1000,
      setTimer: (run, ms) => void timers.push({ ms, run }),
      log: (level, message) => void logs.push(`${level}: ${message}`),
      count: (result) => counts.push(result),
      onInstruction: (id, instruction, reservation) =>
        instructions.push(`${id}:${instruction}:${reservation}`),
    },
  )
  return { hooks, counts, timers, instructions, logs }
}

/** A `routed` event of `interaction`, its reservation `reservation`, to a group by longest idle. */
const routed = (id: number, interaction: string, reservation: string) => ({
  id,
  event: {
    type: 'routed' as const,
    interaction,
    at: 0,
    node: 'n',
    target: 'group:g',
    agent: 'ann',
    reservation,
    priority: 0,
    explanation: { node: 'n', rule: 'longest-idle', candidates: [], reason: '' },
    version: 'v',
  },
})

const event = (id: number) => ({
  id,
  event: {
    type: 'queued' as const,
    interaction: `i${id}`,
    at: 0,
    node: 'n',
    priority: 0,
    targets: [],
    version: 'v',
  },
})

describe('webhooks', () => {
  it('drops the oldest delivery when the queue is full, and counts it', async () => {
    const never = () => new Promise<Response>(() => {})
    const { hooks, counts } = make({ maxQueue: 2, concurrency: 1 }, never)
    for (let i = 1; i <= 5; i++) hooks.enqueue(event(i))
    // one in flight, two queued, two dropped
    expect(counts).toEqual(['dropped', 'dropped'])
    expect(hooks.queued()).toBe(3)
  })

  it('retries server errors with doubling delays, and gives up on a client error at once', async () => {
    const statuses = [503, 503, 400]
    const { hooks, counts, timers } = make(
      { baseDelayMs: 100 },
      async () => new Response('', { status: statuses.shift()! }),
    )
    hooks.enqueue(event(1))
    await new Promise((resolve) => setTimeout(resolve, 10))
    expect(timers.map((t) => t.ms)).toEqual([100])
    timers.shift()!.run()
    await new Promise((resolve) => setTimeout(resolve, 10))
    expect(timers.map((t) => t.ms)).toEqual([200])
    timers.shift()!.run()
    await new Promise((resolve) => setTimeout(resolve, 10))
    expect(counts).toEqual(['retried', 'retried', 'failed'])
    expect(timers).toEqual([])
  })

  it('sends only the chosen event types, and reads the assignment answer', async () => {
    const urls: string[] = []
    const { hooks, instructions } = make(
      { events: ['finished'], assignmentUrl: 'http://host/assign' },
      async (url) => {
        urls.push(String(url))
        return new Response(JSON.stringify({ instruction: 'reject' }), { status: 200 })
      },
    )
    hooks.enqueue(event(1))
    hooks.enqueue(routed(2, 'c1', 'c1#1.4'))
    await hooks.drain(1000)
    expect(urls).toEqual(['http://host/assign'])
    // the answer is for the reservation the assignment offered (a late one no longer matches a newer reservation)
    expect(instructions).toEqual(['c1:reject:c1#1.4'])
  })

  it('stops retrying an assignment once its offer ended, and keeps retrying one still open', async () => {
    // the interaction of each assignment request
    const asked: string[] = []
    const { hooks, timers } = make(
      { events: ['finished'], assignmentUrl: 'http://host/assign' },
      async (_, init) => {
        asked.push((JSON.parse(String(init?.body)) as { interaction: string }).interaction)
        return new Response('', { status: 503 })
      },
    )
    hooks.enqueue(routed(1, 'c1', 'c1#1.1'))
    hooks.enqueue(routed(2, 'c2', 'c2#1.1'))
    await new Promise((resolve) => setTimeout(resolve, 10))
    expect(asked).toEqual(['c1', 'c2'])
    // c1's offer ran out unanswered (the router's reservation timeout) while its delivery waited to retry
    hooks.enqueue({
      id: 3,
      event: {
        type: 'reservation-rejected',
        interaction: 'c1',
        at: 0,
        agent: 'ann',
        reservation: 'c1#1.1',
        reason: 'timeout',
        version: 'v',
      },
    })
    for (const timer of timers.splice(0)) timer.run()
    await new Promise((resolve) => setTimeout(resolve, 10))
    // c2's offer is still open: retried; c1's is not asked about again
    expect(asked).toEqual(['c1', 'c2', 'c2'])
    expect(timers).toHaveLength(1)
  })

  it('refuses event types the stream does not carry, before anything is sent', () => {
    const refuse = () => make({ events: ['routed', 'agent_state'] }, async () => new Response(''))
    expect(refuse).toThrow('Unknown event type "agent_state" in webhooks.events. Did you mean "agent-state"?')
  })

  it.each([
    ['a host connect (connectAgent)', { connected: true as const }],
    ['a call that arrived connected (connectedTo)', { connected: true as const, direct: true as const }],
  ])('sends %s to the event hook but not to the assignment callback: nothing to accept', async (_, how) => {
    const urls: string[] = []
    const { hooks, instructions } = make({ assignmentUrl: 'http://host/assign' }, async (url) => {
      urls.push(String(url))
      return new Response(JSON.stringify({ instruction: 'accept' }), { status: 200 })
    })
    hooks.enqueue({
      id: 1,
      event: {
        type: 'routed',
        interaction: 'c1',
        at: 0,
        node: 'n',
        target: 'agent:ann',
        agent: 'ann',
        reservation: 'c1#1.4',
        priority: 0,
        explanation: { node: 'n', rule: 'connected', candidates: [], reason: '' },
        version: 'v',
        ...how,
      },
    })
    await hooks.drain(1000)
    expect(urls).toEqual(['http://host/hook'])
    expect(instructions).toEqual([])
  })

  it('reads no more of an assignment answer than MAX_ANSWER_BYTES, and takes no instruction from it', async () => {
    // a receiver streaming without end (stopped at 16 MiB so that reading it all still ends)
    let sent = 0
    const chunk = new TextEncoder().encode(' '.repeat(16 * 1024))
    const endless = () =>
      new ReadableStream<Uint8Array>({
        pull(controller) {
          if (sent >= 16 * 1024 * 1024) return controller.close()
          sent += chunk.byteLength
          controller.enqueue(chunk)
        },
      })
    const { hooks, counts, instructions, logs } = make(
      { assignmentUrl: 'http://host/assign', events: ['finished'] },
      async () => new Response(endless(), { status: 200 }),
    )
    hooks.enqueue(routed(1, 'c1', 'c1#1.4'))
    await hooks.drain(1000)
    expect(sent).toBeLessThanOrEqual(MAX_ANSWER_BYTES + 2 * chunk.byteLength)
    expect(counts).toEqual(['delivered'])
    expect(instructions).toEqual([])
    expect(logs).toEqual([
      `warn: assignment callback answered more than ${MAX_ANSWER_BYTES} bytes; no instruction taken`,
    ])
  })

  it('does not follow a redirect: a 301 followed as a GET without the event was counted delivered', async () => {
    // a real receiver and the real fetch: its default follows a redirect, and turns a POST into a GET
    const requests: string[] = []
    const server = createServer((request, response) => {
      requests.push(`${request.method} ${request.url}`)
      request.resume().on('end', () => {
        if (request.url === '/hook') response.writeHead(301, { location: '/moved' }).end()
        else response.writeHead(200).end('ok')
      })
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    try {
      const counts: string[] = []
      const failures: unknown[] = []
      const hooks = createWebhooks(
        { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, secret: 'k' },
        {
          log: (level, _message, fields) => void (level === 'error' && failures.push(fields?.failure)),
          count: (result) => void counts.push(result),
          onInstruction: () => {},
        },
      )
      hooks.enqueue(event(1))
      await hooks.drain(10_000)
      expect(requests).toEqual(['POST /hook'])
      // a redirect will not change by retrying: failed at once, saying where it pointed and what to set
      expect(counts).toEqual(['failed'])
      expect(failures).toEqual([
        'HTTP 301 redirect to "/moved"; webhooks do not follow redirects: set the URL to the address it redirects to',
      ])
    } finally {
      await new Promise((resolve) => server.close(resolve))
    }
  })

  it.each([
    ['http://[::1/hook', 'webhooks.url "http://[::1/hook" is not a URL'],
    ['http://host:99999/hook', 'webhooks.url "http://host:99999/hook" is not a URL'],
    ['ftp://host/hook', 'webhooks.url "ftp://host/hook" is not an http:// or https:// URL'],
    ['https://ann:secret@host/hook', 'webhooks.url holds a user name or password'],
    // refused for another reason, the password still stays out of the message (and the log it lands in)
    ['http://ann:s3cret@[::1/hook', 'webhooks.url "http://***@[::1/hook" is not a URL'],
    ['ftp://ann:s3cret@host/hook', 'webhooks.url "ftp://***@host/hook" is not an http:// or https:// URL'],
  ])('refuses %s before anything is sent, where fetch failed every delivery', (url, said) => {
    expect(() => make({ url }, async () => new Response(''))).toThrow(said)
    expect(() => make({ assignmentUrl: url }, async () => new Response(''))).toThrow(
      said.replace('webhooks.url', 'webhooks.assignmentUrl'),
    )
  })
})
