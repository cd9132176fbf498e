import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import {
  type Diagnostic,
  DocumentParseError,
  documentKindOf,
  documentSuffixOf,
  formatDiagnostic,
  formatPath,
  jsonProblem,
  parseStrategy,
  safeParseDirectory,
  safeParseStrategy,
  safeParseTestDocument,
} from '../src/index.ts'

const valid = `# VIP routing
strategy: vip
format: 1
start: classify
nodes:
  classify:
    type: switch
    cases:
      - { when: 'data.tier == "gold"', next: vip }
    default: queue
  vip:
    type: target
    targets: [{ group: vip_team }]
    wait: 30s
    next: { timeout: queue }
  queue:
    type: end
    outcome: default-route
`

/** Diagnostics as the CLI prints them, for inline snapshots. */
function report(text: string, file = 'x.strategy.yaml'): string[] {
  return safeParseStrategy(text, { file }).diagnostics.map(formatDiagnostic)
}

function withNodes(nodes: string): string {
  return `strategy: s\nformat: 1\nstart: a\nnodes:\n${nodes}`
}

describe('safeParseStrategy', () => {
  it('[RW001] a key indented unlike its neighbours: one error, at the key, saying both indents', () => {
    const text =
      'strategy: x\nformat: 1\nstart: p\nnodes:\n  p:\n    type: queue-priority\n\n   set: 50\n    next: e\n  e: { type: end, outcome: reject }\n'
    expect(report(text)).toEqual([
      'x.strategy.yaml:8:4: error RW001 YAML syntax error: this key is indented 3 spaces, the line above 4 spaces. The keys of one mapping start in the same column: indent it like its neighbours.',
    ])
  })

  it('returns the typed document, a locator and no diagnostics for a valid file', () => {
    const result = safeParseStrategy(valid)
    expect(result.success).toBe(true)
    if (!result.success) return
    expect(result.diagnostics).toEqual([])
    expect(result.data.nodes.vip).toMatchObject({ type: 'target', wait: '30s' })
    expect(result.locator.rangeOf(['nodes', 'vip', 'wait'])?.start).toEqual({
      line: 14,
      column: 11,
      offset: 240,
    })
    expect(result.locator.keyRangeOf(['nodes', 'vip'])?.start).toMatchObject({ line: 11, column: 3 })
  })

  it('falls back to the nearest existing ancestor for a path that is not written', () => {
    const result = safeParseStrategy(valid)
    expect(result.locator?.rangeOf(['nodes', 'vip', 'treatments', 3])?.start).toMatchObject({
      line: 12,
      column: 5,
    })
  })

  it('accepts JSON text and UTF-8 bytes', () => {
    const json = JSON.stringify({
      strategy: 's',
      format: 1,
      start: 'a',
      nodes: { a: { type: 'end', outcome: 'reject' } },
    })
    expect(safeParseStrategy(json, { file: 's.strategy.json' }).success).toBe(true)
    expect(safeParseStrategy(new TextEncoder().encode(valid)).success).toBe(true)
  })

  it('[RW001] points a JSON syntax error at its line and column, though V8 gives no position', () => {
    // Node 20's JSON.parse says `Unexpected token 'g', ..."er": gold}" is not valid JSON`: no offset to report
    const text = '{\n  "strategy": "s",\n  "format": 1,\n  "start": gold\n}\n'
    expect(report(text, 's.strategy.json')).toEqual([
      's.strategy.json:4:12: error RW001 JSON syntax error: Unexpected character. Check for a missing comma, quote or bracket just before this point.',
    ])
  })

  it.each([
    ['{"a": tru}', 1, 7],
    ['{"a": [1, 2, }', 1, 14],
    ['{\n  "media": "voice",\n  "data": {"tier": gold}\n}', 3, 20],
    ["[1, 2, 'x']", 1, 8],
  ] as const)(
    'jsonProblem places %j (V8: "Unexpected token", no offset) at line %i, column %i',
    (text, line, column) => {
      let error: unknown
      try {
        JSON.parse(text)
      } catch (caught) {
        error = caught
      }
      expect(jsonProblem(text, error)).toMatch(new RegExp(`at line ${line}, column ${column}$`))
    },
  )

  it('[RW001] reports a YAML syntax error at its line and column', () => {
    expect(report('strategy: s\nformat: 1\nnodes: [a, b\nstart: x\n')).toMatchInlineSnapshot(`
      [
        "x.strategy.yaml:3:8: error RW001 YAML syntax error: this "[" is not closed before line 4. Add the "]" that ends it.",
      ]
    `)
  })

  it('[RW001] points an unclosed { at its own line, past quoted braces, once', () => {
    const text = withNodes(
      `  a:
    type: switch
    cases:
      - { label: x, when: 'data.x == "{"', next: b
    default: b
  b: { type: end, outcome: abandon }
`,
    )
    expect(report(text)).toEqual([
      'x.strategy.yaml:8:9: error RW001 YAML syntax error: this "{" is not closed before line 9. Add the "}" that ends it.',
    ])
  })

  it('[RW001] reports a JSON syntax error with JSON wording', () => {
    expect(
      report('{\n  "strategy": "s",\n  "format": 1\n  "start": "a"\n}', 's.strategy.json'),
    ).toMatchInlineSnapshot(`
      [
        "s.strategy.json:4:3: error RW001 JSON syntax error: Expected ',' or '}' after property value. Check for a missing comma, quote or bracket just before this point.",
      ]
    `)
  })

  it('[RW002] names the node of a duplicate key so the designer can badge it', () => {
    const [d] = safeParseStrategy(
      withNodes('  a: { type: end, outcome: reject }\n  a: { type: end, outcome: abandon }\n'),
    ).diagnostics
    expect(d).toMatchObject({ code: 'RW002', path: ['nodes', 'a'], node: 'a' })
  })

  it('[RW002] reports a duplicate key', () => {
    expect(
      report(withNodes('  a: { type: end, outcome: reject }\n  a: { type: end, outcome: abandon }\n')),
    ).toMatchInlineSnapshot(`
      [
        "x.strategy.yaml:6:3: error RW002 Duplicate key "a": a key may appear only once in a mapping. Remove or rename one of them. (at nodes.a)",
      ]
    `)
  })

  it('[RW020] [RW021] [RW022] reports wrong types, missing fields and unknown fields with a suggestion', () => {
    expect(
      report(
        withNodes(`  a:
    type: target
    targets: {group: x}
    nxt: { timeout: b }
  b: { type: wait }
`),
      ),
    ).toMatchInlineSnapshot(`
      [
        "x.strategy.yaml:7:14: error RW020 "targets" should be a list, not a mapping. (at nodes.a.targets)",
        "x.strategy.yaml:8:5: error RW022 Unknown field "nxt" in node "a". Did you mean "next"? (at nodes.a.nxt)",
        "x.strategy.yaml:9:6: error RW021 Node "b" is missing the required field "for" (a duration such as "30s"). (at nodes.b.for)",
      ]
    `)
  })

  it('[RW023] reports one diagnostic for an unknown node type, with a suggestion', () => {
    expect(
      report(withNodes('  a: { type: targt, targets: [{ group: x }] }\n  b: { outcome: reject }\n')),
    ).toMatchInlineSnapshot(`
      [
        "x.strategy.yaml:5:14: error RW023 Unknown node type "targt". Did you mean "target"? Node types: switch, assign, attach, schedule, split, target, queue-priority, treatment, wait, function, subroutine, route, end. (at nodes.a.type)",
        "x.strategy.yaml:6:3: error RW023 Node "b" has no "type". Give one of: switch, assign, attach, schedule, split, target, queue-priority, treatment, wait, function, subroutine, route, end. (at nodes.b)",
      ]
    `)
  })

  it('[RW024] [RW025] [RW026] reports invalid durations, ids and values', () => {
    expect(
      report(
        withNodes(`  a: { type: wait, for: 5 minutes, next: b }
  b: { type: end, outcome: abandn }
  bad id: { type: end, outcome: reject }
  c: { type: target, targets: [{ group: "sales team" }], pick: longest_idle }
`),
      ),
    ).toMatchInlineSnapshot(`
      [
        "x.strategy.yaml:5:25: error RW024 "for" is the text "5 minutes", not a duration. Write a duration such as "30s", "1m30s", "2h" or "250ms". (at nodes.a.for)",
        "x.strategy.yaml:6:28: error RW026 The text "abandn" is not allowed for "outcome". Did you mean "abandon"? (at nodes.b.outcome)",
        "x.strategy.yaml:7:3: error RW025 "bad id" is not a valid name here. Use letters, digits, "_" or "-", starting with a letter (at most 64). (at nodes["bad id"])",
        "x.strategy.yaml:8:41: error RW025 The text "sales team" is not a valid id. Use letters, digits, "_" or "-", starting with a letter (at most 64). (at nodes.c.targets[0].group)",
        "x.strategy.yaml:8:64: error RW026 The text "longest_idle" is not allowed for "pick". Did you mean "longest-idle"? (at nodes.c.pick)",
      ]
    `)
  })

  it('[RW025] shows invisible characters of a name refused as escapes, not raw', () => {
    const lines = report(
      withNodes(
        '  "e\\u200b": { type: end, outcome: reject }\n  "a\\u202eb": { type: end, outcome: reject }\n',
      ),
    )
    expect(lines.filter((line) => line.includes('RW025'))).toEqual([
      'x.strategy.yaml:5:3: error RW025 "e\\u200B" is not a valid name here. Use letters, digits, "_" or "-", starting with a letter (at most 64). (at nodes["e\\u200B"])',
      'x.strategy.yaml:6:3: error RW025 "a\\u202Eb" is not a valid name here. Use letters, digits, "_" or "-", starting with a letter (at most 64). (at nodes["a\\u202Eb"])',
    ])
    expect(lines.join('\n')).not.toMatch(/[\u200b\u202e]/u)
  })

  it('[RW022] [RW029] explains a target written in no known form', () => {
    expect(
      report(withNodes('  a: { type: target, targets: [{ grup: x }, { group: x, agent: y }] }\n')),
    ).toMatchInlineSnapshot(`
      [
        "x.strategy.yaml:5:34: error RW022 Unknown field "grup" in targets[0]. Did you mean "group"? (at nodes.a.targets[0].grup)",
        "x.strategy.yaml:5:45: error RW029 Write targets[1] as one of { agent }, { group }, { queue } or { skill }. (at nodes.a.targets[1])",
      ]
    `)
  })

  it('[RW027] [RW029] reports limits and refinements with the schema message', () => {
    expect(
      report(
        withNodes(
          '  a: { type: split, branches: [{ weight: 100 }] }\n  b: { type: treatment, play: x, music: y }\n',
        ),
      ),
    ).toMatchInlineSnapshot(`
      [
        "x.strategy.yaml:5:31: error RW027 "branches": A split needs at least two branches. (at nodes.a.branches)",
        "x.strategy.yaml:6:6: error RW029 Node "b": Give exactly one of play, music, silence, ringback, busy, collect. (at nodes.b)",
      ]
    `)
  })

  it('[RW027] says a too long text in words, with its length and what to do', () => {
    // zod's own words read 'Too big: expected string to have <=60 characters', shown as is in the designer's refusal
    expect(
      report(
        withNodes(
          `  a: { type: switch, cases: [{ label: ${'x'.repeat(61)}, when: 'true', next: b }], default: b }\n  b: { type: end, outcome: abandon, reason: '' }\n`,
        ),
      ),
    ).toMatchInlineSnapshot(`
      [
        "x.strategy.yaml:5:39: error RW027 "label" has 61 characters; it takes at most 60: shorten it. (at nodes.a.cases[0].label)",
      ]
    `)
  })

  it('collects every schema error, not only the first', () => {
    const nodes = Array.from({ length: 30 }, (_, i) => `  n${i}: { type: wait, for: never }\n`).join('')
    const result = safeParseStrategy(withNodes(nodes))
    expect(result.diagnostics.filter((d) => d.code === 'RW024')).toHaveLength(30)
  })

  it('sets the node a diagnostic is about, and the file', () => {
    const [d] = safeParseStrategy(withNodes('  a: { type: wait, for: x }\n'), {
      file: 'f.strategy.yaml',
    }).diagnostics
    expect(d).toMatchObject({ node: 'a', file: 'f.strategy.yaml', path: ['nodes', 'a', 'for'] })
  })
})

describe('positionInString', () => {
  function positionOf(text: string, path: (string | number)[], index: number) {
    const result = safeParseStrategy(text)
    expect(result.locator).toBeDefined()
    const position = result.locator!.positionInString(path, index)
    const lines = text.split('\n')
    return { ...position, char: position ? lines[position.line - 1]![position.column - 1] : undefined }
  }
  const doc = (value: string) =>
    withNodes(`  a:\n    type: switch\n    cases:\n      - when: ${value}\n    default: a\n`)
  const path = ['nodes', 'a', 'cases', 0, 'when']

  it.each([
    ['plain', 'data.x == 1 && waited > 5', 12, '&'],
    ['single quoted', "'data.x == ''gold'' && waited > 5'", 20, 'w'],
    ['double quoted with escapes', '"data.x == \\"gold\\" && waited > 5"', 20, 'w'],
    ['double quoted unicode escape', '"\\u00e9x == 1 && yz"', 11, 'y'],
  ])('maps an index inside a %s scalar to its column', (_name, value, index, char) => {
    expect(positionOf(doc(value), path, index).char).toBe(char)
  })

  it('maps inside a literal block scalar', () => {
    const text = doc('|\n          data.x == 1 &&\n          waited > 5')
    expect(positionOf(text, path, 15)).toMatchObject({ line: 10, column: 11, char: 'w' })
  })

  it('maps inside a folded block scalar and a multi-line plain scalar', () => {
    expect(positionOf(doc('>\n          data.x == 1 &&\n          waited > 5'), path, 15).char).toBe('w')
    expect(positionOf(doc('data.x == 1 &&\n          waited > 5'), path, 15)).toMatchObject({
      line: 9,
      char: 'w',
    })
  })

  it('is undefined for a path that is not a string', () => {
    expect(safeParseStrategy(valid).locator?.positionInString(['nodes', 'vip'], 0)).toBeUndefined()
  })
})

describe('other documents', () => {
  it('parses a directory and a test document through the same machinery', () => {
    expect(safeParseDirectory('directory: prod\nformat: 1\ngroups: { sales: {} }\n').success).toBe(true)
    const tests = safeParseTestDocument(
      'tests: vip\nformat: 1\nscenarios:\n  - name: gold\n    expect: { outcom: routed }\n',
    )
    expect(tests.diagnostics.map(formatDiagnostic)).toMatchInlineSnapshot(`
      [
        "5:15: error RW022 Unknown field "outcom" in "expect". Did you mean "outcome"? (at scenarios[0].expect.outcom)",
      ]
    `)
  })

  it('[RW401] says when a file holds another kind of document', () => {
    expect(
      safeParseDirectory(valid, { file: 'x.directory.yaml' }).diagnostics.map(formatDiagnostic),
    ).toMatchInlineSnapshot(`
      [
        "x.directory.yaml:2:1: error RW401 This is a strategy document (it has "strategy:"), but a directory document was expected. Name strategy files *.strategy.yaml. (at strategy)",
      ]
    `)
  })
})

describe('parseStrategy', () => {
  it('throws a DocumentParseError carrying every diagnostic', () => {
    let error: unknown
    try {
      parseStrategy(withNodes('  a: { type: wait, for: x }\n  b: { type: wait, for: y }\n'), {
        file: 'f.strategy.yaml',
      })
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(DocumentParseError)
    expect((error as DocumentParseError).diagnostics).toHaveLength(2)
    expect((error as Error).message).toMatchInlineSnapshot(`
      "The document is not valid:
      f.strategy.yaml:5:25: error RW024 "for" is the text "x", not a duration. Write a duration such as "30s", "1m30s", "2h" or "250ms". (at nodes.a.for)
      f.strategy.yaml:6:25: error RW024 "for" is the text "y", not a duration. Write a duration such as "30s", "1m30s", "2h" or "250ms". (at nodes.b.for)"
    `)
  })
})

describe('reporting helpers', () => {
  it('formats paths from the outside in', () => {
    expect(formatPath(['nodes', 'vip', 'targets', 0])).toBe('nodes.vip.targets[0]')
    expect(formatPath(['data', 'customer tier'])).toBe('data["customer tier"]')
    expect(formatPath([])).toBe('')
  })

  it('formats a diagnostic as file:line:col: severity code message (at path)', () => {
    const d: Diagnostic = {
      code: 'RW101',
      severity: 'error',
      message: 'Node "vip" routes to "overflw", which does not exist.',
      path: ['nodes', 'vip', 'next', 'timeout'],
      file: 'examples/vip.strategy.yaml',
      range: { start: { line: 12, column: 7, offset: 0 }, end: { line: 12, column: 14, offset: 7 } },
    }
    expect(formatDiagnostic(d)).toBe(
      'examples/vip.strategy.yaml:12:7: error RW101 Node "vip" routes to "overflw", which does not exist. (at nodes.vip.next.timeout)',
    )
  })

  it.each([
    ['examples/vip.strategy.yaml', 'strategy'],
    ['a.strategy.yml', 'strategy'],
    ['a.strategy.json', 'strategy'],
    ['prod.directory.yaml', 'directory'],
    ['vip.test.json', 'test'],
    ['notes.yaml', undefined],
    ['strategy.yaml', undefined],
  ])('documentKindOf(%s) is %s', (file, kind) => {
    expect(documentKindOf(file)).toBe(kind)
  })

  it.each([
    ['sales/vip.strategy.yaml', '.strategy.yaml'],
    ['env/Prod.Directory.YML', '.Directory.YML'],
    ['vip.test.json', '.test.json'],
    ['.strategy.yaml', ''],
    ['notes.yaml', ''],
  ])('documentSuffixOf(%s) is %j, by the same rule as documentKindOf', (file, suffix) => {
    expect(documentSuffixOf(file)).toBe(suffix)
  })
})

describe('SPEC.md', () => {
  it('its Documents example parses as a strategy', () => {
    const spec = readFileSync(new URL('../SPEC.md', import.meta.url), 'utf8')
    const section = spec.slice(spec.indexOf('## Documents'), spec.indexOf('## Node kinds'))
    const example = /```yaml\n([\s\S]*?)```/.exec(section)?.[1]
    expect(example).toBeDefined()
    const result = safeParseStrategy(example!)
    expect(result.diagnostics).toEqual([])
    expect(result.success).toBe(true)
  })
})
