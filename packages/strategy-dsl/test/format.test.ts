import { readdirSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import {
  DocumentParseError,
  documentKindOf,
  formatDirectoryText,
  formatStrategyText,
  formatTestText,
  parseDirectory,
  parseDuration,
  parseStrategy,
  parseTestDocument,
  type StrategyDocument,
  stringifyStrategy,
  updateStrategyText,
} from '../src/index.ts'

const examplesDir = new URL('../../../examples/', import.meta.url)
const examples = readdirSync(examplesDir)
  .filter((name) => documentKindOf(name) !== undefined)
  .map((name) => ({ name, text: readFileSync(new URL(name, examplesDir), 'utf8') }))

const byKind = {
  strategy: { format: formatStrategyText, parse: parseStrategy },
  directory: { format: formatDirectoryText, parse: parseDirectory },
  test: { format: formatTestText, parse: parseTestDocument },
} as const

const messy = `# Header comment: what this strategy does
nodes:
  # the entry point
  first:
    next: done   # trailing comment
    for: 90s
    type: wait
  done:
    reason: finished
    outcome: default-route
    type: end
  pick:
    next: { error: done, timeout: done }
    wait: 90
    escalate: [{ add: [{ group: b }], after: 1m30s }]
    targets:
      - group: a
    type: target
layout:
  first: [0, 0]
  done:
    - 240
    - 0
start: first
format: 1
strategy: messy
`

describe('formatStrategyText', () => {
  it('writes canonical key order, normalised durations and short collections on one line', () => {
    expect(formatStrategyText(messy)).toMatchInlineSnapshot(`
      "# Header comment: what this strategy does

      strategy: messy
      format: 1

      start: first
      nodes:
        # the entry point
        first:
          type: wait
          for: 1m30s
          next: done # trailing comment

        done:
          type: end
          outcome: default-route
          reason: finished

        pick:
          type: target
          targets: [{ group: a }]
          wait: 1m30s
          escalate:
            - after: 1m30s
              add: [{ group: b }]
          next: { timeout: done, error: done }

      layout:
        first: [0, 0]
        done: [240, 0]
      "
    `)
  })

  it('keeps a byte order mark when the designer saves a canvas edit: its save goes through updateStrategyText', () => {
    const before = `\ufeff${formatStrategyText(messy)}`
    const doc = parseStrategy(before)
    const edited = updateStrategyText(before, { ...doc, description: 'after the edit' })
    expect(edited.startsWith('\ufeff')).toBe(true)
    expect(edited).toContain('after the edit')
    expect(parseStrategy(edited).description).toBe('after the edit')
  })

  it('is idempotent: formatting canonical text gives the same bytes', () => {
    const once = formatStrategyText(messy)
    expect(formatStrategyText(once)).toBe(once)
  })

  it('keeps CRLF line ends and a byte order mark: the same canonical layout with the file line ends', () => {
    const lf = formatStrategyText(messy)
    const crlf = formatStrategyText(`\ufeff${messy.replace(/\n/g, '\r\n')}`)
    expect(crlf).toBe(`\ufeff${lf.replace(/\n/g, '\r\n')}`)
    expect(formatStrategyText(crlf)).toBe(crlf)
    expect(formatDirectoryText(formatDirectoryText('directory: d\r\nformat: 1\r\n'))).toBe(
      'directory: d\r\nformat: 1\r\n',
    )
    // a file of LF lines stays LF, whatever its first line holds
    expect(formatStrategyText(messy)).not.toContain('\r')
  })

  it('keeps nodes in document order', () => {
    const text = formatStrategyText(messy)
    expect(Object.keys(parseStrategy(text).nodes)).toEqual(['first', 'done', 'pick'])
  })

  it('changes nothing but durations in the parsed document', () => {
    const before = parseStrategy(messy)
    const after = parseStrategy(formatStrategyText(messy))
    expect(after).toEqual({
      ...before,
      nodes: {
        ...before.nodes,
        first: { ...before.nodes.first, for: '1m30s' },
        pick: { ...before.nodes.pick, wait: '1m30s', escalate: [{ add: [{ group: 'b' }], after: '1m30s' }] },
      },
    })
  })

  it('keeps long or commented collections in block style and multi-line text as blocks', () => {
    const text = `strategy: s
format: 1
start: a
nodes:
  a:
    type: attach
    set:
      ScreenPop: '"crm://accounts/" + data.account + "/history/full?expand=true"'
    remove: [
      old, # no longer used
      stale]
    notes: |
      First line.
      Second line.
    next: b
  b: { type: end, outcome: reject }
`
    expect(formatStrategyText(text)).toMatchInlineSnapshot(`
      "strategy: s
      format: 1

      start: a
      nodes:
        a:
          type: attach
          notes: |
            First line.
            Second line.
          set:
            ScreenPop: '"crm://accounts/" + data.account + "/history/full?expand=true"'
          remove:
            - old # no longer used
            - stale
          next: b

        b:
          type: end
          outcome: reject
      "
    `)
  })

  it('throws a DocumentParseError for a document that does not parse', () => {
    expect(() => formatStrategyText('strategy: s\nformat: 1\n')).toThrow(DocumentParseError)
    expect(() => formatStrategyText('strategy: [')).toThrow(DocumentParseError)
  })

  it.each(examples)('formats examples/$name idempotently without changing its meaning', ({ name, text }) => {
    const kind = byKind[documentKindOf(name)!]
    const formatted = kind.format(text)
    expect(kind.format(formatted)).toBe(formatted)
    if (documentKindOf(name) === 'strategy')
      expect(updateStrategyText(formatted, parseStrategy(formatted))).toBe(formatted)
    expect(normaliseDurations(kind.parse(formatted))).toEqual(normaliseDurations(kind.parse(text)))
    // every comment line of the source survives
    const comments = text.split('\n').filter((line) => line.trim().startsWith('#'))
    for (const comment of comments) expect(formatted).toContain(comment.trim())
  })
})

describe('a comment after `key:` on its line', () => {
  const text =
    'strategy: s\nformat: 1\nstart: a\nnodes:   # the graph\n  a:  # ends\n    type: end\n    outcome: default-route\n'
  const kept = 'nodes: # the graph\n  a: # ends\n    type: end\n'

  it('stays on its line when formatted (routewright fmt, the editor), and formatting again changes nothing', () => {
    const formatted = formatStrategyText(text)
    expect(formatted).toContain(kept)
    expect(formatStrategyText(formatted)).toBe(formatted)
  })

  it('stays on its line when the designer saves an edit (updateStrategyText)', () => {
    const edited = updateStrategyText(text, { ...parseStrategy(text), description: 'edited' })
    expect(edited).toContain(kept)
  })

  it('stays on the key of a short list the layout would write in flow style; formatting again changes nothing', () => {
    const list =
      'strategy: s\nformat: 1\nstart: a\nnodes:\n  a:\n    type: target\n    targets:   # who\n      - group: g\n    next: { timeout: b, error: b }\n  b: { type: end, outcome: default-route }\n'
    const formatted = formatStrategyText(list)
    expect(formatted).toContain('    targets: # who\n      - { group: g }\n')
    expect(formatStrategyText(formatted)).toBe(formatted)
  })
})

describe('updateStrategyText', () => {
  const previous = `# Routing for the help line
strategy: help
format: 1
start: greet

nodes:
  # say hello first
  greet:
    type: treatment
    play: prompts/hello # the recorded greeting
    next: { done: agents }

  # the support team
  agents:
    type: target
    targets: [{ group: support }]
    wait: 30s
    next: { timeout: bye }

  bye: { type: end, outcome: default-route }
`

  it('is byte-identical when nothing changed', () => {
    const canonical = formatStrategyText(previous)
    expect(updateStrategyText(canonical, parseStrategy(canonical))).toBe(canonical)
  })

  it('keeps the comments of untouched nodes while applying edits', () => {
    const doc = parseStrategy(previous)
    const next: StrategyDocument = {
      ...doc,
      nodes: {
        greet: doc.nodes.greet!,
        agents: {
          ...(doc.nodes.agents as Extract<StrategyDocument['nodes'][string], { type: 'target' }>),
          wait: '45s',
        },
        voicemail: { type: 'route', destination: 'voicemail' },
      },
      layout: { greet: [0, 0], agents: [200, 0], voicemail: [400, 0] },
    }
    const text = updateStrategyText(previous, next)
    expect(text).toMatchInlineSnapshot(`
      "# Routing for the help line

      strategy: help
      format: 1

      start: greet

      nodes:
        # say hello first
        greet:
          type: treatment
          play: prompts/hello # the recorded greeting
          next: { done: agents }

        # the support team
        agents:
          type: target
          targets: [{ group: support }]
          wait: 45s
          next: { timeout: bye }

        voicemail:
          type: route
          destination: voicemail

      layout:
        greet: [0, 0]
        agents: [200, 0]
        voicemail: [400, 0]
      "
    `)
    expect(parseStrategy(text)).toEqual(next)
  })

  it('starts from a fresh document when the previous text does not parse', () => {
    const doc = parseStrategy(previous)
    const text = updateStrategyText('strategy: [broken', doc)
    expect(parseStrategy(text)).toEqual(doc)
    expect(text).toBe(stringifyStrategy(doc))
  })

  it('writes a document built in code canonically', () => {
    const text = stringifyStrategy({
      strategy: 'built',
      format: 1,
      start: 'a',
      nodes: { a: { type: 'wait', for: 90, next: 'b' }, b: { type: 'end', outcome: 'abandon' } },
      layout: { a: [0, 0], b: [0, 120] },
    })
    expect(text).toMatchInlineSnapshot(`
      "strategy: built
      format: 1

      start: a
      nodes:
        a:
          type: wait
          for: 1m30s
          next: b

        b:
          type: end
          outcome: abandon

      layout:
        a: [0, 0]
        b: [0, 120]
      "
    `)
    expect(formatStrategyText(text)).toBe(text)
  })
})

/** Durations compared by value: `90s`, `1m30s` and `90` are the same. */
function normaliseDurations(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value), (key, v) => {
    if (DURATION_KEYS.has(key) && (typeof v === 'string' || typeof v === 'number'))
      return parseDuration(v) ?? v
    return v
  })
}
const DURATION_KEYS = new Set([
  'for',
  'wait',
  'after',
  'timeout',
  'silence',
  'ringback',
  'duration',
  'since',
  'at',
])

describe('stringifyStrategy and control characters', () => {
  // found by the round-trip property: yaml writes DEL raw, which YAML forbids and the reader refuses (RW007)
  it('writes DEL escaped so the text parses back to the same strings', () => {
    const doc = {
      strategy: 'a',
      format: 1,
      start: 'note',
      nodes: { note: { type: 'end', outcome: 'return', notes: 'before\u007fafter', title: '\u007f' } },
    } as unknown as StrategyDocument
    const text = stringifyStrategy(doc)
    expect(text).not.toContain('\u007f')
    expect(text).toContain('"before\\x7Fafter"')
    expect(parseStrategy(text)).toEqual(doc)
  })
})

describe('formatStrategyText and invisible characters', () => {
  it('keeps bidi controls and zero-width characters escaped in a double-quoted text', () => {
    const text =
      'strategy: a\nformat: 1\ntitle: "\\u202e rtl \\u200b zw \\u2066iso\\u2069 \\ufeff \\U000e0041"\nstart: done\nnodes:\n  done: { type: end, outcome: reject }\n'
    const formatted = formatStrategyText(text)
    expect(formatted).toContain('title: "\\u202e rtl \\u200b zw \\u2066iso\\u2069 \\ufeff \\U000e0041"\n')
    expect(formatted).not.toMatch(/[\u202e\u200b\u2066\u2069\ufeff]/u)
    expect(parseStrategy(formatted).title).toBe(parseStrategy(text).title)
  })

  it('keeps a joiner inside an emoji sequence as it is, and escapes one between ASCII letters', () => {
    const text =
      'strategy: a\nformat: 1\ntitle: "family 👨‍👩‍👧 ad\\u200dmin"\nstart: done\nnodes:\n  done: { type: end, outcome: reject }\n'
    expect(formatStrategyText(text)).toContain('title: "family 👨‍👩‍👧 ad\\u200dmin"\n')
  })
})
