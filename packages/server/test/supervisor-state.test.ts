// A supervisor forcing an agent's state (PUT /v1/agents/{id}/state with `by: "supervisor"`, as the Monitor's agent
// grid sends it): streamed with who set it and the supervisor's name, stored with set_by `supervisor` and her name,
// split out in the reason report by both; a `by` other than host or supervisor is refused with the field and the values it takes.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { buildReasonReport, formatReport, openStore } from '@routewright/history'
import { eventually } from '@routewright/node-support/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { stoppedAfterEachTest } from './helpers.ts'
import { followEvents, type StreamedEvent } from './sse-client.ts'

const started = stoppedAfterEachTest()
const at = expect.any(Number)
let folder: string
beforeAll(() => {
  folder = mkdtempSync(path.join(tmpdir(), 'rw-supervisor-state-'))
})
afterAll(() => rmSync(folder, { recursive: true, force: true }))

describe('PUT /v1/agents/{id}/state by a supervisor', () => {
  it('streams by: supervisor with the name, stores set_by supervisor and the name, and reports both by reason', async () => {
    const file = path.join(folder, 'history.db')
    const t = await started.serve({ history: { store: `sqlite:${file}` } })
    const seen: StreamedEvent[] = []
    const stream = followEvents(
      t.server.url,
      (e) => seen.push(e),
      (e) => e.type === 'agent-state',
    )
    try {
      await stream.ready
      await t.ok('PUT', '/v1/agents/ann/state', { state: 'ready' })
      await t.ok('PUT', '/v1/agents/ann/state', {
        state: 'not-ready',
        reason: 'coaching',
        by: 'supervisor',
        supervisor: 'sam',
      })
      await t.ok('POST', '/v1/commands', {
        commands: [{ op: 'agent-state', id: 'ann', state: 'ready', by: 'supervisor' }],
      })
      await eventually(() => expect(seen.length).toBeGreaterThanOrEqual(3))
      expect(seen).toEqual([
        { type: 'agent-state', agent: 'ann', state: 'ready', by: 'host', at },
        {
          type: 'agent-state',
          agent: 'ann',
          state: 'not-ready',
          reason: 'coaching',
          by: 'supervisor',
          supervisor: 'sam',
          at,
        },
        { type: 'agent-state', agent: 'ann', state: 'ready', by: 'supervisor', at },
      ])
    } finally {
      stream.close()
    }
    const written = async () =>
      ((await t.request('GET', '/healthz')).body.history as { written: number }).written
    await eventually(async () => ((await written()) === 3 ? true : undefined))
    await t.stop()
    const store = await openStore(`sqlite:${file}`)
    try {
      const all = { from: 0, to: Number.MAX_SAFE_INTEGER }
      const states = await store.agentStates(all)
      expect(states.map((s) => [s.agent, s.state, s.reason, s.by, s.supervisor])).toEqual([
        ['ann', 'ready', undefined, 'host', undefined],
        ['ann', 'not-ready', 'coaching', 'supervisor', 'sam'],
        ['ann', 'ready', undefined, 'supervisor', undefined],
      ])
      const from = Math.floor(states[0]!.at / 3_600_000) * 3_600_000
      const report = await buildReasonReport(store, {
        from,
        to: from + 2 * 3_600_000,
        interval: '1h',
        clock: { now: () => Date.now() },
      })
      expect(report.totals.map((r) => [r.reason, r.agents, r.count, r.setBy, r.supervisor])).toEqual([
        ['coaching', 1, 1, 'supervisor', 'sam'],
      ])
      expect(formatReport(report, 'csv')).toMatch(/^total,coaching,1,1,\d+,supervisor,sam,not-ready$/m)
    } finally {
      await store.close()
    }
  })

  it('leaves an agent the supervisor logged out while her call rang logged out when it goes unanswered', async () => {
    const t = await started.serve()
    const seen: StreamedEvent[] = []
    const stream = followEvents(
      t.server.url,
      (e) => seen.push(e),
      (e) => e.type === 'agent-state',
    )
    try {
      await stream.ready
      await t.ok('PUT', '/v1/agents/ann/state', { state: 'ready' })
      expect(await t.ok('POST', '/v1/interactions', { id: 'c1', strategy: 'support' })).toMatchObject({
        agent: 'ann',
      })
      await t.ok('PUT', '/v1/agents/ann/state', { state: 'logged-out', by: 'supervisor' })
      await t.ok('POST', '/v1/interactions/c1/reject', { reason: 'no-answer' })
      // a later change on the stream: no not-ready of ann's came before it
      await t.ok('PUT', '/v1/agents/bob/state', { state: 'ready' })
      await eventually(() => expect(seen.length).toBeGreaterThanOrEqual(3))
      expect(seen).toEqual([
        { type: 'agent-state', agent: 'ann', state: 'ready', by: 'host', at },
        { type: 'agent-state', agent: 'ann', state: 'logged-out', by: 'supervisor', at },
        { type: 'agent-state', agent: 'bob', state: 'ready', by: 'host', at },
      ])
      const agents = (await t.ok('GET', '/v1/agents')).agents as Array<{ id: string; state: string }>
      expect(agents.find((a) => a.id === 'ann')).toMatchObject({ state: 'logged-out' })
    } finally {
      stream.close()
    }
  })

  it.each([
    ['an unknown setter', { state: 'ready', by: 'boss' }, 'by'],
    ["the router's own", { state: 'not-ready', by: 'router' }, 'by'],
    ['a name without by: supervisor', { state: 'ready', supervisor: 'sam' }, 'supervisor'],
  ])('refuses %s with 400 naming the field', async (_, body, field) => {
    const t = await started.serve()
    const answer = await t.request('PUT', '/v1/agents/ann/state', body)
    expect(answer.status).toBe(400)
    expect(answer.body).toMatchObject({ code: 'invalid-body' })
    const issue = (answer.body.issues as Array<{ path: string[]; message: string }>)[0]!
    expect(issue.path).toEqual([field])
    if (field === 'by')
      expect(issue.message).toBe(
        '"by" must be one of "host", "supervisor" (who sets the state; default "host")',
      )
    else expect(issue.message).toBe('"supervisor" names who set the state only with "by": "supervisor"')
  })
})
