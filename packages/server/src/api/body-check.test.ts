import fc from 'fast-check'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { z } from 'zod'
import { checkBody } from './body-check.ts'
import {
  agentStateBody,
  batchBody,
  completeBody,
  confirmBody,
  emptyBody,
  rejectBody,
  reservationBody,
  submitBody,
  treatmentBody,
} from './schemas.ts'

/** What a host would see: the verdict, the value with its key order, or zod's issues. */
function outcome(result: z.ZodSafeParseResult<unknown>) {
  return result.success
    ? { ok: true, json: JSON.stringify(result.data) }
    : { ok: false, issues: result.error.issues.map(({ path, code, message }) => ({ path, code, message })) }
}

function agrees(schema: z.ZodType, body: unknown): void {
  expect(outcome(checkBody(schema, body))).toEqual(outcome(schema.safeParse(body)))
}

afterEach(() => vi.restoreAllMocks())

describe('checkBody', () => {
  it('answers the usual bodies of the busy routes without zod, with the value zod gives', () => {
    const parse = vi.spyOn(submitBody, 'safeParse')
    const empty = vi.spyOn(emptyBody, 'safeParse')
    const state = vi.spyOn(agentStateBody, 'safeParse')
    const body = { data: { tier: 'gold' }, strategy: 'support', priority: 3, id: 'c1', media: 'chat' }
    const result = checkBody(submitBody, body)
    expect(result).toEqual({ success: true, data: body })
    // zod's output order: the schema's keys, whatever order the host sent
    expect(Object.keys(result.data as object)).toEqual(['id', 'strategy', 'media', 'priority', 'data'])
    expect(checkBody(emptyBody, {})).toEqual({ success: true, data: {} })
    expect(checkBody(agentStateBody, { state: 'ready', at: 5 })).toEqual({
      success: true,
      data: { state: 'ready', at: 5 },
    })
    expect(checkBody(agentStateBody, { reason: 'lunch', state: 'not-ready' })).toEqual({
      success: true,
      data: { state: 'not-ready', reason: 'lunch' },
    })
    // a supervisor's forced state (the Monitor's grid) is as usual as a host's
    const forced = { supervisor: 'sam', by: 'supervisor', reason: 'coaching', state: 'not-ready' }
    const supervised = checkBody(agentStateBody, forced)
    expect(supervised).toEqual({ success: true, data: forced })
    expect(Object.keys(supervised.data as object)).toEqual(['state', 'reason', 'by', 'supervisor'])
    expect(checkBody(agentStateBody, { state: 'ready', by: 'host' })).toEqual({
      success: true,
      data: { state: 'ready', by: 'host' },
    })
    const reservation = vi.spyOn(reservationBody, 'safeParse')
    expect(checkBody(reservationBody, {})).toEqual({ success: true, data: {} })
    expect(checkBody(reservationBody, { reservation: 'c1#e3-1.7' })).toEqual({
      success: true,
      data: { reservation: 'c1#e3-1.7' },
    })
    expect([parse, empty, state, reservation].map((spy) => spy.mock.calls.length)).toEqual([0, 0, 0, 0])
  })

  it("checks a batch's envelope without zod, with zod's value (op and id first)", () => {
    const batch = vi.spyOn(batchBody, 'safeParse')
    const body = {
      commands: [
        { strategy: 'support', id: 'c1', op: 'submit' },
        { reservation: 'c1#e3-1.7', op: 'confirm', id: 'c1' },
        { op: 'agent-state', id: 'ann', state: 'ready' },
        { op: 'nothing we know' },
      ],
    }
    const result = checkBody(batchBody, body)
    expect(batch).not.toHaveBeenCalled()
    batch.mockRestore()
    expect(outcome(result)).toEqual(outcome(batchBody.safeParse(body)))
    expect(JSON.stringify(result.data)).toContain('{"op":"submit","id":"c1","strategy":"support"}')
  })

  it.each([
    ['no strategy', submitBody, { id: 'c1' }],
    ['an empty id', submitBody, { id: '', strategy: 's' }],
    // a long id passes the schema: the router's limits.maxIdChars answers it (422, test/submit-limits.test.ts)
    ['a numeric id', submitBody, { id: 7, strategy: 's' }],
    ['an unknown key', submitBody, { id: 'c1', strategy: 's', extra: 1 }],
    ['a null media', submitBody, { id: 'c1', strategy: 's', media: null }],
    // an upper-case media passes the schema: the router's media rule answers it (422 media-name, submit-limits.test.ts)
    ['an upper-case media', submitBody, { id: 'c1', strategy: 's', media: 'Voice' }],
    ['an upper-case agent state media', agentStateBody, { state: 'ready', media: 'Voice' }],
    ['a priority out of range', submitBody, { id: 'c1', strategy: 's', priority: 1_000_001 }],
    ['a priority as text', submitBody, { id: 'c1', strategy: 's', priority: '3' }],
    ['data as a list', submitBody, { id: 'c1', strategy: 's', data: [1] }],
    ['a data key over 200', submitBody, { id: 'c1', strategy: 's', data: { ['k'.repeat(201)]: 1 } }],
    [
      'a __proto__ data key',
      submitBody,
      JSON.parse('{"id":"c1","strategy":"s","data":{"__proto__":{"a":1}}}'),
    ],
    ['a list body', submitBody, [{ id: 'c1', strategy: 's' }]],
    ['a string body', submitBody, 'c1'],
    ['null', submitBody, null],
    ['a key in an empty body', emptyBody, { x: 1 }],
    ['a list as the empty body', emptyBody, []],
    ['an unknown agent state', agentStateBody, { state: 'lunch' }],
    ['a fractional time', agentStateBody, { state: 'ready', at: 1.5 }],
    ['a negative time', agentStateBody, { state: 'ready', at: -1 }],
    ['an unsafe integer time', agentStateBody, { state: 'ready', at: 2 ** 60 }],
    ['an unknown agent key', agentStateBody, { state: 'ready', why: 'x' }],
    ['a reason with ready', agentStateBody, { state: 'ready', reason: 'lunch' }],
    ['an empty reason', agentStateBody, { state: 'not-ready', reason: '' }],
    ['by host', agentStateBody, { state: 'ready', by: 'host' }],
    [
      'by supervisor with a name',
      agentStateBody,
      { state: 'logged-out', by: 'supervisor', supervisor: 'sam' },
    ],
    ['by supervisor without a name', agentStateBody, { state: 'ready', by: 'supervisor' }],
    ['by the router', agentStateBody, { state: 'not-ready', by: 'router' }],
    ['by timeout', agentStateBody, { state: 'not-ready', by: 'timeout' }],
    ['an unknown by', agentStateBody, { state: 'ready', by: 'boss' }],
    ['a numeric by', agentStateBody, { state: 'ready', by: 1 }],
    ['a null by', agentStateBody, { state: 'ready', by: null }],
    ['a name without by', agentStateBody, { state: 'ready', supervisor: 'sam' }],
    ['a name by the host', agentStateBody, { state: 'ready', by: 'host', supervisor: 'sam' }],
    ['an empty name', agentStateBody, { state: 'ready', by: 'supervisor', supervisor: '' }],
    ['a numeric name', agentStateBody, { state: 'ready', by: 'supervisor', supervisor: 7 }],
    [
      'a 256-character name',
      agentStateBody,
      { state: 'ready', by: 'supervisor', supervisor: 's'.repeat(256) },
    ],
    [
      'a 257-character name',
      agentStateBody,
      { state: 'ready', by: 'supervisor', supervisor: 's'.repeat(257) },
    ],
    ['a name with a tab', agentStateBody, { state: 'ready', by: 'supervisor', supervisor: 'sam\tlee' }],
    ['a name with DEL', agentStateBody, { state: 'ready', by: 'supervisor', supervisor: 'sam\u007f' }],
    // C1 controls count too (Unicode Cc), as everywhere (the runtime's controlAt)
    [
      'a name with a C1 control',
      agentStateBody,
      { state: 'ready', by: 'supervisor', supervisor: 'sam\u0085' },
    ],
    [
      'a name past the C1 controls',
      agentStateBody,
      { state: 'ready', by: 'supervisor', supervisor: 'sam\u00a0é' },
    ],
    ['a name with an emoji', agentStateBody, { state: 'ready', by: 'supervisor', supervisor: 'sam 🎧' }],
    [
      'a name and a reason with ready',
      agentStateBody,
      { state: 'ready', reason: 'x', by: 'supervisor', supervisor: 'sam' },
    ],
    ['digits (no fast path)', treatmentBody, { digits: '12' }],
    ['an empty reservation', reservationBody, { reservation: '' }],
    ['a 401-character reservation', reservationBody, { reservation: 'r'.repeat(401) }],
    ['a numeric reservation', reservationBody, { reservation: 7 }],
    ['a null reservation', reservationBody, { reservation: null }],
    ['another key beside the reservation', reservationBody, { reservation: 'x#1', agent: 'ann' }],
    ['a reject naming its reservation', rejectBody, { reservation: 'x#1' }],
    ['a withdrawal with a note', rejectBody, { reservation: 'x#1', reason: 'withdrawn', note: 'held' }],
    ['an unknown reject reason', rejectBody, { reason: 'rescinded' }],
    ['an empty reject note', rejectBody, { note: '' }],
    ['a reason on a confirm', reservationBody, { reservation: 'x#1', reason: 'withdrawn' }],
    ['a confirm naming its reservation', confirmBody, { reservation: 'x#1' }],
    ['a confirm with a late answer time', confirmBody, { reservation: 'x#1', at: 5 }],
    ['a fractional late answer time', confirmBody, { at: 1.5 }],
    ['a plain complete', completeBody, {}],
    ['a transfer', completeBody, { transferred: true, to: '8005550100' }],
    ['a complete not transferred', completeBody, { transferred: false }],
    ['a transfer target without the transfer', completeBody, { to: 'bob' }],
    ['a transfer as text', completeBody, { transferred: 'yes' }],
    ['a transfer target with a control character', completeBody, { transferred: true, to: 'a\u0007' }],
    ['a 201-character transfer target', completeBody, { transferred: true, to: '5'.repeat(201) }],
    ['an empty batch', batchBody, { commands: [] }],
    [
      'a batch of 1,001',
      batchBody,
      { commands: Array.from({ length: 1001 }, () => ({ op: 'complete', id: 'c' })) },
    ],
    [
      'a batch of 1,000',
      batchBody,
      { commands: Array.from({ length: 1000 }, () => ({ op: 'complete', id: 'c' })) },
    ],
    ['a batch without commands', batchBody, {}],
    ['commands as an object', batchBody, { commands: { op: 'complete' } }],
    ['a key beside the commands', batchBody, { commands: [{ op: 'complete', id: 'c' }], more: 1 }],
    ['a command without op', batchBody, { commands: [{ id: 'c' }] }],
    ['a numeric op', batchBody, { commands: [{ op: 1, id: 'c' }] }],
    ['a numeric command id', batchBody, { commands: [{ op: 'complete', id: 7 }] }],
    ['a null command id', batchBody, { commands: [{ op: 'complete', id: null }] }],
    ['a command as a list', batchBody, { commands: [['complete']] }],
    ['a null command', batchBody, { commands: [null] }],
    [
      'a __proto__ command key',
      batchBody,
      JSON.parse('{"commands":[{"op":"complete","__proto__":{"a":1}}]}'),
    ],
    ['a batch as a list', batchBody, [{ op: 'complete' }]],
  ])('agrees with zod on %s', (_name, schema, body) => {
    agrees(schema, body)
  })

  it.each([
    ['a transfer target', completeBody, { transferred: true, to: 'desk\u0085' }, '"to"'],
    [
      'a supervisor name',
      agentStateBody,
      { state: 'ready', by: 'supervisor', supervisor: 'sam\u0085' },
      '"supervisor"',
    ],
  ] as const)(
    "refuses a C1 control in %s as the router does, in the runtime's one wording",
    (_, schema, body, subject) => {
      const parsed = schema.safeParse(body)
      expect(parsed.error?.issues.map((issue) => issue.message)).toEqual([
        `${subject} holds a control character (code 133 at position ${subject === '"to"' ? 4 : 3}); remove it: it would break the log lines and reports it is copied into`,
      ])
      agrees(schema, body)
    },
  )

  it('agrees with zod on any near-valid submit or agent state body', () => {
    const text = fc.oneof(fc.string({ maxLength: 3 }), fc.string({ minLength: 199, maxLength: 202 }))
    const value = fc.oneof(text, fc.integer(), fc.double(), fc.constant(null), fc.boolean())
    const submit = fc.record(
      {
        id: fc.oneof(text, value),
        strategy: fc.oneof(text, value),
        media: fc.oneof(fc.constantFrom('voice', 'chat', 'Chat', '-x', 'a'.repeat(33)), value),
        ani: fc.oneof(text, value),
        dnis: fc.oneof(text, value),
        priority: fc.oneof(fc.double(), fc.integer({ min: -2_000_000, max: 2_000_000 }), value),
        data: fc.oneof(fc.dictionary(text, value), value, fc.array(value)),
        other: value,
      },
      { requiredKeys: [] },
    )
    const state = fc.record(
      {
        state: fc.oneof(fc.constantFrom('ready', 'busy', 'not-ready', 'away'), value),
        media: fc.oneof(fc.constantFrom('voice', 'Voice'), value),
        at: fc.oneof(fc.integer({ min: -5, max: 2 ** 53 }), fc.double(), value),
        reason: fc.oneof(fc.constantFrom('lunch', ''), value),
        by: fc.oneof(fc.constantFrom('host', 'supervisor', 'router', 'Supervisor'), value),
        supervisor: fc.oneof(
          fc.constantFrom('sam', '', 's'.repeat(256), 's'.repeat(257), 'a\u0000', 'a\u009f', 'a\u00a0'),
          fc.string({ maxLength: 4, unit: 'binary' }),
          value,
        ),
      },
      { requiredKeys: [] },
    )
    fc.assert(
      fc.property(submit, (body) => agrees(submitBody, body)),
      { numRuns: 400 },
    )
    fc.assert(
      fc.property(state, (body) => agrees(agentStateBody, body)),
      { numRuns: 400 },
    )
  })
})
