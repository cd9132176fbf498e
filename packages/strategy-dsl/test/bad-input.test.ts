import { describe, expect, it } from 'vitest'
import {
  formatDiagnostic,
  MAX_DEPTH,
  type ParseResult,
  parseDuration,
  type StrategyDocument,
  safeParseDirectory,
  safeParseStrategy,
  safeParseTestDocument,
  tooLargeAdvice,
} from '../src/index.ts'

function report(result: ParseResult<StrategyDocument>): string[] {
  expect(result.success).toBe(false)
  return result.diagnostics.map(formatDiagnostic)
}

const bomb = `strategy: s
format: 1
a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]
h: [*g, *g, *g, *g, *g, *g, *g, *g, *g]
`

describe('bad input gets one clear diagnostic, never a crash', () => {
  it('[RW003] refuses a 50 MB file, saying the limit', () => {
    const big = `strategy: s\nformat: 1\ndescription: "${'x'.repeat(50 * 1024 * 1024)}"\n`
    expect(report(safeParseStrategy(big))).toMatchInlineSnapshot(`
      [
        "error RW003 The file is 50 MB, over the 10 MB limit. Split it into several strategies joined by subroutine calls.",
      ]
    `)
    expect(report(safeParseStrategy(new Uint8Array(50 * 1024 * 1024)))[0]).toContain('RW003')
  })

  it('[RW003] gives the advice that fits the kind: only a strategy splits into subroutines', () => {
    const big = (head: string) => `${head}\nformat: 1\n# ${'x'.repeat(11 * 1024 * 1024)}\n`
    const advice = (diagnostics: readonly { message: string }[]) =>
      diagnostics[0]?.message.replace(/^The file is 11 MB, over the 10 MB limit\. /, '')
    expect([
      advice(safeParseStrategy(big('strategy: s')).diagnostics),
      advice(safeParseDirectory(big('directory: d')).diagnostics),
      advice(safeParseTestDocument(big('tests: s')).diagnostics),
      tooLargeAdvice('alarms'),
      tooLargeAdvice(undefined),
    ]).toEqual([
      'Split it into several strategies joined by subroutine calls.',
      'Check that it is the directory file you meant.',
      'Split its scenarios into several test files beside the strategy.',
      'Check that it is the alarms file you meant.',
      'Check that it is the file you meant.',
    ])
  })

  it('[RW005] refuses a YAML alias bomb', () => {
    expect(report(safeParseStrategy(bomb))).toMatchInlineSnapshot(`
      [
        "1:1: error RW005 The aliases (*name) in this file expand to too much data (over 100 expansions). Write the values out, or use fewer aliases.",
      ]
    `)
  })

  it.each([
    ['flow lists', `${'['.repeat(10_000)}${']'.repeat(10_000)}`],
    ['flow maps', `${'{a: '.repeat(10_000)}1${'}'.repeat(10_000)}`],
    // indentation grows quadratically: 10,000 levels would hit the size limit first
    ['block maps (2,000 levels)', Array.from({ length: 2_000 }, (_, i) => `${' '.repeat(i)}k:`).join('\n')],
    ['block lists', `${'- '.repeat(10_000)}x`],
    [
      'a deep value inside a valid strategy',
      `strategy: s\nformat: 1\nstart: a\nnodes: ${'['.repeat(10_000)}`,
    ],
  ])('[RW004] refuses 10,000-deep nesting of %s before parsing', (_name, text) => {
    const [line] = report(safeParseStrategy(text))
    expect(line).toMatch(/RW004 The document is nested more than 100 levels deep/)
  })

  it('accepts nesting up to the depth limit', () => {
    const text = `strategy: s\nformat: 1\ndescription: ${'['.repeat(MAX_DEPTH - 2)}${']'.repeat(MAX_DEPTH - 2)}\n`
    const codes = safeParseStrategy(text).diagnostics.map((d) => d.code)
    expect(codes).not.toContain('RW004')
    expect(codes).toContain('RW020')
  })

  it('[RW006] refuses invalid UTF-8 bytes, saying where', () => {
    const bytes = new Uint8Array([
      ...new TextEncoder().encode('strategy: s\nformat: 1\ntitle: caf'),
      0xe9,
      0x0a,
    ])
    expect(report(safeParseStrategy(bytes))).toMatchInlineSnapshot(`
      [
        "3:11: error RW006 The file is not valid UTF-8: byte 0xe9 starting an incomplete sequence at byte 32. Save it as UTF-8.",
      ]
    `)
  })

  it('reads UTF-8 bytes with a byte order mark', () => {
    const text =
      'strategy: s\nformat: 1\nstart: a\nnodes: { a: { type: end, outcome: reject, reason: "é" } }\n'
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(text)])
    expect(safeParseStrategy(bytes).success).toBe(true)
  })

  it('[RW007] refuses binary junk', () => {
    const junk = new Uint8Array(4096).map((_, i) => (i * 7919) % 256)
    expect(report(safeParseStrategy(junk))[0]).toMatch(/RW006|RW007/)
    expect(report(safeParseStrategy('strategy: s\u0000\u0001\u0002'))).toMatchInlineSnapshot(`
      [
        "1:12: error RW007 The file contains a NUL byte: it looks binary, not YAML or JSON text. Check that you opened the right file.",
      ]
    `)
  })

  it.each([
    ['empty', ''],
    ['blank', '  \n\n\t\n'],
  ])('[RW008] says an %s file is empty', (_name, text) => {
    expect(report(safeParseStrategy(text))).toMatchInlineSnapshot(`
      [
        "1:1: error RW008 The file is empty. A strategy starts with "strategy: <id>" and "format: 1".",
      ]
    `)
  })

  it('[RW008] tells an empty directory or test file how its own kind starts', () => {
    const directory = safeParseDirectory('\n')
    const tests = safeParseTestDocument('# to do\n')
    expect(directory.success || tests.success).toBe(false)
    expect([...directory.diagnostics, ...tests.diagnostics].map(formatDiagnostic)).toEqual([
      '1:1: error RW008 The file is empty. A directory document starts with "directory:".',
      '1:1: error RW008 The file holds only comments. A test document starts with "tests:".',
    ])
  })

  it('[RW008] says a file of comments holds no document', () => {
    expect(report(safeParseStrategy('# nothing here\n# yet\n'))[0]).toContain(
      'RW008 The file holds only comments',
    )
  })

  it('[RW009] refuses a stream of several documents', () => {
    expect(
      report(safeParseStrategy('strategy: a\nformat: 1\n---\nstrategy: b\nformat: 1\n')),
    ).toMatchInlineSnapshot(`
      [
        "3:1: error RW009 The file holds several YAML documents (separated by "---"). Put one document in each file.",
      ]
    `)
  })

  it.each([
    ['a list', '- strategy: s\n- format: 1\n'],
    ['a text', 'just some words\n'],
    ['a number', '42\n'],
    ['null', '~\n'],
  ])('[RW010] says the top level must be a mapping, not %s', (_name, text) => {
    const [line] = report(safeParseStrategy(text))
    expect(line).toMatch(/RW010 The top level must be a mapping that starts with "strategy: <id>", not /)
  })

  it('[RW011] names the format version it cannot read', () => {
    expect(
      report(safeParseStrategy('strategy: s\nformat: 2\nstart: a\nnodes: {}\nnew_field: 1\n')),
    ).toMatchInlineSnapshot(`
      [
        "2:9: error RW011 This file uses format 2; this version of Routewright reads format 1. Upgrade Routewright, or write "format: 1". (at format)",
      ]
    `)
  })

  it('[RW001] reports an unclosed quote and a tab indentation as syntax errors', () => {
    expect(report(safeParseStrategy('strategy: "s\nformat: 1\n'))[0]).toContain('RW001')
    expect(report(safeParseStrategy('strategy: s\nnodes:\n\ta: 1\n'))[0]).toContain('RW001')
  })

  it('[RW012] warns about a YAML tag it does not know, and the schema rejects the value', () => {
    const result = safeParseStrategy(
      'strategy: !custom s\nformat: 1\nstart: a\nnodes: { a: { type: end, outcome: reject } }\n',
    )
    expect(result.diagnostics.map((d) => `${d.severity} ${d.code}`)).toContain('warning RW012')
  })

  it('[RW020] names a number too large to hold instead of printing it as "number Infinity"', () => {
    const text = `strategy: s\nformat: 1\nstart: a\nnodes:\n  a: { type: split, branches: [{ weight: 1e400, next: b }] }\n  b: { type: end, outcome: abandon }\n`
    expect(report(safeParseStrategy(text))).toContain(
      '5:42: error RW020 "weight" should be a number, not a number too large to hold (Infinity). (at nodes.a.branches[0].weight)',
    )
  })

  it.each([
    ['9999999999999999999999999999h', '7:11'],
    ['1e300', '7:11'],
  ])(
    '[RW024] calls wait: %s too long to be a duration, instead of a value the formatter cannot write back',
    (wait, at) => {
      const text = `strategy: s\nformat: 1\nstart: a\nnodes:\n  a:\n    type: target\n    wait: ${wait}\n    targets: [{ group: g }]\n    next: { timeout: b, error: b }\n  b: { type: end, outcome: abandon }\n`
      const quoted = wait.endsWith('h') ? `the text "${wait}"` : 'number 1e+300'
      expect(report(safeParseStrategy(text))).toContain(
        `${at}: error RW024 "wait" is ${quoted}, too long to be a duration (over 285,000 years). Write a duration such as "30s", "1m30s", "2h" or "250ms". (at nodes.a.wait)`,
      )
      expect(parseDuration(wait.endsWith('h') ? wait : Number(wait))).toBeUndefined()
    },
  )

  it.each([
    ['a node id', (id: string) => `nodes:\n  ${id}: { type: end, outcome: abandon }\n`],
    ['a field name', (id: string) => `nodes:\n  a: { type: end, outcome: abandon, ${id}: 1 }\n`],
    ['a node type', (id: string) => `nodes:\n  a: { type: ${id} }\n`],
  ])('[RW022-RW025] quotes a 5,000-character %s in 40 characters, in the message and its path', (_, body) => {
    const id = `n${'x'.repeat(5000)}`
    const lines = report(safeParseStrategy(`strategy: s\nformat: 1\nstart: a\n${body(id)}`))
    expect(lines.length).toBeGreaterThan(0)
    for (const line of lines) expect(line.length).toBeLessThan(400)
    expect(lines.join('\n')).toContain(`"n${'x'.repeat(36)}..."`)
  })

  it('[RW021] reports a missing format as a missing field, not as "Nothing is not allowed"', () => {
    const text = 'strategy: s\nstart: a\nnodes:\n  a: { type: end, outcome: abandon }\n'
    expect(report(safeParseStrategy(text))).toEqual([
      '1:1: error RW021 The document is missing the required field "format" (1). (at format)',
    ])
  })

  it('does not confuse a quote in a plain scalar with the start of a string when measuring depth', () => {
    const text = `strategy: s\nformat: 1\ntitle: it's fine\ndescription: [a 'b, ${'['.repeat(200)}`
    expect(report(safeParseStrategy(text))[0]).toContain('RW004')
  })
})

describe('large but legal input stays linear', () => {
  it('[RW002] finds duplicate keys in a mapping of 10,000 keys', () => {
    const keys = Array.from({ length: 10_000 }, (_, i) => `  k${i}: 1`).join('\n')
    const result = safeParseStrategy(`strategy: s\nformat: 1\ndescription: x\nlayout:\n${keys}\n  k7: 2\n`)
    expect(result.diagnostics.map((d) => d.code)).toEqual(['RW002'])
    expect(result.diagnostics[0]?.range?.start.line).toBe(10_005)
  }, 60_000)
})
