// A name written inside any CEL literal form (cel-spec: raw, triple-quoted, bytes) or comment is text, not a use.
import { safeParseStrategy, type UsageWorkspace, whereUsed } from '@routewright/strategy-dsl'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'

/** A strategy whose one switch case reads `expression` (a block scalar: written as is), and where that text starts. */
function make(expression: string): { workspace: UsageWorkspace; line: number; indent: number } {
  const head = [
    'strategy: literals',
    'format: 1',
    'variables:',
    '  tier: { type: string, default: unknown }',
    '  r: { type: string, default: unknown }',
    '  b: { type: string, default: unknown }',
    'inputs:',
    '  tier: { type: string }',
    'start: pick',
    'nodes:',
    '  pick:',
    '    type: switch',
    '    cases:',
    '      - when: |-',
    '',
  ].join('\n')
  const indent = '          '
  const body = expression
    .split('\n')
    .map((line) => indent + line)
    .join('\n')
  const source = `${head}${body}\n        next: done\n    default: done\n  done:\n    type: end\n    outcome: default-route\n`
  const parsed = safeParseStrategy(source, { file: 'literals.strategy.yaml' })
  if (!parsed.success) throw new Error(`does not parse: ${JSON.stringify(parsed.diagnostics)}`)
  const file = { file: 'literals.strategy.yaml', document: parsed.data, locator: parsed.locator }
  return { workspace: { strategies: [file] }, line: head.split('\n').length, indent: indent.length }
}

/** Where the variable `name` (or a skill) is read, as offsets into the expression's own text. */
function readsOf(expression: string, name = 'tier', kind: 'variable' | 'skill' = 'variable'): number[] {
  const { workspace, line, indent } = make(expression)
  const lines = expression.split('\n')
  return whereUsed(workspace, name, { kind })
    .uses.filter((use) => use.use.startsWith('reads'))
    .map((use) => {
      const start = use.range?.start
      if (!start) return Number.NaN
      const before = lines.slice(0, start.line - line).reduce((sum, text) => sum + text.length + 1, 0)
      return before + start.column - 1 - indent
    })
}

/** The offsets of the word `name`, each time it is written; `picks` chooses which of them (0 the first). */
function words(expression: string, picks: number[], name = 'tier'): number[] {
  const all = [...expression.matchAll(new RegExp(`\\b${name}\\b`, 'g'))].map((found) => found.index)
  return picks.map((pick) => all[pick] ?? Number.NaN)
}

describe('whereUsed: names inside CEL literals are not uses', () => {
  // each row: the expression, and which of the words `tier` written in it are reads (0 the first)
  it.each([
    ['triple double quotes', `"""tier""" == tier`, [1]],
    ['triple single quotes', `'''tier''' == tier`, [1]],
    ['a quote inside triple quotes', `'''it's tier''' == tier`, [1]],
    ['two quotes inside triple quotes', `"""say "tier" "" """ == tier`, [1]],
    ['a line break inside triple quotes', `'''one\ntier''' == tier`, [1]],
    ['raw double quotes', `r"tier" == tier`, [1]],
    ['raw single quotes, capital R', `R'tier' == tier`, [1]],
    ['raw triple quotes', `r'''tier''' == tier`, [1]],
    ['raw triple quotes, a quote inside', `R"""a " tier""" == tier`, [1]],
    ['bytes', `b"tier" == bytes(tier)`, [1]],
    ['an escaped quote', `"a \\" tier" == tier`, [1]],
    ['an escaped backslash last', `"tier\\\\" == tier`, [1]],
    ['a comment', 'tier == "a" // or tier', [0]],
    ['a quote in a comment', `tier == "a" // it's\n|| tier == "b"`, [0, 1]],
  ])('%s', (_, expression, picks) => {
    expect(readsOf(expression)).toEqual(words(expression, picks))
  })

  // a variable named as a prefix: the `r` of r"..." and the `b` of b"..." are not reads of it
  it.each([
    ['r', `r"r" == r || r'''r''' == r`, [2, 5]],
    ['r', `R"r" != r`, [1]],
    ['b', `b"b" == bytes(b) && b == "b"`, [2, 3]],
  ])('the prefix of a literal is not the variable %s', (name, expression, picks) => {
    expect(readsOf(expression, name)).toEqual(words(expression, picks, name))
  })

  // each form with the text it cannot hold escaped (or left out, for raw forms, which have no escapes)
  const piece = fc.constantFrom('tier', ' ', '"', "'", '\\', 'r', 'b', '//', 'x', '[')
  const content = fc.array(piece, { maxLength: 12 }).map((pieces) => pieces.join(''))
  const escaped = (text: string) => text.replace(/[\\"']/g, (c) => `\\${c}`)
  // triple quotes hold single quotes of their kind as they are: only three in a row, or one last, would close them
  const triple = (text: string, quote: string) =>
    text
      .replace(new RegExp(`${quote}{3,}`, 'g'), quote.repeat(2))
      .replace(new RegExp(`${quote}$`), `${quote}x`)
  const form = fc.oneof(
    content.map((text) => `"${escaped(text)}"`),
    content.map((text) => `'${escaped(text)}'`),
    content.map((text) => `"""${triple(text.replace(/\\/g, '\\\\'), '"')}"""`),
    content.map((text) => `'''${triple(text.replace(/\\/g, '\\\\'), "'")}'''`),
    // raw: no escapes, so no quote of its own kind; no backslash last (cel-js reads one before the closing quote as
    // an escape, which cel-spec does not)
    content.map((text) => `r"${text.replace(/"/g, '').replace(/\\+$/, '')}"`),
    content.map((text) => `R'${text.replace(/'/g, '').replace(/\\+$/, '')}'`),
    content.map((text) => `r'''${triple(text.replace(/\\+$/, ''), "'")}'''`),
  )

  it('finds exactly the reads between two literals of any form, whatever they hold', () => {
    fc.assert(
      fc.property(form, form, (left, right) => {
        const expression = `${left} != tier && tier == ${right}`
        const first = left.length + ' != '.length
        expect(readsOf(expression)).toEqual([first, first + 'tier && '.length])
      }),
      { seed: 20261202, numRuns: 300 },
    )
  })
})

describe('whereUsed: a key indexed with a string literal', () => {
  // `data["tier"]` names the input `tier` as `data.tier` does: the range is the key inside the quotes
  it.each([
    ['double quotes', `data["tier"] == "gold"`, [0]],
    ['single quotes and a space', `data[ 'tier' ] == "gold"`, [0]],
    ['with data.tier too, each its own place', `data.tier == "a" || data["tier"] == "b"`, [0, 1]],
    ['a triple-quoted key', `data['''tier'''] == "gold"`, [0]],
    ['not the same word as a value', `data["tier"] == "tier"`, [0]],
  ])('data: %s', (_, expression, picks) => {
    expect(readsOf(expression, 'data.tier')).toEqual(words(expression, picks))
  })

  it('a skill indexed with a string literal is the skill, not the whole expression', () => {
    const expression = `skills["english"] >= 5 && skills.english < 9`
    const source = [
      'strategy: skilled',
      'format: 1',
      'start: pick',
      'nodes:',
      '  pick:',
      '    type: target',
      `    targets: [{ skill: '${expression.replace(/'/g, "''")}' }]`,
      '    wait: 3m',
      '    next: { timeout: done, error: done }',
      '  done:',
      '    type: end',
      '    outcome: default-route',
      '',
    ].join('\n')
    const parsed = safeParseStrategy(source, { file: 'skilled.strategy.yaml' })
    if (!parsed.success) throw new Error('skilled.strategy.yaml does not parse')
    const file = { file: 'skilled.strategy.yaml', document: parsed.data, locator: parsed.locator }
    const uses = whereUsed({ strategies: [file] }, 'english', { kind: 'skill' }).uses
    const at = source.indexOf(expression)
    expect(uses.map((use) => (use.range?.start.offset ?? Number.NaN) - at)).toEqual(
      words(expression, [0, 1], 'english'),
    )
  })
})
