import { supportStrategy } from '@routewright/node-support/testing'
import { describe, expect, it } from 'vitest'
import { directory, examplesDir, routewright, workspace } from './helpers.ts'
import { routewrightInProcess } from './in-process.ts'

const helpDesk = supportStrategy('help-desk', { lines: ['treatments: [{ music: music/hold }]'] })

const tests = (expectedAgent: string) => `tests: help-desk
format: 1
directory: ../env/test.directory.yaml
scenarios:
  - name: the agent idle longest answers
    agents: { ann: { state: ready, since: 2m }, bob: { state: ready, since: 10s } }
    expect: { outcome: routed, agent: ${expectedAgent}, path: [queue] }
  - name: nobody within 30 seconds takes the default route
    agents: { ann: busy }
    expect: { outcome: default-route, path: [queue, done], treatments: [music music/hold] }
`

describe('routewright test', () => {
  it('runs the scenarios of every test file found and exits 0 when all pass', async () => {
    const cwd = workspace({
      'flows/help-desk.strategy.yaml': helpDesk,
      'flows/help-desk.test.yaml': tests('ann'),
      'env/test.directory.yaml': directory,
    })
    const result = await routewright(['test'], cwd)
    expect(result.stdout).toBe(
      [
        'flows/help-desk.test.yaml › help-desk',
        '  ✓ the agent idle longest answers',
        '  ✓ nobody within 30 seconds takes the default route',
        '',
        '2 passed, 0 failed',
        '',
      ].join('\n'),
    )
    expect(result.code).toBe(0)
  })

  it("shows validate's warnings above a failing scenario: a misspelt data key (RW465) is why it failed", async () => {
    const bySegment = `strategy: seg
format: 1
inputs:
  segment: { type: string, default: standard }
start: by
nodes:
  by:
    type: switch
    cases:
      - when: data.segment == "vip"
        next: vip
    default: std
  vip: { type: end, outcome: reject }
  std: { type: end, outcome: default-route }
`
    const segTests = (key: string) => `tests: seg
format: 1
directory: ../env/test.directory.yaml
scenarios:
  - name: vip is refused
    interaction: { data: { ${key}: vip } }
    expect: { outcome: reject }
`
    const cwd = workspace({
      'flows/seg.strategy.yaml': bySegment,
      'flows/seg.test.yaml': segTests('segmnt'),
      'env/test.directory.yaml': directory,
    })
    const result = await routewrightInProcess(['test'], cwd)
    expect(result.code).toBe(1)
    expect(result.stdout).toContain(
      [
        'flows/seg.test.yaml › seg',
        '  ! validate warns (a failure below may come from it):',
        '      flows/seg.test.yaml:6:28  warning  RW465  The strategy declares no input "segmnt". Did you mean "segment"? The strategy cannot read it.',
        '  ✗ vip is refused',
      ].join('\n'),
    )
    // a run that passes says nothing of them
    const passing = workspace({
      'flows/seg.strategy.yaml': bySegment,
      'flows/seg.test.yaml': segTests('segment'),
      'env/test.directory.yaml': directory,
    })
    const passed = await routewrightInProcess(['test'], passing)
    expect([passed.code, passed.stdout]).toEqual([0, expect.not.stringContaining('validate warns')])
  })

  it('runs the test files that test a strategy named alone, found by their tests: under the workspace', async () => {
    const cwd = workspace({
      'flows/help-desk.strategy.yaml': helpDesk,
      // another folder: found by the id its tests: names, not by being beside the strategy
      'checks/help-desk.test.yaml': tests('ann'),
      'checks/other.test.yaml': tests('ann').replace('tests: help-desk', 'tests: other'),
      'env/test.directory.yaml': directory,
    })
    const result = await routewrightInProcess(['test', 'flows/help-desk.strategy.yaml'], cwd)
    expect([result.code, result.stderr, result.stdout]).toEqual([
      0,
      '',
      [
        'checks/help-desk.test.yaml › help-desk',
        '  ✓ the agent idle longest answers',
        '  ✓ nobody within 30 seconds takes the default route',
        '',
        '2 passed, 0 failed',
        '',
      ].join('\n'),
    ])
  })

  it('says a strategy named alone that no test file tests has none, exit 0 as a folder with no tests', async () => {
    const cwd = workspace({
      'flows/help-desk.strategy.yaml': helpDesk,
      'flows/other.test.yaml': tests('ann').replace('tests: help-desk', 'tests: other'),
      'env/test.directory.yaml': directory,
    })
    const result = await routewrightInProcess(['test', 'flows/help-desk.strategy.yaml'], cwd)
    expect([result.code, result.stderr, result.stdout]).toEqual([
      0,
      'note: no *.test.yaml file tests strategy "help-desk" (flows/help-desk.strategy.yaml): none under . names it in "tests:"\n',
      '0 passed, 0 failed\n',
    ])
  })

  it('reports the test files under the workspace that do not parse for a strategy named alone, exit 1', async () => {
    const cwd = workspace({
      'flows/help-desk.strategy.yaml': helpDesk,
      'checks/help-desk.test.yaml': tests('ann'),
      // the schema refuses it, its tests: says it is this strategy's
      'checks/typo.test.yaml': tests('ann').replace('expect: { outcome: routed', 'expekt: { outcome: routed'),
      // not YAML: which strategy it tests cannot be told
      'checks/broken.test.yaml': 'tests: help-desk\nscenarios: [\n',
      // another strategy's broken test is no concern of this run
      'checks/other.test.yaml': tests('ann')
        .replace('tests: help-desk', 'tests: other')
        .replace('expect:', 'expekt:'),
      'env/test.directory.yaml': directory,
    })
    const result = await routewrightInProcess(['test', 'flows/help-desk.strategy.yaml'], cwd)
    expect([result.code, result.stderr]).toEqual([1, ''])
    // each with file:line:col and the parse error; the summary says the run was incomplete
    expect(result.stdout).toContain(
      'checks/broken.test.yaml\n  ✗ the test file does not parse\n    checks/broken.test.yaml:2:12  error  RW001  YAML syntax error: this "[" is not closed before line 3.',
    )
    expect(result.stdout).toContain(
      '    checks/typo.test.yaml:7:5  error  RW022  Unknown field "expekt" in scenarios[0]. Did you mean "expect"?\n',
    )
    expect(result.stdout).toContain('checks/help-desk.test.yaml › help-desk\n')
    expect(result.stdout).not.toContain('other.test.yaml')
    expect(result.stdout).toMatch(/\n2 passed, 0 failed, 2 test files could not run\n$/)
  })

  it('says so when the only test file that might test a strategy named alone does not parse', async () => {
    const cwd = workspace({
      'flows/help-desk.strategy.yaml': helpDesk,
      'checks/broken.test.yaml': 'tests: help-desk\nscenarios: [\n',
      'env/test.directory.yaml': directory,
    })
    const result = await routewrightInProcess(['test', 'flows/help-desk.strategy.yaml'], cwd)
    expect(result.code).toBe(1)
    expect(result.stderr).toBe(
      'note: no *.test.yaml file tests strategy "help-desk" (flows/help-desk.strategy.yaml): none under . names it in "tests:" (1 that could not be read is reported below)\n',
    )
    expect(result.stdout).toContain('checks/broken.test.yaml:2:12  error  RW001')
    expect(result.stdout).toMatch(/\n0 passed, 0 failed, 1 test file could not run\n$/)
  })

  it('fails when a strategy named alone does not parse, with its errors (it passed as "no test files found")', async () => {
    const cwd = workspace({
      'flows/help-desk.strategy.yaml': helpDesk.replace('type: target', 'type: targte'),
      'flows/help-desk.test.yaml': tests('ann'),
      'env/test.directory.yaml': directory,
    })
    const result = await routewrightInProcess(['test', 'flows/help-desk.strategy.yaml'], cwd)
    expect([result.code, result.stderr]).toEqual([1, ''])
    expect(result.stdout).toContain(
      [
        'flows/help-desk.strategy.yaml',
        '  ✗ the strategy does not parse, so none of its tests can run; fix it first',
        '    flows/help-desk.strategy.yaml:6:11  error  RW023  Unknown node type "targte". Did you mean "target"?',
      ].join('\n'),
    )
    // the item is a strategy, not a test file: the summary says which could not run
    expect(result.stdout).toMatch(
      /\n0 passed, 0 failed, 1 strategy does not parse \(its tests did not run\)\n$/,
    )
  })

  it('tests the strategy file named, not a copy with the same id that a folder walk finds first', async () => {
    const cwd = workspace({
      // the copy sorts first by path; the file named changed the hold music, which the test expects
      'flows/archive/help-desk.strategy.yaml': helpDesk,
      'flows/help-desk.strategy.yaml': helpDesk.replace('music/hold', 'music/jazz'),
      'flows/help-desk.test.yaml': tests('ann'),
      'env/test.directory.yaml': directory,
    })
    const result = await routewrightInProcess(['test', 'flows/help-desk.strategy.yaml'], cwd)
    expect(result.code).toBe(1)
    expect(result.stdout).toContain('  ✗ nobody within 30 seconds takes the default route\n')
    expect(result.stdout).toMatch(/\n1 passed, 1 failed\n$/)
  })

  it('shows invisible characters of scenario names as escapes: names that read alike are seen to differ', async () => {
    const cwd = workspace({
      'flows/help-desk.strategy.yaml': helpDesk,
      'flows/help-desk.test.yaml': tests('ann')
        .replace('name: the agent idle longest answers', 'name: "the agent\\u200b answers"')
        .replace(
          'name: nobody within 30 seconds takes the default route',
          'name: "the \\u202eagent answers"',
        ),
      'env/test.directory.yaml': directory,
    })
    const result = await routewrightInProcess(['test'], cwd)
    expect([result.code, result.stdout]).toEqual([
      0,
      [
        'flows/help-desk.test.yaml › help-desk',
        '  ✓ the agent\\u200B answers',
        '  ✓ the \\u202Eagent answers',
        '',
        '2 passed, 0 failed',
        '',
      ].join('\n'),
    ])
  })

  it('[RW471] refuses a test file with two scenarios of one name instead of running both', async () => {
    const cwd = workspace({
      'flows/help-desk.strategy.yaml': helpDesk,
      'flows/help-desk.test.yaml': tests('ann').replace(
        'name: nobody within 30 seconds takes the default route',
        'name: the agent idle longest answers',
      ),
      'env/test.directory.yaml': directory,
    })
    const result = await routewrightInProcess(['test'], cwd)
    expect([result.code, result.stdout]).toEqual([
      1,
      [
        'flows/help-desk.test.yaml',
        '  ✗ two scenarios have the same name; give each its own',
        '    flows/help-desk.test.yaml:8:11  error  RW471  Scenario 2 has the name "the agent idle longest answers" of scenario 1: --filter, JUnit reports and the designer\'s test results cannot tell them apart. Give it a name of its own, e.g. "the agent idle longest answers (2)".',
        '        8 |   - name: the agent idle longest answers',
        '          |           ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^',
        '',
        '0 passed, 0 failed, 1 test file could not run',
        '',
      ].join('\n'),
    ])
  })

  it('prints what differs on failure and exits 1', async () => {
    const cwd = workspace({
      'flows/help-desk.strategy.yaml': helpDesk,
      'flows/help-desk.test.yaml': tests('bob'),
      'env/test.directory.yaml': directory,
    })
    const result = await routewright(['test', 'flows'], cwd)
    expect(result.code).toBe(1)
    // the failure says where the expectation that failed is written (`agent: bob`), as validate places its findings
    expect(result.stdout).toContain(
      '  ✗ the agent idle longest answers\n      at flows/help-desk.test.yaml:7:39\n',
    )
    expect(result.stdout).toMatch(/ {6}.*"bob".*"ann"/)
    expect(result.stdout).toContain('      outcome "routed", agent ann')
    expect(result.stdout).toMatch(/1 passed, 1 failed\n$/)
  })

  it('refuses a --filter that matches no scenario (it ran nothing and passed CI as "0 passed, 0 failed")', async () => {
    const cwd = workspace({
      'flows/help-desk.strategy.yaml': helpDesk,
      'flows/help-desk.test.yaml': tests('ann'),
      'env/test.directory.yaml': directory,
    })
    const missed = await routewrightInProcess(['test', '--filter', 'idel', '--format', 'junit'], cwd)
    expect([missed.code, missed.stdout, missed.stderr]).toEqual([
      2,
      '',
      'error: --filter "idel" matches no scenario (looked in 1 test file)\n' +
        'hint: The filter keeps the scenarios whose name holds the text, in any case: check its spelling, or run without --filter to list them all\n',
    ])
    const matched = await routewrightInProcess(['test', '--filter', 'IDLE'], cwd)
    expect([matched.code, matched.stdout]).toEqual([0, expect.stringMatching(/1 passed, 0 failed\n$/)])
  })

  it('says which strategy is missing when no file has the tested id', async () => {
    const cwd = workspace({
      'flows/help-desk.test.yaml': tests('ann'),
      'env/test.directory.yaml': directory,
    })
    const result = await routewright(['test'], cwd)
    expect(result.code).toBe(1)
    expect(result.stdout).toContain('no strategy with id "help-desk"')
    expect(result.stdout).toMatch(/0 passed, 0 failed, 1 test file could not run\n$/)
  })

  it('refuses to run a strategy that has errors, and shows them', async () => {
    const cwd = workspace({
      'flows/help-desk.strategy.yaml': helpDesk.replace('next: { timeout: done', 'next: { timeout: dne'),
      'flows/help-desk.test.yaml': tests('ann'),
      'env/test.directory.yaml': directory,
    })
    const result = await routewright(['test'], cwd)
    expect(result.code).toBe(1)
    expect(result.stdout).toContain(
      'strategy "help-desk" (flows/help-desk.strategy.yaml) has errors; fix them first',
    )
    expect(result.stdout).toMatch(/flows\/help-desk\.strategy\.yaml:10:22 {2}error {2}RW102/)
  })

  it('junit places a strategy error at the strategy file, as pretty does, not at the test file', async () => {
    const cwd = workspace({
      'flows/help-desk.strategy.yaml': helpDesk.replace('next: { timeout: done', 'next: { timeout: dne'),
      'flows/help-desk.test.yaml': tests('ann'),
      'env/test.directory.yaml': directory,
    })
    const result = await routewrightInProcess(['test', '--format', 'junit'], cwd)
    expect(result.code).toBe(1)
    expect(result.stdout).toMatch(/>flows\/help-desk\.strategy\.yaml:10:22 RW102 /)
  })

  it('passes every example test', async () => {
    const result = await routewright(['test', examplesDir], workspace())
    expect(result.stdout).toMatch(/\n\d+ passed, 0 failed\n$/)
    expect(result.code).toBe(0)
  })
})
