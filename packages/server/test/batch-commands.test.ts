// POST /v1/commands against a real serve: a batch's commands give the outcomes their single requests give, in order,
// one refused leaves the others run, and the batch's own limits are refused whole with a message saying which.
import { describe, expect, it } from 'vitest'
import { stoppedAfterEachTest, type TestServer } from './helpers.ts'

const started = stoppedAfterEachTest()

type Command = { op: string; id?: string } & Record<string, unknown>

/** A command as its single request: method, path and body. */
function single(command: Command): [string, string, unknown] {
  const { op, id, ...body } = command
  if (op === 'submit') return ['POST', '/v1/interactions', { id, ...body }]
  if (op === 'agent-state') return ['PUT', `/v1/agents/${id}/state`, body]
  return ['POST', `/v1/interactions/${id}/${op}`, body]
}

/** Two rounds: the interactions routed first, then the hosts' answers to them (each named by its reservation). */
const ROUND_ONE: Command[] = [
  { op: 'agent-state', id: 'ann', state: 'ready' },
  { op: 'agent-state', id: 'bob', state: 'ready' },
  { op: 'submit', id: 'c1', strategy: 'support', data: { tier: 'gold' } },
  { op: 'submit', id: 'c2', strategy: 'support' },
  { op: 'submit', id: 'c3', strategy: 'support' },
  // a bad body (zod's 400), an unknown strategy (422), a duplicate (409), an unknown interaction (404)
  { op: 'submit', id: '', strategy: 'support', extra: 1 },
  { op: 'submit', id: 'c4', strategy: 'nope' },
  { op: 'submit', id: 'c1', strategy: 'support' },
  { op: 'complete', id: 'c9' },
]
const roundTwo = (reservation: string): Command[] => [
  { op: 'confirm', id: 'c1', reservation },
  { op: 'reject', id: 'c2', reason: 'withdrawn' },
  { op: 'abandon', id: 'c3' },
  { op: 'complete', id: 'c1' },
  // done once: a second completion is refused, as its single request is
  { op: 'complete', id: 'c1' },
  { op: 'confirm', id: 'c2', reservation: 'not-the-one' },
]

/** What a round leaves: each interaction's state and agent, and the agents' states. */
async function outcome(t: TestServer) {
  const states: Record<string, unknown> = {}
  for (const id of ['c1', 'c2', 'c3', 'c4']) {
    const { status, body } = await t.request('GET', `/v1/interactions/${id}`)
    states[id] = status === 200 ? [body.state, body.agent, body.outcome] : status
  }
  const agents = (await t.ok('GET', '/v1/agents')).agents as Array<Record<string, unknown>>
  return { states, agents: agents.map(({ id, state, reserved }) => [id, state, reserved]) }
}

/** A result with what differs between two servers (the version, times, ids of reservations) left out. */
function comparable({ status, body }: { status: number; body: Record<string, unknown> }) {
  const { version: _v, explanation: _e, reservation: _r, ...rest } = body ?? {}
  // times (submittedAt, updatedAt...) differ between the two servers by when each ran
  return { status, body: Object.fromEntries(Object.entries(rest).filter(([key]) => !key.endsWith('At'))) }
}

/** A counter's series at /metrics (`{route="x",status="200"}` -> value), the fixed paths left out. */
async function series(t: TestServer, name: string): Promise<Record<string, number>> {
  const text = (await t.request('GET', '/metrics')).body as string
  const found: Record<string, number> = {}
  for (const line of text.split('\n')) {
    const match = new RegExp(`^${name}(\\{[^}]*\\})? (\\S+)$`).exec(line)
    if (match && !match[1]?.includes('route="/')) found[match[1] ?? ''] = Number(match[2])
  }
  return found
}

describe('POST /v1/commands', () => {
  it("counts each command under its single endpoint's route and status, as its single request is, and the batch's size", async () => {
    const one = await started.serve()
    const batch = await started.serve()
    for (const command of ROUND_ONE) await one.request(...single(command))
    expect((await batch.request('POST', '/v1/commands', { commands: ROUND_ONE })).status).toBe(200)
    const batched = await series(batch, 'routewright_batch_commands_total')
    expect(batched).toEqual(await series(one, 'routewright_http_requests_total'))
    expect(batched).toEqual({
      '{route="setAgentState",status="200"}': 2,
      '{route="submitInteraction",status="201"}': 3,
      '{route="submitInteraction",status="400"}': 1,
      '{route="submitInteraction",status="422"}': 1,
      '{route="submitInteraction",status="409"}': 1,
      '{route="completeInteraction",status="404"}': 1,
    })
    // the request itself is still one runCommands, as before
    expect(await series(batch, 'routewright_http_requests_total')).toEqual({
      '{route="runCommands",status="200"}': 1,
    })
    const sizes = await series(batch, 'routewright_batch_commands_bucket')
    expect([sizes['{le="5"}'], sizes['{le="10"}'], sizes['{le="+Inf"}']]).toEqual([0, 1, 1])
    expect(await series(batch, 'routewright_batch_commands_sum')).toEqual({ '': 9 })
  })

  it('gives each command the status and body of its single request, in order, one refused leaving the others', async () => {
    const one = await started.serve()
    const batch = await started.serve()
    const singles: Array<{ status: number; body: Record<string, unknown> }> = []
    for (const command of ROUND_ONE) singles.push(await one.request(...single(command)))
    const first = await batch.request('POST', '/v1/commands', { commands: ROUND_ONE })
    expect(first.status).toBe(200)
    expect(first.body.results.map(comparable)).toEqual(singles.map(comparable))
    expect(singles.map((s) => s.status)).toEqual([200, 200, 201, 201, 201, 400, 422, 409, 404])
    // the bad body's 400 lists zod's issues, as the single request does
    expect(first.body.results[5].body.issues.map((i: { code: string }) => i.code).sort()).toEqual([
      'too_small',
      'unrecognized_keys',
    ])

    const reservationOf = async (t: TestServer) =>
      ((await t.ok('GET', '/v1/interactions/c1')) as { reservation: string }).reservation
    const answers: Array<{ status: number; body: Record<string, unknown> }> = []
    for (const command of roundTwo(await reservationOf(one)))
      answers.push(await one.request(...single(command)))
    const second = await batch.request('POST', '/v1/commands', {
      commands: roundTwo(await reservationOf(batch)),
    })
    expect(second.body.results.map(comparable)).toEqual(answers.map(comparable))
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 409, 409])
    expect(await outcome(batch)).toEqual(await outcome(one))
  })

  it('answers an unknown op, a missing id and an over-long id per command, the rest run', async () => {
    const t = await started.serve()
    const { status, body } = await t.request('POST', '/v1/commands', {
      commands: [
        { op: 'explode', id: 'x' },
        { op: 'complete' },
        { op: 'abandon', id: 'x'.repeat(5000) },
        { op: 'agent-state', id: 'ann', state: 'ready' },
      ],
    })
    expect(status).toBe(200)
    expect(body.results[0]).toEqual({
      status: 400,
      body: {
        error: expect.stringMatching(/^Unknown op "explode": one of submit, .*agent-state/),
        code: 'invalid-body',
      },
    })
    expect(body.results[1]).toEqual({
      status: 400,
      body: { error: 'A complete command names its interaction in "id"', code: 'invalid-body' },
    })
    expect(body.results[2]).toMatchObject({ status: 404, body: { code: 'over-limit', field: 'id' } })
    expect(body.results[3]).toEqual({ status: 200, body: { ok: true } })
    expect((await t.ok('GET', '/v1/agents')).agents).toContainEqual(
      expect.objectContaining({ id: 'ann', state: 'ready' }),
    )
  })

  it('refuses a batch over its limits whole, saying which, and runs none of it', async () => {
    const t = await started.serve({ bodyLimit: 64 * 1024 })
    const ready = { op: 'agent-state', id: 'ann', state: 'ready' }
    const many = await t.request('POST', '/v1/commands', { commands: Array(1001).fill(ready) })
    expect(many.status).toBe(400)
    expect(many.body.issues[0].message).toBe(
      'A batch takes at most 1000 commands: send the rest in another request',
    )
    const none = await t.request('POST', '/v1/commands', { commands: [] })
    expect(none.status).toBe(400)
    expect(none.body.issues[0].message).toBe('Send at least one command')
    const large = await t.request('POST', '/v1/commands', {
      commands: Array(900).fill({ ...ready, id: 'a'.repeat(100) }),
    })
    expect(large).toEqual({
      status: 413,
      body: { error: 'The body is over the 65536-byte limit', code: 'body-too-large' },
    })
    expect((await t.request('POST', '/v1/commands', { commands: ['complete'] })).status).toBe(400)
    expect((await t.ok('GET', '/v1/agents')).agents).toContainEqual(
      expect.objectContaining({ id: 'ann', state: 'logged-out' }),
    )
  })

  it('takes the API token as the other routes do, and is in the OpenAPI document', async () => {
    const t = await started.serve({ token: 's3cret-token' })
    const commands = { commands: [{ op: 'agent-state', id: 'ann', state: 'ready' }] }
    expect((await t.request('POST', '/v1/commands', commands)).status).toBe(401)
    const authorized = { authorization: 'Bearer s3cret-token' }
    expect((await t.request('POST', '/v1/commands', commands, authorized)).body).toEqual({
      results: [{ status: 200, body: { ok: true } }],
    })
    const doc = (await t.request('GET', '/openapi.json', undefined, authorized)).body
    const post = doc.paths['/v1/commands'].post
    expect(post.requestBody.content['application/json'].schema.$ref).toBe('#/components/schemas/Commands')
    expect(post.responses['200'].content['application/json'].schema.$ref).toBe(
      '#/components/schemas/CommandResults',
    )
    expect(doc.components.schemas.Commands.properties.commands.maxItems).toBe(1000)
  })
})
