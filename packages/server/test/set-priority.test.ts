// POST /v1/interactions/{id}/priority against a real serve (Connect's UpdateContactRoutingData, TaskRouter's task
// Priority): a waiting interaction moves in line at once, through the single endpoint and a batch, and the next
// agent ready takes the one the host put first; wrong bodies and states answer as the other commands do.
import { describe, expect, it } from 'vitest'
import { stoppedAfterEachTest } from './helpers.ts'

const started = stoppedAfterEachTest()

describe('POST /v1/interactions/{id}/priority', () => {
  it('moves a waiting interaction in line, and the next agent ready takes it', async () => {
    const t = await started.serve()
    for (const id of ['w1', 'w2', 'w3']) await t.ok('POST', '/v1/interactions', { id, strategy: 'support' })
    const line = async () =>
      ((await t.ok('GET', '/v1/waiting')).waiting as Array<{ interaction: string; priority: number }>).map(
        (w) => `${w.interaction}:${w.priority}`,
      )
    expect(await t.ok('POST', '/v1/interactions/w3/priority', { priority: 20 })).toEqual({ ok: true })
    expect(await line()).toEqual(['w3:20', 'w1:0', 'w2:0'])
    const batch = await t.ok('POST', '/v1/commands', {
      commands: [
        { op: 'priority', id: 'w2', by: 30 },
        { op: 'priority', id: 'w1', priority: 1.5 },
      ],
    })
    expect(batch.results).toMatchObject([{ status: 200 }, { status: 400, body: { code: 'invalid-body' } }])
    expect(await line()).toEqual(['w2:30', 'w3:20', 'w1:0'])
    const view = await t.ok('GET', '/v1/interactions/w2')
    expect((view.trace as Array<Record<string, unknown>>).find((e) => e.kind === 'value')).toMatchObject({
      name: 'priority',
      value: 30,
    })
    await t.ok('PUT', '/v1/agents/ann/state', { state: 'ready' })
    expect(await t.ok('GET', '/v1/interactions/w2')).toMatchObject({ state: 'reserved', agent: 'ann' })
  })

  it('refuses a wrong body, an unknown or ended interaction and a result out of range', async () => {
    const t = await started.serve()
    await t.ok('PUT', '/v1/agents/ann/state', { state: 'ready' })
    await t.ok('POST', '/v1/interactions', { id: 'done', strategy: 'support' })
    await t.ok('POST', '/v1/interactions/done/confirm')
    await t.ok('POST', '/v1/interactions', { id: 'w', strategy: 'support' })
    const answer = async (id: string, body: unknown) => {
      const { status, body: got } = await t.request('POST', `/v1/interactions/${id}/priority`, body)
      return [status, got.code]
    }
    expect(await answer('w', {})).toEqual([400, 'invalid-body'])
    expect(await answer('w', { priority: 2_000_000 })).toEqual([400, 'invalid-body'])
    expect(await answer('w', { priority: 1, by: 1 })).toEqual([400, 'invalid-body'])
    expect(await answer('w', { by: -1_999_999 })).toEqual([422, 'over-limit'])
    expect(await answer('nobody', { priority: 1 })).toEqual([404, 'unknown-interaction'])
    expect(await answer('done', { priority: 1 })).toEqual([409, 'run-finished'])
    expect((await t.ok('GET', '/v1/waiting')).waiting).toMatchObject([{ interaction: 'w', priority: 0 }])
  })
})
