import { describe, expect, it } from 'vitest'
import { directory, strategy, workspace } from './helpers.ts'
import { routewrightInProcess } from './in-process.ts'

const before = strategy('help-desk')
// the same strategy as flow YAML with keys reordered and a layout: no semantic difference
const reformatted = `format: 1
strategy: help-desk
nodes:
  done: { outcome: default-route, type: end }
  queue: { type: target, wait: 30s, targets: [{ group: support }], next: { error: done, timeout: done } }
start: queue
layout: { queue: [100, 40], done: [100, 200] }
`
const after = `strategy: help-desk
format: 1
variables:
  tries: { type: int, default: 0 }
start: queue
nodes:
  queue:
    type: target
    targets: [{ group: support }, { agent: ann }]
    wait: 45s
    next: { timeout: voicemail, error: done }
  voicemail: { type: route, destination: voicemail }
  done:
    type: end
    outcome: default-route
`

describe('routewright diff', () => {
  it('is listed by --help and explains its exit codes with diff --help', async () => {
    const cwd = workspace()
    expect((await routewrightInProcess(['--help'], cwd)).stdout).toMatch(/^ {2}diff +Show what changed/m)
    const help = await routewrightInProcess(['diff', '--help'], cwd)
    expect(help.code).toBe(0)
    expect(help.stdout).toContain('Usage: routewright diff <before> <after> [--format pretty|json]')
    expect(help.stdout).toContain('Exit codes: 0 no differences, 1 differences, 2 usage error')
  })

  it('exits 0 and says so when two files differ only in formatting, key order and layout', async () => {
    const cwd = workspace({ 'a.strategy.yaml': before, 'b.strategy.yaml': reformatted })
    const result = await routewrightInProcess(['diff', 'a.strategy.yaml', 'b.strategy.yaml'], cwd)
    expect(result).toEqual({
      code: 0,
      stdout: '--- a.strategy.yaml\n+++ b.strategy.yaml\nno differences\n',
      stderr: '',
    })
  })

  it('exits 1 and lists nodes, fields old -> new, edges and variables that changed', async () => {
    const cwd = workspace({ 'a.strategy.yaml': before, 'b.strategy.yaml': after })
    const result = await routewrightInProcess(['diff', 'a.strategy.yaml', 'b.strategy.yaml'], cwd)
    expect(result.stderr).toBe('')
    expect(result.code).toBe(1)
    expect(result.stdout).toMatchInlineSnapshot(`
      "--- a.strategy.yaml
      +++ b.strategy.yaml
      + variable tries: {"type":"int","default":0}
      ~ node queue (target)
          + targets[1]: {"agent":"ann"}
          ~ wait: "30s" -> "45s"
      + node voicemail (route)
      ~ edge queue [timeout] -> voicemail (was done)
      1 variable added · 1 node changed, 1 added · 1 edge rewired
      "
    `)
  })

  it('prints the diff as JSON with --format json', async () => {
    const cwd = workspace({ 'a.strategy.yaml': before, 'b.strategy.yaml': after })
    const result = await routewrightInProcess(
      ['diff', 'a.strategy.yaml', 'b.strategy.yaml', '--format', 'json'],
      cwd,
    )
    expect(result.code).toBe(1)
    const report = JSON.parse(result.stdout)
    expect(report).toMatchObject({ kind: 'strategy', same: false, before: 'a.strategy.yaml' })
    expect(report.edges).toEqual([
      {
        node: 'queue',
        output: 'timeout',
        path: ['next', 'timeout'],
        change: 'rewired',
        before: 'done',
        after: 'voicemail',
      },
    ])
    expect(report.nodes[0]).toEqual({
      id: 'queue',
      change: 'changed',
      type: 'target',
      fields: [
        { path: ['targets', 1], after: { agent: 'ann' } },
        { path: ['wait'], before: '30s', after: '45s' },
      ],
    })
  })

  it('compares directories: agents and groups added, removed and changed', async () => {
    const changed = `${directory.replace('skills: { english: 5 }', 'skills: { english: 7 }')}  cyd: { groups: [support] }\n`
    const cwd = workspace({ 'a.directory.yaml': directory, 'b.directory.yaml': changed })
    const result = await routewrightInProcess(['diff', 'a.directory.yaml', 'b.directory.yaml'], cwd)
    expect(result.code).toBe(1)
    expect(result.stdout.split('\n').slice(2)).toEqual([
      '~ agent ann',
      '    ~ skills.english: 5 -> 7',
      '+ agent cyd: {"groups":["support"]}',
      '1 agent changed, 1 added',
      '',
    ])
  })

  it('reads one side from stdin with -, as piped from git show', async () => {
    const cwd = workspace({ 'b.strategy.yaml': after })
    const result = await routewrightInProcess(['diff', '-', 'b.strategy.yaml'], cwd, before)
    expect(result.code).toBe(1)
    expect(result.stdout.split('\n')[0]).toBe('--- (stdin)')
    expect(result.stdout).toMatch(/~ wait: "30s" -> "45s"/)
  })

  it('knows a copy named without its kind by its content, as `git show rev:file > old.yaml` leaves it', async () => {
    const cwd = workspace({ 'old.yaml': before, 'b.strategy.yaml': after, 'old-dir.yml': directory })
    const result = await routewrightInProcess(['diff', 'old.yaml', 'b.strategy.yaml'], cwd)
    expect(result.code).toBe(1)
    expect(result.stdout).toMatch(/~ wait: "30s" -> "45s"/)
    // both sides unnamed: each says what it is, and a strategy is not compared with a directory
    const both = await routewrightInProcess(['diff', 'old.yaml', 'old-dir.yml'], cwd)
    expect(both.code).toBe(2)
    expect(both.stderr).toMatch(/Cannot compare a strategy file with a directory file/)
  })

  it('refuses a file whose name and content do not say its kind, and says how to name it', async () => {
    const cwd = workspace({ 'a.yaml': 'nodes: {}\n', 'b.yaml': 'format: 1\n' })
    const result = await routewrightInProcess(['diff', 'a.yaml', 'b.yaml'], cwd)
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(
      /a\.yaml is not a strategy or directory file: its name and its content do not say which/,
    )
    expect(result.stderr).toMatch(/start it with `strategy: <id>`/)
  })

  it('says how to check an unnamed copy that does not parse (validate knows kinds by name)', async () => {
    const cwd = workspace({ 'old.yaml': 'strategy: x\nformat: 1\nstart: [\n', 'a.strategy.yaml': before })
    const result = await routewrightInProcess(['diff', 'old.yaml', 'a.strategy.yaml'], cwd)
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(
      /old\.yaml does not parse: fix it first \(to check it alone: routewright validate - --stdin-filename <name>\.strategy\.yaml < old\.yaml\)/,
    )
  })

  it.each([
    [['diff', 'a.strategy.yaml'], /diff takes exactly two files/],
    [
      ['diff', 'a.strategy.yaml', 'env.directory.yaml'],
      /Cannot compare a strategy file with a directory file/,
    ],
    [['diff', 'a.strategy.yaml', 'notes.txt'], /notes\.txt is not a strategy or directory file/],
    // one wording with the other commands, hint included (it was RW090 "Cannot read" with no hint)
    [
      ['diff', 'a.strategy.yaml', 'missing.strategy.yaml'],
      /^error: No such file or folder: missing\.strategy\.yaml \(looked for \/.+\/missing\.strategy\.yaml\)\nhint: Check the path \(relative to the current folder\)\n$/,
    ],
    // it said "Refused to read: it is a folder" with no hint
    [
      ['diff', 'old.strategy.yaml', 'a.strategy.yaml'],
      /^error: old\.strategy\.yaml is a folder, not a file\nhint: diff reads \*\.strategy\.yaml and \*\.directory\.yaml files: name one\n$/,
    ],
    [
      ['diff', 'a.strategy.yaml', 'broken.strategy.yaml'],
      /broken\.strategy\.yaml:\d+:\d+: error RW001 YAML syntax error.*\n.*does not parse: fix it first/,
    ],
    [['diff', '-', '-'], /Only one side can be read from stdin/],
  ])('exits 2 with a clear message for %j', async (args, message) => {
    const cwd = workspace({
      'a.strategy.yaml': before,
      'env.directory.yaml': directory,
      'notes.txt': 'hello',
      'broken.strategy.yaml': 'strategy: x\nformat: 1\nstart: [\n',
      'old.strategy.yaml/a.strategy.yaml': before,
    })
    const result = await routewrightInProcess(args, cwd)
    expect(result.code).toBe(2)
    expect(result.stdout).toBe('')
    expect(result.stderr).toMatch(message)
  })

  it('says how to check a side read from stdin that does not parse, not "validate (stdin)"', async () => {
    const cwd = workspace({ 'a.strategy.yaml': before })
    const result = await routewrightInProcess(['diff', '-', 'a.strategy.yaml'], cwd, 'nodes: [\n')
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(
      /\(stdin\) does not parse: fix it first \(to check it alone: routewright validate - --stdin-filename <name>\.strategy\.yaml\)/,
    )
    expect(result.stderr).not.toMatch(/validate \(stdin\)/)
  })
})
