// The limits of a submit's text fields (RouterLimits.maxIdChars, maxAddressChars; media: the DSL's rule) and control
// characters in them: over one, the submit is refused with an `error` event naming the field, the limit and the fix,
// nothing is created, and the router routes the next one. refuseInteractionInput is the same check for hosts.

import { MEDIA_NAME_MAX, MEDIA_NAME_RULE, mediaSchema } from '@routewright/strategy-dsl'
import {
  DEFAULT_LIMITS,
  type InteractionInput,
  limitsProblem,
  type RouterLimits,
  RouterLimitsError,
  refuseInteractionInput,
  refuseLimits,
} from '@routewright/strategy-runtime'
import { describe, expect, it } from 'vitest'
import { salesTarget, setup } from './fixtures.ts'

function submitted(fields: Partial<InteractionInput>, limits: Partial<RouterLimits> = {}) {
  const h = setup([salesTarget], { limits })
  h.ready('a1')
  h.router.submit({ id: 'big', strategy: 'test', ...fields })
  const errors = h.of('error')
  h.router.submit({ id: 'next', strategy: 'test' })
  return {
    errors: errors.map((e) => ({ code: e.code, reason: e.reason })),
    created: h.events.filter((e) => e.type !== 'error' && e.interaction !== 'next').length,
    kept: h.router.trace(fields.id ?? 'big') !== undefined,
    nextRouted: h.of('routed', 'next').length,
  }
}

describe('text fields at submit', () => {
  it.each([
    ['id', 'maxIdChars', 256],
    ['strategy', 'maxIdChars', 256],
    ['ani', 'maxAddressChars', 128],
    ['dnis', 'maxAddressChars', 128],
  ] as const)('refuses a %s over limits.%s (%i), creating nothing', (field, limit, max) => {
    const r = submitted({ [field]: 'x'.repeat(max + 1) })
    expect(r.errors).toEqual([
      {
        code: 'over-limit',
        reason: `submit: Interaction "${field}" is ${max + 1} characters long, over the router's limit of ${max} (limits.${limit}); send a shorter one, or raise limits.${limit} (createRouter's options, or routewright serve --limits)`,
      },
    ])
    expect(r.created).toBe(0)
    expect(r.kept).toBe(false)
    expect(r.nextRouted).toBe(1)
  })

  it.each([
    ['id', 'x'.repeat(256)],
    ['ani', '+'.padEnd(128, '1')],
    ['dnis', '8'.repeat(128)],
  ] as const)('takes a %s just at its limit', (field, value) => {
    const r = submitted({ [field]: value })
    expect(r.errors).toEqual([])
    expect(r.created).toBeGreaterThan(0)
  })

  it.each([
    ['id', 'call\n1'],
    ['ani', '555\r\n1234'],
    ['dnis', '800\u0000'],
    ['strategy', 'te\u001bst'],
    // C1 (U+0080-U+009F) too: the one rule for every text that reaches a log line or report
    ['ani', '555\u00851234'],
    ['dnis', '\u009b2J800'],
  ] as const)('refuses a control character in %s (a log line or SSE line it would break)', (field, value) => {
    const r = submitted({ [field]: value })
    expect(r.errors).toHaveLength(1)
    expect(r.errors[0]?.code).toBe('control-character')
    expect(r.errors[0]?.reason).toContain(`Interaction "${field}" holds a control character`)
    expect(r.created).toBe(0)
  })

  it.each([['Voice'], ['voice chat'], ['2way'], ['voice\u007f'], ['v'.repeat(MEDIA_NAME_MAX + 1)]])(
    'refuses media %j that is no media name of the DSL, saying what one looks like',
    (media) => {
      const r = submitted({ media })
      expect(r.errors).toEqual([
        {
          code: 'media-name',
          reason: expect.stringContaining(`is not a media name: use ${MEDIA_NAME_RULE}`),
        },
      ])
      expect(r.created).toBe(0)
      expect(r.kept).toBe(false)
      expect(r.nextRouted).toBe(1)
      // the DSL's schema refuses the same name, with the same rule
      expect(mediaSchema.safeParse(media).error?.issues[0]?.message).toBe(
        `Use a media name: ${MEDIA_NAME_RULE}`,
      )
    },
  )

  it('takes a media name just at its longest, as the DSL does', () => {
    const media = `v${'1'.repeat(MEDIA_NAME_MAX - 1)}`
    expect(mediaSchema.safeParse(media).success).toBe(true)
    const r = submitted({ media })
    expect(r.errors).toEqual([])
    expect(r.created).toBeGreaterThan(0)
  })

  it('does not echo a refused 1 MB id in the error event', () => {
    const r = submitted({ id: 'x'.repeat(1024 * 1024) })
    expect(r.errors[0]?.code).toBe('over-limit')
    expect(r.errors[0]!.reason.length).toBeLessThan(400)
  })

  it("takes the host's limits, raised or lowered", () => {
    expect(submitted({ ani: 'x'.repeat(200) }, { maxAddressChars: 256 }).errors).toEqual([])
    expect(submitted({ id: 'abcdefghij' }, { maxIdChars: 8 }).errors[0]?.reason).toContain('limit of 8')
  })

  it('refuses a limit that is not a number >= 0 at createRouter', () => {
    expect(() => setup([salesTarget], { limits: { maxIdChars: -1 } })).toThrow(
      'limits.maxIdChars must be a number >= 0',
    )
  })

  it.each([
    [{ maxIdChars: 0 }, 'limits.maxIdChars must be at least 8 (got 0): below it most interaction ids'],
    [{ maxIdChars: 7 }, 'limits.maxIdChars must be at least 8 (got 7)'],
    [
      { maxAddressChars: 15 },
      'limits.maxAddressChars must be at least 16 (got 15): below it an E.164 number',
    ],
    [{ maxSteps: 0 }, 'limits.maxSteps must be at least 1 (got 0): with 0 every interaction fails'],
  ])('refuses limits that would refuse the usual submits: %j', (limits, text) => {
    expect(refuseLimits(limits)).toContain(text)
    expect(refuseLimits(limits)).toMatch(/leave it out for the default, \d+$/)
    expect(() => setup([salesTarget], { limits })).toThrow(text)
  })

  it('throws a misspelt limit as a RouterLimitsError carrying the fix as data, the text as before', () => {
    let thrown: unknown
    try {
      setup([salesTarget], { limits: { maxWaitng: 10 } as never })
    } catch (error) {
      thrown = error
    }
    expect(thrown).toBeInstanceOf(RouterLimitsError)
    expect(thrown).toBeInstanceOf(TypeError)
    expect(thrown).toMatchObject({
      limit: 'maxWaitng',
      fix: { written: 'maxWaitng', meant: 'maxWaiting' },
      message: expect.stringMatching(
        /^createRouter: limits\.maxWaitng is not a limit; .* Did you mean "maxWaiting"\?$/,
      ),
    })
    expect(limitsProblem({ maxIdChars: 7 })).toMatchObject({ limit: 'maxIdChars' })
    expect(limitsProblem({ maxIdChars: 7 })?.fix).toBeUndefined()
    expect(limitsProblem({ zzzzzzzzzz: 1 })?.fix).toBeUndefined()
  })

  it('takes each limit at its minimum, and 0 where 0 still routes (maxWaiting: no call waits)', () => {
    expect(refuseLimits({ maxIdChars: 8, maxAddressChars: 16, maxSteps: 1, maxWaiting: 0 })).toBeUndefined()
  })
})

describe('refuseInteractionInput (the same check for hosts)', () => {
  it('names the field and the limit as data', () => {
    expect(refuseInteractionInput({ id: 'c1', strategy: 's', ani: 'x'.repeat(129) }, DEFAULT_LIMITS)).toEqual(
      {
        code: 'over-limit',
        field: 'ani',
        limit: 'maxAddressChars',
        message: expect.stringContaining('limits.maxAddressChars'),
      },
    )
    expect(
      refuseInteractionInput({ id: 'c1', strategy: 's', data: { n: 'x'.repeat(70_000) } }, DEFAULT_LIMITS),
    ).toEqual({
      code: 'over-limit',
      field: 'data',
      limit: 'maxDataChars',
      message: expect.stringContaining('(at data.n)'),
    })
  })

  it('refuses a top-level __proto__ data key by name (a copy would lose it), not a nested one', () => {
    const data = JSON.parse('{"__proto__":{"tier":"gold"},"x":{"__proto__":1}}')
    expect(refuseInteractionInput({ id: 'c1', strategy: 's', data }, DEFAULT_LIMITS)).toEqual({
      code: 'reserved-key',
      field: 'data',
      message: expect.stringContaining('top-level key "__proto__"'),
    })
    expect(
      refuseInteractionInput({ id: 'c1', strategy: 's', data: { x: data.x } }, DEFAULT_LIMITS),
    ).toBeUndefined()
  })

  it('takes a typical submit', () => {
    const typical = { id: 'c-1029', strategy: 'support', media: 'voice', ani: '+15551234', dnis: '800' }
    expect(refuseInteractionInput({ ...typical, data: { tier: 'gold' } }, DEFAULT_LIMITS)).toBeUndefined()
  })
})

// the router never trusts a host's check: the input may change between the two, or pass under looser limits
describe("a host's check, then the router's submit: the router checks again", () => {
  it.each([
    [
      'an ani changed after the check',
      (input: InteractionInput) => Object.assign(input, { ani: 'x'.repeat(129) }),
    ],
    [
      'data replaced after the check',
      (input: InteractionInput) => Object.assign(input, { data: { n: 'x'.repeat(70_000) } }),
    ],
  ])('checks %s again', (_what, change) => {
    const h = setup([salesTarget])
    const input: InteractionInput = { id: 'c1', strategy: 'test' }
    expect(refuseInteractionInput(input, DEFAULT_LIMITS)).toBeUndefined()
    change(input)
    h.router.submit(input)
    expect(h.of('routed', 'c1')).toHaveLength(0)
    expect([...h.of('error'), ...h.of('failed')].map((e) => e.reason).join()).toContain('over the router')
  })

  it("checks again an input that passed under looser limits than the router's", () => {
    const h = setup([salesTarget], { limits: { maxAddressChars: 16 } })
    const input: InteractionInput = { id: 'c1', strategy: 'test', ani: '5'.repeat(20) }
    expect(refuseInteractionInput(input, DEFAULT_LIMITS)).toBeUndefined()
    h.router.submit(input)
    expect(h.of('error').map((e) => e.code)).toEqual(['over-limit'])
  })
})
