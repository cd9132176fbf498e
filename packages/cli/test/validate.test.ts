import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { directory, examplesDir, routewright, strategy, workspace } from './helpers.ts'
import { routewrightInProcess } from './in-process.ts'

/** Strategy `caller`, whose node `call` calls `callee` on line 7, column 11 (then `inputs` on a line of its own). */
function callerOf(callee: string, inputs?: string): string {
  return `strategy: caller
format: 1
start: call
nodes:
  call:
    type: subroutine
    call: ${callee}
${inputs === undefined ? '' : `    ${inputs}\n`}    next: { done: done, error: done }
  done: { type: end, outcome: default-route }
`
}

const unknownTarget = `strategy: broken
format: 1
start: first
nodes:
  first:
    type: switch
    cases:
      - { when: 'ani == "1"', next: secnd }
    default: second
  second:
    type: end
    outcome: default-route
`

// the first two spawn the binary (its exit codes 0 and 1, its stdout), as does the worker-thread run (a thread
// started inside vitest inherits its source conditions); the rest run in this process (the built bundle's runCli)
describe('routewright validate', () => {
  it('exits 0 and says so when every file is clean', async () => {
    const cwd = workspace({ 'a.strategy.yaml': strategy('a'), 'env.directory.yaml': directory })
    const result = await routewright(['validate'], cwd)
    expect(result.stderr).toBe('')
    expect(result.stdout).toBe('✓ 2 files checked, no problems\n')
    expect(result.code).toBe(0)
  })

  it.each([
    [
      ['validate', 'flows'],
      'flows',
      'validate',
      '*.strategy.yaml, *.directory.yaml, *.test.yaml and alarms.yaml',
    ],
    [['test', 'flows'], 'flows', 'test', '*.test.yaml and *.strategy.yaml'],
    [['fmt', '--check', 'flows'], 'flows', 'fmt', '*.strategy.yaml, *.directory.yaml and *.test.yaml'],
    [
      ['where-used', 'support', '--workspace', 'flows'],
      'flows',
      'where-used',
      '*.strategy.yaml, *.directory.yaml, *.test.yaml and alarms.yaml',
    ],
    [
      ['validate'],
      'The current folder',
      'validate',
      '*.strategy.yaml, *.directory.yaml, *.test.yaml and alarms.yaml',
    ],
  ])(
    '%j: a folder that holds none of the files the command reads is a usage error saying where it looked (exit 2)',
    async (args, shown, command, reads) => {
      // validate said "No files checked", test "0 passed", fmt "0 of 0" (exit 0), where-used "Nothing is named" (1)
      const cwd = workspace({ 'flows/notes.txt': 'not a strategy\n' })
      const inCwd = args.includes('flows') ? cwd : path.join(cwd, 'flows')
      const looked = args.includes('flows') ? path.join(cwd, 'flows') : inCwd
      expect(await routewrightInProcess(args, inCwd)).toEqual({
        code: 2,
        stdout: '',
        stderr: `error: ${shown} holds none of the files ${command} reads (looked in ${looked} and the folders under it)\nhint: ${command} reads ${reads} files: name a folder that holds them, or the files themselves\n`,
      })
    },
  )

  it.each([
    ['validate', '*.strategy.yaml, *.directory.yaml, *.test.yaml and alarms.yaml'],
    ['fmt', '*.strategy.yaml, *.directory.yaml and *.test.yaml'],
    ['test', '*.test.yaml and *.strategy.yaml'],
  ])(
    '%s: a folder named like a file that holds none is a usage error saying what it reads (exit 2)',
    async (command, reads) => {
      // it was walked as a folder: "No files checked" and "0 of 0", exit 0
      const cwd = workspace({ 'x.strategy.yaml/notes.txt': 'not a strategy\n' })
      expect(await routewrightInProcess([command, 'x.strategy.yaml/'], cwd)).toEqual({
        code: 2,
        stdout: '',
        stderr: `error: x.strategy.yaml/ is a folder, not a file, and holds none of the files ${command} reads\nhint: ${command} reads ${reads} files: name one, or a folder that holds them\n`,
      })
    },
  )

  it('checks the names of a strategy given alone against the directory nearest it, up to the working folder', async () => {
    const misspelt = strategy('a').replace('group: support', 'group: suport')
    const cwd = workspace({ 'flows/a.strategy.yaml': misspelt, 'env.directory.yaml': directory })
    const alone = await routewrightInProcess(['validate', 'flows/a.strategy.yaml'], cwd)
    expect(alone.code).toBe(1)
    expect(alone.stdout).toMatch(
      /flows\/a\.strategy\.yaml:\d+:\d+ {2}error {2}RW310 {2}The directory has no group "suport"\. Did you mean "support"\?/,
    )
    expect(alone.stdout).toMatch(/\(1 file checked and the directory env\.directory\.yaml\)\n$/)
    // one in the strategy's own folder is nearer than the one above it
    const nearer = workspace({
      'flows/a.strategy.yaml': misspelt,
      'flows/sales.directory.yaml': directory
        .replace('support:', 'suport:')
        .replace(/\[support\]/g, '[suport]'),
      'env.directory.yaml': directory,
    })
    const clean = await routewrightInProcess(['validate', 'flows/a.strategy.yaml'], nearer)
    expect([clean.code, clean.stdout]).toEqual([
      0,
      '✓ 1 file checked and the directory flows/sales.directory.yaml, no problems\n',
    ])
    // the working folder bounds the search: from inside flows/ the one above is not the workspace's
    const inside = await routewrightInProcess(['validate', 'a.strategy.yaml'], path.join(cwd, 'flows'))
    expect([inside.code, inside.stdout]).toEqual([0, '✓ 1 file checked, no problems\n'])
    expect(inside.stderr).toBe(
      'note: No directory file among the inputs, beside a.strategy.yaml or above it: group, skill, queue and calendar names are not checked; give --directory <file>.directory.yaml\n',
    )
    const two = workspace({
      'a.strategy.yaml': misspelt,
      'x.directory.yaml': directory,
      'y.directory.yaml': directory,
    })
    const several = await routewrightInProcess(['validate', 'a.strategy.yaml'], two)
    expect(several.stderr).toBe(
      'note: 2 directory files beside a.strategy.yaml (x.directory.yaml, y.directory.yaml): group, skill, queue and calendar names are not checked; give --directory <file>.directory.yaml\n',
    )
  })

  it('counts the --directory file from outside the paths given apart from the files checked', async () => {
    const cwd = workspace({ 'flows/a.strategy.yaml': strategy('a'), 'env.directory.yaml': directory })
    const result = await routewrightInProcess(['validate', 'flows', '--directory', 'env.directory.yaml'], cwd)
    expect([result.code, result.stdout]).toEqual([
      0,
      '✓ 1 file checked and the directory env.directory.yaml, no problems\n',
    ])
    const json = await routewrightInProcess(
      ['validate', 'flows', '--directory', 'env.directory.yaml', '--format', 'json'],
      cwd,
    )
    expect(JSON.parse(json.stdout).summary).toEqual({
      files: 2,
      checked: 1,
      skipped: 0,
      errors: 0,
      warnings: 0,
    })
    // named among the paths, it is one of the files checked
    const both = await routewrightInProcess(
      ['validate', 'flows', 'env.directory.yaml', '--directory', 'env.directory.yaml'],
      cwd,
    )
    expect(both.stdout).toBe('✓ 2 files checked, no problems\n')
  })

  it('exits 1 and prints file:line:col, severity, code, message and the line with a caret', async () => {
    const cwd = workspace({ 'flows/broken.strategy.yaml': unknownTarget })
    const result = await routewright(['validate', 'flows'], cwd)
    expect(result.code).toBe(1)
    const lines = result.stdout.split('\n')
    expect(lines[0]).toBe('flows/broken.strategy.yaml')
    expect(lines[1]).toMatch(/^flows\/broken\.strategy\.yaml:8:37 {2}error {2}RW\d{3} {2}.*"secnd".*"second"/)
    expect(lines[2]).toBe('    8 |       - { when: \'ani == "1"\', next: secnd }')
    expect(lines[3]).toBe(`      | ${' '.repeat(36)}^^^^^`)
    expect(lines.at(-2)).toMatch(
      /^✗ 1 error, \d+ warnings? in 1 file \(1 file checked\)$|^✗ 1 error, 0 warnings in 1 file/,
    )
  })

  it('places the caret in terminal columns after wide (CJK) characters on the line', async () => {
    const cwd = workspace({ 'broken.strategy.yaml': unknownTarget.replace('"1"', '"山田"') })
    const result = await routewrightInProcess(['validate', 'broken.strategy.yaml'], cwd)
    const lines = result.stdout.split('\n')
    // 37 characters before "secnd", two of them 2 columns wide
    expect(lines.slice(2, 4)).toEqual([
      '    8 |       - { when: \'ani == "山田"\', next: secnd }',
      `      | ${' '.repeat(39)}^^^^^`,
    ])
  })

  it('shows the fix of a misspelt name under its quoted line, as a user acts on it', async () => {
    const cwd = workspace({ 'broken.strategy.yaml': unknownTarget })
    const result = await routewrightInProcess(['validate', 'broken.strategy.yaml'], cwd)
    const lines = result.stdout.split('\n')
    expect(lines.slice(2, 5)).toEqual([
      '    8 |       - { when: \'ani == "1"\', next: secnd }',
      `      | ${' '.repeat(36)}^^^^^`,
      '      = fix: Change "secnd" to "second"',
    ])
    expect(lines.filter((line) => line.includes('fix:'))).toHaveLength(1)
  })

  it('prints machine-readable JSON with --format json', async () => {
    const cwd = workspace({ 'broken.strategy.yaml': unknownTarget, 'ok.strategy.yaml': strategy('ok') })
    const result = await routewrightInProcess(['validate', '.', '--format', 'json'], cwd)
    expect(result.code).toBe(1)
    const report = JSON.parse(result.stdout)
    expect(report.summary).toMatchObject({ files: 2, errors: 1 })
    const broken = report.files.find((f: { file: string }) => f.file === 'broken.strategy.yaml')
    expect(broken.kind).toBe('strategy')
    expect(broken.diagnostics[0]).toMatchObject({
      severity: 'error',
      file: 'broken.strategy.yaml',
      path: ['nodes', 'first', 'cases', 0, 'next'],
      range: { start: { line: 8, column: 37 } },
    })
  })

  it('prints GitHub workflow annotations with --format github', async () => {
    const cwd = workspace({ 'broken.strategy.yaml': unknownTarget })
    const result = await routewrightInProcess(['validate', '--format=github'], cwd)
    expect(result.code).toBe(1)
    expect(result.stdout.split('\n')[0]).toMatch(
      /^::error file=broken\.strategy\.yaml,line=8,col=37,endLine=8,endColumn=42,title=RW\d{3}::RW\d{3} Node .*secnd/,
    )
  })

  it('passes with warnings, fails on them with --strict', async () => {
    const withWarning = `strategy: warn
format: 1
variables:
  unused: { type: int, default: 0 }
start: done
nodes:
  done: { type: end, outcome: default-route }
`
    const cwd = workspace({ 'warn.strategy.yaml': withWarning })
    const relaxed = await routewrightInProcess(['validate'], cwd)
    expect(relaxed.stdout).toMatch(/warning {2}RW\d{3} {2}.*unused/)
    expect(relaxed.code).toBe(0)
    const strict = await routewrightInProcess(['validate', '--strict'], cwd)
    expect(strict.code).toBe(1)
  })

  it('resolves subroutine calls across the files given, and reports a missing one', async () => {
    const caller = (callee: string) => callerOf(callee)
    const callee = `strategy: callee
format: 1
start: done
nodes:
  done: { type: end, outcome: return }
`
    const good = workspace({ 'caller.strategy.yaml': caller('callee'), 'lib/callee.strategy.yaml': callee })
    expect((await routewrightInProcess(['validate', 'caller.strategy.yaml', 'lib'], good)).code).toBe(0)
    const bad = workspace({ 'caller.strategy.yaml': caller('calee'), 'lib/callee.strategy.yaml': callee })
    const result = await routewrightInProcess(['validate'], bad)
    expect(result.code).toBe(1)
    expect(result.stdout).toMatch(/caller\.strategy\.yaml:7:11 {2}error {2}RW3\d\d {2}.*"calee"/)
  })

  it("resolves a call from the caller's folder tree when only the caller is given, without reporting the callee", async () => {
    const caller = (callee: string) => callerOf(callee, `inputs: { tier: '"gold"' }`)
    // the callee has a finding of its own (an unreachable node): it is not the caller's, so it is not listed
    const callee = `strategy: callee
format: 1
inputs:
  tier: { type: string, required: true }
start: done
nodes:
  done: { type: end, outcome: return }
  orphan: { type: end, outcome: return }
`
    const cwd = workspace({
      'flows/caller.strategy.yaml': caller('callee'),
      'flows/lib/callee.strategy.yaml': callee,
    })
    const clean = await routewrightInProcess(
      ['validate', 'flows/caller.strategy.yaml', '--format', 'json'],
      cwd,
    )
    // no directory here: the note says which names went unchecked, and nothing else is said
    expect(clean.stderr).toMatch(
      /^note: No directory file among the inputs, beside flows\/caller\.strategy\.yaml or above it: [^\n]+\n$/,
    )
    const report = JSON.parse(clean.stdout)
    expect(report.summary).toMatchObject({ files: 1, errors: 0, warnings: 0 })
    expect(report.files.map((f: { file: string }) => f.file)).toEqual(['flows/caller.strategy.yaml'])
    expect(clean.code).toBe(0)
    // the callee found there is checked against: an input it does not declare is still an error
    const wrongInput = workspace({
      'flows/caller.strategy.yaml': caller('callee').replace('tier:', 'tir:'),
      'flows/lib/callee.strategy.yaml': callee,
    })
    const checked = await routewrightInProcess(['validate', 'flows/caller.strategy.yaml'], wrongInput)
    expect(checked.code).toBe(1)
    expect(checked.stdout).toMatch(/error {2}RW303 {2}"callee" has no input "tir"/)
    // standard input stands in for the file named by --stdin-filename: its folder is searched
    const piped = await routewrightInProcess(
      ['validate', '-', '--stdin-filename', 'flows/caller.strategy.yaml'],
      cwd,
      caller('callee'),
    )
    expect(piped.stdout).toBe('✓ 1 file checked, no problems\n')
    expect(piped.code).toBe(0)
  })

  it('says where it looked for a call found nowhere, and names a callee beside it that could not be read', async () => {
    const caller = callerOf('callee')
    const missing = workspace({
      'flows/caller.strategy.yaml': caller,
      'other/callee.strategy.yaml': caller.replace('strategy: caller', 'strategy: callee'),
    })
    const result = await routewrightInProcess(['validate', 'flows/caller.strategy.yaml'], missing)
    expect(result.code).toBe(1)
    expect(result.stdout).toMatch(
      /caller\.strategy\.yaml:7:11 {2}error {2}RW301 {2}Node "call" calls strategy "callee", which is neither among the files given nor under flows\/ \(looked in both\); name its file too, or fix the id\./,
    )
    // a misspelt call whose strategy is found beside the caller: the hint names it
    const misspelt = workspace({
      'flows/caller.strategy.yaml': caller.replace('call: callee', 'call: calee'),
      'flows/lib/callee.strategy.yaml': caller.replace('strategy: caller', 'strategy: callee'),
    })
    const hinted = await routewrightInProcess(['validate', 'flows/caller.strategy.yaml'], misspelt)
    expect(hinted.code).toBe(1)
    expect(hinted.stdout).toContain(
      'strategy "calee", which is neither among the files given nor under flows/ (looked in both); name its file too, or fix the id. Did you mean "callee"?',
    )
    const broken = workspace({
      'flows/caller.strategy.yaml': caller,
      'flows/callee.strategy.yaml': 'strategy: callee\nformat: 1\nstart: done\nnodes: [unclosed\n',
    })
    const json = await routewrightInProcess(
      ['validate', 'flows/caller.strategy.yaml', '--format', 'json'],
      broken,
    )
    expect(json.code).toBe(1)
    const report = JSON.parse(json.stdout)
    expect(report.summary).toMatchObject({ files: 1, errors: 1 })
    expect(report.files).toHaveLength(1)
    expect(report.files[0].diagnostics).toHaveLength(1)
    expect(report.files[0].diagnostics[0]).toMatchObject({
      code: 'RW301',
      file: 'flows/caller.strategy.yaml',
      message: expect.stringMatching(
        /^Node "call" calls strategy "callee", but flows\/callee\.strategy\.yaml \(in flows\/\) could not be read \(1 error; validate that file to see them\), so the call is not checked\.$/,
      ),
    })
  })

  it('names a callee beside the caller that could not be read by its strategy: line, whatever its file name', async () => {
    const broken = workspace({
      'flows/caller.strategy.yaml': callerOf('callee'),
      'flows/other.strategy.yaml': 'strategy: "callee" # the id\nformat: 1\nstart: done\nnodes: [unclosed\n',
    })
    const result = await routewrightInProcess(['validate', 'flows/caller.strategy.yaml'], broken)
    expect(result.code).toBe(1)
    expect(result.stdout).toContain(
      'Node "call" calls strategy "callee", but flows/other.strategy.yaml (in flows/) could not be read (1 error; validate that file to see them), so the call is not checked.',
    )
  })

  it("resolves a handover (route to a strategy) from the caller's folder tree too, and says where it looked", async () => {
    const caller = `strategy: caller
format: 1
start: hand
nodes:
  hand: { type: route, strategy: takeover }
`
    const takeover = `strategy: takeover
format: 1
start: done
nodes:
  done: { type: end, outcome: default-route }
`
    const beside = workspace({
      'flows/caller.strategy.yaml': caller,
      'flows/takeover.strategy.yaml': takeover,
    })
    const clean = await routewrightInProcess(['validate', 'flows/caller.strategy.yaml'], beside)
    expect(clean.stdout).toBe('✓ 1 file checked, no problems\n')
    expect(clean.code).toBe(0)
    const elsewhere = workspace({
      'flows/caller.strategy.yaml': caller,
      'other/takeover.strategy.yaml': takeover,
    })
    const missing = await routewrightInProcess(['validate', 'flows/caller.strategy.yaml'], elsewhere)
    expect(missing.code).toBe(1)
    expect(missing.stdout).toMatch(
      /error {2}RW319 {2}Node "hand" hands over to strategy "takeover", which is neither among the files given nor under flows\/ \(looked in both\)/,
    )
  })

  it('checks group names against the directory given with --directory', async () => {
    const cwd = workspace({
      'a.strategy.yaml': strategy('a').replace('group: support', 'group: suport'),
      'env/one.directory.yaml': directory,
      'env/two.directory.yaml': directory.replace('test-env', 'other-env'),
    })
    const without = await routewrightInProcess(['validate', 'a.strategy.yaml'], cwd)
    expect(without.code).toBe(0)
    const result = await routewrightInProcess(
      ['validate', 'a.strategy.yaml', '--directory', 'env/one.directory.yaml'],
      cwd,
    )
    expect(result.code).toBe(1)
    expect(result.stdout).toMatch(/a\.strategy\.yaml:7:24 {2}error {2}RW3\d\d {2}.*"suport"/)
    const ambiguous = await routewrightInProcess(['validate'], cwd)
    expect(ambiguous.stderr).toMatch(/Found 2 directory files; pass --directory/)
  })

  it("[RW460] checks a test file's scenarios against the directory it names, also when that file is not given", async () => {
    const testFile = (agent: string) =>
      `tests: help-desk\nformat: 1\ndirectory: env.directory.yaml\nscenarios:\n  - name: routed\n    interaction: { media: voice }\n    agents: { ${agent}: ready }\n    expect: { outcome: routed }\n`
    const cwd = workspace({
      'help.strategy.yaml': strategy('help-desk'),
      'env.directory.yaml': directory,
      'help.test.yaml': testFile('annn'),
    })
    const result = await routewrightInProcess(['validate', 'help.test.yaml', 'help.strategy.yaml'], cwd)
    expect(result.code).toBe(1)
    expect(result.stdout).toContain(
      'help.test.yaml:7:15  error  RW460  The directory has no agent "annn". Did you mean "ann"?',
    )
    const clean = workspace({
      'help.strategy.yaml': strategy('help-desk'),
      'env.directory.yaml': 'directory: [broken\n',
      'help.test.yaml': testFile('ann'),
    })
    const unread = await routewrightInProcess(['validate', 'help.test.yaml', 'help.strategy.yaml'], clean)
    expect(unread.stderr).toContain(
      'note: The directory env.directory.yaml named by help.test.yaml cannot be read or has errors (validate it to see them): the agents, groups and statistics of its scenarios are not checked',
    )
  })

  it('[RW464] finds the strategy of a test given alone in its folder tree, as `routewright test` does', async () => {
    const testFile = (node: string) =>
      `tests: help-desk\nformat: 1\ndirectory: env.directory.yaml\nscenarios:\n  - name: routed\n    interaction: { media: voice }\n    agents: { ann: ready }\n    expect: { outcome: routed, path: [${node}] }\n`
    const cwd = workspace({
      'flows/desk/help.strategy.yaml': strategy('help-desk'),
      'flows/env.directory.yaml': directory,
      'flows/help.test.yaml': testFile('queue'),
      'flows/typo.test.yaml': testFile('queu'),
    })
    const alone = await routewrightInProcess(['validate', 'flows/help.test.yaml'], cwd)
    expect([alone.code, alone.stdout]).toEqual([0, expect.not.stringContaining('RW464')])
    // checked against the strategy found there: its node names resolve
    const typo = await routewrightInProcess(['validate', 'flows/typo.test.yaml'], cwd)
    expect(typo.code).toBe(1)
    expect(typo.stdout).toContain(
      'error  RW461  The expected path names node "queu", which strategy "help-desk" does not have. Did you mean "queue"?',
    )
    const elsewhere = workspace({
      'other/help.strategy.yaml': strategy('help-desk'),
      'flows/env.directory.yaml': directory,
      'flows/help.test.yaml': testFile('queue'),
    })
    const missing = await routewrightInProcess(['validate', 'flows/help.test.yaml'], elsewhere)
    expect(missing.code).toBe(1)
    expect(missing.stdout).toContain(
      'error  RW464  tests names strategy "help-desk", which is neither among the files given nor under flows/ (looked in both); name its *.strategy.yaml file too, or fix the id.',
    )
  })

  it('[RW464] says a strategy named by a test has errors, not that it is missing, when it does not parse', async () => {
    const testFile = `tests: help-desk\nformat: 1\nscenarios:\n  - name: routed\n    interaction: { media: voice }\n    expect: { outcome: routed }\n`
    const cwd = workspace({
      'flows/help.strategy.yaml': strategy('help-desk').replace(
        'format: 1',
        'format: 1\nselection: longest-idle',
      ),
      'flows/help.test.yaml': testFile,
    })
    const given = await routewrightInProcess(['validate', 'flows'], cwd)
    expect(given.code).toBe(1)
    // the strategy's other rules did not run: the note says so, as for a directory with errors
    expect(given.stderr).toContain(
      'note: flows/help.strategy.yaml has errors: its expressions, names and paths are not checked until these are fixed\n',
    )
    expect(given.stdout).toContain(
      'RW464  tests names strategy "help-desk" (flows/help.strategy.yaml), which has errors (1 error; reported there); fix them first, then the scenarios are checked against it.',
    )
    // found by the walk beside a test given alone: the same words, and where to see the errors
    const alone = await routewrightInProcess(['validate', 'flows/help.test.yaml'], cwd)
    expect(alone.stdout).toContain(
      'RW464  tests names strategy "help-desk" (flows/help.strategy.yaml), which has errors (1 error; validate that file to see them); fix them first',
    )
  })

  it('reports a duplicate strategy id across files', async () => {
    const cwd = workspace({ 'a.strategy.yaml': strategy('same'), 'b.strategy.yaml': strategy('same') })
    const result = await routewrightInProcess(['validate'], cwd)
    expect(result.code).toBe(1)
    expect(result.stdout).toMatch(
      /b\.strategy\.yaml:1:11 {2}error {2}RW094 {2}Strategy id "same" is also used by a\.strategy\.yaml/,
    )
  })

  it('reports the same findings when many files are checked in worker threads', async () => {
    const files: Record<string, string> = {}
    for (let i = 0; i < 60; i++) files[`flows/f${i}.strategy.yaml`] = strategy(`f${i}`)
    files['flows/f7.strategy.yaml'] = strategy('f3')
    files['flows/f9.strategy.yaml'] = unknownTarget
    files['flows/z-caller.strategy.yaml'] = `strategy: caller
format: 1
start: call
nodes:
  call:
    type: subroutine
    call: f59
    next: { done: done, error: done }
  done: { type: end, outcome: default-route }
`
    const cwd = workspace(files)
    const result = await routewright(['validate', '--format', 'json'], cwd)
    expect(result.code).toBe(1)
    const report = JSON.parse(result.stdout)
    expect(report.summary).toMatchObject({ files: 61, errors: 2 })
    const found = report.files
      .filter((f: { diagnostics: unknown[] }) => f.diagnostics.length > 0)
      .map((f: { file: string; diagnostics: { code: string; severity: string }[] }) => [
        f.file,
        f.diagnostics.filter((d) => d.severity === 'error').map((d) => d.code),
      ])
    expect(found).toEqual([
      ['flows/f7.strategy.yaml', ['RW094']],
      ['flows/f9.strategy.yaml', ['RW102']],
    ])
  })

  it('gives binary junk, invalid UTF-8 and an oversized file a diagnostic, not a crash', async () => {
    const cwd = workspace({
      'junk.strategy.yaml': new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 0x00, 0x01, 0xff, 0xfe, 0x00]),
      'latin1.strategy.yaml': new Uint8Array([...Buffer.from('strategy: caf'), 0xe9, 0x0a]),
      'huge.strategy.yaml': `strategy: huge\nformat: 1\n# ${'x'.repeat(11 * 1024 * 1024)}\n`,
    })
    const result = await routewrightInProcess(['validate', '--format', 'json'], cwd)
    expect(result.code).toBe(1)
    const codes = Object.fromEntries(
      JSON.parse(result.stdout).files.map((f: { file: string; diagnostics: { code: string }[] }) => [
        f.file,
        f.diagnostics.map((d) => d.code),
      ]),
    )
    expect(codes).toEqual({
      'huge.strategy.yaml': ['RW003'],
      'junk.strategy.yaml': [expect.stringMatching(/^RW00[67]$/)],
      'latin1.strategy.yaml': ['RW006'],
    })
  })

  it('accepts globs and reports a path that does not exist as a usage error', async () => {
    const cwd = workspace({ 'flows/a.strategy.yaml': strategy('a'), 'flows/notes.txt': 'hello' })
    const glob = await routewrightInProcess(['validate', 'flows/*.strategy.yaml'], cwd)
    expect(glob.stdout).toBe('✓ 1 file checked, no problems\n')
    const missing = await routewrightInProcess(['validate', 'nowhere'], cwd)
    expect(missing.code).toBe(2)
    expect(missing.stderr).toBe(
      `error: No such file or folder: nowhere (looked for ${path.join(cwd, 'nowhere')})\nhint: Check the path (relative to the current folder)\n`,
    )
  })

  it('rejects an unknown flag with exit 2 and a did-you-mean hint', async () => {
    const result = await routewrightInProcess(['validate', '--stric'], workspace())
    expect(result.code).toBe(2)
    expect(result.stderr).toBe(
      'error: Unknown flag --stric for "routewright validate"\nhint: Did you mean --strict? See routewright validate --help\n',
    )
  })

  it('rejects a format it does not know', async () => {
    const result = await routewrightInProcess(['validate', '--format', 'xml'], workspace())
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/--format must be one of pretty, json, github/)
  })

  it('validates the examples clean, warnings included', async () => {
    const result = await routewrightInProcess(['validate', examplesDir, '--strict'], workspace())
    expect(result.stdout).toMatch(/^✓ \d+ files checked, no problems\n$/)
    expect(result.code).toBe(0)
  })
})
