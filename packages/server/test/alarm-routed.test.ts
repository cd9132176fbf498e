// A rule on a group or queue no strategy routes to can never fire: serve logs it, validate and the language server
// warn with RW483 (one implementation, alarm-routed.ts), with what is routed and the name meant when one is close.
import { parseAlarms } from '@routewright/server/alarms'
import { formatDiagnostic, parseDirectory, parseStrategy } from '@routewright/strategy-dsl'
import { describe, expect, it } from 'vitest'

const directory = parseDirectory(`directory: env
format: 1
groups:
  support: {}
  billing_team: {}
  vip: {}
queues:
  billing: { groups: [billing_team] }
  sales: { groups: [support] }
`)

/** A strategy with one target node naming `targets` (YAML flow text). */
const strategyOf = (id: string, targets: string) =>
  parseStrategy(`strategy: ${id}
format: 1
start: pick
nodes:
  pick: { type: target, targets: ${targets}, next: { timeout: done } }
  done: { type: end, outcome: default-route }
`)

const strategies = new Map([
  ['support', strategyOf('support', '[{ group: support }]')],
  ['billing', strategyOf('billing', '[{ queue: billing }]')],
  ['vip', strategyOf('vip', '[{ skill: "\'vip\' in groups" }]')],
])
const known = { groups: new Set(Object.keys(directory.groups ?? {})), queues: new Set(['billing', 'sales']) }

const alarmsOn = (queue: string) =>
  `alarms: center\nformat: 1\nrules:\n  sl: { figure: service-level, queue: "${queue}", below: 0.8 }\n`
const findings = (queue: string, routing: Parameters<typeof parseAlarms>[3] = { strategies, directory }) =>
  parseAlarms(alarmsOn(queue), 'alarms.yaml', known, routing).diagnostics.map((d) => formatDiagnostic(d))

describe('[RW483] alarm rules on targets no strategy routes to', () => {
  it.each(['group:support', 'queue:billing', '*', "skill:'vip' in groups"])('says nothing of %s', (queue) => {
    expect(findings(queue)).toEqual([])
  })

  // the router names a skill target's pool by its expression as written, and the monitor counts it so
  describe('skill subjects', () => {
    const skilled = new Map([
      ['lang', strategyOf('lang', '[{ skill: skills.english >= 5 }, { skill: skills.french >= 5 }]')],
      ['vip', strategyOf('vip', '[{ skill: "\'vip\' in groups" }]')],
    ])
    const skillFindings = (queue: string) =>
      parseAlarms(alarmsOn(queue), 'alarms.yaml', known, { strategies: skilled, directory }).diagnostics

    it('warns of a skill named as a word, listing the skill targets the strategies have', () => {
      const [finding, ...rest] = skillFindings('skill:english')
      expect(rest).toEqual([])
      expect(finding).toMatchObject({ code: 'RW483', path: ['rules', 'sl', 'queue'] })
      expect(finding?.message).toBe(
        'Alarm "sl" watches skill:english, which no strategy routes to: it can never fire. Skill targets in strategies: "skill:\'vip\' in groups", "skill:skills.english >= 5", "skill:skills.french >= 5".',
      )
      expect(finding?.fix).toBeUndefined()
    })

    it('offers the target written with other spacing, and a close misspelling, as fixes', () => {
      expect(skillFindings('skill:skills.english>=5')).toMatchObject([
        {
          message: expect.stringContaining('by its text as written: "skill:skills.english >= 5"'),
          fix: { written: 'skills.english>=5', meant: 'skills.english >= 5' },
        },
      ])
      expect(skillFindings('skill:skills.englsh >= 5')).toMatchObject([
        {
          message: expect.stringContaining('Did you mean "skills.english >= 5"?'),
          fix: { written: 'skills.englsh >= 5', meant: 'skills.english >= 5' },
        },
      ])
    })

    it('gives no fix whose quotes would break the YAML value, and says when no strategy has a skill target', () => {
      const [quoted] = skillFindings("skill:'vip'in groups")
      expect(quoted?.message).toContain('"skill:\'vip\' in groups"')
      expect(quoted?.fix).toBeUndefined()
      expect(findings('skill:skills.english >= 5', { strategies: new Map(), directory })).toEqual([
        expect.stringContaining('it can never fire. No strategy has a skill target.'),
      ])
    })
  })

  it("counts a routed queue's directory groups as routed (the history counts the queue's calls in them)", () => {
    expect(findings('group:billing_team')).toEqual([])
  })

  it('warns of a queue no strategy routes to, listing what is routed, and the document still loads', () => {
    const read = parseAlarms(alarmsOn('queue:sales'), 'alarms.yaml', known, { strategies, directory })
    expect(read.document).toBeDefined()
    expect(read.diagnostics.map((d) => formatDiagnostic(d))).toEqual([
      expect.stringMatching(
        /^alarms\.yaml:4:\d+: warning RW483 Alarm "sl" watches queue:sales, which no strategy routes to: it can never fire\. Strategies route to group:billing_team, group:support, queue:billing\./,
      ),
    ])
  })

  it('names the routed subject meant when one is close, with fix data', () => {
    const strategies2 = new Map([['s', strategyOf('s', '[{ group: support }, { group: vip }]')]])
    const dir = parseDirectory(
      'directory: env\nformat: 1\ngroups:\n  support: {}\n  supports: {}\n  vip: {}\n',
    )
    const read = parseAlarms(
      alarmsOn('group:supports'),
      'alarms.yaml',
      { groups: new Set(['support', 'supports', 'vip']), queues: new Set() },
      { strategies: strategies2, directory: dir },
    )
    expect(read.diagnostics).toMatchObject([
      {
        code: 'RW483',
        severity: 'warning',
        message: expect.stringContaining('it can never fire. Did you mean "support"?'),
        fix: { written: 'supports', meant: 'support' },
        path: ['rules', 'sl', 'queue'],
      },
    ])
  })

  it('says a skill target that tests the group is counted under its expression, not the group', () => {
    expect(findings('group:vip')).toEqual([
      expect.stringContaining(
        `A skill target tests the group, but the monitor counts it as "skill:'vip' in groups".`,
      ),
    ])
  })

  it('leaves a group alone when a queue is routed and no directory says its groups; RW482 wins over RW483', () => {
    expect(findings('group:vip', { strategies: new Map([['b', strategies.get('billing')!]]) })).toEqual([])
    expect(findings('group:nope')).toEqual([
      expect.stringContaining('error RW482 The directory has no group "nope"'),
    ])
  })
})
