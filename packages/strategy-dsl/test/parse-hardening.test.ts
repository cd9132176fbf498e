import { describe, expect, it } from 'vitest'
import { formatStrategyText, lineTextAt, MAX_DEPTH, safeParseStrategy } from '../src/index.ts'

const head = 'strategy: s\nformat: 1\n'
const codes = (text: string | Uint8Array) => safeParseStrategy(text).diagnostics.map((d) => d.code)

describe('[RW004] the depth scan tokenizes like YAML', () => {
  it.each([
    [
      'a quote inside a plain flow scalar',
      `${head}x: [a-'b, ${'['.repeat(10_000)}${']'.repeat(10_000)}, c'd]\n`,
    ],
    ['a quote after a word in block context', `${head}title: it's\nx: [${'['.repeat(10_000)}\n`],
    ['a doubled single quote', `${head}x: ['it''s', ${'['.repeat(10_000)}\n`],
    ['a quote right after a dash', `${head}x: [-'a, ${'{'.repeat(10_000)}\n`],
  ])('refuses deep nesting hidden behind %s, without overflowing the stack', (_name, text) => {
    expect(codes(text)).toEqual(['RW004'])
  })

  it.each([
    [
      'a literal block scalar',
      `${head}description: |\n  ${'['.repeat(200)}\n  more ${'{'.repeat(200)}\nstart: a\n`,
    ],
    ['a folded block scalar in a list', `${head}tags:\n  - >-\n    ${'['.repeat(200)}\n`],
    ['a quoted string', `${head}description: "${'['.repeat(200)}"\n`],
    ['a JSON string value', `{"strategy":"s","format":1,"description":"${'['.repeat(200)}"}`],
    ['a comment', `${head}# ${'['.repeat(200)}\n`],
  ])('does not count brackets inside %s', (_name, text) => {
    expect(codes(text)).not.toContain('RW004')
  })

  it('still accepts nesting right up to the limit', () => {
    const depth = MAX_DEPTH - 2
    expect(codes(`${head}description: ${'['.repeat(depth)}${']'.repeat(depth)}\n`)).not.toContain('RW004')
  })
})

describe('[RW006] points at every kind of invalid UTF-8', () => {
  const bytesOf = (prefix: string, bad: number[], suffix = '\n') =>
    new Uint8Array([...new TextEncoder().encode(prefix), ...bad, ...new TextEncoder().encode(suffix)])
  // "é" is two bytes but one column: columns count characters, as editors do
  const prefix = `${head}title: é-`
  it.each([
    ['a UTF-16 surrogate (CESU-8)', [0xed, 0xa0, 0x80], /surrogate/],
    ['an overlong slash (C0 AF)', [0xc0, 0xaf], /overlong/],
    ['an overlong three-byte form (E0 80 AF)', [0xe0, 0x80, 0xaf], /overlong/],
    ['an overlong four-byte form (F0 80 80 AF)', [0xf0, 0x80, 0x80, 0xaf], /overlong/],
    ['a code point above U+10FFFF (F4 90 80 80)', [0xf4, 0x90, 0x80, 0x80], /above U\+10FFFF/],
    ['a lead byte above F4', [0xf5, 0x80, 0x80, 0x80], /above U\+10FFFF/],
    ['a stray continuation byte', [0x80], /continuation/],
    ['a truncated sequence', [0xe2, 0x82], /incomplete/],
  ])('%s', (_name, bad, what) => {
    const result = safeParseStrategy(bytesOf(prefix, bad))
    const first = result.diagnostics[0]!
    expect(first.code).toBe('RW006')
    expect(first.message).toMatch(what)
    expect(first.range?.start).toMatchObject({ line: 3, column: 10 })
  })

  it('points at the first invalid sequence and counts the rest', () => {
    const bytes = bytesOf(`${head}a: x`, [0xff], '\nb: yy ')
    const withSecond = new Uint8Array([...bytes, 0xc0, 0x80, 0x0a])
    const found = safeParseStrategy(withSecond).diagnostics
    expect(found.map((d) => [d.code, d.range?.start.line, d.range?.start.column])).toEqual([['RW006', 3, 5]])
    expect(found[0]?.message).toMatch(/1 more invalid sequence follows\.$/)
  })
})

describe('CR-only line endings', () => {
  const lf = `${head}start: a\nnodes:\n  a: { type: end, outcome: bogus }\n`
  const cr = lf.replace(/\n/g, '\r')

  it('validate reports the same findings at the same lines as with LF', () => {
    const strip = (text: string) =>
      safeParseStrategy(text).diagnostics.map((d) => [d.code, d.range?.start.line, d.range?.start.column])
    expect(strip(cr)).toEqual(strip(lf))
    expect(strip(cr)[0]).toEqual(['RW026', 5, 28])
  })

  it('fmt formats a CR-only file to the same canonical text as its LF twin', () => {
    const ok = `${head}start: a\nnodes:\n  a: { type: end, outcome: reject }\n`
    expect(formatStrategyText(ok.replace(/\n/g, '\r'))).toBe(formatStrategyText(ok))
  })

  it('the line index reads LF, CRLF and lone CR alike', () => {
    expect([1, 2, 3, 4].map((n) => lineTextAt('a\rb\r\nc\nd', n))).toEqual(['a', 'b', 'c', 'd'])
    // its index is kept for the last text only: another text, then the first again, read their own lines
    expect([1, 2, 3].map((n) => lineTextAt('x\ny\n', n))).toEqual(['x', 'y', ''])
    expect([4, 5].map((n) => lineTextAt('a\rb\r\nc\nd', n))).toEqual(['d', undefined])
    expect(lineTextAt('', 1)).toBe('')
  })
})
