// Capacity rules: fitsCapacity (what the runtime asks before offering an agent one more interaction), how an agent's
// rule is resolved, and the directory checks RW449, RW457, RW458, RW459.
import {
  type CapacityRule,
  capacityMedia,
  capacityRuleOf,
  DEFAULT_CAPACITY_RULE,
  type DirectoryDocument,
  fitsCapacity,
  type MediaLoad,
  safeParseDirectory,
  validateDirectory,
} from '@routewright/strategy-dsl'
import { describe, expect, it } from 'vitest'
import { codesAt, echoLocator, makeDirectory } from './rules-helpers.ts'

/** "1 voice, or up to 3 chats, or 1 voice and 1 email" */
const blended: CapacityRule = { combinations: [{ voice: 1 }, { chat: 3 }, { voice: 1, email: 1 }] }
const limited: CapacityRule = { limits: { voice: 1, chat: 2 } }
const both: CapacityRule = {
  limits: { voice: 1, chat: 2, email: 1 },
  combinations: [
    { voice: 1, email: 1 },
    { chat: 2, email: 1 },
  ],
}

describe('fitsCapacity', () => {
  it.each<[string, CapacityRule, MediaLoad, string, boolean]>([
    ['an idle agent takes a call', blended, {}, 'voice', true],
    ['an idle agent takes a chat', blended, {}, 'chat', true],
    ['a third chat fits', blended, { chat: 2 }, 'chat', true],
    ['a fourth chat does not', blended, { chat: 3 }, 'chat', false],
    ['no call beside a chat', blended, { chat: 1 }, 'voice', false],
    ['no chat beside a call', blended, { voice: 1 }, 'chat', false],
    ['an email beside a call', blended, { voice: 1 }, 'email', true],
    ['a call beside an email', blended, { email: 1 }, 'voice', true],
    ['not a second email beside a call', blended, { voice: 1, email: 1 }, 'email', false],
    ['a media no combination names', blended, {}, 'sms', false],
    ['zero counts in the load are ignored', blended, { chat: 0, email: 0 }, 'voice', true],
    ['limits: a chat beside a call', limited, { voice: 1 }, 'chat', true],
    ['limits: not a third chat', limited, { voice: 1, chat: 2 }, 'chat', false],
    ['limits: a media not listed gets none', limited, {}, 'email', false],
    ['both: an email beside two chats', both, { chat: 2 }, 'email', true],
    ['both: no call beside a chat although limits allow it', both, { chat: 1 }, 'voice', false],
    ['both: a load over the limits fits nothing', both, { email: 2 }, 'chat', false],
  ])('%s', (_what, rule, load, media, expected) => {
    expect(fitsCapacity(rule, load, media)).toBe(expected)
  })

  it('lists the media an idle agent can take', () => {
    expect(capacityMedia(blended)).toEqual(['chat', 'email', 'voice'])
    expect(capacityMedia({ limits: { voice: 0, chat: 1 } })).toEqual(['chat'])
    expect(capacityMedia({ limits: { voice: 1 }, combinations: [{ chat: 1 }] })).toEqual([])
  })
})

describe('capacityRuleOf', () => {
  const rules = { blended }
  it('keeps the old per-media capacity as limits, and one call by default', () => {
    expect(capacityRuleOf({ capacity: { voice: 1, chat: 3 } }, rules)).toEqual({
      limits: { voice: 1, chat: 3 },
    })
    expect(capacityRuleOf({}, rules)).toBe(DEFAULT_CAPACITY_RULE)
    expect(fitsCapacity(capacityRuleOf({}, undefined), { voice: 1 }, 'voice')).toBe(false)
  })

  it('uses the named rule, with the agent capacity as further limits', () => {
    expect(capacityRuleOf({ capacityRule: 'blended' }, rules)).toBe(blended)
    const rule = capacityRuleOf({ capacityRule: 'blended', capacity: { voice: 1, chat: 1 } }, rules)
    expect(fitsCapacity(rule, { chat: 1 }, 'chat')).toBe(false)
    expect(fitsCapacity(rule, {}, 'email')).toBe(false)
    const narrowed = capacityRuleOf(
      { capacityRule: 'x', capacity: { chat: 1 } },
      { x: { limits: { chat: 3, voice: 1 } } },
    )
    expect(narrowed.limits).toEqual({ chat: 1, voice: 0 })
  })

  it('falls back as if no rule were named when the name is unknown (RW458 reports it)', () => {
    expect(capacityRuleOf({ capacityRule: 'nope', capacity: { chat: 2 } }, rules)).toEqual({
      limits: { chat: 2 },
    })
  })
})

const agents = (extra: DirectoryDocument['agents'] = {}): DirectoryDocument['agents'] => ({
  a1: { groups: ['vip_team'], capacityRule: 'blended' },
  a2: { groups: ['general_support'] },
  ...extra,
})

const cases: Array<[string, string, Partial<DirectoryDocument>, string[]]> = [
  [
    'RW458',
    'an agent naming an unknown rule',
    { capacityRules: { blended }, agents: agents({ a1: { groups: ['vip_team'], capacityRule: 'blendd' } }) },
    ['RW458@agents.a1.capacityRule'],
  ],
  [
    'RW459',
    'a rule whose limits are all zero',
    { capacityRules: { blended: { limits: { voice: 0 } } }, agents: agents() },
    ['RW459@capacityRules.blended'],
  ],
  [
    'RW459',
    'a rule whose combinations and limits never meet',
    { capacityRules: { blended: { limits: { voice: 1 }, combinations: [{ chat: 2 }] } }, agents: agents() },
    ['RW459@capacityRules.blended'],
  ],
  [
    'RW449',
    'a combination over the limits',
    {
      capacityRules: {
        blended: { limits: { voice: 1, chat: 2 }, combinations: [{ voice: 1 }, { chat: 3 }] },
      },
      agents: agents(),
    },
    ['RW449@capacityRules.blended.combinations.1.chat'],
  ],
  [
    'RW449',
    'a combination that allows nothing',
    { capacityRules: { blended: { combinations: [{ voice: 1 }, { chat: 0 }] } }, agents: agents() },
    ['RW449@capacityRules.blended.combinations.1'],
  ],
  [
    'RW457',
    'an agent whose capacity leaves nothing of its rule',
    {
      capacityRules: { blended: { combinations: [{ chat: 3 }] } },
      agents: agents({ a1: { groups: ['vip_team'], capacityRule: 'blended', capacity: { voice: 1 } } }),
    },
    ['RW457@agents.a1.capacity'],
  ],
]

describe('directory capacity rules', () => {
  it('accepts a rule used by an agent beside agents with the old capacity', () => {
    expect(
      validateDirectory(
        makeDirectory({
          capacityRules: { blended },
          agents: agents({ a3: { groups: ['vip_team'], capacity: { voice: 1, chat: 3 } } }),
        }),
      ),
    ).toEqual([])
  })

  it.each(cases)('[%s] flags %s', (_code, _what, overrides, expected) => {
    const found = validateDirectory(makeDirectory(overrides), { locator: echoLocator })
    expect(codesAt(found)).toEqual(expected)
  })

  it('[RW458] suggests the closest rule and says where to declare it', () => {
    const [found] = validateDirectory(makeDirectory(cases[0]?.[2]))
    expect(found?.message).toBe(
      'Agent "a1" names capacity rule "blendd", which the directory does not declare. Did you mean "blended"? Declare it under capacityRules.',
    )
  })

  it('parses capacityRules from YAML and refuses a rule with neither limits nor combinations', () => {
    const text = (rule: string) =>
      `directory: d\nformat: 1\ncapacityRules:\n  r: ${rule}\nagents:\n  a: { capacityRule: r }\n`
    const ok = safeParseDirectory(
      text('{ combinations: [{ voice: 1 }, { chat: 3 }, { voice: 1, email: 1 }] }'),
    )
    expect(ok.success && ok.data.capacityRules?.r).toEqual(blended)
    const bad = safeParseDirectory(text('{ title: nothing }'))
    expect(bad.diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual([
      expect.stringMatching(/^RW029 .*Give limits, combinations or both/),
    ])
  })
})
