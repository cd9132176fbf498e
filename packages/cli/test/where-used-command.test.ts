import { describe, expect, it } from 'vitest'
import { directory, examplesDir, strategy, workspace } from './helpers.ts'
import { routewrightInProcess } from './in-process.ts'

describe('routewright where-used', () => {
  it('is listed by --help', async () => {
    const result = await routewrightInProcess(['--help'], workspace())
    expect(result.stdout).toMatch(/^ {2}where-used +List every place/m)
  })

  it('lists each use of a group with file:line:col, node, field and use', async () => {
    const result = await routewrightInProcess(
      ['where-used', 'support_fr', '--kind', 'group', '--workspace', examplesDir],
      workspace(),
    )
    expect(result.code).toBe(0)
    expect(result.stderr).toBe('')
    const shown = (file: string) => `${examplesDir.replace(/\\/g, '/')}/${file}`
    expect(result.stdout).toContain(
      `support_fr group declared at ${shown('contact-center.directory.yaml')}:25:3`,
    )
    expect(result.stdout).toContain('6 uses of "support_fr" (group):')
    expect(result.stdout).toMatch(
      /inbound-call\.strategy\.yaml:35:18 +group +inbound-call\/support +targets\[1\]\.group +target\n/,
    )
    expect(result.stdout).toMatch(
      /contact-center\.directory\.yaml:85:14 +group +- +agents\.gabrielle\.groups\[0\] +member gabrielle\n/,
    )
  })

  it("lists a destination's route nodes and the tests that expect a route to it", async () => {
    const result = await routewrightInProcess(
      ['where-used', 'overflow_partner', '--kind', 'destination', '--workspace', examplesDir],
      workspace(),
    )
    expect(result.code).toBe(0)
    expect(result.stdout).toContain('4 uses of "overflow_partner" (destination):')
    expect(result.stdout).toMatch(
      /site-overflow\.test\.yaml:58:20 +destination +site-overflow +scenarios\[3\]\.expect\.destination +test expects\n/,
    )
  })

  it('gives the uses as JSON, paths relative to the working folder', async () => {
    const result = await routewrightInProcess(
      ['where-used', 'identify-caller', '--format', 'json'],
      examplesDir,
    )
    expect(result.code).toBe(0)
    const report = JSON.parse(result.stdout)
    expect(
      report.uses.map(
        (u: { file: string; line: number; node: string; use: string }) =>
          `${u.file}:${u.line} ${u.node} ${u.use}`,
      ),
    ).toEqual([
      'callback-offer.strategy.yaml:22 identify calls',
      'identify-caller.test.yaml:4 undefined tested',
      'vip-routing.strategy.yaml:41 identify calls',
    ])
    expect(report.declarations).toHaveLength(1)
  })

  it('says an unknown name is not there, with the closest name, and exits 1', async () => {
    const result = await routewrightInProcess(['where-used', 'suport_fr'], examplesDir)
    expect(result).toEqual({
      code: 1,
      stdout: 'Nothing in the workspace is named "suport_fr". Did you mean "support_fr"?\n',
      stderr: '',
    })
  })

  it('points a bare node id at the node it names, and a misspelt one under --kind node at the closest', async () => {
    expect(await routewrightInProcess(['where-used', 'vip_desk'], examplesDir)).toEqual({
      code: 1,
      stdout: 'Nothing in the workspace is named "vip_desk". Did you mean "vip-routing#vip_desk"?\n',
      stderr: '',
    })
    const misspelt = await routewrightInProcess(['where-used', 'vip_dsk', '--kind', 'node'], examplesDir)
    expect(misspelt.stdout).toBe(
      'Nothing in the workspace is named "vip_dsk" (node). Did you mean "vip_desk"?\n',
    )
  })

  it('refuses a --workspace that is missing or a file (exit 2), instead of finding nothing there', async () => {
    const cwd = workspace({ 'env.directory.yaml': directory })
    expect(await routewrightInProcess(['where-used', 'support', '--workspace', 'flows'], cwd)).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'error: --workspace flows: no such folder\nhint: Give the folder that holds the strategies and directory files (relative to the current folder)\n',
    })
    const file = await routewrightInProcess(
      ['where-used', 'support', '--workspace', 'env.directory.yaml'],
      cwd,
    )
    expect(file.code).toBe(2)
    expect(file.stderr).toMatch(/^error: --workspace env.directory.yaml is a file, not a folder\n/)
  })

  it('leaves out a file that does not parse and says so on stderr', async () => {
    const cwd = workspace({
      'good.strategy.yaml': strategy('good'),
      'broken.strategy.yaml': 'strategy: broken\nformat: 1\nnodes: [',
    })
    const result = await routewrightInProcess(['where-used', 'support'], cwd)
    expect(result.stderr).toBe(
      'broken.strategy.yaml: skipped, it does not parse (run routewright validate)\n',
    )
    expect(result.stdout).toMatch(
      /good\.strategy\.yaml:\d+:\d+ +group +good\/\S+ +targets\[0\]\.group +target/,
    )
    expect(result.code).toBe(0)
  })

  it('lists a variable read twice in one expression twice, each at its own line:col', async () => {
    const twice = [
      'strategy: twice',
      'format: 1',
      'variables:',
      '  tier: { type: string, default: unknown }',
      'start: pick',
      'nodes:',
      '  pick:',
      '    type: switch',
      `    cases: [{ when: 'tier == "gold" || tier == "silver"', next: done }]`,
      '    default: done',
      '  done: { type: end, outcome: default-route }',
      '',
    ].join('\n')
    const cwd = workspace({ 'twice.strategy.yaml': strategy('twice', twice) })
    const result = await routewrightInProcess(['where-used', 'tier', '--kind', 'variable'], cwd)
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    expect(result.stdout).toContain('2 uses of "tier" (variable):')
    const places = [
      ...result.stdout.matchAll(/twice\.strategy\.yaml:(\d+:\d+) +variable +twice\/pick +\S+ +reads/g),
    ]
    expect(places.map((m) => m[1])).toEqual(['9:22', '9:40'])
  })

  it('refuses a missing name and an unknown kind as usage errors', async () => {
    const cwd = workspace()
    expect((await routewrightInProcess(['where-used'], cwd)).code).toBe(2)
    const wrongKind = await routewrightInProcess(['where-used', 'x', '--kind', 'team'], cwd)
    expect(wrongKind.code).toBe(2)
  })

  describe('a workspace with tests, alarms and two directories', () => {
    const files = () =>
      workspace({
        'desk.strategy.yaml': strategy('desk'),
        'desk.test.yaml': [
          'tests: desk',
          'format: 1',
          'scenarios:',
          '  - name: ann answers',
          '    agents: { ann: ready }',
          '    stats: { "group:support": { ExpectedWaitTime: 30 } }',
          '    expect: { outcome: routed, target: group:support, path: [queue] }',
          '',
        ].join('\n'),
        'alarms.yaml': [
          'alarms: desk',
          'format: 1',
          'rules:',
          '  support-waiting:',
          '    figure: waiting',
          '    queue: group:support',
          '    above: 5',
          '',
        ].join('\n'),
        'prod.directory.yaml': directory,
        'staging.directory.yaml': directory.replace('directory: test-env', 'directory: staging'),
      })

    it('lists the alarm and the test that name a group, at the name itself, and every directory', async () => {
      const result = await routewrightInProcess(['where-used', 'support', '--kind', 'group'], files())
      expect(result.stderr).toBe('')
      expect(result.code).toBe(0)
      // `queue: group:support` on line 6: the name starts after `group:`, at column 18, not 11
      expect(result.stdout).toMatch(
        /alarms\.yaml:6:18 +group +- +rules\.support-waiting\.queue +alarm support-waiting\n/,
      )
      expect(result.stdout).toMatch(
        /desk\.test\.yaml:7:46 +group +desk +scenarios\[0\]\.expect\.target +test expects\n/,
      )
      // the key "group:support" is quoted: the name starts after `"group:`
      expect(result.stdout).toMatch(
        /desk\.test\.yaml:6:21 +group +desk +scenarios\[0\]\.stats\["group:support"\] +test statistics\n/,
      )
      expect(result.stdout).toContain('support group declared at prod.directory.yaml:')
      expect(result.stdout).toContain('support group declared at staging.directory.yaml:')
      expect(result.stdout).toMatch(
        /staging\.directory\.yaml:\d+:\d+ +group +- +agents\.ann\.groups\[0\] +member ann/,
      )
    })

    it('lists a node given as <strategy>#<node>: the start, the edges and the tests that expect it', async () => {
      const cwd = files()
      const result = await routewrightInProcess(['where-used', 'desk#queue', '--format', 'json'], cwd)
      expect(result.code).toBe(0)
      const report = JSON.parse(result.stdout)
      expect(report.kind).toBe('node')
      expect(
        report.uses.map(
          (u: { file: string; line: number; column: number; use: string }) =>
            `${u.file}:${u.line}:${u.column} ${u.use}`,
        ),
      ).toEqual(['desk.strategy.yaml:3:8 start', 'desk.test.yaml:7:62 test expects path'])
      expect(report.declarations.map((u: { line: number }) => u.line)).toEqual([5])
      const done = await routewrightInProcess(['where-used', 'done', '--kind', 'node'], cwd)
      expect(done.stdout).toContain('2 uses of "done" (node):')
      expect(done.stdout).toMatch(/desk\.strategy\.yaml:9:22 +node +desk\/queue +next\.timeout +next timeout/)
    })
  })
})
