// @vitest-environment node
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openStore } from '@routewright/history'
import { checkStore } from '@routewright/history/operations'
import { startPostgresServer, startSilentServer } from '@routewright/node-support/testing'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { type CliIo, type CliOutcome, runDesignerCli } from './cli.ts'
import { parseCliArgs } from './cli-args.ts'

// real servers and real disks on a shared 2-core machine: seconds, not milliseconds
vi.setConfig({ testTimeout: 30_000, hookTimeout: 30_000 })

const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup()
})

async function sandbox(withDist = true): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'rw-cli-'))
  if (withDist) await writeFile(join(dir, 'index.html'), '<!doctype html>')
  cleanups.push(() => rm(dir, { recursive: true, force: true }))
  return dir
}

async function run(argv: string[]): Promise<{ outcome: CliOutcome; out: string[]; err: string[] }> {
  const out: string[] = []
  const err: string[] = []
  const io: CliIo = {
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    cwd: '/',
    env: {},
    serverDir: '/nowhere/x',
  }
  const outcome = await runDesignerCli(argv, io)
  if (outcome.exitCode === undefined) cleanups.push(() => outcome.server.close())
  return { outcome, out, err }
}

/** The designer's arguments on `dir` (its workspace and dist), on `port`, not opening a browser. */
function onDir(dir: string, port: number | string, flags: string[] = []): string[] {
  return ['--workspace', dir, '--dist', dir, '--port', String(port), '--no-open', ...flags]
}

/** Starts the designer on `dir` (its workspace and dist) on a free port, not opening a browser; fails if it did not. */
async function start(dir: string, flags: string[] = []) {
  const started = await run(onDir(dir, 0, flags))
  const { outcome } = started
  if (outcome.exitCode !== undefined)
    throw new Error(`the designer did not start (${outcome.exitCode}): ${started.err.join('\n')}`)
  return { server: outcome.server, out: started.out, err: started.err }
}

describe('command line', () => {
  it('prints the address and the absolute workspace, bound to 127.0.0.1', async () => {
    const dir = await sandbox()
    const { out } = await start(dir)
    expect(out).toHaveLength(1)
    expect(out[0]).toMatch(
      new RegExp(`^Routewright designer: http://127\\.0\\.0\\.1:\\d+/ \\(workspace: ${dir}\\)$`),
    )
  })

  it('says the port is busy and exits non-zero', async () => {
    const dir = await sandbox()
    const blocker = createServer()
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve))
    cleanups.push(() => new Promise((resolve) => blocker.close(() => resolve())))
    const port = (blocker.address() as { port: number }).port
    const { outcome, err } = await run(onDir(dir, port))
    expect(outcome.exitCode).toBe(1)
    expect(err).toEqual([
      `Error: Port ${port} on 127.0.0.1 is already in use. Stop the other server or pass --port <n> (--port 0 picks a free one).`,
    ])
  })

  it("says a --host that is no address of this machine is not, and what to pass, in serve's words", async () => {
    const dir = await sandbox()
    // 192.0.2.1 is TEST-NET-1: documentation only, never an address of a machine
    const flags = ['--host', '192.0.2.1', '--token', 'a-long-enough-secret', '--allowed-host', 'designer.lan']
    const { outcome, err } = await run(onDir(dir, 0, flags))
    expect(outcome.exitCode).toBe(1)
    expect(err.at(-1)).toBe(
      'Error: Cannot listen on host "192.0.2.1": no such address on this machine. Pass one it has to --host, or 0.0.0.0 for all of them.',
    )
  })

  it('tells the user to run npm run build when the designer is not built', async () => {
    const dir = await sandbox(false)
    const { outcome, err } = await run(['--workspace', dir, '--dist', join(dir, 'dist'), '--port', '0'])
    expect(outcome.exitCode).toBe(1)
    expect(err[0]).toMatch(/The designer is not built .*: run `npm run build` first\./)
  })

  it("refuses a --workspace that is missing or a file as a usage error (exit 2), in the CLI's words", async () => {
    const dir = await sandbox()
    const missing = await run(['--workspace', join(dir, 'nope'), '--dist', dir, '--port', '0'])
    expect([missing.outcome.exitCode, missing.err, missing.out]).toEqual([
      2,
      [
        `error: --workspace ${join(dir, 'nope')}: no such folder\nhint: Give the folder that holds the strategies and directory files (relative to the current folder)`,
      ],
      [],
    ])
    const file = await run(['--workspace', join(dir, 'index.html'), '--dist', dir, '--port', '0'])
    expect([file.outcome.exitCode, file.err]).toEqual([
      2,
      [
        `error: --workspace ${join(dir, 'index.html')} is a file, not a folder\nhint: Give the folder that holds the strategies and directory files`,
      ],
    ])
  })

  it("checks --store before it starts, with the CLI's check and words: a host that never answers, a file no database", async () => {
    const dir = await sandbox()
    // accepts every connection and answers none; the URL's connect_timeout (seconds) bounds the wait
    const silent = await startSilentServer()
    cleanups.push(() => silent.close())
    const url = `postgres://reports:s3cret@${silent.at}/history?connect_timeout=0.2`
    const postgres = await run(['--workspace', dir, '--dist', dir, '--port', '0', '--store', url])
    expect([postgres.outcome.exitCode, postgres.err, postgres.out]).toEqual([
      2,
      [
        `error: --store postgres://reports:***@${silent.at}/history?connect_timeout=0.2: no answer from ${silent.at} within 0.2 s (it accepts connections but says nothing, or a firewall drops them)\n` +
          'hint: Check that PostgreSQL runs there and that a firewall lets this machine reach the port; a slow server may take longer (?connect_timeout=SECONDS in the URL)',
      ],
      [],
    ])
    const store = `sqlite:${join(dir, 'index.html')}`
    const sqlite = await run(['--workspace', dir, '--dist', dir, '--port', '0', '--store', store])
    expect([sqlite.outcome.exitCode, sqlite.out]).toEqual([2, []])
    // the history's own words for the file, as the CLI's report and serve say them
    expect(sqlite.err).toEqual([`error: ${(await checkStore(store))?.said}`])
    expect(sqlite.err[0]).toContain(join(dir, 'index.html'))
  })

  it("prints a URL option the store's own replaces as a warning on its stderr, once, when the Reports view opens it", async () => {
    const dir = await sandbox()
    const postgres = await startPostgresServer()
    cleanups.push(() => postgres.destroy())
    // migrated: the designer reads a store, it never makes one
    await (await openStore(postgres.url)).close()
    const url = `${postgres.url}${postgres.url.includes('?') ? '&' : '?'}options=-c+statement_timeout%3D0`
    const { server, err } = await start(dir, ['--store', url])
    const answers = []
    for (let i = 0; i < 2; i++) answers.push(await (await fetch(`${server.url}api/connections`)).json())
    expect(err).toEqual([
      expect.stringMatching(
        /^warning: The PostgreSQL options of the store's URL \(or PGOPTIONS\) set statement_timeout=0; the store uses statement_timeout=119000, /,
      ),
    ])
    // and in the Reports view's answer, where the person reading the reports sees it, at every ask
    for (const answer of answers) expect(answer.storeWarnings).toEqual([err[0]?.slice('warning: '.length)])
  }, 120_000)

  it('refuses to listen beyond loopback without a token and allowed host names', async () => {
    const dir = await sandbox()
    const base = ['--workspace', dir, '--dist', dir, '--port', '0', '--host', '0.0.0.0', '--no-open']
    const bare = await run(base)
    expect(bare.outcome.exitCode).toBe(1)
    expect(bare.err[1]).toBe(
      'Error: Listening on 0.0.0.0 exposes the workspace to the network: pass --token <secret> of at least 16 characters (or set ROUTEWRIGHT_DESIGNER_TOKEN).',
    )
    const noHosts = await run([...base, '--token', 'a-long-enough-secret'])
    expect(noHosts.err[1]).toBe(
      'Error: Listening on 0.0.0.0 needs the host names clients will use: pass --allowed-host <name> (repeatable).',
    )
  })

  it('listens beyond loopback with a token and allowed hosts, and warns', async () => {
    const dir = await sandbox()
    const flags = ['--host', '0.0.0.0', '--token', 'a-long-enough-secret', '--allowed-host', 'designer.lan']
    const { err, out } = await start(dir, flags)
    expect(err[0]).toMatch(
      /^Warning: listening on 0\.0\.0\.0: anyone who can reach this address and has the token/,
    )
    expect(out[0]).toMatch(/^Routewright designer: http:\/\/127\.0\.0\.1:\d+\/\?token=a-long-enough-secret /)
  })
})

describe('parseCliArgs', () => {
  it.each([
    [['--port', 'abc'], '--port needs a number from 0 to 65535, got "abc".'],
    [['--port', '70000'], '--port needs a number from 0 to 65535, got "70000".'],
    [['--workspace'], '--workspace needs a value.'],
    [['--workspace', '--no-open'], '--workspace needs a value.'],
    [['--store', 'day.db'], '--store takes sqlite:FILE or postgres://..., got "day.db".'],
    [
      ['--serve', '127.0.0.1:8380'],
      '--serve takes serve\'s URL, e.g. http://127.0.0.1:8380, got "127.0.0.1:8380".',
    ],
  ])('refuses %j', (argv, message) => {
    expect(parseCliArgs(argv)).toEqual({ ok: false, message })
  })

  it('reads every flag, in both spellings', () => {
    const parsed = parseCliArgs(['--port=0', '--workspace', 'w', '--host=::1', '--no-open', '--dist', 'd'])
    expect(parsed).toEqual({
      ok: true,
      options: {
        port: 0,
        host: '::1',
        workspace: 'w',
        dist: 'd',
        open: false,
        help: false,
        allowedHosts: [],
      },
    })
  })

  it('reads the store of the Reports view and the serve of the Monitor view', () => {
    const parsed = parseCliArgs(['--store', 'sqlite:day.db', '--serve=http://127.0.0.1:8380/'])
    expect(parsed.ok && [parsed.options.store, parsed.options.serve]).toEqual([
      'sqlite:day.db',
      'http://127.0.0.1:8380',
    ])
  })

  it('names an unknown flag', () => {
    const parsed = parseCliArgs(['--prot', '80'])
    expect(parsed.ok === false && parsed.message.startsWith('Unknown argument "--prot".')).toBe(true)
  })
})
