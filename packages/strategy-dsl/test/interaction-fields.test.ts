// A test file's interaction takes what serve's submit takes (ANI/DNIS up to the router's default maxAddressChars,
// any priority within PRIORITY_BOUNDS, fractions too), so an interaction copied from serve runs as a test.
import { describe, expect, it } from 'vitest'
import { MAX_ADDRESS_CHARS, PRIORITY_BOUNDS, safeParseTestDocument, scenarioSchema } from '../src/index.ts'
import { testJsonSchema } from '../src/json-schema.ts'

function testFile(interaction: string): string {
  return `tests: vip\nformat: 1\nscenarios:\n  - name: copied\n    interaction: ${interaction}\n    expect: { outcome: routed }\n`
}

function problems(interaction: string): string[] {
  return safeParseTestDocument(testFile(interaction), { file: 'vip.test.yaml' }).diagnostics.map(
    (d) => `${d.code} ${d.path.join('.')} ${d.message}`,
  )
}

describe('a scenario interaction', () => {
  it('takes an ANI and DNIS of 128 characters and a fractional priority, as serve does', () => {
    const sip = `sip:${'1'.repeat(MAX_ADDRESS_CHARS - 4)}`
    expect(MAX_ADDRESS_CHARS).toBe(128)
    expect(problems(`{ ani: "${sip}", dnis: "${sip}", priority: 2.5 }`)).toEqual([])
    expect(problems(`{ priority: ${PRIORITY_BOUNDS.min} }`)).toEqual([])
  })

  it('refuses a longer ANI saying its length, the limit and how to fix it', () => {
    expect(problems(`{ dnis: "${'8'.repeat(130)}" }`)).toEqual([
      'RW027 scenarios.0.interaction.dnis "dnis": 130 characters, over the 128 routewright serve and the router take (their default limits.maxAddressChars): shorten it.',
    ])
  })

  it('refuses a priority outside PRIORITY_BOUNDS and an address holding a control character', () => {
    const checked = scenarioSchema.safeParse({
      name: 'x',
      expect: {},
      interaction: { priority: 2_000_000, ani: 'a\tb' },
    })
    expect(checked.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['interaction.ani', expect.stringContaining('holds a control character (code 9 at position 1)')],
      [
        'interaction.priority',
        '2000000 is outside the priorities routewright serve and the router take (-1000000 to 1000000, fractions too): give one within them',
      ],
    ])
  })

  it('refuses a __proto__ data key by name and place (the record would drop it without a word)', () => {
    const data = JSON.parse('{"__proto__":{"tier":"gold"},"x":1}')
    for (const scenario of [
      { name: 'x', expect: {}, interaction: { data } },
      { name: 'x', expect: { data } },
    ]) {
      const checked = scenarioSchema.safeParse(scenario)
      expect(checked.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
        [
          expect.stringMatching(/data\.__proto__$/),
          expect.stringContaining('"__proto__" names no strategy input'),
        ],
      ])
    }
    const nested = JSON.parse('{"x":[{"__proto__":1}]}')
    const checked = scenarioSchema.safeParse({ name: 'x', expect: {}, interaction: { data: nested } })
    expect(checked.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      [
        'interaction.data.x.0.__proto__',
        'a data key "__proto__" would be lost when the file is read: rename it',
      ],
    ])
  })

  it('refuses a __proto__ agent id and expected variables or values key, top-level or nested', () => {
    const issues = (scenario: unknown) =>
      scenarioSchema.safeParse(scenario).error?.issues.map((i) => [i.path.join('.'), i.message])
    expect(
      issues({ name: 'x', expect: {}, agents: JSON.parse('{"__proto__":"available","bob":"available"}') }),
    ).toEqual([
      ['agents.__proto__', 'an agent id "__proto__" would be lost when the file is read: rename it'],
    ])
    for (const field of ['variables', 'values']) {
      for (const [text, path] of [
        ['{"__proto__":1,"x":2}', `expect.${field}.__proto__`],
        ['{"x":{"__proto__":{"y":1}}}', `expect.${field}.x.__proto__`],
      ]) {
        expect(issues({ name: 'x', expect: { [field]: JSON.parse(text!) } })).toEqual([
          [
            path,
            `a ${field} key "__proto__" would be lost when the file is read, weakening the expectation: rename it`,
          ],
        ])
      }
    }
  })

  it('is described so in the JSON Schema editors validate with', () => {
    const properties = JSON.stringify(testJsonSchema())
    expect(properties).toContain('"ani":{"type":"string","maxLength":128}')
    expect(properties).toContain('"priority":{"type":"number","minimum":-1000000,"maximum":1000000}')
  })
})
