// A submit the router would refuse for its limits (RouterLimits: maxIdChars, maxAddressChars, the data limits,
// control characters), its strategy (unknown) or its media (no media name) is answered 422 naming the field and the limit, and a body larger than any submit
// within them 413: nothing is created, routed or recorded, where it was a created-then-failed interaction.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { openStore } from '@routewright/history'
import { eventually } from '@routewright/node-support/testing'
import { MEDIA_NAME_RULE } from '@routewright/strategy-dsl'
import { DEFAULT_LIMITS } from '@routewright/strategy-runtime'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { stoppedAfterEachTest, type TestServer } from './helpers.ts'

const started = stoppedAfterEachTest()
let folder: string
beforeAll(() => {
  folder = mkdtempSync(path.join(tmpdir(), 'rw-submit-limits-'))
})
afterAll(() => rmSync(folder, { recursive: true, force: true }))

/**
 * Submits, confirms and completes one valid call, waits for the store to hold the three records the run writes,
 * stops serve and reads the stored interactions back as [id, outcome].
 */
async function routeOneAndStop(t: TestServer, id: string, file: string): Promise<Array<[string, string]>> {
  expect((await t.request('POST', '/v1/interactions', { id, strategy: 'support' })).status).toBe(201)
  await t.ok('POST', `/v1/interactions/${id}/confirm`)
  await t.ok('POST', `/v1/interactions/${id}/complete`)
  await eventually(async () =>
    (await t.request('GET', '/healthz')).body.history.written === 3 ? true : undefined,
  )
  await t.stop()
  const store = await openStore(`sqlite:${file}`)
  try {
    const records = await store.interactions({ from: 0, to: Number.MAX_SAFE_INTEGER })
    return records.map((r) => [r.id, String(r.outcome)])
  } finally {
    await store.close()
  }
}

/** Nested maps `depth` levels deep. */
function nested(depth: number): Record<string, unknown> {
  let value: unknown = 'leaf'
  for (let i = 0; i < depth; i++) value = { n: value }
  return value as Record<string, unknown>
}

const OVER: Array<[string, Record<string, unknown>, Record<string, unknown>]> = [
  ['an id over 256 characters', { id: 'x'.repeat(257) }, { field: 'id', limit: 'maxIdChars' }],
  [
    'a strategy over 256 characters',
    { strategy: 's'.repeat(300) },
    { field: 'strategy', limit: 'maxIdChars' },
  ],
  ['an ani over 128 characters', { ani: '5'.repeat(129) }, { field: 'ani', limit: 'maxAddressChars' }],
  ['a dnis over 128 characters', { dnis: '8'.repeat(1000) }, { field: 'dnis', limit: 'maxAddressChars' }],
  [
    'data over 65,536 characters',
    { data: { notes: 'x'.repeat(70_000) } },
    { field: 'data', limit: 'maxDataChars' },
  ],
  [
    'data over 10,000 entries',
    { data: { list: Array(10_001).fill(1) } },
    { field: 'data', limit: 'maxDataEntries' },
  ],
  ['data over 8 levels', { data: nested(9) }, { field: 'data', limit: 'maxDataDepth' }],
  ['an id with a newline', { id: 'call\n1' }, { field: 'id', code: 'control-character' }],
  ['an ani with a carriage return', { ani: '555\r1234' }, { field: 'ani', code: 'control-character' }],
]

describe('serve: submits over the router limits', () => {
  it('answers 422 naming the field and the limit, and creates and records nothing', async () => {
    const file = path.join(folder, 'history.db')
    const t = await started.serve({ history: { store: `sqlite:${file}` } })
    expect((await t.request('PUT', '/v1/agents/ann/state', { state: 'ready' })).status).toBe(200)
    for (const [what, fields, expected] of OVER) {
      const body = { id: 'over', strategy: 'support', ...fields }
      const answer = await t.request('POST', '/v1/interactions', body)
      expect({ what, status: answer.status }).toEqual({ what, status: 422 })
      expect(answer.body).toMatchObject({ code: 'over-limit', ...expected })
      expect(answer.body.error).toContain(
        `Interaction ${expected.field === 'data' ? 'data' : `"${expected.field}"`}`,
      )
    }
    expect((await t.request('GET', '/v1/interactions/over')).status).toBe(404)
    expect((await t.request('GET', '/v1/waiting')).body).toEqual({ waiting: [] })
    // ann stayed ready for the one valid call, routed to her and recorded alone
    expect(await routeOneAndStop(t, 'ok-1', file)).toEqual([['ok-1', 'routed']])
  })

  it('answers an unknown strategy 422 unknown-strategy naming those loaded, and a bad media 422 media-name with the media rule, recording nothing', async () => {
    const file = path.join(folder, 'unknown.db')
    const t = await started.serve({ history: { store: `sqlite:${file}` } })
    const unknown = await t.request('POST', '/v1/interactions', { id: 'u1', strategy: 'suport' })
    expect(unknown.status).toBe(422)
    expect(unknown.body.code).toBe('unknown-strategy')
    expect(unknown.body.error).toMatch(
      /^Unknown strategy "suport" \(loaded: support\)\. Did you mean "support"\?/,
    )
    expect(unknown.body.fix).toEqual({ written: 'suport', meant: 'support' })
    const media = await t.request('POST', '/v1/interactions', {
      id: 'm1',
      strategy: 'support',
      media: 'Voice',
    })
    // answered as the router answers it (its code, field and the rule), not with the schema's 400
    expect(media.status).toBe(422)
    expect(media.body).toEqual({
      code: 'media-name',
      field: 'media',
      error: `Interaction "media" "Voice" is not a media name: use ${MEDIA_NAME_RULE}`,
    })
    for (const id of ['u1', 'm1']) expect((await t.request('GET', `/v1/interactions/${id}`)).status).toBe(404)
    await t.ok('PUT', '/v1/agents/ann/state', { state: 'ready' })
    expect((await routeOneAndStop(t, 'ok-2', file)).map(([id]) => id)).toEqual(['ok-2'])
  })

  it('answers a command or agent state naming an id longer than the router takes with 404, without echoing it', async () => {
    const t = await started.serve()
    const long = 'x'.repeat(5000)
    for (const [method, url, body] of [
      ['POST', `/v1/interactions/${long}/confirm`, {}],
      ['POST', `/v1/interactions/${long}/abandon`, undefined],
      ['GET', `/v1/interactions/${long}`, undefined],
      ['PUT', `/v1/agents/${long}/state`, { state: 'ready' }],
    ] as const) {
      const answer = await t.request(method, url, body)
      expect({ url: url.slice(0, 20), status: answer.status }).toEqual({ url: url.slice(0, 20), status: 404 })
      expect(answer.body).toMatchObject({ code: 'over-limit', field: 'id', limit: 'maxIdChars' })
      expect(answer.body.error).toContain('limit is 256 (limits.maxIdChars)')
      expect(answer.body.error).not.toContain(long)
    }
  })

  it('takes the limits serve was started with, and answers 413 for a body no submit within them can be', async () => {
    const t = await started.serve({
      limits: { maxAddressChars: 300, maxDataChars: 1000, maxDataEntries: 10 },
    })
    // hosts read them (the SIP bridge fits a caller's ANI to maxAddressChars): the defaults under those given
    const limits = await t.request('GET', '/v1/limits')
    expect(limits.status).toBe(200)
    expect(limits.body).toEqual({
      ...DEFAULT_LIMITS,
      maxAddressChars: 300,
      maxDataChars: 1000,
      maxDataEntries: 10,
    })
    expect(
      (await t.request('POST', '/v1/interactions', { id: 'wide', strategy: 'support', ani: '5'.repeat(200) }))
        .status,
    ).toBe(201)
    // 6 bytes a character, 64 an entry, 4 KB of frame: about 12 KB, so 20 KB of data is refused before it is read whole
    const big = await t.request('POST', '/v1/interactions', {
      id: 'big',
      strategy: 'support',
      data: { x: 'y'.repeat(20_000) },
    })
    expect(big.status).toBe(413)
    expect((await t.request('GET', '/v1/interactions/big')).status).toBe(404)
  })
})
