// `routewright validate` checks serve's alarms.yaml like the other workspace files: walked in folders, named
// directly, each mistake at file:line:col with a stable code and what to write instead.
import { describe, expect, it } from 'vitest'
import { directory, strategy, workspace } from './helpers.ts'
import { routewrightInProcess } from './in-process.ts'

const goodAlarms = `alarms: center
format: 1
rules:
  sl: { figure: service-level, queue: group:support, below: 0.8, window: 30m }
  stale: { figure: provider-stale, provider: redis, above: 30 }
`

const brokenAlarms = `alarms: center
format: 1
rules:
  sl:
    figure: service-level
    queue: group:suport
    below: 0.8
    windw: 30m
  slow:
    figure: oldest-waiting
    queue: "*"
    above: "2 minutes"
  late:
    figure: waiting
    queue: group:support
    above: 3
    for: soon
`

/** The diagnostic lines of a pretty report (without the quoted source and carets). */
function findings(stdout: string): string[] {
  return stdout.split('\n').filter((line) => /^\S+:\d+:\d+ {2}/.test(line))
}

describe('routewright validate: alarms.yaml', () => {
  it('checks alarms.yaml in a folder walk, with a fix for each mistake', async () => {
    const cwd = workspace({
      'a.strategy.yaml': strategy('a'),
      'env.directory.yaml': directory,
      'alarms.yaml': brokenAlarms,
    })
    const result = await routewrightInProcess(['validate', '.'], cwd)
    expect(findings(result.stdout)).toMatchInlineSnapshot(`
      [
        "alarms.yaml:8:5  error  RW481  Unknown field "windw" in rule "sl". Did you mean "window"? (at rules.sl.windw)",
        "alarms.yaml:12:12  error  RW481  "above" should be a number, not the text "2 minutes". (at rules.slow.above)",
        "alarms.yaml:17:10  error  RW481  "for": "soon" is not a duration: write 90s, 15m, 1h30m or a number of seconds. (at rules.late.for)",
      ]
    `)
    expect(result.code).toBe(1)
  })

  it('names a queue or group the directory lacks (RW482) with a did-you-mean', async () => {
    const cwd = workspace({
      'env.directory.yaml': directory,
      'alarms.yaml': goodAlarms.replace('group:support', 'group:suport'),
    })
    const result = await routewrightInProcess(['validate'], cwd)
    expect(findings(result.stdout)).toMatchInlineSnapshot(`
      [
        "alarms.yaml:4:39  error  RW482  The directory has no group "suport". Did you mean "support"? (at rules.sl.queue)",
      ]
    `)
    expect(result.code).toBe(1)
  })

  it('warns of a rule on a group no strategy routes to (RW483), as serve logs it, naming what is routed', async () => {
    const cwd = workspace({
      'a.strategy.yaml': strategy('a'),
      'env.directory.yaml': directory.replace('groups:\n', 'groups:\n  sales: { title: Sales }\n'),
      'alarms.yaml': goodAlarms.replace('group:support', 'group:sales'),
    })
    const result = await routewrightInProcess(['validate'], cwd)
    expect(findings(result.stdout)).toMatchInlineSnapshot(`
      [
        "alarms.yaml:4:39  warning  RW483  Alarm "sl" watches group:sales, which no strategy routes to: it can never fire. Strategies route to group:support. (at rules.sl.queue)",
        "env.directory.yaml:4:3  info   RW456  Group "sales" has no agents; targets naming it will never find a candidate. (at groups.sales)",
      ]
    `)
    expect(result.code).toBe(0)
    // with no strategy among the inputs nothing looks routed: not judged, and a note says so
    const alone = await routewrightInProcess(['validate', 'alarms.yaml', 'env.directory.yaml'], cwd)
    expect(alone.stdout).not.toContain('RW483')
    expect(alone.stderr).toContain('note: No strategy was checked')
  })

  it('says which format to write (RW481)', async () => {
    const cwd = workspace({ 'alarms.yaml': goodAlarms.replace('format: 1', 'format: 2') })
    const result = await routewrightInProcess(['validate', 'alarms.yaml'], cwd)
    expect(findings(result.stdout)).toMatchInlineSnapshot(`
      [
        "alarms.yaml:2:9  error  RW481  This file uses format 2; this version of Routewright reads format 1. Upgrade Routewright, or write "format: 1". (at format)",
      ]
    `)
    expect(result.code).toBe(1)
  })

  it('reports YAML syntax in alarms.yaml at its line and column (RW480)', async () => {
    const cwd = workspace({ 'alarms.yaml': 'alarms: center\nformat: 1\nrules:\n  a: { figure: waiting\n' })
    const result = await routewrightInProcess(['validate', 'alarms.yaml'], cwd)
    expect(findings(result.stdout)).toMatchInlineSnapshot(`
      [
        "alarms.yaml:4:6  error  RW480  YAML syntax error: this "{" is not closed before line 5. Add the "}" that ends it.",
      ]
    `)
    expect(result.code).toBe(1)
  })

  it('accepts a clean alarms.yaml named directly, and notes that targets are unchecked without a directory', async () => {
    const cwd = workspace({ 'alarms.yaml': goodAlarms })
    const result = await routewrightInProcess(['validate', 'alarms.yaml'], cwd)
    expect(result.stdout).toBe('✓ 1 file checked, no problems\n')
    expect(result.stderr).toMatchInlineSnapshot(`
      "note: No directory was checked: the groups and queues that alarms.yaml rules name are not checked
      note: No strategy was checked: whether a strategy routes to what alarms.yaml rules watch is not checked
      "
    `)
    expect(result.code).toBe(0)
  })

  it('counts a clean alarms.yaml with the workspace and reports its kind in JSON', async () => {
    const cwd = workspace({
      'a.strategy.yaml': strategy('a'),
      'env.directory.yaml': directory,
      'alarms.yaml': goodAlarms,
    })
    const pretty = await routewrightInProcess(['validate'], cwd)
    expect(pretty.stdout).toBe('✓ 3 files checked, no problems\n')
    expect(pretty.stderr).toBe('')
    const json = await routewrightInProcess(['validate', '--format', 'json'], cwd)
    const files = (JSON.parse(json.stdout) as { files: Array<{ file: string; kind: string }> }).files
    expect(files.map((f) => [f.file, f.kind])).toContainEqual(['alarms.yaml', 'alarms'])
  })

  it('leaves out an alarms.yaml a walk finds away from any strategy or directory, with a note', async () => {
    const cwd = workspace({
      'a.strategy.yaml': strategy('a'),
      'env.directory.yaml': directory,
      'alarms.yaml': goodAlarms,
      'ops/prometheus/alarms.yaml': 'groups:\n  - name: cpu\n',
    })
    const result = await routewrightInProcess(['validate'], cwd)
    expect(result.stdout).toBe('✓ 3 files checked, no problems\n')
    expect(result.stderr).toContain(
      'note: ops/prometheus/alarms.yaml not checked: no strategy or directory file beside it',
    )
    expect(result.code).toBe(0)
    // named, it is checked
    const named = await routewrightInProcess(['validate', 'ops/prometheus/alarms.yaml'], cwd)
    expect(named.code).toBe(1)
    expect(named.stdout).toContain('RW481')
  })

  it('names alarms.yaml among the files it reads when a file named is none of them (RW093)', async () => {
    const result = await routewrightInProcess(
      ['validate', 'alarm-rules.yaml'],
      workspace({ 'alarm-rules.yaml': goodAlarms }),
    )
    expect(result.code).toBe(1)
    expect(result.stdout).toContain(
      "RW093  Not a Routewright file: name strategies *.strategy.yaml, directories *.directory.yaml, tests *.test.yaml and serve's alarm rules alarms.yaml",
    )
  })
})
