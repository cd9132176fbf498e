import { execFileSync, spawn } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { type AddressInfo, createServer } from 'node:net'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  examplesDir,
  routewright,
  SERVE_READY,
  serveExamplesOnAnyPort,
  startRoutewright,
  workspace,
} from './helpers.ts'
import { routewrightInProcess } from './in-process.ts'

/** Each `[flags, message]`: serve of the examples with `flags` refused as a usage error (exit 2) saying `message`. */
async function refusesEach(cases: ReadonlyArray<readonly [string[], string]>): Promise<void> {
  for (const [flags, message] of cases) {
    const result = await routewrightInProcess(serveExamplesOnAnyPort(flags), examplesDir)
    expect(result.code, flags.join(' ')).toBe(2)
    expect(result.stderr).toContain(message)
  }
}

// serve refusing to start (usage errors, a workspace that does not validate) runs in this process, the built
// bundle's runCli: the refusal is the command's output; starting, signals and a FIFO in the workspace spawn it
describe('routewright serve', () => {
  it('serves the examples, routes over HTTP, and stops cleanly on SIGTERM', async () => {
    const { url, child, exited, stdout } = await startRoutewright(serveExamplesOnAnyPort(['--no-watch']), {
      ready: SERVE_READY,
    })
    const response = await fetch(`${url}/v1/interactions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ id: 'c1', strategy: 'main-inbound', dnis: '8005550111' }),
    })
    expect(await response.json()).toMatchObject({
      state: 'finished',
      outcome: 'route',
      destination: 'fraud_line',
    })
    child.kill('SIGTERM')
    expect(await exited).toBe(0)
    const logs = stdout()
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { msg: string; level: string })
    expect(logs.map((l) => l.msg)).toEqual(
      expect.arrayContaining(['routewright serve listening', 'shutting down', 'routewright serve stopped']),
    )
  })

  it('refuses a --redis that is not a Redis URL, and one it cannot reach, saying which', async () => {
    const bad = await routewrightInProcess(
      ['serve', '--workspace', examplesDir, '--redis', 'localhost'],
      examplesDir,
    )
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain('--redis takes a Redis URL (got "localhost")')
    // port 1 on loopback: nothing listens there
    const down = await routewrightInProcess(
      serveExamplesOnAnyPort(['--redis', 'redis://127.0.0.1:1']),
      examplesDir,
    )
    expect(down.code).toBe(2)
    expect(down.stderr).toContain('Cannot connect to Redis at redis://127.0.0.1:1')
  })

  it('documents --closed-max, --closed-ttl and --store-window-read in its help and refuses bad values, saying what fits', async () => {
    const help = await routewrightInProcess(['serve', '--help'], examplesDir)
    expect(help.code).toBe(0)
    expect(help.stdout).toMatch(/--closed-max <n>\s+Ended interactions kept readable by id/)
    expect(help.stdout).toMatch(
      /--closed-ttl <duration>\s+With --redis: how long ended interactions stay in Redis/,
    )
    expect(help.stdout).toMatch(/--store-window-read <duration>\s+With --store: how long the start waits/)
    const cases: Array<[string[], string]> = [
      [['--closed-max', '0'], '--closed-max is a count of ended interactions from 1 to 1000000 (got "0")'],
      [
        ['--closed-max', '1e4'],
        '--closed-max is a count of ended interactions from 1 to 1000000 (got "1e4")',
      ],
      [['--closed-max', '2000000'], '(got "2000000")'],
      [
        ['--closed-ttl', '1d', '--redis', 'redis://127.0.0.1:1'],
        'a duration from 1s to 720h, such as 24h or 90m (got "1d")',
      ],
      [['--closed-ttl', '500ms', '--redis', 'redis://127.0.0.1:1'], '(got "500ms")'],
      [['--closed-ttl', '721h', '--redis', 'redis://127.0.0.1:1'], '(got "721h")'],
      [['--closed-ttl', '24h'], '--closed-ttl applies with --redis only'],
      [
        ['--store-window-read', '5', '--store', 'sqlite:h.db'],
        '--store-window-read is a duration from 1s to 10m, such as 5s or 30s (got "5")',
      ],
      [['--store-window-read', '11m', '--store', 'sqlite:h.db'], '(got "11m")'],
      [['--store-window-read', '30s'], '--store-window-read applies with --store only'],
    ]
    await refusesEach(cases)
  })

  it('refuses --takeover and --redis-prefix without --redis, which a lone process would ignore', async () => {
    await refusesEach(
      [
        ['--takeover', '3000'],
        ['--redis-prefix', 'east:'],
      ].map((flags) => [flags, `error: ${flags[0]} applies with --redis only`]),
    )
  })

  it('documents --commit-linger in its help and refuses bad values, saying what fits', async () => {
    const help = await routewrightInProcess(['serve', '--help'], examplesDir)
    expect(help.stdout).toMatch(
      /--commit-linger <ms>\s+With --redis: a confirm's, complete's or agent state's/,
    )
    const cases: Array<[string[], string]> = [
      [['--commit-linger', '51', '--redis', 'redis://127.0.0.1:1'], 'from 0 to 50 (got "51")'],
      [['--commit-linger', '1.5', '--redis', 'redis://127.0.0.1:1'], '(got "1.5")'],
      [['--commit-linger=-1', '--redis', 'redis://127.0.0.1:1'], '(got "-1")'],
      [['--commit-linger', '2'], '--commit-linger applies with --redis only'],
    ]
    await refusesEach(cases)
  })

  it('says what to do when its port is taken: stop the other process, or give another --port', async () => {
    const taken = createServer()
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve))
    try {
      const port = (taken.address() as AddressInfo).port
      const result = await routewrightInProcess(
        ['serve', '--workspace', examplesDir, '--port', String(port), '--no-watch'],
        examplesDir,
      )
      expect(result.code).toBe(2)
      expect(result.stderr).toContain(`Cannot listen on 127.0.0.1:${port}: listen EADDRINUSE`)
      expect(result.stderr).toContain(
        '. Stop the other server or pass --port <n> (--port 0 picks a free one).',
      )
    } finally {
      await new Promise((resolve) => taken.close(resolve))
    }
  })

  it('bound to 0.0.0.0, prints a URL to open first and says it listens on every address', async () => {
    const { url, child, exited, stderr } = await startRoutewright(
      serveExamplesOnAnyPort(['--host', '0.0.0.0', '--no-watch']),
      {
        ready: /listening on (http:\/\/[\d.:]+).*\n/,
        env: { ROUTEWRIGHT_API_TOKEN: 'a-long-enough-test-token' },
      },
    )
    const port = new URL(url).port
    expect(url).toBe(`http://127.0.0.1:${port}`)
    expect(stderr()).toContain(
      `routewright serve: listening on http://127.0.0.1:${port} and every other address of this machine (bound to 0.0.0.0:${port}) (API: http://127.0.0.1:${port}/openapi.json)\n`,
    )
    // the URL printed is one that answers
    expect((await fetch(`${url}/healthz`)).status).toBe(200)
    child.kill('SIGTERM')
    expect(await exited).toBe(0)
  })

  it("says a --token-file that is not there as every command says a missing file (not Node's ENOENT)", async () => {
    const cwd = workspace({ 'a.directory.yaml': 'directory: d\nformat: 1\n' })
    const result = await routewrightInProcess(
      ['serve', '--workspace', '.', '--token-file', 'missing.token', '--port', '0'],
      cwd,
    )
    expect([result.code, result.stdout, result.stderr]).toEqual([
      2,
      '',
      `error: No such file or folder: missing.token (--token-file, looked for ${path.join(cwd, 'missing.token')})\nhint: Check the path (relative to the current folder)\n`,
    ])
  })

  it('reads a --token-file that is a pipe (process substitution), and says a folder or non-UTF-8 file as such', async () => {
    const cwd = workspace({ 'a.directory.yaml': 'directory: d\nformat: 1\n' })
    const serveWith = (file: string) =>
      routewrightInProcess(
        // the webhook without its secret is the next refusal: reaching it means the token was read
        [
          'serve',
          '--workspace',
          '.',
          '--token-file',
          file,
          '--webhook-url',
          'http://127.0.0.1:9/hook',
          '--port',
          '0',
        ],
        cwd,
      )
    execFileSync('mkfifo', [path.join(cwd, 'token.fifo')])
    const writer = spawn('sh', ['-c', 'printf "%s\\n" a-token-of-twenty-chars > token.fifo'], { cwd })
    try {
      const piped = await serveWith('token.fifo')
      expect([piped.code, piped.stderr]).toEqual([2, expect.stringContaining('Webhooks are signed')])
    } finally {
      writer.kill()
    }
    writeFileSync(path.join(cwd, 'latin1.token'), Buffer.from([0x74, 0xe9, 0x6c, 0xe9, 0x0a]))
    const latin1 = await serveWith('latin1.token')
    expect([latin1.code, latin1.stderr]).toEqual([
      2,
      'error: --token-file latin1.token is not UTF-8 text\nhint: Save the token as UTF-8 text (one line)\n',
    ])
    mkdirSync(path.join(cwd, 'tokens'))
    const folder = await serveWith('tokens')
    expect([folder.code, folder.stderr]).toEqual([
      2,
      'error: --token-file tokens is a folder, not a file\nhint: Give the file that holds the token (one line), or <(command) to take it from a command\n',
    ])
  })

  it('refuses to bind beyond loopback without a token', async () => {
    const result = await routewrightInProcess(serveExamplesOnAnyPort(['--host', '0.0.0.0']), examplesDir)
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('ROUTEWRIGHT_API_TOKEN')
  })

  it('refuses a --workspace that is missing or a file as a usage error (exit 2), not as a workspace that does not validate', async () => {
    const cwd = workspace({ 'env.directory.yaml': 'directory: d\nformat: 1\n' })
    expect(await routewrightInProcess(['serve', '--workspace', 'flows', '--port', '0'], cwd)).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'error: --workspace flows: no such folder\nhint: Give the folder that holds the strategies and directory files (relative to the current folder)\n',
    })
    const file = await routewrightInProcess(
      ['serve', '--workspace', 'env.directory.yaml', '--port', '0'],
      cwd,
    )
    expect(file.code).toBe(2)
    expect(file.stderr).toMatch(/^error: --workspace env.directory.yaml is a file, not a folder\nhint: /)
  })

  it('refuses a --directory that is not a *.directory.yaml as a usage error (exit 2), as run and simulate do', async () => {
    const cwd = workspace({ 'a.directory.yaml': 'directory: d\nformat: 1\n', 'alarms.yaml': 'alarms: []\n' })
    const result = await routewrightInProcess(
      ['serve', '--workspace', '.', '--directory', 'alarms.yaml', '--port', '0'],
      cwd,
    )
    expect(result).toMatchObject({ code: 2, stdout: '' })
    expect(result.stderr).toMatch(
      /^error: --directory alarms\.yaml is (a alarms file, )?not a directory file\nhint: /,
    )
  })

  it('resolves --directory against the current folder and words a missing one as run and validate do (exit 2)', async () => {
    const cwd = workspace({
      'ws/env/prod.directory.yaml': 'directory: d\nformat: 1\n',
      'ws/x.strategy.yaml':
        'strategy: x\nformat: 1\nstart: a\nnodes:\n  a: { type: route, destination: d }\n',
    })
    const missing = `error: No such file or folder: env/prod.directory.yaml (--directory, looked for ${path.join(cwd, 'env/prod.directory.yaml')})\n`
    const serve = await routewrightInProcess(
      ['serve', '--workspace', 'ws', '--directory', 'env/prod.directory.yaml', '--port', '0'],
      cwd,
    )
    // the advice names the path that works from here, not the one that was typed
    expect([serve.code, serve.stdout, serve.stderr]).toEqual([
      2,
      '',
      `${missing}hint: Paths are relative to the current folder: the workspace's is --directory ws/env/prod.directory.yaml\n`,
    ])
    for (const command of [
      ['validate', 'ws'],
      ['run', 'ws/x.strategy.yaml', '--interaction', '{}'],
    ]) {
      const other = await routewrightInProcess([...command, '--directory', 'env/prod.directory.yaml'], cwd)
      expect([other.code, other.stderr.split('\n')[0]], command[0]).toEqual([2, missing.trimEnd()])
    }
  })

  it('refuses a workspace that does not validate, listing its diagnostics', async () => {
    const dir = workspace({
      'a.directory.yaml': 'directory: d\nformat: 1\n',
      'x.strategy.yaml':
        'strategy: x\nformat: 1\nstart: a\nnodes:\n  a: { type: route, destination: nowhere }\n',
    })
    const result = await routewrightInProcess(['serve', '--workspace', dir, '--port', '0'], dir)
    expect(result.code).toBe(1)
    expect(result.stderr).toContain('the workspace does not validate')
    expect(result.stderr).toMatch(/x\.strategy\.yaml:\d+:\d+/)
  })
  it('[RW091] refusing a workspace, names the entries it skipped: a strategy saved as a FIFO', async () => {
    const dir = workspace({ 'a.directory.yaml': 'directory: d\nformat: 1\n' })
    execFileSync('mkfifo', [path.join(dir, 'x.strategy.yaml')])
    const result = await routewright(['serve', '--workspace', dir, '--port', '0'], dir)
    expect(result.code).toBe(1)
    expect(result.stderr).toContain('No *.strategy.yaml files under')
    expect(result.stderr).toContain(
      'x.strategy.yaml  warning  RW091  not a regular file (a named pipe (FIFO)), skipped. Rename or remove it: only regular files are read.',
    )
  })

  it('says a refused workspace as validate does: paths from the current folder, the quoted line, caret and fix', async () => {
    const cwd = workspace({
      'ws/env.directory.yaml': 'directory: d\nformat: 1\ngroups:\n  support: {}\n',
      'ws/x.strategy.yaml':
        'strategy: x\nformat: 1\nstart: q\nnodes:\n  q:\n    type: target\n    targets:\n      - { group: suport }\n',
    })
    const result = await routewrightInProcess(['serve', '--workspace', 'ws', '--port', '0'], cwd)
    const validated = await routewrightInProcess(['validate', 'ws'], cwd)
    // serve shows the errors only (validate also warns of the outputs left unconnected)
    const lines = validated.stdout.split('\n')
    const at = lines.findIndex((line) => line.startsWith('ws/x.strategy.yaml:8:18  error  RW310  '))
    const finding = ['ws/x.strategy.yaml', ...lines.slice(at, at + 4), '', ''].join('\n')
    expect(finding).toMatch(/\^\^\^\^\^\^\n {6}= fix: Change "suport" to "support"\n\n$/)
    expect([result.code, result.stdout, result.stderr]).toEqual([
      1,
      '',
      `error: the workspace does not validate\n${finding}hint: routewright validate ws shows every finding of the workspace\n`,
    ])
  })

  it('refuses a --workspace that holds no strategy or directory file as validate refuses it (exit 2)', async () => {
    const cwd = workspace({ 'empty/notes.txt': 'nothing here\n' })
    const serve = await routewrightInProcess(['serve', '--workspace', 'empty', '--port', '0'], cwd)
    const validate = await routewrightInProcess(['validate', 'empty'], cwd)
    expect([serve.code, validate.code]).toEqual([2, 2])
    const first = (text: string) => text.split('\n')[0]?.replace(/ (serve|validate) reads/, ' … reads')
    expect(first(serve.stderr)).toBe(first(validate.stderr))
    expect(serve.stderr).toContain('empty holds none of the files serve reads')
  })
})
