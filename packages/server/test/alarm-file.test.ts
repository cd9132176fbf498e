// The alarms file is checked like the other workspace files: every problem with its code, path and line:column.

import { execFileSync, spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseAlarms, unroutedAlarmRules } from '@routewright/server'
import { formatDiagnostic } from '@routewright/strategy-dsl'
import { loadWorkspace } from '@routewright/strategy-runtime/node'
import { describe, expect, it } from 'vitest'
import { loadAlarms } from '../src/alarms/alarm-file.ts'

const known = { groups: new Set(['support']), queues: new Set(['billing']) }
const lines = (text: string) =>
  parseAlarms(text, 'alarms.yaml', known).diagnostics.map((d) => formatDiagnostic(d))

describe('alarms.yaml', () => {
  it('reads rules with durations in milliseconds and defaults', () => {
    const { document, diagnostics } = parseAlarms(
      `alarms: center
format: 1
rules:
  sl: { figure: service-level, queue: queue:billing, below: 0.8, for: 1m30s, window: 30m }
  stale: { figure: provider-stale, provider: redis, above: 30 }
`,
      'alarms.yaml',
      known,
    )
    expect(diagnostics).toEqual([])
    expect(document?.rules.sl).toEqual({
      figure: 'service-level',
      queue: 'queue:billing',
      below: 0.8,
      for: 90_000,
      window: 1_800_000,
      severity: 'warning',
    })
    expect(document?.rules.stale?.provider).toBe('redis')
  })

  it('reports YAML syntax at its line and column (RW480)', () => {
    expect(lines('alarms: center\nformat: 1\nrules:\n  a: { figure: waiting\n')).toEqual([
      'alarms.yaml:4:6: error RW480 YAML syntax error: this "{" is not closed before line 5. Add the "}" that ends it.',
    ])
  })

  it('reports shape problems where they are written (RW481)', () => {
    expect(
      lines(`alarms: center
format: 1
rules:
  a:
    figure: waiting
    queue: group:support
    above: 3
    below: 1
  b:
    figure: oldest-waiting
    queue: "*"
    above: 60
    for: soon
    colour: red
  c: { figure: provider-stale, queue: group:support, above: 1 }
`),
    ).toEqual([
      'alarms.yaml:5:5: error RW481 Rule "a": give exactly one of "above" or "below". (at rules.a)',
      'alarms.yaml:13:10: error RW481 "for": "soon" is not a duration: write 90s, 15m, 1h30m or a number of seconds. (at rules.b.for)',
      'alarms.yaml:14:5: error RW481 Unknown field "colour" in rule "b". Allowed fields: figure, queue, provider, above, below, clear, for, clearAfter, window, minOffered, minEntered, severity, message, per. (at rules.b.colour)',
      'alarms.yaml:15:6: error RW481 Rule "c": "provider-stale" is about a statistics provider: add provider: <name> (or "*"). (at rules.c)',
      'alarms.yaml:15:39: error RW481 "queue": "provider-stale" takes "provider", not "queue". (at rules.c.queue)',
    ])
  })

  it('[RW481] checks an overflow-rate rule: a ratio, counted in entered (minEntered), not offered', () => {
    expect(
      lines(`alarms: center
format: 1
rules:
  a: { figure: overflow-rate, queue: group:support, above: 30, minEntered: 20 }
  b: { figure: overflow-rate, queue: "*", above: 0.3, minOffered: 20 }
  c: { figure: abandon-rate, queue: "*", above: 0.1, minEntered: 5 }
  d: { figure: overflow-rate, queue: "*", above: 0.3, minEntered: 0 }
`),
    ).toEqual([
      'alarms.yaml:4:60: error RW481 "above": "overflow-rate" is a ratio from 0 to 1 (0.8 is 80%). (at rules.a.above)',
      'alarms.yaml:5:67: error RW481 "minOffered": "overflow-rate" counts the interactions that entered the queue: write minEntered. (at rules.b.minOffered)',
      'alarms.yaml:6:66: error RW481 "minEntered": "minEntered" is for overflow-rate; "abandon-rate" counts offered interactions: write minOffered. (at rules.c.minEntered)',
      'alarms.yaml:7:67: error RW481 "minEntered": Too small: expected number to be >=1. (at rules.d.minEntered)',
    ])
    const { document } = parseAlarms(
      'alarms: x\nformat: 1\nrules:\n  o: { figure: overflow-rate, queue: "*", above: 0.3 }\n',
      'alarms.yaml',
      known,
    )
    expect(document?.rules.o).toEqual({
      figure: 'overflow-rate',
      queue: '*',
      above: 0.3,
      severity: 'warning',
    })
  })

  it('[RW481] takes per: rule on a "*" rule only, where there are subjects to fold into one alarm', () => {
    expect(
      lines(`alarms: center
format: 1
rules:
  a: { figure: oldest-waiting, queue: group:support, above: 120, per: rule }
  b: { figure: oldest-waiting, queue: "*", above: 120, per: queue }
`),
    ).toEqual([
      'alarms.yaml:4:71: error RW481 "per": "per: rule" folds the subjects of a "*" rule into one alarm: write queue: "*" (or provider: "*"). (at rules.a.per)',
      'alarms.yaml:5:61: error RW481 The text "queue" is not allowed for "per". Use "subject" or "rule". (at rules.b.per)',
    ])
    const { document } = parseAlarms(
      'alarms: x\nformat: 1\nrules:\n  o: { figure: oldest-waiting, queue: "*", above: 120, per: rule }\n',
      'alarms.yaml',
      known,
    )
    expect(document?.rules.o).toMatchObject({ queue: '*', per: 'rule' })
  })

  it('names targets the directory lacks (RW482)', () => {
    expect(
      lines('alarms: x\nformat: 1\nrules:\n  a: { figure: waiting, queue: support, above: 1 }\n'),
    ).toEqual([
      'alarms.yaml:4:32: error RW482 "support" names no target: write group:<id>, queue:<id>, skill:<name> or agent:<id> as the strategies do (at rules.a.queue)',
    ])
  })

  it('[RW481] quotes a 3,000-character rule name in 40 characters, in the message and its path', () => {
    const name = `r${'g'.repeat(3000)}`
    const found = lines(
      `alarms: x\nformat: 1\nrules:\n  ${name}: { figure: waiting, queue: "*", above: 1, nope: 2 }\n`,
    )
    expect(found.length).toBeGreaterThan(0)
    for (const line of found) expect(line.length).toBeLessThan(400)
    expect(found.join('\n')).toContain(`"r${'g'.repeat(36)}..."`)
  })

  it('suggests the group or queue meant (RW482)', () => {
    expect(
      lines('alarms: x\nformat: 1\nrules:\n  a: { figure: waiting, queue: group:suport, above: 1 }\n'),
    ).toEqual([
      'alarms.yaml:4:32: error RW482 The directory has no group "suport". Did you mean "support"? (at rules.a.queue)',
    ])
  })

  it.each([
    [
      'a format this version does not read',
      'format: 1',
      'format: 2',
      /^alarms\.yaml:2:9: error RW481 This file uses format 2; .*write "format: 1"/,
    ],
    [
      'a threshold of the wrong type',
      'above: 1',
      'above: lots',
      /:4:\d+: error RW481 "above" should be a number, not the text "lots"/,
    ],
    [
      'a misspelt field',
      'above: 1',
      'above: 1, windw: 5m',
      /:4:\d+: error RW481 Unknown field "windw" in rule "a"\. Did you mean "window"\?/,
    ],
    [
      'an unknown figure',
      'figure: waiting',
      'figure: wait',
      /:4:\d+: error RW481 The text "wait" is not allowed for "figure"\. Did you mean "waiting"\?/,
    ],
    [
      'a window that is not a duration',
      'above: 1',
      'above: 1, window: soon',
      /:4:\d+: error RW481 "window": "soon" is not a duration: write 90s/,
    ],
    [
      'a window of ten years (its interactions are kept in memory)',
      'above: 1',
      'above: 1, window: 87600h',
      /:4:\d+: error RW481 "window": a window is more than 0 and at most 24h .*run routewright report/,
    ],
    [
      'a window of nothing',
      'above: 1',
      'above: 1, window: 0s',
      /:4:\d+: error RW481 "window": a window is more than 0 and at most 24h/,
    ],
    [
      "a monitor's window of ten years",
      'format: 1\n',
      'format: 1\nmonitor: { window: 87600h }\n',
      /:3:\d+: error RW481 "window": a window is more than 0 and at most 24h .*\(at monitor\.window\)/,
    ],
  ])('says what to write for %s (RW481)', (_, from, to, expected) => {
    const text = 'alarms: x\nformat: 1\nrules:\n  a: { figure: waiting, queue: "*", above: 1 }\n'.replace(
      from,
      to,
    )
    expect(lines(text)).toEqual([expect.stringMatching(expected)])
  })
})

describe('what one file may ask of the evaluation', () => {
  const rulesText = (count: number, windows: number) =>
    `alarms: x\nformat: 1\nrules:\n${Array.from(
      { length: count },
      (_, i) => `  r${i}: { figure: service-level, queue: "*", below: 0.5, window: ${1 + (i % windows)}m }`,
    ).join('\n')}\n`

  it('refuses more than 1,000 rules, saying why (each is evaluated every evaluateEvery)', () => {
    expect(lines(rulesText(1000, 1))).toEqual([])
    expect(lines(rulesText(1001, 1))).toEqual([
      expect.stringMatching(
        /:4:3: error RW481 "rules": 1001 rules is more than 1000: every one is evaluated/,
      ),
    ])
  })

  it('refuses more than 8 different windows (each past the kept sliding sums is summed again every time)', () => {
    expect(lines(rulesText(8, 8))).toEqual([])
    expect(lines(rulesText(9, 9))).toEqual([
      expect.stringMatching(
        /:4:3: error RW481 "rules": 9 different windows is more than 8: .*same few windows/,
      ),
    ])
  })

  it("counts windows as durations: the monitor's written or left out is one, a figure of now none", () => {
    const rules = [
      ...Array.from(
        { length: 7 },
        (_, i) => `  r${i}: { figure: asa, queue: "*", above: 30, window: ${i + 1}m }`,
      ),
      '  spelled: { figure: service-level, queue: "*", below: 0.5, window: 10m }',
      '  unsaid: { figure: abandon-rate, queue: "*", above: 0.2 }',
      '  stale: { figure: provider-stale, provider: redis, above: 30, window: 20m }',
      '  waiting: { figure: waiting, queue: "*", above: 10 }',
    ]
    const text = `alarms: x\nformat: 1\nmonitor: { window: 10m }\nrules:\n${rules.join('\n')}\n`
    expect(lines(text)).toEqual([])
    const nine = text.replace('above: 0.2 }', 'above: 0.2, window: 11m }')
    expect(lines(nine)).toEqual([expect.stringMatching(/RW481 "rules": 9 different windows is more than 8/)])
  })
})

describe('an alarms.yaml that is not a file', () => {
  it('refuses a named pipe without waiting for a writer (serve hung at start, silent)', async () => {
    const root = mkdtempSync(join(tmpdir(), 'rw-alarms-fifo-'))
    const fifo = join(root, 'alarms.yaml')
    execFileSync('mkfifo', [fifo])
    // a writer waiting for a reader: a read of the pipe gets its text and ends instead of hanging the test
    const writer = spawn('sh', ['-c', 'printf "alarms: x\\n" > "$0"', fifo], { stdio: 'ignore' })
    try {
      const load = loadAlarms(root)
      expect(load.ok).toBe(false)
      const messages = load.ok ? [] : load.diagnostics.map((d) => `${d.code} ${d.message}`)
      expect(messages).toEqual([
        'RW480 It is a named pipe (FIFO), not a file: make alarms.yaml a regular file, or remove it',
      ])
    } finally {
      writer.kill()
      rmSync(root, { recursive: true, force: true })
    }
  })

  it('refuses a file over the 10 MB document limit before reading it (a 600 MB one was read whole)', () => {
    const root = mkdtempSync(join(tmpdir(), 'rw-alarms-huge-'))
    try {
      const file = join(root, 'alarms.yaml')
      // sparse: no disk used; read whole it is past the longest string, so a read shows as "Cannot read"
      writeFileSync(file, '')
      truncateSync(file, 600 * 1024 * 1024)
      const load = loadAlarms(root)
      expect(load.ok ? [] : load.diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual([
        'RW480 The file is 600 MB, over the 10 MB limit. Check that it is the alarms file you meant.',
      ])
    } finally {
      rmSync(root, { recursive: true, force: true })
    }
  })

  it('refuses a folder, naming it', () => {
    const root = mkdtempSync(join(tmpdir(), 'rw-alarms-dir-'))
    try {
      mkdirSync(join(root, 'alarms.yaml'))
      const load = loadAlarms(root)
      expect(load.ok ? [] : load.diagnostics.map((d) => d.message)).toEqual([
        'It is a folder, not a file: make alarms.yaml a regular file, or remove it',
      ])
    } finally {
      rmSync(root, { recursive: true, force: true })
    }
  })
})

describe("the examples' alarms.yaml", () => {
  it('watches only targets that a strategy of the examples routes to (the monitor counts no other)', async () => {
    const examples = fileURLToPath(new URL('../../../examples/', import.meta.url))
    const workspace = await loadWorkspace(examples)
    const { document } = parseAlarms(readFileSync(join(examples, 'alarms.yaml'), 'utf8'), 'alarms.yaml')
    expect(Object.values(document?.rules ?? {}).some((r) => r.queue?.startsWith('group:'))).toBe(true)
    expect(unroutedAlarmRules(document, workspace.strategies, workspace.directory)).toEqual([])
  })
})
