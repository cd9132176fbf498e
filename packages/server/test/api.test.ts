import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { CAPABILITY_NAMES } from '../src/api/capabilities.ts'
import { stoppedAfterEachTest, supportStrategy } from './helpers.ts'

const started = stoppedAfterEachTest()

describe('the routing API', () => {
  it('routes a submitted interaction to a ready agent and explains why', async () => {
    const t = await started.serve()
    expect((await t.request('PUT', '/v1/agents/ann/state', { state: 'ready' })).status).toBe(200)
    const submitted = await t.request('POST', '/v1/interactions', {
      id: 'c1',
      strategy: 'support',
      data: { tier: 'gold' },
    })
    expect(submitted.status).toBe(201)
    expect(submitted.body).toMatchObject({
      id: 'c1',
      state: 'reserved',
      agent: 'ann',
      target: 'group:support',
    })
    expect(submitted.body.version).toMatch(/^[0-9a-f]{12}$/)
    expect(submitted.body.path).toEqual(['pick'])
    expect(submitted.body.explanation.winner).toBe('ann')

    expect((await t.request('POST', '/v1/interactions/c1/confirm')).status).toBe(200)
    expect((await t.request('GET', '/v1/interactions/c1')).body.state).toBe('connected')
    expect((await t.request('POST', '/v1/interactions/c1/complete')).status).toBe(200)
    expect((await t.request('GET', '/v1/interactions/c1')).body.state).toBe('completed')
    // done once: a second completion is refused, not ignored
    expect((await t.request('POST', '/v1/interactions/c1/complete')).status).toBe(409)
  })

  it('lists waiting interactions first in line first, and serves them when an agent frees up', async () => {
    const t = await started.serve({}, { 'vip.strategy.yaml': supportStrategy('vip', '1m', 50) })
    await t.request('POST', '/v1/interactions', { id: 'w1', strategy: 'support' })
    await t.request('POST', '/v1/interactions', { id: 'w2', strategy: 'vip' })
    const waiting = await t.request('GET', '/v1/waiting')
    expect(waiting.body.waiting.map((w: { interaction: string }) => w.interaction)).toEqual(['w2', 'w1'])
    expect(waiting.body.waiting[0].targets).toEqual(['group:support'])
    await t.request('PUT', '/v1/agents/bob/state', { state: 'ready' })
    expect((await t.request('GET', '/v1/interactions/w2')).body).toMatchObject({
      state: 'reserved',
      agent: 'bob',
    })
    expect((await t.request('GET', '/v1/waiting')).body.waiting).toHaveLength(1)
  })

  it('puts a rejected reservation back in line and abandons on request', async () => {
    const t = await started.serve()
    await t.request('PUT', '/v1/agents/ann/state', { state: 'ready' })
    await t.request('POST', '/v1/interactions', { id: 'r1', strategy: 'support' })
    expect((await t.request('POST', '/v1/interactions/r1/reject')).status).toBe(200)
    expect((await t.request('GET', '/v1/interactions/r1')).body.state).toBe('queued')
    expect((await t.request('POST', '/v1/interactions/r1/confirm')).status).toBe(409)
    expect((await t.request('POST', '/v1/interactions/r1/abandon')).status).toBe(200)
    expect((await t.request('GET', '/v1/interactions/r1')).body).toMatchObject({
      state: 'finished',
      outcome: 'abandoned',
    })
  })

  it("keeps an abandon's reason and note in the trace, refuses a bad one with 400, and takes no body as before", async () => {
    const t = await started.serve()
    for (const id of ['a1', 'a2', 'a3', 'a4'])
      await t.request('POST', '/v1/interactions', { id, strategy: 'support' })
    const finishOf = async (id: string) => {
      const view = (await t.request('GET', `/v1/interactions/${id}`)).body
      expect(view).toMatchObject({ state: 'finished', outcome: 'abandoned' })
      return view.trace.find((e: { kind: string }) => e.kind === 'finish').message
    }
    const unknown = await t.request('POST', '/v1/interactions/a1/abandon', { reason: 'bored' })
    expect(unknown.status).toBe(400)
    const long = await t.request('POST', '/v1/interactions/a1/abandon', {
      reason: 'host',
      note: 'x'.repeat(201),
    })
    expect(long.status).toBe(400)
    expect((await t.request('GET', '/v1/interactions/a1')).body.state).toBe('queued')

    const timeout = { reason: 'queue-timeout', note: "Kamailio's queue time" }
    expect((await t.request('POST', '/v1/interactions/a1/abandon', timeout)).status).toBe(200)
    expect(await finishOf('a1')).toBe("The caller waited the host's queue time: Kamailio's queue time")
    const hangup = await t.request('POST', '/v1/commands', {
      commands: [
        { op: 'abandon', id: 'a2', reason: 'caller-hangup' },
        { op: 'abandon', id: 'a3', reason: 'later' },
      ],
    })
    expect(hangup.body.results.map((r: { status: number }) => r.status)).toEqual([200, 400])
    expect(await finishOf('a2')).toBe('The caller hung up')
    // an older host's abandon: no body, no reason guessed
    expect((await t.request('POST', '/v1/interactions/a4/abandon')).status).toBe(200)
    expect(await finishOf('a4')).toBe('Abandoned by the host (no reason given)')
    // and as fields of the interaction's view, not only the trace's text
    const view = async (id: string) => (await t.request('GET', `/v1/interactions/${id}`)).body
    expect(await view('a1')).toMatchObject({
      abandonReason: 'queue-timeout',
      abandonNote: "Kamailio's queue time",
    })
    expect(await view('a2')).toMatchObject({ abandonReason: 'caller-hangup' })
    expect(await view('a2')).not.toHaveProperty('abandonNote')
    expect(await view('a4')).not.toHaveProperty('abandonReason')
    const doc = (await t.request('GET', '/openapi.json')).body
    const fields = doc.paths['/v1/interactions/{id}'].get.responses['200'].content['application/json'].schema
    const schema = fields.$ref ? doc.components.schemas[fields.$ref.split('/').at(-1)] : fields
    expect(schema.properties.abandonReason.enum).toEqual(['caller-hangup', 'queue-timeout', 'host'])
    expect(schema.properties.abandonNote.type).toBe('string')
  })

  it('refuses input the strategy cannot take with 422, and duplicates with 409', async () => {
    const t = await started.serve()
    const unknown = await t.request('POST', '/v1/interactions', { id: 'x', strategy: 'nope' })
    expect(unknown.status).toBe(422)
    expect(unknown.body.error).toContain('Unknown strategy "nope"')
    const badData = await t.request('POST', '/v1/interactions', {
      id: 'y',
      strategy: 'support',
      data: { tier: 5 },
    })
    expect(badData.status).toBe(422)
    // retried, the same request hears the same refusal (nothing runs again)
    expect(
      await t.request('POST', '/v1/interactions', { id: 'y', strategy: 'support', data: { tier: 5 } }),
    ).toEqual(badData)
    await t.request('POST', '/v1/interactions', { id: 'z', strategy: 'support' })
    expect((await t.request('POST', '/v1/interactions', { id: 'z', strategy: 'support' })).status).toBe(200)
    expect((await t.request('POST', '/v1/interactions', { id: 'z', strategy: 'sales' })).status).toBe(409)
    expect((await t.request('PUT', '/v1/agents/zed/state', { state: 'ready' })).status).toBe(404)
  })

  it('lists versions and agents, and serves health, readiness and the OpenAPI document', async () => {
    const t = await started.serve()
    const versions = await t.request('GET', '/v1/versions')
    expect(versions.body.versions).toEqual([
      expect.objectContaining({
        status: 'current',
        strategies: ['support'],
        directory: 'test-center',
        open: 0,
      }),
    ])
    expect(
      (await t.request('GET', '/v1/agents')).body.agents.map((a: { id: string }) => a.id).sort(),
    ).toEqual(['ann', 'bob'])
    expect((await t.request('GET', '/healthz')).status).toBe(200)
    expect((await t.request('GET', '/readyz')).body).toMatchObject({ ready: true })
    const doc = (await t.request('GET', '/openapi.json')).body
    expect(doc.openapi).toBe('3.1.0')
    expect(doc.paths['/v1/interactions'].post.requestBody.content['application/json'].schema.$ref).toBe(
      '#/components/schemas/SubmitInteraction',
    )
    expect(doc.components.schemas.SubmitInteraction.required).toEqual(['id', 'strategy'])
    expect(doc.components.schemas.AgentState.properties.state.enum).toContain('ready')
    // the limits hosts fit their submits to, every RouterLimits name, never marked stale (this process's own)
    const limits = doc.paths['/v1/limits'].get.responses['200']
    expect(limits.content['application/json'].schema.$ref).toBe('#/components/schemas/Limits')
    expect(limits.headers).toBeUndefined()
    expect(doc.paths['/v1/limits'].get.responses['503']).toBeUndefined()
    expect(doc.paths['/v1/agents'].get.responses['503']).toBeDefined()
    expect(doc.components.schemas.Limits.properties.maxAddressChars).toEqual({ type: 'number' })
    // the optional request features a host chooses by, each name described, answered by this process alone
    const capabilities = doc.paths['/v1/capabilities'].get.responses['200']
    expect(capabilities.content['application/json'].schema.$ref).toBe('#/components/schemas/Capabilities')
    expect(doc.paths['/v1/capabilities'].get.responses['503']).toBeUndefined()
    const names = doc.components.schemas.Capabilities.properties.capabilities
    expect(names.items).toEqual({ type: 'string' })
    for (const name of CAPABILITY_NAMES) expect(names.description).toContain(`\`${name}\`: `)
  })

  it('answers the capabilities a host chooses its requests by, agent-state-if-reason among them', async () => {
    const t = await started.serve()
    const answer = await t.request('GET', '/v1/capabilities')
    expect(answer).toMatchObject({ status: 200, body: { capabilities: CAPABILITY_NAMES } })
    expect(answer.body.capabilities).toEqual(
      expect.arrayContaining([
        'agent-state-if-state',
        'agent-state-if-reason',
        'submit-replay',
        'commands-batch',
      ]),
    )
    // and serve.md describes each
    const doc = readFileSync(new URL('../docs/serve.md', import.meta.url), 'utf8')
    for (const name of CAPABILITY_NAMES) expect(doc).toContain(`- \`${name}\`: `)
  })

  it("lists a state set for one media beside the agent state, as serve.md's first call sets it", async () => {
    const t = await started.serve()
    await t.ok('PUT', '/v1/agents/ann/state', { state: 'ready', media: 'voice' })
    const agents = (await t.ok('GET', '/v1/agents')).agents as Array<{ id: string }>
    expect(agents.find((a) => a.id === 'ann')).toEqual({
      id: 'ann',
      state: 'logged-out',
      media: { voice: 'ready' },
      load: {},
      reserved: 0,
    })
    expect(agents.find((a) => a.id === 'bob')).not.toHaveProperty('media')
    // and she is routable for voice, which the list now says
    expect(await t.ok('POST', '/v1/interactions', { id: 'c1', strategy: 'support' })).toMatchObject({
      state: 'reserved',
      agent: 'ann',
    })
    const doc = (await t.request('GET', '/openapi.json')).body
    expect(JSON.stringify(doc)).toContain('States set for one media only, by media')
  })

  it('reports the routing figures at /metrics in the Prometheus format', async () => {
    const t = await started.serve()
    await t.request('PUT', '/v1/agents/ann/state', { state: 'ready' })
    await t.request('POST', '/v1/interactions', { id: 'm1', strategy: 'support' })
    await t.request('POST', '/v1/interactions', { id: 'm2', strategy: 'support' })
    await t.request('POST', '/v1/interactions/m1/confirm')
    const text = (await t.request('GET', '/metrics')).body as string
    const version = (await t.server.coordinator.versions())[0]!.version
    expect(text).toContain(`routewright_routed_total{strategy="support",version="${version}"} 1`)
    expect(text).toContain('routewright_decision_seconds_count 1')
    expect(text).toContain('routewright_waiting{target="group:support"} 1')
    expect(text).toContain(
      `routewright_node_entries_total{strategy="support",node="pick",version="${version}"} 1`,
    )
    expect(text).toMatch(/# TYPE routewright_decision_seconds histogram/)
  })
})
