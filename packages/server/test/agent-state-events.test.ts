// Agents' state changes on serve's /v1/events, as a wallboard or a second host reads them: one `agent-state` per
// real change (a host's PUT or batch command, the router's not ready after a reject), none for a PUT that repeats the
// state, kept by `?types=` and `?agent=`, and read again on a resume.
import { eventually } from '@routewright/node-support/testing'
import { describe, expect, it } from 'vitest'
import { stoppedAfterEachTest } from './helpers.ts'
import { type Frame, followEvents, readEvents, type StreamedEvent } from './sse-client.ts'

const started = stoppedAfterEachTest()
const at = expect.any(Number)
const isAgentState = (e: StreamedEvent) => e.type === 'agent-state'

describe('GET /v1/events: agent-state', () => {
  it('streams each change once, with who made it, and nothing for a PUT that changes nothing', async () => {
    const t = await started.serve()
    const seen: StreamedEvent[] = []
    const stream = followEvents(t.server.url, (e) => seen.push(e), isAgentState)
    try {
      await stream.ready
      await t.ok('PUT', '/v1/agents/ann/state', { state: 'ready' })
      await t.ok('PUT', '/v1/agents/ann/state', { state: 'ready' })
      await t.ok('PUT', '/v1/agents/bob/state', { state: 'not-ready', reason: 'lunch' })
      await t.ok('POST', '/v1/commands', {
        commands: [{ op: 'agent-state', id: 'bob', state: 'not-ready', reason: 'lunch' }],
      })
      const submitted = await t.ok('POST', '/v1/interactions', { id: 'c1', strategy: 'support' })
      expect(submitted).toMatchObject({ agent: 'ann' })
      await t.ok('POST', '/v1/interactions/c1/reject', { reason: 'no-answer' })
      await t.ok('POST', '/v1/commands', {
        commands: [{ op: 'agent-state', id: 'bob', state: 'ready' }],
      })
      await eventually(() => expect(seen.length).toBeGreaterThanOrEqual(4))
      expect(seen).toEqual([
        { type: 'agent-state', agent: 'ann', state: 'ready', by: 'host', at },
        { type: 'agent-state', agent: 'bob', state: 'not-ready', reason: 'lunch', by: 'host', at },
        { type: 'agent-state', agent: 'ann', state: 'not-ready', reason: 'no-answer', by: 'router', at },
        { type: 'agent-state', agent: 'bob', state: 'ready', by: 'host', at },
      ])
    } finally {
      stream.close()
    }
  })

  it("posts them to the webhooks, the router's own not ready too, as a TaskRouter host expects", async () => {
    const posted: unknown[] = []
    const { url } = await started.receive((_req, text, res) => {
      posted.push(JSON.parse(text))
      res.writeHead(204).end()
    })
    const t = await started.serve({ webhooks: { url, secret: 'hook', events: ['agent-state'] } })
    await t.ok('PUT', '/v1/agents/ann/state', { state: 'ready' })
    await t.ok('PUT', '/v1/agents/ann/state', { state: 'ready' })
    await t.ok('POST', '/v1/interactions', { id: 'w1', strategy: 'support' })
    await t.ok('POST', '/v1/interactions/w1/reject', { reason: 'no-answer' })
    await eventually(() => expect(posted).toHaveLength(2))
    expect(posted).toEqual([
      { id: expect.any(Number), type: 'agent-state', agent: 'ann', state: 'ready', by: 'host', at },
      {
        id: expect.any(Number),
        type: 'agent-state',
        agent: 'ann',
        state: 'not-ready',
        reason: 'no-answer',
        by: 'router',
        at,
      },
    ])
  })

  it('keeps them under ?types=agent-state and ?agent=, and sends them again on a resume', async () => {
    const t = await started.serve()
    const mine: StreamedEvent[] = []
    const stream = followEvents(
      t.server.url,
      (e) => mine.push(e),
      () => true,
      '?types=agent-state&agent=bob',
    )
    try {
      await stream.ready
      await t.ok('PUT', '/v1/agents/ann/state', { state: 'ready' })
      await t.ok('PUT', '/v1/agents/bob/state', { state: 'ready', media: 'voice' })
      await t.ok('POST', '/v1/interactions', { id: 'c2', strategy: 'support' })
      await t.ok('PUT', '/v1/agents/bob/state', { state: 'logged-out' })
      await eventually(() => expect(mine.length).toBeGreaterThanOrEqual(2))
      expect(mine).toEqual([
        { type: 'agent-state', agent: 'bob', media: 'voice', state: 'ready', by: 'host', at },
        { type: 'agent-state', agent: 'bob', state: 'logged-out', by: 'host', at },
      ])
      // from the first event on: ann's and bob's changes are resent in order, the routed event between them
      const url = `${t.server.url}/v1/events?types=agent-state,routed`
      const first = (await readEvents(url, 1, { 'last-event-id': '0' }))[0]!
      const again = await readEvents(url, 3, { 'last-event-id': first.id! })
      const named = (f: Frame) => {
        const data = JSON.parse(f.data!)
        return `${f.event} ${data.agent}`
      }
      expect([first, ...again].map(named)).toEqual([
        'agent-state ann',
        'agent-state bob',
        'routed ann',
        'agent-state bob',
      ])
    } finally {
      stream.close()
    }
  })
})
