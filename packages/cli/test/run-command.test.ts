import { writeFileSync } from 'node:fs'
import path from 'node:path'
import { supportStrategy } from '@routewright/node-support/testing'
import { describe, expect, it } from 'vitest'
import { directory, workspace } from './helpers.ts'
import { routewrightInProcess } from './in-process.ts'

const helpDesk = supportStrategy('help-desk', { lines: ['pick: longest-idle'] })

/** A strategy that loops over the step limit: its path repeats hello → count → check. */
const spin = `strategy: spin
format: 1
variables: { n: { type: int, default: 0 } }
start: hello
nodes:
  hello: { type: treatment, play: prompts/a, next: { done: count, error: count } }
  count: { type: assign, set: { n: n + 1 }, next: check }
  check: { type: switch, cases: [{ label: out, when: n < 0, next: bye }], default: hello }
  bye: { type: end, outcome: abandon }
`

describe('routewright run', () => {
  it('prints the decision with its explanation: ranked candidates, values, exclusions and the rule', async () => {
    const cwd = workspace({ 'help-desk.strategy.yaml': helpDesk, 'env.directory.yaml': directory })
    const agents = JSON.stringify({
      ann: { state: 'ready', since: '2m' },
      bob: { state: 'ready', since: '10s' },
    })
    const result = await routewrightInProcess(
      ['run', 'help-desk.strategy.yaml', '--interaction', '{"media":"voice"}', '--agents', agents],
      cwd,
    )
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    const lines = result.stdout.split('\n')
    expect(lines[0]).toBe('help-desk: routed → agent ann via group:support at +0s')
    expect(lines[1]).toBe('path        queue')
    expect(result.stdout).toMatch(/Why \(node queue, rule longest idle\): /)
    expect(result.stdout).toMatch(/^ {2}1 +ann ★ +group:support +120\b/m)
    expect(result.stdout).toMatch(/^ {2}2 +bob +group:support +10\b/m)
  })

  it('checks and routes the file named, not a copy with the same id beside it that sorts first', async () => {
    const cwd = workspace({
      'env.directory.yaml': directory,
      'archive/help-desk.strategy.yaml': helpDesk,
      // the file named routes its timeout to a node that does not exist: run must refuse it, not route the copy
      'help-desk.strategy.yaml': helpDesk.replace('timeout: done', 'timeout: dne'),
    })
    const result = await routewrightInProcess(
      ['run', 'help-desk.strategy.yaml', '--interaction', '{}', '--agents', '{"ann":"busy"}'],
      cwd,
    )
    expect([result.code, result.stdout]).toEqual([1, ''])
    expect(result.stderr).toMatch(
      /^help-desk\.strategy\.yaml:\d+:\d+ {2}error {2}RW102 {2}Node "queue" routes to "dne"/,
    )
  })

  it('finds the directory file in the nearest folder above the strategy, as validate does', async () => {
    const cwd = workspace({ 'flows/help-desk.strategy.yaml': helpDesk, 'env.directory.yaml': directory })
    const args = [
      'run',
      'flows/help-desk.strategy.yaml',
      '--interaction',
      '{}',
      '--agents',
      '{"ann":"ready"}',
    ]
    const result = await routewrightInProcess(args, cwd)
    expect([result.code, result.stderr]).toEqual([0, ''])
    expect(result.stdout.split('\n')[0]).toBe('help-desk: routed → agent ann via group:support at +0s')
  })

  it('looks for the directory beside the strategy and above it, never in the folders below, as validate does', async () => {
    const cwd = workspace({
      'flows2/vip.strategy.yaml': helpDesk,
      'flows2/sub/env.directory.yaml': directory,
    })
    const args = ['run', 'flows2/vip.strategy.yaml', '--interaction', '{}', '--agents', '{"ann":"ready"}']
    const below = await routewrightInProcess(args, cwd)
    expect([below.code, below.stdout]).toEqual([2, ''])
    expect(below.stderr).toContain('No directory file found beside the strategy or in a folder above it')
    const validated = await routewrightInProcess(['validate', 'flows2/vip.strategy.yaml'], cwd)
    expect(validated.stderr).toContain('No directory file among the inputs')
  })

  it('names the directory files it found side by side and says to pass --directory', async () => {
    const cwd = workspace({
      'flows/help-desk.strategy.yaml': helpDesk,
      'prod.directory.yaml': directory,
      'test.directory.yaml': directory,
    })
    const args = [
      'run',
      'flows/help-desk.strategy.yaml',
      '--interaction',
      '{}',
      '--agents',
      '{"ann":"ready"}',
    ]
    const result = await routewrightInProcess(args, cwd)
    expect([result.code, result.stderr]).toEqual([
      2,
      'error: 2 directory files found beside the strategy (or in the nearest folder above it): prod.directory.yaml, test.directory.yaml\n' +
        'hint: Pass --directory with the one to use, e.g. --directory prod.directory.yaml\n',
    ])
  })

  it('prints the full result as JSON with --format json', async () => {
    const cwd = workspace({ 'help-desk.strategy.yaml': helpDesk, 'env.directory.yaml': directory })
    const result = await routewrightInProcess(
      [
        'run',
        'help-desk.strategy.yaml',
        '--interaction',
        '{}',
        '--agents',
        '{"bob":"busy"}',
        '--format',
        'json',
      ],
      cwd,
    )
    expect(result.code).toBe(0)
    const decision = JSON.parse(result.stdout)
    expect(decision).toMatchObject({ outcome: 'default-route', path: ['queue', 'done'] })
    const pretty = await routewrightInProcess(
      ['run', 'help-desk.strategy.yaml', '--interaction', '{}', '--agents', '{"bob":"busy"}'],
      cwd,
    )
    expect(pretty.stdout.split('\n').slice(0, 2)).toEqual([
      'help-desk: default-route at +30s',
      'path        queue → done',
    ])
  })

  it('folds a path that loops over the step limit into the cycle once, and its treatments likewise', async () => {
    const cwd = workspace({ 'spin.strategy.yaml': spin, 'env.directory.yaml': directory })
    const result = await routewrightInProcess(['run', 'spin.strategy.yaml', '--interaction', '{}'], cwd)
    expect(result.code).toBe(1)
    const lines = result.stdout.split('\n')
    expect(lines.find((line) => line.startsWith('path '))).toBe(
      'path        (hello → count → check) ×333 → hello',
    )
    expect(lines.find((line) => line.startsWith('treatments '))).toBe('treatments  play prompts/a ×334')
  })

  it('keeps the whole path in JSON, for run and for test: only the output for people is folded', async () => {
    const cwd = workspace({
      'spin.strategy.yaml': spin,
      'env.directory.yaml': directory,
      'spin.test.yaml': `tests: spin
format: 1
directory: env.directory.yaml
scenarios:
  - name: spins
    interaction: {}
    expect: { outcome: abandon }
`,
    })
    const cycle = ['hello', 'count', 'check']
    const whole = [...Array.from({ length: 333 }, () => cycle).flat(), 'hello']
    const run = await routewrightInProcess(
      ['run', 'spin.strategy.yaml', '--interaction', '{}', '--format', 'json'],
      cwd,
    )
    const result = JSON.parse(run.stdout) as { path: string[]; treatments: string[] }
    expect(result.path).toEqual(whole)
    expect(result.treatments).toHaveLength(334)
    const test = await routewrightInProcess(['test', 'spin.test.yaml', '--format', 'json'], cwd)
    const report = JSON.parse(test.stdout) as {
      files: Array<{ scenarios: Array<{ path: string[]; failures: Array<{ message: string }> }> }>
    }
    const scenario = report.files[0]!.scenarios[0]!
    expect(scenario.path).toEqual(whole)
    expect(scenario.failures.map((f) => f.message).join('\n')).not.toContain('×')
    // people's output folds the same path
    const pretty = await routewrightInProcess(['test', 'spin.test.yaml'], cwd)
    expect(pretty.stdout).toContain('path (hello → count → check) ×333 → hello')
  })

  it('takes the interaction serve takes (a 128-character ANI, a fractional priority), as a test file does', async () => {
    // a SIP caller copied from serve: more than a test file's old 64 characters
    const interaction = { ani: `sip:+${'3'.repeat(123)}`, dnis: '8'.repeat(128), priority: 2.5 }
    const cwd = workspace({
      'help-desk.strategy.yaml': helpDesk,
      'env.directory.yaml': directory,
      'help-desk.test.yaml': `tests: help-desk
format: 1
directory: env.directory.yaml
scenarios:
  - name: copied from serve
    interaction: ${JSON.stringify(interaction)}
    agents: { ann: ready }
    expect: { outcome: routed, agent: ann, priority: 2.5 }
`,
    })
    const run = await routewrightInProcess(
      [
        'run',
        'help-desk.strategy.yaml',
        '--interaction',
        JSON.stringify(interaction),
        '--agents',
        '{"ann":"ready"}',
      ],
      cwd,
    )
    expect([run.code, run.stderr]).toEqual([0, ''])
    expect(run.stdout).toContain('routed → agent ann')
    const test = await routewrightInProcess(['test', 'help-desk.test.yaml'], cwd)
    expect([test.code, test.stderr]).toEqual([0, ''])
    // past serve's limits: refused, saying the field, the limit and how to fix it
    const long = await routewrightInProcess(
      ['run', 'help-desk.strategy.yaml', '--interaction', JSON.stringify({ ani: '5'.repeat(129) })],
      cwd,
    )
    expect(long.code).toBe(2)
    expect(long.stderr).toContain(
      'error: --interaction at ani: 129 characters, over the 128 routewright serve and the router take (their default limits.maxAddressChars): shorten it',
    )
    const high = await routewrightInProcess(
      ['run', 'help-desk.strategy.yaml', '--interaction', '{"priority":1000001}'],
      cwd,
    )
    expect(high.code).toBe(2)
    expect(high.stderr).toContain(
      'error: --interaction at priority: 1000001 is outside the priorities routewright serve and the router take (-1000000 to 1000000, fractions too): give one within them',
    )
  })

  it('reads the interaction from a file with @', async () => {
    const cwd = workspace({
      'help-desk.strategy.yaml': helpDesk,
      'env.directory.yaml': directory,
      'call.json': '{"media":"voice","ani":"+15550100"}',
    })
    const result = await routewrightInProcess(
      ['run', 'help-desk.strategy.yaml', '--interaction', '@call.json', '--agents', '{"ann":"ready"}'],
      cwd,
    )
    expect(result.stdout.split('\n')[0]).toBe('help-desk: routed → agent ann via group:support at +0s')
    // saved by Notepad, with a byte order mark: the same interaction
    writeFileSync(path.join(cwd, 'call.json'), '\ufeff{"media":"voice","ani":"+15550100"}')
    const marked = await routewrightInProcess(
      ['run', 'help-desk.strategy.yaml', '--interaction', '@call.json', '--agents', '{"ann":"ready"}'],
      cwd,
    )
    expect([marked.stdout.split('\n')[0], marked.stderr]).toEqual([result.stdout.split('\n')[0], ''])
  })

  it('answers host functions with --functions and explains a bad agent state with a hint', async () => {
    const lookup = `strategy: lookup
format: 1
variables:
  tier: { type: string, default: unknown }
start: crm
nodes:
  crm:
    type: function
    call: lookupCustomer
    args: [ani]
    into: tier
    next: { done: done, error: done, timeout: done }
  done: { type: end, outcome: default-route }
`
    const withFunction = `${directory}functions:
  lookupCustomer: { args: [string], returns: string }
`
    const cwd = workspace({ 'lookup.strategy.yaml': lookup, 'env.directory.yaml': withFunction })
    const answered = await routewrightInProcess(
      [
        'run',
        'lookup.strategy.yaml',
        '--interaction',
        '{"ani":"+15550100"}',
        '--functions',
        '{"lookupCustomer":{"returns":"gold"}}',
      ],
      cwd,
    )
    expect(answered.stdout).toContain('variables   {"tier":"gold"}')
    const bad = await routewrightInProcess(
      ['run', 'lookup.strategy.yaml', '--interaction', '{}', '--agents', '{"ann":"asleep"}'],
      cwd,
    )
    expect(bad.code).toBe(2)
    expect(bad.stderr).toMatch(
      /^error: --agents at ann: .*\nhint: An agent is one of logged-out, not-ready, ready/,
    )
  })

  it('rejects JSON that does not parse with exit 2', async () => {
    const cwd = workspace({ 'help-desk.strategy.yaml': helpDesk, 'env.directory.yaml': directory })
    const result = await routewrightInProcess(
      ['run', 'help-desk.strategy.yaml', '--interaction', '{media:'],
      cwd,
    )
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(
      /^error: --interaction is not valid JSON \(expected property name or '}' at line 1, column 2\)/i,
    )
  })

  it('rejects an interaction that is not a JSON object', async () => {
    const cwd = workspace({ 'help-desk.strategy.yaml': helpDesk, 'env.directory.yaml': directory })
    const result = await routewrightInProcess(['run', 'help-desk.strategy.yaml', '--interaction', '[1]'], cwd)
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/^error: --interaction must be a JSON object/)
  })

  it('requires --interaction', async () => {
    const cwd = workspace({ 'help-desk.strategy.yaml': helpDesk, 'env.directory.yaml': directory })
    const result = await routewrightInProcess(['run', 'help-desk.strategy.yaml'], cwd)
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/^error: --interaction is required\n/)
  })

  it('names a strategy file that is not there, not the directory files of the folder around it', async () => {
    const cwd = workspace({
      'a/one.directory.yaml': directory,
      'b/two.directory.yaml': directory,
      'env.directory.yaml': directory,
    })
    const result = await routewrightInProcess(['run', 'nope.strategy.yaml', '--interaction', '{}'], cwd)
    expect(result.code).toBe(2)
    expect(result.stderr).toBe(
      `error: No such file or folder: nope.strategy.yaml (looked for ${path.join(cwd, 'nope.strategy.yaml')})\nhint: Check the path (relative to the current folder)\n`,
    )
  })

  it('refuses an agent or a statistic the directory does not have instead of routing without it', async () => {
    const cwd = workspace({ 'help-desk.strategy.yaml': helpDesk, 'env.directory.yaml': directory })
    const run = (flag: string, value: string) =>
      routewrightInProcess(['run', 'help-desk.strategy.yaml', '--interaction', '{}', flag, value], cwd)
    const agent = await run('--agents', '{"annn":"ready"}')
    expect([agent.code, agent.stdout, agent.stderr]).toEqual([
      2,
      '',
      'error: --agents at annn: env.directory.yaml has no agent "annn". Its nearest agent ids: "ann", "bob".\n' +
        'fix: Change "annn" to "ann"\n' +
        'hint: Give --agents ids of env.directory.yaml, or --directory <file> for a directory that has "annn"\n',
    ])
    const stat = await run('--stats', '{"group:nope":{"ExpectedWaitTime":5}}')
    expect([stat.code, stat.stdout]).toEqual([2, ''])
    expect(stat.stderr).toMatch(/^error: --stats at \["group:nope"\]: .*"nope"/)
  })

  it('exits 2 on a --directory file that is not there, as validate does', async () => {
    const cwd = workspace({ 'help-desk.strategy.yaml': helpDesk, 'env.directory.yaml': directory })
    const result = await routewrightInProcess(
      ['run', 'help-desk.strategy.yaml', '--interaction', '{}', '--directory', 'prod.directory.yaml'],
      cwd,
    )
    expect(result.code).toBe(2)
    expect(result.stderr).toBe(
      `error: No such file or folder: prod.directory.yaml (--directory, looked for ${path.join(cwd, 'prod.directory.yaml')})\nhint: Check the path (relative to the current folder)\n`,
    )
  })

  it.each([
    ['help-desk.strategy.yaml', 'is a strategy file, not a directory file'],
    ['help-desk.test.yaml', 'is a test file, not a directory file'],
    ['alarms.yaml', 'is not a directory file'],
    ['settings.yaml', 'is not a directory file'],
  ])('exits 2 on a --directory %s that is no directory file, naming what it expected', async (file, what) => {
    const cwd = workspace({
      'help-desk.strategy.yaml': helpDesk,
      'env.directory.yaml': directory,
      'help-desk.test.yaml': 'tests: help-desk\nformat: 1\nscenarios: []\n',
      'alarms.yaml': 'alarms: center\nformat: 1\nrules: {}\n',
      'settings.yaml': 'foo: 1\n',
    })
    const result = await routewrightInProcess(
      ['run', 'help-desk.strategy.yaml', '--interaction', '{}', '--directory', file],
      cwd,
    )
    expect([result.code, result.stdout, result.stderr]).toEqual([
      2,
      '',
      `error: --directory ${file} ${what}\nhint: Give the *.directory.yaml that declares the agents, groups and queues the strategy names\n`,
    ])
  })

  it('refuses an --at the calendar does not have instead of moving it to another day', async () => {
    const cwd = workspace({ 'help-desk.strategy.yaml': helpDesk, 'env.directory.yaml': directory })
    const result = await routewrightInProcess(
      ['run', 'help-desk.strategy.yaml', '--interaction', '{}', '--at', '2026-02-30T10:00:00Z'],
      cwd,
    )
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/^error: --at "2026-02-30T10:00:00Z" is not an ISO time\n/)
  })

  it('stops with the errors of a strategy that does not validate', async () => {
    const cwd = workspace({
      'help-desk.strategy.yaml': helpDesk.replace('group: support', 'group: suport'),
      'env.directory.yaml': directory,
    })
    const result = await routewrightInProcess(['run', 'help-desk.strategy.yaml', '--interaction', '{}'], cwd)
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/^help-desk\.strategy\.yaml:7:24 {2}error {2}RW3\d\d {2}.*"suport"/)
  })
})
