import { execFileSync } from 'node:child_process'
import {
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { directory, routewright, strategy, workspace } from './helpers.ts'
import { routewrightInProcess } from './in-process.ts'

const testFile = (dir: string) => `tests: help-desk
format: 1
directory: ${dir}
scenarios:
  - name: routed
    interaction: { media: voice }
    agents: { ann: ready }
    expect: { outcome: routed }
`

const mkfifo = (file: string) => execFileSync('mkfifo', [file])
const SECRET = 'TOP-SECRET-CONTENT-7f3a'

// what could hang or read forever (FIFOs, devices, /dev/zero named as a directory) spawns the binary, so a
// regression fails that test, not the test process; the rest runs in this process (the built bundle's runCli)
describe('hostile input', () => {
  it.each([
    ['an absolute path', '/dev/zero', /absolute path/],
    [
      'a path that climbs out of the workspace',
      '../../elsewhere/prod.directory.yaml',
      /outside the workspace/,
    ],
    ['a file that is not a directory file', 'notes.txt', /not a directory file/],
  ])(
    '[RW097] refuses a test file whose directory: is %s, in validate and in test',
    async (_name, dir, why) => {
      const cwd = workspace({
        'help.strategy.yaml': strategy('help-desk'),
        'env.directory.yaml': directory,
        'help.test.yaml': testFile(dir),
        'notes.txt': SECRET,
      })
      const validate = await routewright(
        ['validate', '--format', 'json', 'help.test.yaml', 'help.strategy.yaml'],
        cwd,
      )
      const found = JSON.parse(validate.stdout).files.flatMap((f: { diagnostics: object[] }) => f.diagnostics)
      expect(found).toEqual([
        expect.objectContaining({ code: 'RW097', path: ['directory'], message: expect.stringMatching(why) }),
      ])
      const run = await routewright(['test', 'help.test.yaml'], cwd)
      expect(run.code).toBe(1)
      expect(run.stdout).toMatch(/RW097/)
      expect(run.stdout + run.stderr).not.toContain(SECRET)
    },
  )

  it('never sends a terminal the escape sequences of a hostile file or file name: they are shown as symbols', async () => {
    // ESC ] 52 writes the clipboard, ESC [ 2 K erases the line; BEL ends the first
    const hostile = 'strategy: s\nformat: 1\n# \u001b]52;c;ZXZpbA==\u0007 \u001b[2K\n'
    const named = 'x\u001b[2Ky.strategy.yaml'
    const cwd = workspace({ 'esc.strategy.yaml': hostile, [named]: hostile })
    const validate = await routewrightInProcess(['validate', '--no-color', '.'], cwd)
    const fmt = await routewrightInProcess(['fmt', '--no-color', '.'], cwd)
    const missing = await routewrightInProcess(['validate', '--no-color', 'gone\u001b[2J.strategy.yaml'], cwd)
    for (const run of [validate, fmt, missing]) {
      // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what must not reach the terminal
      expect(run.stdout + run.stderr).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/)
    }
    expect(validate.stdout).toContain('    3 | # ␛]52;c;ZXZpbA==␇ ␛[2K\n      |   ^\n')
    expect(validate.stdout).toContain('x␛[2Ky.strategy.yaml:3:3  error  RW007')
    expect(fmt.stderr).toContain('x␛[2Ky.strategy.yaml:3:3  error  RW007')
    expect(missing.stderr).toBe(
      `error: No such file or folder: gone␛[2J.strategy.yaml (looked for ${path.join(cwd, 'gone␛[2J.strategy.yaml')})\nhint: Check the path (relative to the current folder)\n`,
    )
  })

  it('keeps escape sequences out of test, where-used and diff reports too', async () => {
    const named = 'h\u001b[2K.strategy.yaml'
    const cwd = workspace({
      [named]: strategy('help-desk'),
      'env.directory.yaml': directory,
      'h\u001b[2K.test.yaml': testFile('env.directory.yaml').replace('name: routed', 'name: "routed \\e[8m"'),
    })
    const runs = [
      await routewrightInProcess(['test', '--no-color', '.'], cwd),
      await routewrightInProcess(['where-used', '--no-color', 'support'], cwd),
      await routewrightInProcess(['diff', '--no-color', named, named], cwd),
    ]
    for (const run of runs) {
      // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what must not reach the terminal
      expect(run.stdout + run.stderr).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/)
    }
    expect(runs[0]!.stdout.split('\n')[0]).toBe('h␛[2K.test.yaml › help-desk')
    expect(runs[1]!.stdout).toContain('h␛[2K.strategy.yaml:')
    expect(runs[2]!.stdout.split('\n')[0]).toBe('--- h␛[2K.strategy.yaml')
    expect(runs[0]!.stdout).toContain('✓ routed ␛[8m')
  })

  it('shows what was typed in an error with its control and bidi characters as symbols, and a pasted page cut', async () => {
    // U+202E reverses what follows on a terminal: a name that reads as another (Trojan Source)
    const typed = 'x\u001b[2J\u202eevil'
    const page = `${typed}${'y'.repeat(100_000)}`
    // YAML's escapes: a raw ESC makes the file binary (RW007); the message quotes the id with JSON's escapes
    const cwd = workspace({ 'bad.strategy.yaml': 'strategy: "ab\\e[2J\\u202eevil"\nformat: 1\n' })
    const runs = [
      await routewrightInProcess([page], cwd),
      await routewrightInProcess([`--${page}`], cwd),
      await routewrightInProcess(['schema', page], cwd),
      await routewrightInProcess(['where-used', '--no-color', page], cwd),
      await routewrightInProcess(['validate', '--no-color', 'bad.strategy.yaml'], cwd),
    ]
    for (const run of runs) {
      expect(run.stdout + run.stderr).not.toMatch(
        // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what must not reach the terminal
        /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/,
      )
      expect((run.stdout + run.stderr).length).toBeLessThan(12_000)
    }
    expect(runs[0]!.stderr.split('\n')[0]).toBe(
      `error: unknown command "x\u241b[2J\ufffdevil${'y'.repeat(69)}\u2026"`,
    )
    expect(runs[3]!.stdout).toMatch(/^Nothing in the workspace is named "x\u241b\[2J\ufffdevily+\u2026"\./)
    // the DSL's message writes the bidi override as an escape, so it is seen for what it is
    expect(runs[4]!.stdout).toContain('"ab\\u001b[2J\\u202Eevil" is not a valid id')
  })

  it('refuses a FIFO and a device instead of hanging or reading forever', async () => {
    const cwd = workspace({ 'ok.strategy.yaml': strategy('ok') })
    mkfifo(path.join(cwd, 'pipe.strategy.yaml'))
    const named = await routewright(['validate', '--format', 'json', 'pipe.strategy.yaml', '/dev/zero'], cwd)
    const files = JSON.parse(named.stdout).files.map(
      (f: { file: string; diagnostics: { code: string; message: string }[] }) => [
        f.file,
        f.diagnostics.map((d) => `${d.code} ${d.message}`),
      ],
    )
    expect(files).toEqual([
      ['/dev/zero', ['RW090 Refused to read: it is a device']],
      ['pipe.strategy.yaml', ['RW090 Refused to read: it is a named pipe (FIFO)']],
    ])
    const dir = await routewright(['validate', 'ok.strategy.yaml', '--directory', 'pipe.directory.yaml'], cwd)
    expect(dir.code).toBe(2)
    const interaction = await routewright(
      ['run', 'ok.strategy.yaml', '--interaction', '@pipe.strategy.yaml'],
      cwd,
    )
    expect(interaction.code).toBe(2)
    expect(interaction.stderr).toMatch(/named pipe/)
  })

  it('caps the size of every file it reads: --directory and @file arguments too', async () => {
    const big = `{"media":"voice","data":{"x":"${'x'.repeat(11 * 1024 * 1024)}"}}`
    const cwd = workspace({
      'ok.strategy.yaml': strategy('ok'),
      'big.json': big,
      'huge.directory.yaml': `directory: d\nformat: 1\n# ${'x'.repeat(11 * 1024 * 1024)}\n`,
    })
    const run = await routewrightInProcess(['run', 'ok.strategy.yaml', '--interaction', '@big.json'], cwd)
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(/over the 10 MB limit/)
    // the advice fits what was read: an interaction or a directory does not split into subroutines
    expect(run.stderr).toMatch(
      /\nhint: --interaction takes a few lines of text; check that big.json is the file you meant/,
    )
    expect(run.stderr).not.toMatch(/strategies|Quote JSON/)
    const validate = await routewrightInProcess(
      ['validate', 'ok.strategy.yaml', '--directory', 'huge.directory.yaml'],
      cwd,
    )
    expect(validate.stdout + validate.stderr).toMatch(
      /RW003 {2}The file is 11 MB, over the 10 MB limit\. Check that it is the directory file you meant\./,
    )
  })

  it('advises on a test file or alarms file over the size limit by its kind, not to split it into strategies', async () => {
    const big = `# ${'x'.repeat(11 * 1024 * 1024)}\n`
    const cwd = workspace({ 'ok.strategy.yaml': strategy('ok'), 'ok.test.yaml': big, 'alarms.yaml': big })
    const result = await routewrightInProcess(['validate', '.'], cwd)
    const said = (result.stdout + result.stderr).split('\n').filter((line) => line.includes('RW003'))
    expect(said.map((line) => line.replace(/^\S+\s+error\s+RW003\s+The file is [^.]+\. /, ''))).toEqual([
      'Check that it is the alarms file you meant.',
      'Split its scenarios into several test files beside the strategy.',
    ])
  })

  it('says what is wrong with an @file argument that is not UTF-8, a folder or missing, and what to do', async () => {
    const cwd = workspace({ 'ok.strategy.yaml': strategy('ok'), 'env.directory.yaml': directory })
    writeFileSync(path.join(cwd, 'photo.json'), Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46]))
    mkdirSync(path.join(cwd, 'calls'))
    const cases = [
      [
        '@photo.json',
        'error: --interaction @photo.json: the file is not UTF-8 text\nhint: Save photo.json as UTF-8, or check that it is the file you meant\n',
      ],
      [
        '@calls',
        'error: --interaction @calls: Refused to read: it is a folder\nhint: Give a file after @, not a folder or a device\n',
      ],
      [
        '@nope.json',
        'error: --interaction @nope.json: Cannot read the file: it does not exist (ENOENT)\nhint: Check the path after @ (relative to the current folder)\n',
      ],
    ]
    for (const [argument, stderr] of cases) {
      const run = await routewrightInProcess(['run', 'ok.strategy.yaml', '--interaction', argument!], cwd)
      expect(run.code).toBe(2)
      expect(run.stderr).toBe(stderr)
    }
  })

  it('places a JSON mistake in an @file at its line and column', async () => {
    const cwd = workspace({
      'ok.strategy.yaml': strategy('ok'),
      'env.directory.yaml': directory,
      'call.json': '{\n  "media": "voice",\n  "data": {"tier": gold}\n}\n',
    })
    const run = await routewrightInProcess(['run', 'ok.strategy.yaml', '--interaction', '@call.json'], cwd)
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(
      /^error: call.json is not valid JSON \(Unexpected character at line 3, column 20\)\n/,
    )
  })

  it('never echoes the content of a file it cannot use', async () => {
    const cwd = workspace({
      'ok.strategy.yaml': strategy('ok'),
      'env.directory.yaml': directory,
      'secret.txt': `${SECRET} and more\n`,
      'secret.strategy.json': `${SECRET}\n`,
    })
    const run = await routewrightInProcess(['run', 'ok.strategy.yaml', '--interaction', '@secret.txt'], cwd)
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(
      /^error: secret.txt is not valid JSON \(Unexpected character at line 1, column 1\)/,
    )
    const validate = await routewrightInProcess(['validate', '--format', 'json', 'secret.strategy.json'], cwd)
    expect(validate.stdout).toMatch(/RW001/)
    expect(run.stderr + validate.stdout + validate.stderr).not.toContain(SECRET)
  })

  it('gives deeply nested JSON to run a clear error, not an internal one', async () => {
    const deep = (n: number) => `{"data":{"x":${'['.repeat(n)}${']'.repeat(n)}}}`
    const cwd = workspace({
      'ok.strategy.yaml': strategy('ok'),
      'env.directory.yaml': directory,
      'deep.json': deep(1_000_000),
    })
    for (const [argument, where] of [
      [deep(30_000), '--interaction'],
      ['@deep.json', 'deep.json'],
    ] as const) {
      const result = await routewrightInProcess(['run', 'ok.strategy.yaml', '--interaction', argument], cwd)
      expect(result.code).toBe(2)
      expect(result.stderr).toMatch(new RegExp(`^error: ${where} is nested more than 100 levels deep`))
      expect(result.stderr).not.toMatch(/failed unexpectedly|Maximum call stack/)
    }
  })
})

describe('links and line endings', () => {
  const untidy = 'strategy: s\nformat: 1\nnodes:\n  a: { outcome: reject, type: end }\nstart: a\n'

  it('fmt through a symbolic link formats the target and keeps the link', async () => {
    const cwd = workspace({ 'real/s.strategy.yaml': untidy })
    symlinkSync('real/s.strategy.yaml', path.join(cwd, 'link.strategy.yaml'))
    const result = await routewrightInProcess(['fmt', 'link.strategy.yaml'], cwd)
    expect(result.code).toBe(0)
    expect(lstatSync(path.join(cwd, 'link.strategy.yaml')).isSymbolicLink()).toBe(true)
    expect(readlinkSync(path.join(cwd, 'link.strategy.yaml'))).toBe('real/s.strategy.yaml')
    expect(readFileSync(path.join(cwd, 'real/s.strategy.yaml'), 'utf8')).toMatch(
      /^strategy: s\nformat: 1\n\nstart: a\nnodes:\n {2}a:\n {4}type: end\n/,
    )
    expect(readdirSync(path.join(cwd, 'real'))).toEqual(['s.strategy.yaml'])
  })

  it('folder walks name the symbolic links they skip', async () => {
    const cwd = workspace({
      'flows/a.strategy.yaml': strategy('a'),
      'elsewhere/b.strategy.yaml': strategy('b'),
    })
    symlinkSync('../elsewhere/b.strategy.yaml', path.join(cwd, 'flows/b.strategy.yaml'))
    symlinkSync('../elsewhere', path.join(cwd, 'flows/more'))
    for (const command of [
      ['validate', 'flows'],
      ['fmt', '--check', 'flows'],
    ]) {
      const result = await routewrightInProcess(command, cwd)
      expect(result.stderr).toContain(
        'note: skipped symbolic link flows/b.strategy.yaml (folder walks do not follow links',
      )
      expect(result.stderr).toContain('note: skipped symbolic link flows/more ')
    }
  })

  it('[RW091] folder walks name what they skip as not a regular file: a FIFO, a folder named like a document', async () => {
    const cwd = workspace({
      'flows/a.strategy.yaml': strategy('a'),
      'flows/old.strategy.yaml/readme.txt': 'a folder named like a strategy\n',
    })
    mkfifo(path.join(cwd, 'flows/pipe.strategy.yaml'))
    const fifo =
      'not a regular file (a named pipe (FIFO)), skipped. Rename or remove it: only regular files are read.'
    const folder = 'not a regular file (a folder), skipped. Rename or remove it: only regular files are read.'
    const pretty = await routewright(['validate', 'flows'], cwd)
    expect(pretty.stdout).toContain(`flows/pipe.strategy.yaml  warning  RW091  ${fifo}`)
    expect(pretty.stdout).toContain(`flows/old.strategy.yaml  warning  RW091  ${folder}`)
    expect([pretty.code, pretty.stdout]).toEqual([
      0,
      // only the strategy was read: the two skipped entries are said apart, not counted as checked
      expect.stringMatching(
        /2 warnings in 2 files \(1 file checked, 2 entries skipped as not a regular file\)$/m,
      ),
    ])
    const json = await routewright(['validate', '--format', 'json', 'flows'], cwd)
    expect(
      JSON.parse(json.stdout).files.map(
        (f: { file: string; diagnostics: { code: string; severity: string }[] }) => [
          f.file,
          f.diagnostics.map((d) => `${d.severity} ${d.code}`),
        ],
      ),
    ).toEqual([
      ['flows/a.strategy.yaml', []],
      ['flows/old.strategy.yaml', ['warning RW091']],
      ['flows/pipe.strategy.yaml', ['warning RW091']],
    ])
    expect(JSON.parse(json.stdout).summary).toEqual({
      files: 3,
      checked: 1,
      skipped: 2,
      errors: 0,
      warnings: 2,
    })
    // a skipped path is a file left unchecked: --strict fails on it, as on every warning
    expect((await routewright(['validate', '--strict', 'flows'], cwd)).code).toBe(1)
    const fmt = await routewright(['fmt', 'flows'], cwd)
    expect(fmt.stderr).toContain(`flows/pipe.strategy.yaml  warning  RW091  ${fifo}\n`)
    expect(fmt.stderr).toContain(`flows/old.strategy.yaml  warning  RW091  ${folder}\n`)
    expect([fmt.code, fmt.stderr]).toEqual([0, expect.stringMatching(/ of 1 file reformatted/)])
  })

  it('[RW091] test on a folder names what its walks skip, on stderr, with the report unchanged', async () => {
    const cwd = workspace({
      'flows/help.strategy.yaml': strategy('help-desk'),
      'flows/env.directory.yaml': directory,
      'flows/help.test.yaml': testFile('env.directory.yaml'),
      'flows/old.test.yaml/readme.txt': 'a folder named like a test file\n',
    })
    mkfifo(path.join(cwd, 'flows/pipe.test.yaml'))
    // beside the test file: found by the walk for its strategy, not by the walk of the paths given
    mkfifo(path.join(cwd, 'flows/pipe.strategy.yaml'))
    const skipped = (what: string) =>
      `not a regular file (${what}), skipped. Rename or remove it: only regular files are read.\n`
    const pretty = await routewright(['test', 'flows'], cwd)
    expect([pretty.code, pretty.stdout]).toEqual([0, expect.stringMatching(/1 passed, 0 failed\n$/)])
    expect(pretty.stderr).toBe(
      [
        `flows/old.test.yaml  warning  RW091  ${skipped('a folder')}`,
        `flows/pipe.strategy.yaml  warning  RW091  ${skipped('a named pipe (FIFO)')}`,
        `flows/pipe.test.yaml  warning  RW091  ${skipped('a named pipe (FIFO)')}`,
      ].join(''),
    )
    // JSON and JUnit stay parseable on stdout; the warnings go to stderr in every format
    const json = await routewright(['test', '--format', 'json', 'flows'], cwd)
    expect(JSON.parse(json.stdout)).toBeTruthy()
    expect(json.stderr).toBe(pretty.stderr)
  })

  it("[RW091] run names what the walks of its strategy's folder skip, and why no directory was found", async () => {
    const cwd = workspace({ 'help.strategy.yaml': strategy('help-desk'), 'env.directory.yaml': directory })
    mkfifo(path.join(cwd, 'pipe.strategy.yaml'))
    mkdirSync(path.join(cwd, 'old.directory.yaml'))
    const skipped = (what: string) =>
      `not a regular file (${what}), skipped. Rename or remove it: only regular files are read.\n`
    const lines = [
      `old.directory.yaml  warning  RW091  ${skipped('a folder')}`,
      `pipe.strategy.yaml  warning  RW091  ${skipped('a named pipe (FIFO)')}`,
    ]
    const args = [
      'run',
      'help.strategy.yaml',
      '--interaction',
      '{"media":"voice"}',
      '--agents',
      '{"ann":"ready"}',
    ]
    const run = await routewright(args, cwd)
    expect([run.code, run.stderr]).toEqual([0, lines.join('')])
    // without its directory file, the folder named like one is the reason given first
    rmSync(path.join(cwd, 'env.directory.yaml'))
    const lost = await routewright(args, cwd)
    expect(lost.code).toBe(2)
    expect(lost.stderr.startsWith(lines.join(''))).toBe(true)
    expect(lost.stderr).toContain('No directory file found beside the strategy')
  })

  it('a named link loop or dangling link says so, not "No such file"', async () => {
    const cwd = workspace({ 'a.strategy.yaml': strategy('a') })
    symlinkSync('loop.strategy.yaml', path.join(cwd, 'loop.strategy.yaml'))
    symlinkSync('gone/x.strategy.yaml', path.join(cwd, 'dangling.strategy.yaml'))
    const loop = await routewrightInProcess(['validate', 'loop.strategy.yaml'], cwd)
    expect(loop.code).toBe(2)
    expect(loop.stderr).toContain(
      'error: loop.strategy.yaml is a symbolic link loop (its links lead back to themselves)\nhint: Fix or remove the link',
    )
    const dangling = await routewrightInProcess(['fmt', 'dangling.strategy.yaml'], cwd)
    expect(dangling.code).toBe(2)
    expect(dangling.stderr).toContain(
      'error: dangling.strategy.yaml is a symbolic link to gone/x.strategy.yaml, which does not exist',
    )
    expect((await routewrightInProcess(['validate', 'nope.strategy.yaml'], cwd)).stderr).toContain(
      'error: No such file or folder: nope.strategy.yaml',
    )
  })

  it('a CR-only file gets the same findings from validate as its LF twin, and fmt rewrites it canonically', async () => {
    const lf = `${strategy('s').replace('default-route', 'bogus')}`
    const cwd = workspace({ 'cr/s.strategy.yaml': lf.replace(/\n/g, '\r'), 'lf/s.strategy.yaml': lf })
    const codes = async (dir: string) =>
      JSON.parse(
        (await routewrightInProcess(['validate', '--format', 'json', dir], cwd)).stdout,
      ).files[0].diagnostics.map((d: { code: string; range: { start: object } }) => [d.code, d.range.start])
    expect(await codes('cr')).toEqual(await codes('lf'))
    const tidy = workspace({ 'cr.strategy.yaml': untidy.replace(/\n/g, '\r'), 'lf.strategy.yaml': untidy })
    expect((await routewrightInProcess(['fmt', '.'], tidy)).code).toBe(0)
    expect(readFileSync(path.join(tidy, 'cr.strategy.yaml'), 'utf8')).toBe(
      readFileSync(path.join(tidy, 'lf.strategy.yaml'), 'utf8'),
    )
  })
})
