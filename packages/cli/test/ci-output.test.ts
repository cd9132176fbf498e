import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { supportStrategy } from '@routewright/node-support/testing'
import { describe, expect, it } from 'vitest'
import { runCli } from '../src/index.ts'
import { directory, routewright, strategy, workspace } from './helpers.ts'
import { routewrightInProcess } from './in-process.ts'

const broken = strategy('b').replace('timeout: done', 'timeout: dnoe')
const testFile = (expectOutcome: string) => `tests: help-desk
format: 1
directory: env.directory.yaml
scenarios:
  - name: ann answers
    interaction: { media: voice }
    agents: { ann: ready }
    expect: { outcome: ${expectOutcome} }
  - name: nobody <ready> & "waiting"
    interaction: { media: voice }
    expect: { outcome: routed }
`

// the binary is spawned where the process is the point (stdin, colour and progress on a pipe); the reports' own
// content runs in this process, through the built bundle's runCli
describe('output tools read', () => {
  it('every validate format carries a hostile file name (controls, %, comma, colon, line feed, #, ?, unicode) safely', async () => {
    const name = 'we%ird,na:me\u001b[31m\n\u00e9#1?.strategy.yaml'
    const cwd = workspace({
      [name]: 'strategy: x\nformat: 1\nstart: a\nnodes:\n  a: { type: end, outcome: abandn }\n',
    })
    const run = (format: string) => routewrightInProcess(['validate', '--format', format], cwd)
    const [pretty, github, sarif, json] = await Promise.all(['pretty', 'github', 'sarif', 'json'].map(run))
    // one line per finding, controls shown as pictures, the message's unicode kept
    const shown = 'we%ird,na:me\u241b[31m\u240a\u00e9#1?.strategy.yaml'
    expect(pretty?.stdout.split('\n').slice(0, 2)).toEqual([
      shown,
      `${shown}:5:28  error  RW026  The text "abandn" is not allowed for "outcome". Did you mean "abandon"? (at nodes.a.outcome)`,
    ])
    expect(github?.stdout.split('\n')[0]).toBe(
      '::error file=we%25ird%2Cna%3Ame\u241b[31m%0A\u00e9#1?.strategy.yaml,line=5,col=28,endLine=5,endColumn=34,title=RW026::RW026 The text "abandn" is not allowed for "outcome". Did you mean "abandon"? (at nodes.a.outcome)',
    )
    const uri = JSON.parse(sarif?.stdout ?? '').runs[0].results[0].locations[0].physicalLocation
      .artifactLocation.uri
    expect(uri).toBe('we%25ird,na:me%1B%5B31m%0A%C3%A9%231%3F.strategy.yaml')
    expect(decodeURIComponent(uri)).toBe(name)
    expect(JSON.parse(json?.stdout ?? '').files[0].file).toBe(name)
  })

  it('validate --format sarif and pretty give the fix in a file that starts with a byte order mark', async () => {
    const cwd = workspace({
      'b.strategy.yaml':
        '\ufeffstrategy: x\nformat: 1\nstart: a\nnodes:\n  a: { type: end, outcome: abandn }\n',
    })
    const [sarif, pretty] = await Promise.all([
      routewrightInProcess(['validate', '--format', 'sarif'], cwd),
      routewrightInProcess(['validate'], cwd),
    ])
    const [fix] = JSON.parse(sarif.stdout).runs[0].results[0].fixes
    expect(fix.artifactChanges[0].replacements).toEqual([
      {
        deletedRegion: { startLine: 5, startColumn: 28, endLine: 5, endColumn: 34 },
        insertedContent: { text: 'abandon' },
      },
    ])
    expect(pretty.stdout).toContain('\n      = fix: Change "abandn" to "abandon"\n')
  })

  it('validate --format sarif: one result per diagnostic, with rule, level, region and the fix of a misspelt name', async () => {
    const cwd = workspace({ 'b.strategy.yaml': broken })
    const result = await routewrightInProcess(['validate', '--format', 'sarif'], cwd)
    expect(result.code).toBe(1)
    const sarif = JSON.parse(result.stdout)
    expect(sarif.version).toBe('2.1.0')
    expect(sarif.runs[0].tool.driver).toMatchObject({ name: 'routewright', rules: [{ id: 'RW102' }] })
    expect(sarif.runs[0].results).toEqual([
      {
        ruleId: 'RW102',
        level: 'error',
        message: {
          text: expect.stringMatching(/"dnoe".*Did you mean "done"\? \(at nodes\.queue\.next\.timeout\)$/),
        },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri: 'b.strategy.yaml', uriBaseId: '%SRCROOT%' },
              region: { startLine: 9, startColumn: 22, endLine: 9, endColumn: 26 },
            },
          },
        ],
        fixes: [
          {
            description: { text: 'Change "dnoe" to "done"' },
            artifactChanges: [
              {
                artifactLocation: { uri: 'b.strategy.yaml', uriBaseId: '%SRCROOT%' },
                replacements: [
                  {
                    deletedRegion: { startLine: 9, startColumn: 22, endLine: 9, endColumn: 26 },
                    insertedContent: { text: 'done' },
                  },
                ],
              },
            ],
          },
        ],
      },
    ])
  })

  it('test --format junit and json report each scenario; XML special characters are escaped', async () => {
    const cwd = workspace({
      'help.strategy.yaml': strategy('help-desk'),
      'env.directory.yaml': directory,
      'help.test.yaml': testFile('routed'),
    })
    const junit = await routewrightInProcess(['test', '--format', 'junit'], cwd)
    expect(junit.code).toBe(1)
    expect(junit.stdout).toMatch(
      /^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="routewright" tests="2" failures="1" errors="0">/,
    )
    expect(junit.stdout).toContain(
      '<testcase classname="help-desk" name="ann answers" file="help.test.yaml"/>',
    )
    expect(junit.stdout).toContain('name="nobody &lt;ready&gt; &amp; &quot;waiting&quot;"')
    expect(junit.stdout).toMatch(/<failure message="[^"]+" type="expectation">/)
    // C1 (CSI) and bidi controls XML may hold raw: written as references, so a terminal or CI log gets none
    const hostile = testFile('routed').replace('name: ann answers', 'name: "ann\\u009b2J\\u202eevil"')
    const shown = await routewrightInProcess(
      ['test', '--format', 'junit'],
      workspace({
        'help.strategy.yaml': strategy('help-desk'),
        'env.directory.yaml': directory,
        'help.test.yaml': hostile,
      }),
    )
    expect(shown.stdout).toContain('name="ann&#x9B;2J&#x202E;evil"')
    for (const control of ['\u009b', '\u202e']) expect(shown.stdout).not.toContain(control)
    const json = JSON.parse((await routewrightInProcess(['test', '--format', 'json'], cwd)).stdout)
    expect(json.summary).toEqual({ passed: 1, failed: 1, broken: 0 })
    expect(json.files[0].scenarios.map((s: { name: string; passed: boolean }) => [s.name, s.passed])).toEqual(
      [
        ['ann answers', true],
        ['nobody <ready> & "waiting"', false],
      ],
    )
  })

  it('test --format junit: a scenario named with zero-width, bidi and joiner characters is valid XML, each escaped', async () => {
    // a zero-width space, a right-to-left override, a joiner between ASCII letters (hidden) and one inside an emoji
    const named = testFile('routed').replace(
      'name: ann answers',
      'name: "ann\\u200b an\\u200dswers \\u202e \\U0001F469\\u200d\\U0001F4BB"',
    )
    const junit = await routewrightInProcess(
      ['test', '--format', 'junit'],
      workspace({
        'help.strategy.yaml': strategy('help-desk'),
        'env.directory.yaml': directory,
        'help.test.yaml': named,
      }),
    )
    const xml = junit.stdout
    // XML 1.0 characters only (tab, line feed, carriage return, U+0020-U+D7FF, U+E000-U+FFFD, beyond U+FFFF) ...
    expect(xml).toMatch(/^[\t\n\r\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]*$/u)
    // ... every & an entity or a character reference, every element closed
    expect(xml.replace(/&(?:amp|lt|gt|quot|apos|#x[0-9A-F]+);/g, '')).not.toContain('&')
    const opened = [...xml.matchAll(/<(\w+)[^>]*?(\/?)>/g)].filter((m) => m[2] !== '/').map((m) => m[1])
    const closed = [...xml.matchAll(/<\/(\w+)>/g)].map((m) => m[1])
    expect(closed.sort()).toEqual(opened.sort())
    // the hidden ones as references (the name an XML reader gets is the test file's), the emoji's joiner kept
    expect(xml).toContain('name="ann&#x200B; an&#x200D;swers &#x202E; \u{1f469}\u200d\u{1f4bb}"')
  })

  it('fmt --diff prints a unified diff and writes nothing', async () => {
    const untidy = 'strategy: s\nformat: 1\nnodes:\n  a: { outcome: reject, type: end }\nstart: a\n'
    const cwd = workspace({ 's.strategy.yaml': untidy })
    const result = await routewrightInProcess(['fmt', '--diff', '.'], cwd)
    expect(result.code).toBe(1)
    expect(result.stdout).toMatch(/^--- a\/s\.strategy\.yaml\n\+\+\+ b\/s\.strategy\.yaml\n@@ /)
    expect(result.stdout).toContain('\n-  a: { outcome: reject, type: end }\n')
    expect(result.stdout).toContain('\n+    outcome: reject\n')
    expect(readFileSync(path.join(cwd, 's.strategy.yaml'), 'utf8')).toBe(untidy)
  })

  it('- reads standard input named by --stdin-filename, for validate and fmt', async () => {
    const cwd = workspace({ 'env.directory.yaml': directory, 'flows/b.strategy.yaml': strategy('b') })
    const validate = await routewright(
      ['validate', '-', '--stdin-filename', 'flows/b.strategy.yaml', '--format', 'json'],
      cwd,
      broken,
    )
    const files = JSON.parse(validate.stdout).files
    // the buffer is checked as the file it names, against the directory above that file (listed, not counted)
    expect(files.map((f: { file: string }) => f.file)).toEqual([
      'env.directory.yaml',
      'flows/b.strategy.yaml',
    ])
    expect(JSON.parse(validate.stdout).summary.checked).toBe(1)
    expect(files[1].diagnostics.map((d: { code: string }) => d.code)).toEqual(['RW102'])
    const untidy = 'strategy: s\nformat: 1\nnodes:\n  a: { outcome: reject, type: end }\nstart: a\n'
    const fmt = await routewright(['fmt', '-', '--stdin-filename', 's.strategy.yaml'], cwd, untidy)
    expect(fmt.code).toBe(0)
    expect(fmt.stdout).toMatch(/^strategy: s\nformat: 1\n\nstart: a\n/)
    const missing = await routewright(['validate', '-'], cwd, broken)
    expect(missing.code).toBe(2)
    expect(missing.stderr).toMatch(/needs --stdin-filename/)
  })

  it('colour follows --color/--no-color, then NO_COLOR and FORCE_COLOR', async () => {
    const cwd = workspace({ 'b.strategy.yaml': broken })
    const ansi = new RegExp(`${String.fromCharCode(27)}\\[`)
    const run = (args: string[], env: Record<string, string>) => {
      const out: string[] = []
      return runCli(['validate', ...args], {
        cwd,
        out: (t) => out.push(t),
        err: () => {},
        color: false,
        env,
      }).then(() => out.join(''))
    }
    expect(await run(['--color'], {})).toMatch(ansi)
    expect(await run(['--no-color'], { FORCE_COLOR: '1' })).not.toMatch(ansi)
    const forced = await routewright(['validate'], cwd)
    expect(forced.stdout).not.toMatch(ansi) // NO_COLOR=1 in the helper, stdout is a pipe
  })

  it('help links to the documentation, not to a path in the repository', async () => {
    const main = await routewrightInProcess(['--help'], workspace())
    const link = /File format, node kinds and diagnostic codes: (file:\S+SPEC\.md)/
    const found = link.exec(main.stdout)?.[1]
    expect(found).toBeDefined()
    // the link is to the installed package's copy, and it exists
    expect(existsSync(fileURLToPath(found as string))).toBe(true)
    const fmt = await routewrightInProcess(['fmt', '--help'], workspace())
    expect(fmt.stdout).toMatch(link)
  })
})

describe('routewright simulate', () => {
  const pool = supportStrategy('pool', { wait: '1h' })

  it('prints the simulated figures beside Erlang C and Erlang A, and writes a self-contained HTML report', async () => {
    const cwd = workspace({ 'pool.strategy.yaml': pool, 'env.directory.yaml': directory })
    const args = [
      'simulate',
      'pool.strategy.yaml',
      '--arrivals',
      '20/h',
      '--aht',
      '180',
      '--patience',
      '2m',
      '--hours',
      '4',
      '--seed',
      '7',
    ]
    const result = await routewright([...args, '--html', 'report.html'], cwd)
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(
      /^pool: 20\/h, AHT 180 s, patience 120 s, 2 agents, 4 h \(seed 7\)\n\n\s+simulated\s+Erlang C\s+Erlang A\n/,
    )
    expect(result.stdout).toMatch(/offered load \(Erlangs\)\s+[\d.]+\s+1\.00\s+1\.00/)
    expect(result.stderr).not.toMatch(/simulating \[/) // stderr is not a terminal: no progress bar
    expect(result.stdout).toMatch(/\ncalls per agent: (\d+ to )?\d+ .*2 of 2 agents took calls\n/)
    expect(result.stdout).not.toMatch(/took no call/)
    const html = readFileSync(path.join(cwd, 'report.html'), 'utf8')
    expect(html).toMatch(/^<!doctype html>/)
    expect(html.match(/<svg /g)).toHaveLength(3)
    expect(html).toMatch(
      /<h2>Calls per agent<\/h2>[\s\S]*<tr><th>ann<\/th><td>\d+<\/td>[\s\S]*<tr><th>bob<\/th>/,
    )
    expect(html).not.toMatch(/<script|src=|href=/)
    const again = JSON.parse((await routewrightInProcess([...args, '--format', 'json'], cwd)).stdout)
    const twice = JSON.parse((await routewrightInProcess([...args, '--format', 'json'], cwd)).stdout)
    expect(again.simulated).toEqual(twice.simulated) // same seed, same figures
    expect(again.comparison.map((r: { name: string }) => r.name)).toContain('abandon rate')
  })

  it('says when the strategy routed to fewer agents than the Erlang columns pool', async () => {
    const floor = `${directory}  cy: { groups: [sales], capacity: { voice: 1 } }\n`.replace(
      'groups:\n',
      'groups:\n  sales: { title: Sales }\n',
    )
    const cwd = workspace({ 'pool.strategy.yaml': pool, 'env.directory.yaml': floor })
    const args = ['simulate', 'pool.strategy.yaml', '--arrivals', '20/h', '--aht', '180', '--hours', '2']
    const result = await routewright(args, cwd)
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(/, 3 agents, 2 h /)
    expect(result.stdout).toMatch(/2 of 3 agents took calls\n/)
    expect(result.stdout).toContain(
      '1 of the 3 agents took no call: the Erlang columns pool all 3, while this strategy routed to 2 of them\n',
    )
    const json = JSON.parse((await routewrightInProcess([...args, '--format', 'json'], cwd)).stdout)
    expect(json.simulated.byAgent.cy).toEqual({ answered: 0, handleSeconds: 0 })
    // staffed with the two support agents only, or one: every agent logged in takes calls
    const two = await routewrightInProcess([...args, '--logged-in', 'ann,bob'], cwd)
    expect(two.stdout).toMatch(/, 2 agents, 2 h /)
    expect(two.stdout).toMatch(/2 of 2 agents took calls\n/)
    const one = await routewrightInProcess([...args, '--logged-in', '1'], cwd)
    expect(one.stdout).toMatch(/, 1 agent, 2 h /)
    const typo = await routewrightInProcess([...args, '--logged-in', 'ann,bbo'], cwd)
    expect(typo.code).toBe(2)
    expect(typo.stderr).toMatch(
      /^error: --logged-in: the directory has no agent "bbo"\. Did you mean "bob"\?\nfix: Change "bbo" to "bob"\n/,
    )
    const many = await routewrightInProcess([...args, '--logged-in', '4'], cwd)
    expect(many.stderr).toMatch(
      /^error: --logged-in 4: the directory has 3 agents\nhint: Give a number from 1 to 3/,
    )
  })

  it('gives every call the fields, host function answers and start time asked for', async () => {
    const floor = `${directory.replace('groups:\n', 'groups:\n  vip: { title: VIP }\n')}  cy: { groups: [vip], capacity: { voice: 1 } }
calendars:
  office: { timezone: Europe/Paris, hours: { mon-fri: "09:00-17:00" } }
functions:
  lookupTier: { args: [], returns: string, timeout: 2s }
`
    const desk = `strategy: desk
format: 1
variables:
  tier: { type: string, default: unknown }
start: hours
nodes:
  hours:
    type: schedule
    calendar: office
    next: { open: lookup, closed: closed, holiday: closed }
  lookup:
    type: function
    call: lookupTier
    args: []
    into: tier
    next: { done: by_number, error: support, timeout: support }
  by_number:
    type: switch
    cases: [{ when: 'dnis == "100" && tier == "gold"', next: vip }]
    default: support
  vip: { type: target, targets: [{ group: vip }], wait: 1h, next: { timeout: closed } }
  support: { type: target, targets: [{ group: support }], wait: 1h, next: { timeout: closed } }
  closed: { type: end, outcome: reject }
`
    const cwd = workspace({ 'desk.strategy.yaml': desk, 'env.directory.yaml': floor })
    const simulateWith = (...more: string[]) =>
      routewrightInProcess(
        ['simulate', 'desk.strategy.yaml', '--arrivals', '20/h', '--aht', '180', '--hours', '4', ...more],
        cwd,
      )
    const open = ['--start', '2026-03-02T10:00:00+01:00']
    const gold = ['--functions', '{"lookupTier":{"returns":"gold","after":"2s"}}']
    const vip = await simulateWith(...open, '--interaction', '{"dnis":"100"}', ...gold)
    expect(vip.code).toBe(0)
    expect(vip.stdout).toMatch(/, 4 h from 2026-03-02T10:00:00\+01:00 \(seed 1\)\n/)
    expect(vip.stdout).toMatch(/calls per agent: \d+, 1 of 3 agents took calls\n/)
    // another number, or a CRM that fails: the support agents take the calls
    const other = await simulateWith(...open, '--interaction', '{"dnis":"200"}', ...gold)
    expect(other.stdout).toMatch(/2 of 3 agents took calls\n/)
    const down = await simulateWith(
      ...open,
      '--interaction',
      '{"dnis":"100"}',
      '--functions',
      '{"lookupTier":{"throws":"CRM down"}}',
    )
    expect(down.stdout).toMatch(/2 of 3 agents took calls\n/)
    // Monday 00:00 UTC, the default start, is outside the office hours of the first 4 h: nobody answers
    const night = await simulateWith('--interaction', '{"dnis":"100"}', ...gold, '--format', 'json')
    const figures = JSON.parse(night.stdout)
    expect(figures.simulated.answered).toBe(0)
    expect(figures.simulated.other).toBe(figures.simulated.offered)
    expect(figures.input.interaction).toEqual({ dnis: '100' })
    const wrong = await simulateWith('--interaction', '{"dnis":100}')
    expect(wrong.code).toBe(2)
    expect(wrong.stderr).toMatch(
      /^error: --interaction at dnis: .*\nhint: An interaction has media, ani, dnis/,
    )
    const late = await simulateWith('--start', 'Monday')
    expect(late.code).toBe(2)
    expect(late.stderr).toBe(
      'error: --start "Monday" is not an ISO time\nhint: Try --start 2026-03-02T10:00:00+01:00\n',
    )
  })

  it('draws a progress bar when stderr is a terminal', async () => {
    const cwd = workspace({ 'pool.strategy.yaml': pool, 'env.directory.yaml': directory })
    const err: string[] = []
    const code = await runCli(
      ['simulate', 'pool.strategy.yaml', '--arrivals', '20/h', '--aht', '180', '--hours', '2'],
      {
        cwd,
        out: () => {},
        err: (t) => err.push(t),
        color: false,
        errIsTTY: true,
      },
    )
    expect(code).toBe(0)
    expect(err.join('')).toMatch(/\rsimulating \[█{30}\] 100%/)
  })

  it('follows a forecast profile over the day (--profile), arrivals only where it has them', async () => {
    // the day's start is 00:00: traffic only from 08:00 to 12:00 at 40/h, measured from 01:00 for 23 h
    const forecast = Array.from({ length: 24 }, (_, hour) => (hour >= 8 && hour < 12 ? 40 : 0))
    const cwd = workspace({
      'pool.strategy.yaml': pool,
      'env.directory.yaml': directory,
      'forecast.txt': `${forecast.join('\n')}\n`,
    })
    const args = ['simulate', 'pool.strategy.yaml', '--aht', '180', '--hours', '23', '--format', 'json']
    const json = JSON.parse((await routewrightInProcess([...args, '--profile', '@forecast.txt'], cwd)).stdout)
    // 4 h at 40/h: about 160 calls (Poisson: 160 +- 4 sd), none from the other 19 h
    expect(json.simulated.offered).toBeGreaterThan(110)
    expect(json.simulated.offered).toBeLessThan(210)
    expect(json.input.arrivalsPerHour).toBeCloseTo(160 / 23, 6) // Erlang's one rate: the measured hours' mean
    expect(json.input.arrivalProfile).toEqual({ intervalMinutes: 60, arrivalsPerHour: forecast })
    const constant = JSON.parse((await routewrightInProcess([...args, '--arrivals', '40/h'], cwd)).stdout)
    expect(constant.simulated.offered).toBeGreaterThan(800) // the same rate all day: the profile was followed
    // the rates inline, half-hourly: 48 of them
    const halves = forecast.flatMap((rate) => [rate, rate]).join(',')
    // without --hours a profile's whole day is measured: the warm-up hour and the 23 after it
    const table = await routewrightInProcess(
      ['simulate', 'pool.strategy.yaml', '--aht', '180', '--profile', halves],
      cwd,
    )
    expect(table.code).toBe(0)
    // 2 agents at 40/h x 3 min = 2 Erlangs in the peak: no steady state there, and Erlang C says so
    expect(table.stdout).toMatch(/average speed of answer\s+[\d.]+ s\s+∞\n/)
    expect(table.stdout).toContain("In some of the profile's intervals the load is at or above")
    expect(table.stdout).toMatch(
      /^pool: a 30-minute profile \(peak 40\/h, mean 7\/h measured; Erlang interval by interval\), AHT 180 s, 2 agents, 23 h /,
    )
    const mistakes: Array<[string[], RegExp]> = [
      [['--profile', '1 2 x'], /^error: --profile: Rate 3 \("x"\) is not a number >= 0\.\nhint: /],
      [
        ['--profile', '@forecast.txt', '--profile-interval', '15m'],
        /The profile needs 96 rates, one per 15 minutes of the day from its start; it has 24\./,
      ],
      [
        ['--profile', '@forecast.txt', '--arrivals', '4/h'],
        /^error: Give --arrivals or --profile, not both\n/,
      ],
      [['--arrivals', '4/h', '--profile-interval', '1h'], /^error: --profile-interval goes with --profile/],
      [[], /^error: --arrivals or --profile is required\n/],
    ]
    for (const [more, message] of mistakes) {
      const wrong = await routewrightInProcess(
        ['simulate', 'pool.strategy.yaml', '--aht', '180', ...more],
        cwd,
      )
      expect(wrong.code).toBe(2)
      expect(wrong.stderr).toMatch(message)
    }
  })

  it('explains bad rates and durations as usage errors', async () => {
    const cwd = workspace({ 'pool.strategy.yaml': pool, 'env.directory.yaml': directory })
    const bad = await routewrightInProcess(
      ['simulate', 'pool.strategy.yaml', '--arrivals', 'lots', '--aht', '180'],
      cwd,
    )
    expect(bad.code).toBe(2)
    expect(bad.stderr).toMatch(/--arrivals "lots" is not a rate\nhint: Try --arrivals 120\/h/)
  })

  it('says what unit it read a bare --arrivals number in (per hour, as documented)', async () => {
    // --arrivals 20 was taken as 20/h without a word: 20 meant per minute was a quiet 60-fold miss
    const cwd = workspace({ 'pool.strategy.yaml': pool, 'env.directory.yaml': directory })
    const args = ['simulate', 'pool.strategy.yaml', '--aht', '180', '--hours', '1', '--format', 'json']
    const bare = await routewrightInProcess([...args, '--arrivals', '20'], cwd)
    expect(bare.code).toBe(0)
    expect(bare.stderr).toBe(
      'note: --arrivals 20 read as 20/h (arrivals per hour); write 2/min or 0.5/s for another unit\n',
    )
    expect(JSON.parse(bare.stdout).input.arrivalsPerHour).toBe(20)
    const named = await routewrightInProcess([...args, '--arrivals', '20/h'], cwd)
    expect([named.code, named.stderr]).toEqual([0, ''])
  })

  it('says how to give a negative-looking value, instead of parseArgs\' "argument is ambiguous"', async () => {
    const cwd = workspace({ 'pool.strategy.yaml': pool, 'env.directory.yaml': directory })
    const args = ['simulate', 'pool.strategy.yaml', '--arrivals', '20/h', '--aht', '180']
    const dashed = await routewrightInProcess([...args, '--hours', '-1'], cwd)
    expect(dashed.code).toBe(2)
    expect(dashed.stderr).toBe(
      'error: --hours needs a value, and the argument after it starts with "-" (routewright simulate)\n' +
        'hint: Give the value, or join one that starts with "-" to the flag: --hours=-1\n',
    )
    // the user's value is echoed, whatever it is
    const arrivals = await routewrightInProcess(
      ['simulate', 'pool.strategy.yaml', '--aht', '180', '--arrivals', '-5/h'],
      cwd,
    )
    expect(arrivals.stderr.split('\n')[1]).toBe(
      'hint: Give the value, or join one that starts with "-" to the flag: --arrivals=-5/h',
    )
    const flag = await routewrightInProcess(
      ['simulate', 'pool.strategy.yaml', '--arrivals', '--aht', '180'],
      cwd,
    )
    expect(flag.stderr.split('\n')[1]).toBe('hint: Give --arrivals its value (--aht is a flag of its own)')
    const joined = await routewrightInProcess([...args, '--hours=-1'], cwd)
    expect(joined.code).toBe(2)
    expect(joined.stderr).toMatch(/^error: --hours must be a number > 0 \(got "-1"\)/)
  })

  it('refuses a run over the simulation budget with exit 2 instead of running out of memory', async () => {
    const cwd = workspace({ 'pool.strategy.yaml': pool, 'env.directory.yaml': directory })
    const run = await routewrightInProcess(
      ['simulate', 'pool.strategy.yaml', '--arrivals', '20/h', '--aht', '180', '--hours', '1e9'],
      cwd,
    )
    // in the flags' words, with a fix: it said "1000000001 hours" (the warm-up added) and no hint
    expect([run.code, run.stdout, run.stderr]).toEqual([
      2,
      '',
      'error: --hours 1e9 is over the 99,999 hours a simulation keeps (one interval an hour, 100,000 at most with the 1 h warm-up)\n' +
        'hint: Simulate fewer hours: a day is --hours 24, a week --hours 168\n',
    ])
    const busy = await routewrightInProcess(
      ['simulate', 'pool.strategy.yaml', '--arrivals', '100000/h', '--aht', '180', '--hours', '1000'],
      cwd,
    )
    expect([busy.code, busy.stderr]).toEqual([
      2,
      'error: --arrivals 100000/h for 1000 hours and the 1 h warm-up is about 100,100,000 arrivals, over the 10,000,000 a simulation takes\n' +
        'hint: Simulate fewer hours (--hours 99 fits at this rate) or a lower rate\n',
    ])
  })

  it('reads --hours and --seed as decimal numbers, and refuses a seed past 2^53 it would round', async () => {
    const cwd = workspace({ 'pool.strategy.yaml': pool, 'env.directory.yaml': directory })
    const args = ['simulate', 'pool.strategy.yaml', '--arrivals', '20/h', '--aht', '180', '--format', 'json']
    // Number() read "0x10" as 16 hours
    const hex = await routewrightInProcess([...args, '--hours', '0x10'], cwd)
    expect([hex.code, hex.stdout, hex.stderr]).toEqual([
      2,
      '',
      'error: --hours must be a number > 0 (got "0x10")\nhint: Write it in decimal digits: --hours 8 or 0.5\n',
    ])
    // 9007199254740993 ran (and printed) seed 9007199254740992, the same day as that seed
    const big = await routewrightInProcess([...args, '--hours', '1', '--seed', '9007199254740993'], cwd)
    expect([big.code, big.stdout, big.stderr]).toEqual([
      2,
      '',
      'error: --seed 9007199254740993 is over 9007199254740991, the largest whole number kept exactly\n' +
        'hint: Give a whole number from 1 to 9007199254740991\n',
    ])
    const fine = await routewrightInProcess([...args, '--hours', '1e0', '--seed', '42'], cwd)
    expect([fine.code, JSON.parse(fine.stdout).input.hours, JSON.parse(fine.stdout).input.seed]).toEqual([
      0, 1, 42,
    ])
  })

  it('simulates beside a broken strategy it does not call, and names the errors of one it does call', async () => {
    const caller = pool
      .replace('start: queue', 'start: first')
      .replace(
        'nodes:\n',
        'nodes:\n  first: { type: subroutine, call: helper, next: { done: queue, error: queue } }\n',
      )
    const helper =
      'strategy: helper\nformat: 1\nstart: back\nnodes:\n  back: { type: end, outcome: return }\n'
    const cwd = workspace({
      'pool.strategy.yaml': caller,
      'helper.strategy.yaml': helper,
      'draft.strategy.yaml': supportStrategy('draft').replace('timeout: done', 'timeout: dnoe'),
      'env.directory.yaml': directory,
    })
    const args = ['simulate', 'pool.strategy.yaml', '--arrivals', '20/h', '--aht', '180', '--hours', '2']
    const run = await routewrightInProcess(args, cwd)
    expect([run.code, run.stderr]).toEqual([0, ''])
    expect(run.stdout).toMatch(/^pool: 20\/h/)
    writeFileSync(path.join(cwd, 'helper.strategy.yaml'), helper.replace('start: back', 'start: bakc'))
    const broken = await routewrightInProcess(args, cwd)
    expect(broken.code).toBe(1)
    expect(broken.stderr).toMatch(/^helper\.strategy\.yaml:3:\d+ {2}error {2}RW\d+ /)
    expect(broken.stderr).not.toContain('failed unexpectedly')
  })

  it.each([
    [
      'env.directory.yaml/report.html',
      'error: --html env.directory.yaml/report.html: env.directory.yaml is a file, not a folder\nhint: Give --html a file in a folder\n',
    ],
    [
      'out/report.html',
      'error: --html out/report.html: the folder out does not exist\nhint: Create it, or give --html a file in a folder that exists\n',
    ],
    ['pages', 'error: --html pages is a folder\nhint: Give --html a file, such as pages/report.html\n'],
  ])(
    'refuses an --html page it could not write, %s, before simulating (it said so after the whole run)',
    async (html, stderr) => {
      const cwd = workspace({
        'pool.strategy.yaml': pool,
        'env.directory.yaml': directory,
        'pages/.keep': '',
      })
      const run = await routewrightInProcess(
        [
          ...[
            'simulate',
            'pool.strategy.yaml',
            '--arrivals',
            '20/h',
            '--aht',
            '180',
            '--hours',
            '2',
            '--html',
            html,
          ],
        ],
        cwd,
      )
      expect([run.code, run.stdout, run.stderr]).toEqual([2, '', stderr])
    },
  )

  it('leaves a read-only --html page as it is and says so, after printing the figures', async () => {
    const cwd = workspace({
      'pool.strategy.yaml': pool,
      'env.directory.yaml': directory,
      'report.html': 'kept',
    })
    chmodSync(path.join(cwd, 'report.html'), 0o444)
    const run = await routewrightInProcess(
      [
        ...['simulate', 'pool.strategy.yaml', '--arrivals', '20/h', '--aht', '180', '--hours', '2'],
        ...['--html', 'report.html'],
      ],
      cwd,
    )
    expect(run.code).toBe(1)
    expect(run.stdout).toMatch(/^pool: 20\/h/)
    expect(run.stderr).toBe(
      'error: Could not write report.html: it is read-only, so it was left as it is\n' +
        'hint: Make it writable (chmod u+w) or give --html another file\n',
    )
    expect(readFileSync(path.join(cwd, 'report.html'), 'utf8')).toBe('kept')
  })
})
