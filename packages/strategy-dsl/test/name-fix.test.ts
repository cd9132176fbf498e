// Quick fixes for misspelt names: a finding that says "Did you mean" carries the name written and the one meant;
// the name stands once at the finding's range, so writing the one meant there clears the finding.
import {
  checkDirectoryText,
  checkStrategyText,
  type Diagnostic,
  nameFixSpan,
  nameHint,
} from '@routewright/strategy-dsl'
import { describe, expect, it } from 'vitest'

const directory = checkDirectoryText(`directory: env
format: 1
skills:
  english: {}
groups:
  support: {}
calendars:
  office: { timezone: Europe/Paris, hours: { mon-fri: "09:00-17:00" } }
agents:
  ann: { groups: [support], skills: { english: 5 } }
`).document

const strategy = `strategy: help
format: 1
inputs:
  account: { type: string }
variables:
  tier: { type: string, default: unknown }
start: ask
nodes:
  ask:
    type: switch
    cases:
      - when: 'data.acount != ""'
        next: "queu"
      - { when: 'teir == "gold"', next: queue }
      - { when: 'inHours("ofice")', next: queue }
      - when: 'stat("group:suport", "ExpectedWaitTime") > 60.0 && stat("group:support", "ExpectedWaitTme") > 1.0'
        next: queue
    default: dnoe
  queue:
    type: target
    targets: [{ group: suport }, { skill: skills.englsh >= 3 }]
    wait: 30s
    next: { timeout: done }
  done: { type: end, outcome: default-route }
`

/** The text with the fix of `d` written in, or undefined when no single place for it is found. */
function applied(text: string, d: Diagnostic): string | undefined {
  if (!d.fix || !d.range) return undefined
  const span = nameFixSpan(text, d.range.start.offset, d.range.end.offset, d.fix)
  return span && text.slice(0, span.start) + d.fix.meant + text.slice(span.end)
}

const check = (text: string) => checkStrategyText(text, directory ? { directory } : {}).diagnostics

describe('name fixes', () => {
  it('offers the name meant for each misspelling, each at its own place, and none for other findings', () => {
    const found = check(strategy)
    expect(found.filter((d) => d.fix).map((d) => `${d.code} ${d.fix?.written} -> ${d.fix?.meant}`)).toEqual([
      'RW203 acount -> account',
      'RW102 queu -> queue',
      'RW202 teir -> tier',
      'RW313 ofice -> office',
      'RW318 suport -> support',
      'RW206 ExpectedWaitTme -> ExpectedWaitTime',
      'RW102 dnoe -> done',
      'RW310 suport -> support',
      'RW316 englsh -> english',
    ])
    // each fix, written alone, clears its own finding and brings no new one (a node reached again may clear more)
    const at = (d: Diagnostic) => `${d.code}@${d.range?.start.line}`
    for (const d of found.filter((f) => f.fix)) {
      const fixed = applied(strategy, d)
      expect(fixed, `${d.code} ${d.message}`).toBeDefined()
      const after = check(fixed ?? '')
      expect(after.filter((a) => !found.some((f) => at(f) === at(a)))).toEqual([])
      expect(after.filter((a) => at(a) === at(d) && a.fix?.written === d.fix?.written)).toEqual([])
      expect(after.length).toBeLessThan(found.length)
    }
  })

  it.each([
    [
      'an unknown field',
      'RW022',
      '  done: { type: end, outcome: default-route }',
      '  done: { type: end, outcom: default-route }',
      'outcom -> outcome',
    ],
    ['an unknown node type', 'RW023', '  done: { type: end,', '  done: { type: edn,', 'edn -> end'],
    [
      'a value not allowed',
      'RW026',
      'outcome: default-route }',
      'outcome: default-rout }',
      'default-rout -> default-route',
    ],
  ])(
    'offers the name meant for %s, found before validation, and the file parses once it is written',
    (_, code, from, to, expected) => {
      const typo = strategy.replace(from, to)
      const found = check(typo).filter((d) => d.code === code)
      expect(found.map((d) => `${d.fix?.written} -> ${d.fix?.meant}`)).toEqual([expected])
      const fixed = applied(typo, found[0]!)
      expect(fixed).toBe(strategy)
    },
  )

  it('offers no name when none is close, and none for a known statistic an agent is not ranked by', () => {
    expect(nameHint('billing', ['support', 'sales'], 'queues')).toEqual({
      hint: ' Its queues: sales, support.',
    })
    const text = strategy.replace('targets: [', 'pick: { min: ExpectedWaitTime }\n    targets: [')
    const rw206 = check(text).filter((d) => d.code === 'RW206' && d.path.includes('pick'))
    expect(rw206).toHaveLength(1)
    expect(rw206[0]?.fix).toBeUndefined()
  })

  it('finds the name only where it stands once and whole', () => {
    const fix = { written: 'dnoe', meant: 'done' }
    expect(nameFixSpan('next: "dnoe"', 6, 12, fix)).toEqual({ start: 7, end: 11 })
    expect(nameFixSpan('next: dnoe2', 6, 11, fix)).toBeUndefined()
    expect(nameFixSpan('[dnoe, dnoe]', 0, 12, fix)).toBeUndefined()
    expect(nameFixSpan('next: dnoe', 0, 8, fix)).toBeUndefined()
    expect(nameFixSpan('next: done', 6, 10, fix)).toBeUndefined()
  })
})
