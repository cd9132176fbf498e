import { checkStrategyText, stringifyStrategy } from '@routewright/strategy-dsl'
import { describe, expect, it } from 'vitest'
import { nameFixesAt, nameFixFor, quickFixesFor, typeOfComparedInput, valueTypeOfCel } from './quick-fixes.ts'

function check(nodes: string) {
  const text = `strategy: q\nformat: 1\nstart: a\nnodes:\n${nodes}  z: { type: end, outcome: abandon }\n`
  const result = checkStrategyText(text)
  const rw112 = result.diagnostics.find((d) => d.code === 'RW112')
  if (!rw112 || !result.document) throw new Error(`expected RW112 in ${JSON.stringify(result.diagnostics)}`)
  return { document: result.document, diagnostic: rw112 }
}

describe('quick fixes', () => {
  it('[RW112] declares the collected variable as a string, and the error goes away', () => {
    const { document, diagnostic } = check(
      '  a:\n    type: treatment\n    collect: { into: lang, prompt: prompts/menu, max: 1 }\n    next: { done: z, error: z }\n',
    )
    const fixes = quickFixesFor(diagnostic, document)
    expect(fixes.map((f) => f.label)).toEqual(['Declare `lang` as string'])
    const fixed = fixes[0]!.apply(document)
    expect(fixed.variables).toEqual({ lang: { type: 'string' } })
    const after = checkStrategyText(stringifyStrategy(fixed)).diagnostics.map((d) => d.code)
    expect(after).not.toContain('RW112')
  })

  it.each([
    ['1 + 2', 'Declare `n` as int'],
    ['true', 'Declare `n` as bool'],
    ['"fr"', 'Declare `n` as string'],
    ['2.5', 'Declare `n` as double'],
  ])('[RW112] takes the type of an assigned %s', (expression, label) => {
    const { document, diagnostic } = check(`  a: { type: assign, set: { n: '${expression}' }, next: z }\n`)
    expect(quickFixesFor(diagnostic, document).map((f) => f.label)).toEqual([label])
  })

  it('[RW203] declares the input a switch reads as data.<name>, typed by what it is compared with', () => {
    const text = `strategy: q\nformat: 1\nstart: a\nnodes:\n  a:\n    type: switch\n    cases: [{ when: 'data.account_type == "business"', next: z }]\n    default: z\n  z: { type: end, outcome: abandon }\n`
    const result = checkStrategyText(text)
    const rw203 = result.diagnostics.find((d) => d.code === 'RW203')
    if (!rw203 || !result.document) throw new Error(`expected RW203 in ${JSON.stringify(result.diagnostics)}`)
    const fixes = quickFixesFor(rw203, result.document)
    expect(fixes.map((f) => f.label)).toEqual(['Declare input `account_type` as string'])
    const fixed = fixes[0]!.apply(result.document)
    expect(fixed.inputs).toEqual({ account_type: { type: 'string' } })
    expect(checkStrategyText(stringifyStrategy(fixed)).diagnostics.map((d) => d.code)).toEqual([])
  })

  it('[RW203] offers nothing for an unknown agent field (nothing to declare)', () => {
    const text = `strategy: q\nformat: 1\nstart: a\nnodes:\n  a:\n    type: target\n    targets: [{ skill: 'agent.zzz > 1' }]\n    wait: 1m\n    next: { timeout: z, error: z }\n  z: { type: end, outcome: abandon }\n`
    const result = checkStrategyText(text)
    const rw203 = result.diagnostics.find((d) => d.code === 'RW203')
    if (!rw203 || !result.document) throw new Error(`expected RW203 in ${JSON.stringify(result.diagnostics)}`)
    expect(quickFixesFor(rw203, result.document)).toEqual([])
  })

  it.each([
    ['data.n > 3', 'int'],
    ['4.5 <= data.n', 'double'],
    ['data.n == true', 'bool'],
    ["data.n != 'x'", 'string'],
    ['size(data.n) > 0', 'string'],
    ['data.nn == 1 && data.n == "a"', 'string'],
  ])('types the input of %s as %s', (expression, type) => {
    expect(typeOfComparedInput(expression, 'n')).toBe(type)
  })

  it('offers nothing for codes it cannot fix', () => {
    const { document, diagnostic } = check('  a: { type: assign, set: { n: "1" }, next: z }\n')
    expect(quickFixesFor({ ...diagnostic, code: 'RW101' }, document)).toEqual([])
  })

  it('maps CEL types to declarable ones', () => {
    expect(valueTypeOfCel('list(string)')).toBe('list<string>')
    expect(valueTypeOfCel('dyn')).toBe('string')
  })
})

describe('name fixes', () => {
  const text =
    'strategy: q\nformat: 1\nstart: a\nnodes:\n  a: { type: wait, for: 5s, next: "zz" }\n  z: { type: end, outcome: abandon }\n'

  it('writes the node meant where the finding points, and the finding goes', () => {
    const rw102 = checkStrategyText(text).diagnostics.find((d) => d.code === 'RW102')
    if (!rw102) throw new Error('expected RW102')
    const fix = nameFixFor(rw102)
    expect(fix?.label).toBe('Change "zz" to "z"')
    const fixed = fix?.edit(text)
    expect(fixed).toBe(text.replace('"zz"', '"z"'))
    expect(checkStrategyText(fixed ?? '').diagnostics.map((d) => d.code)).not.toContain('RW102')
    // the text changed under the finding since: nothing is written
    expect(fix?.edit(text.replace('"zz"', '"yy"'))).toBeUndefined()
  })

  it('places the fix of a finding marked where the editor asks, and of no other', () => {
    const diagnostics = checkStrategyText(text).diagnostics
    const rw102 = diagnostics.find((d) => d.code === 'RW102')
    const at = { code: 'RW102', line: rw102?.range?.start.line ?? 0, column: rw102?.range?.start.column ?? 0 }
    const start = text.indexOf('zz')
    expect(nameFixesAt(diagnostics, text, [at])).toEqual([
      {
        label: 'Change "zz" to "z"',
        start,
        end: start + 2,
        meant: 'z',
        diagnostic: diagnostics.indexOf(rw102!),
      },
    ])
    expect(nameFixesAt(diagnostics, text, [{ ...at, line: at.line + 1 }])).toEqual([])
    expect(nameFixesAt(diagnostics, text, [{ ...at, code: 'RW103' }])).toEqual([])
    expect(nameFixesAt(diagnostics, text.replace('"zz"', '"yy"'), [at])).toEqual([])
  })

  it('offers nothing for a finding with no name meant', () => {
    const rw102 = checkStrategyText(text.replace('"zz"', 'nowhere')).diagnostics.find(
      (d) => d.code === 'RW102',
    )
    expect(rw102?.fix).toBeUndefined()
    expect(rw102 && nameFixFor(rw102)).toBeUndefined()
  })
})
