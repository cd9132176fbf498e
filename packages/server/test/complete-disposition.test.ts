// A complete's disposition (the agent's wrap-up code) through a real serve: kept on the interaction's view, refused
// 422 with a code when too long or holding a control or format character (nothing completed), batched the same.
import { describe, expect, it } from 'vitest'
import { stoppedAfterEachTest, type TestServer } from './helpers.ts'

const started = stoppedAfterEachTest()

async function answered(t: TestServer, id: string) {
  expect((await t.request('PUT', '/v1/agents/ann/state', { state: 'ready' })).status).toBe(200)
  expect((await t.request('POST', '/v1/interactions', { id, strategy: 'support' })).status).toBe(201)
  expect((await t.request('POST', `/v1/interactions/${id}/confirm`)).status).toBe(200)
}

describe('complete with a disposition', () => {
  it("keeps the wrap-up code on the interaction's view; a plain complete has none", async () => {
    const t = await started.serve()
    await answered(t, 'sold')
    const done = await t.request('POST', '/v1/interactions/sold/complete', { disposition: 'sale' })
    expect(done.status).toBe(200)
    const view = await t.request('GET', '/v1/interactions/sold')
    expect([view.body.state, view.body.disposition]).toEqual(['completed', 'sale'])
    await answered(t, 'plain')
    expect((await t.request('POST', '/v1/interactions/plain/complete')).status).toBe(200)
    expect((await t.request('GET', '/v1/interactions/plain')).body.disposition).toBeUndefined()
  })

  it('refuses a long disposition or one with a control or format character: 422 with a code, nothing completed', async () => {
    const t = await started.serve()
    await answered(t, 'c-1')
    for (const [disposition, code] of [
      ['x'.repeat(65), 'over-limit'],
      ['a\u0007b', 'control-character'],
      ['re\u202Esolved', 'control-character'],
    ] as const) {
      const refused = await t.request('POST', '/v1/interactions/c-1/complete', { disposition })
      expect([refused.status, refused.body.code, refused.body.field]).toEqual([422, code, 'disposition'])
    }
    expect((await t.request('GET', '/v1/interactions/c-1')).body.state).toBe('connected')
    const batch = await t.request('POST', '/v1/commands', {
      commands: [
        { op: 'complete', id: 'c-1', disposition: 'y'.repeat(65) },
        { op: 'complete', id: 'c-1', disposition: 'callback-needed', transferred: true, to: 'bob' },
      ],
    })
    expect(batch.status).toBe(200)
    const results = batch.body.results as { status: number; body: { code?: string } }[]
    expect(results.map((r) => [r.status, r.body.code])).toEqual([
      [422, 'over-limit'],
      [200, undefined],
    ])
    expect((await t.request('GET', '/v1/interactions/c-1')).body.disposition).toBe('callback-needed')
  })

  it('says so in the OpenAPI document', async () => {
    const t = await started.serve()
    const doc = await t.request('GET', '/openapi.json')
    const how = JSON.stringify(doc.body.components.schemas.CompleteHow)
    expect(how).toContain('disposition')
  })
})
