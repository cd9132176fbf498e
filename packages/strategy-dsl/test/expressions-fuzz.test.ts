import { compileExpression, isCompiled } from '@routewright/strategy-dsl'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { makeDirectory, makeStrategy } from './rules-helpers.ts'

const document = makeStrategy()
const directory = makeDirectory()
const tokens = [
  'data.tier',
  'attempts',
  'waited',
  'skills.vip',
  'agent.load',
  'stat("group:vip_team", "AgentsReady")',
  'inHours("us_east")',
  '"gold"',
  '1',
  '2.5',
  'true',
  '==',
  '<',
  '+',
  '&&',
  '||',
  '!',
  '(',
  ')',
  '[',
  ']',
  ',',
  '.',
  '?',
  ':',
  'size(',
  'has(',
  'in',
  'null',
  '-',
]

describe('compileExpression on hostile input', () => {
  it('never throws and keeps diagnostics inside the source, for any text', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 200 }),
        fc.constantFrom('condition', 'value', 'int', 'skill', 'threshold' as const),
        (source, role) => {
          const result = compileExpression(source, { document, role, directory })
          if (isCompiled(result)) return
          expect(result.diagnostics.length).toBeGreaterThan(0)
          for (const d of result.diagnostics) {
            expect(d.code).toMatch(/^RW[23]\d\d$/)
            expect(d.start).toBeGreaterThanOrEqual(0)
            expect(d.end).toBeLessThanOrEqual(source.length)
          }
        },
      ),
      { numRuns: 500 },
    )
  })

  it('never throws on token soup, and what compiles in a bool role gives a bool', () => {
    const hooks = { stat: () => 1, inHours: () => true, now: () => 0 }
    const agent = { id: 'a1', skills: { vip: 3 }, groups: ['vip_team'], occupancy: 0.1, readyFor: 5, load: 0 }
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...tokens), { maxLength: 12 }), (parts) => {
        const source = parts.join(' ')
        const result = compileExpression(source, { document, role: 'threshold', directory })
        if (!isCompiled(result)) return
        try {
          const value = result.evaluate(
            {
              data: {},
              variables: {},
              interaction: { ani: '', dnis: '', media: 'voice', priority: 0, waited: 3 },
              agent,
            },
            hooks,
          )
          expect(typeof value).toBe('boolean')
        } catch (error) {
          expect((error as Error).name).toBe('ExpressionError')
        }
      }),
      { numRuns: 500 },
    )
  })
})
