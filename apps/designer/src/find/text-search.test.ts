import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  applyEdits,
  editedRanges,
  expandReplacement,
  MAX_MATCHES,
  matchLine,
  planReplacements,
  type SearchOptions,
  searchTexts,
} from './text-search.ts'

function make(overrides: Partial<SearchOptions> = {}): SearchOptions {
  return { query: 'tier', matchCase: false, wholeWord: false, regex: false, ...overrides }
}

function found(text: string, options: Partial<SearchOptions>) {
  const result = searchTexts([{ path: 'a.strategy.yaml', text }], make(options))
  if (!result.ok) throw new Error(result.problem)
  return result.matches.map((m) => `${m.line}:${m.column} ${text.slice(m.start, m.end)}`)
}

describe('searchTexts', () => {
  it.each([
    ['literal, any case', { query: 'tier' }, ['1:1 tier', '2:7 Tier', '2:12 tier']],
    ['match case', { query: 'tier', matchCase: true }, ['1:1 tier', '2:12 tier']],
    ['whole word', { query: 'tier', wholeWord: true }, ['1:1 tier', '2:7 Tier']],
    ['regex with a group', { query: 't(ie)r', regex: true, matchCase: true }, ['1:1 tier', '2:12 tier']],
    ['regex metacharacters taken literally', { query: 't.er' }, []],
    ['whole word beside a non-word character', { query: '.x', wholeWord: true }, ['3:2 .x']],
  ])('%s', (_, options, expected) => {
    expect(found('tier: 1\nsome: Tier tiered\na.x b.xy', options)).toEqual(expected)
  })

  it('places a match as the Problems panel places a finding: a lone CR ends a line, a byte order mark is no column', () => {
    expect(found('a: 1\rtier: 2\r\ntier: 3', { query: 'tier' })).toEqual(['2:1 tier', '3:1 tier'])
    expect(found('\ufefftier: 1\ntier: 2', { query: 'tier' })).toEqual(['1:1 tier', '2:1 tier'])
  })

  it('skips empty matches instead of looping on them', () => {
    expect(found('bab', { query: 'a*', regex: true })).toEqual(['1:2 a'])
  })

  it('says what RE2 refuses, with its reason', () => {
    const result = searchTexts([{ path: 'a', text: 'aa' }], make({ query: '(a', regex: true }))
    expect(result.ok ? '' : result.problem).toMatch(/not valid RE2 syntax \(missing closing \)/)
    const back = searchTexts([{ path: 'a', text: 'aa' }], make({ query: '(a)\\1', regex: true }))
    expect(back.ok ? '' : back.problem).toMatch(/backreference/)
  })

  it('refuses a pattern longer than the cap', () => {
    const result = searchTexts([{ path: 'a', text: 'aa' }], make({ query: 'a'.repeat(1001) }))
    expect(result).toEqual({
      ok: false,
      problem: 'The search is 1001 characters long (at most 1000); search for a shorter part.',
    })
  })

  it(`stops at ${MAX_MATCHES} matches and says there are more`, () => {
    const texts = [
      { path: 'a', text: 'x '.repeat(600) },
      { path: 'b', text: 'x '.repeat(600) },
    ]
    const result = searchTexts(texts, make({ query: 'x' }))
    expect(result.ok && [result.matches.length, result.truncated]).toEqual([MAX_MATCHES, true])
    const exact = searchTexts([{ path: 'a', text: 'x'.repeat(MAX_MATCHES) }], make({ query: 'x' }))
    expect(exact.ok && [exact.matches.length, exact.truncated]).toEqual([MAX_MATCHES, false])
  })

  it('answers a catastrophic-backtracking pattern on a long line in linear time', () => {
    const text = `${'a'.repeat(100_000)}b`
    const result = searchTexts([{ path: 'a', text }], make({ query: '(a+)+$', regex: true }))
    expect(result.ok && result.matches.length).toBe(0)
  })
})

describe('replacement', () => {
  it('expands $n, $& and $$', () => {
    expect(expandReplacement('<$2|$1|$&|$$|$3|$12>', 'ab', ['a', 'b'])).toBe('<b|a|ab|$|$3|a2>')
  })

  it('replaces at the match ranges and keeps everything else (comments, layout)', () => {
    const text = '# tier comment\nvalues: { tier: crm_tier }  # keep\n'
    const result = searchTexts([{ path: 'a', text }], make({ query: '(\\w*)tier', regex: true }))
    if (!result.ok) throw new Error(result.problem)
    const edits = planReplacements(text, result.matches, '$1segment', true)
    expect(applyEdits(text, edits)).toBe('# segment comment\nvalues: { segment: crm_segment }  # keep\n')
  })

  it('shows the line a match is on with the match marked, clipped around it', () => {
    expect(matchLine('a\r\n  xx tier yy\r\nb', { start: 8, end: 12, line: 2, column: 6 })).toEqual({
      before: 'xx ',
      match: 'tier',
      after: ' yy',
    })
    const long = `${'a'.repeat(500)}tier${'b'.repeat(500)}`
    expect(matchLine(long, { start: 500, end: 504, line: 1, column: 501 }, 3)).toEqual({
      before: '…aaa',
      match: 'tie…',
      after: 'bbb…',
    })
    expect(matchLine(long, { start: 500, end: 504, line: 1, column: 501 }, 5)).toEqual({
      before: '…aaaaa',
      match: 'tier',
      after: 'bbbbb…',
    })
  })
})

describe('matchLine', () => {
  function shown(text: string, query: string) {
    const result = searchTexts([{ path: 'a', text }], make({ query, regex: true }))
    if (!result.ok) throw new Error(result.problem)
    return result.matches.map((m) => {
      const { before, match, after } = matchLine(text, m)
      return `${m.line}:${m.column} ${before}[${match}]${after}`
    })
  }

  it('shows the line the match is placed on: a lone CR, CRLF and LF each end a line, a byte order mark is no text', () => {
    expect(shown('a: 1\rsome: tier x\rb: tier', 'tier')).toEqual(['2:7 some: [tier] x', '3:4 b: [tier]'])
    expect(shown('a: 1\r\ntier: 2\rc\ntier', 'tier')).toEqual(['2:1 [tier]: 2', '4:1 [tier]'])
    expect(shown('\ufefftier: 1\rtier: 2', 'tier')).toEqual(['1:1 [tier]: 1', '2:1 [tier]: 2'])
  })

  it('cuts a match that crosses a lone CR at the end of its first line', () => {
    expect(shown('x: ti\rer y', 'ti\\rer')).toEqual(['1:4 x: [ti]'])
  })
})

describe('replacement properties', () => {
  const word = fc.stringMatching(/^[a-c]{1,3}$/)
  const text = fc
    .array(fc.oneof(word, fc.constantFrom(' ', '\n', '.', '$')), { maxLength: 40 })
    .map((parts) => parts.join(''))

  it('property: searching for the replacement finds it exactly at the planned ranges', () => {
    fc.assert(
      fc.property(text, word, fc.stringMatching(/^[x-z]{1,3}$/), (input, query, replacement) => {
        const result = searchTexts([{ path: 'a', text: input }], make({ query, matchCase: true }))
        if (!result.ok) throw new Error(result.problem)
        const edits = planReplacements(input, result.matches, replacement, false)
        const edited = applyEdits(input, edits)
        const again = searchTexts(
          [{ path: 'a', text: edited }],
          make({ query: replacement, matchCase: true }),
        )
        if (!again.ok) throw new Error(again.problem)
        expect(again.matches.map((m) => [m.start, m.end])).toEqual(
          editedRanges(edits).map((r) => [r.start, r.end]),
        )
      }),
    )
  })

  it('property: regex replacements with groups never overlap and land where planned', () => {
    fc.assert(
      fc.property(text, word, fc.stringMatching(/^[x-z$1&]{0,5}$/), (input, query, replacement) => {
        const options = make({ query: `(${query})`, regex: true, matchCase: true })
        const result = searchTexts([{ path: 'a', text: input }], options)
        if (!result.ok) throw new Error(result.problem)
        const edits = planReplacements(input, result.matches, replacement, true)
        for (let i = 1; i < edits.length; i++)
          expect(edits[i]!.start).toBeGreaterThanOrEqual(edits[i - 1]!.end)
        const edited = applyEdits(input, edits)
        editedRanges(edits).forEach((range, i) => {
          expect(edited.slice(range.start, range.end)).toBe(edits[i]!.text)
        })
      }),
    )
  })
})
